"""Visual checks: a window's screenshot against a stored baseline, with a small tolerance.

The way Voila's and JupyterLab's own UI tests check their screens (Galata's ``toMatchSnapshot``): a layout
that breaks shows as a failing test, with the screenshot and a picture of the difference saved beside the
test run (``$COFFEECHAT_SCREEN_RESULTS``, default ``test-results/screens/``). Baselines live in
``tests/browser/baselines/`` and are renewed on purpose, with ``make baselines``.

Rendering is deterministic on a fresh machine: the tests' Chromium sees only the DejaVu fonts that ship with
matplotlib (a dependency of the kit), through a fontconfig file of the tests' own (:func:`font_environment`), so
neither the fonts a machine happens to have nor its emoji font change a pixel.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import matplotlib
from PIL import Image, ImageChops

BASELINES = Path(__file__).parent / "baselines"
RESULTS = Path(os.environ.get("COFFEECHAT_SCREEN_RESULTS", "test-results/screens"))
#: a channel has to differ by more than this (of 255) for a pixel to count as changed (anti-aliasing noise)
PIXEL_THRESHOLD = 40
#: a screen fails when more than this share of its pixels changed (a moved line of text is about 1 %)
MOST_CHANGED = 0.006
UPDATE_ENV = "COFFEECHAT_UPDATE_BASELINES"


def font_environment(folder: Path) -> dict[str, str]:
    """A fontconfig setup with matplotlib's DejaVu fonts only; the environment to launch Chromium with."""
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    chosen = folder / "fonts"
    chosen.mkdir(parents=True, exist_ok=True)
    for font in fonts.glob("DejaVuSans*.ttf"):
        link = chosen / font.name
        if not link.exists():
            link.symlink_to(font)
    config = folder / "fonts.conf"
    config.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{chosen}</dir>
  <cachedir>{folder / "cache"}</cachedir>
  <alias><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias><family>system-ui</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias><family>monospace</family><prefer><family>DejaVu Sans Mono</family></prefer></alias>
  <alias><family>serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>true</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintslight</const></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
  </match>
</fontconfig>
"""
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


def updating() -> bool:
    return os.environ.get(UPDATE_ENV) == "1"


def changed_share(actual: Image.Image, expected: Image.Image) -> tuple[float, Image.Image]:
    """The share of pixels that differ beyond the threshold, and a picture of them (red on grey)."""
    difference = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB"))
    red, green, blue = difference.split()
    strongest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    mask = strongest.point(lambda value: 255 if value > PIXEL_THRESHOLD else 0)
    changed = mask.histogram()[255]
    picture = Image.composite(Image.new("RGB", actual.size, (220, 0, 0)), expected.convert("L").convert("RGB"), mask)
    return changed / (actual.width * actual.height), picture


def compare_with_baseline(page, name: str, mask) -> None:
    """The window against ``baselines/<name>.png``; with ``make baselines`` the window becomes the baseline."""
    shot = page.screenshot(animations="disabled", caret="hide", mask=mask, mask_color="#7f7f7f", scale="css")
    actual = Image.open(io.BytesIO(shot))
    baseline = BASELINES / f"{name}.png"
    if updating():
        BASELINES.mkdir(exist_ok=True)
        actual.save(baseline, optimize=True)
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not baseline.exists():
        actual.save(RESULTS / f"{name}-actual.png")
        raise AssertionError(f"no baseline {baseline.name}: make one with `make baselines` and look at it")
    expected = Image.open(baseline)
    if expected.size != actual.size:
        actual.save(RESULTS / f"{name}-actual.png")
        raise AssertionError(f"{name}: the window is {actual.size}, the baseline {expected.size}")
    share, picture = changed_share(actual, expected)
    if share > MOST_CHANGED:
        actual.save(RESULTS / f"{name}-actual.png")
        picture.save(RESULTS / f"{name}-diff.png")
        raise AssertionError(
            f"{name}: {share:.2%} of the window changed (at most {MOST_CHANGED:.1%}); see"
            f" {RESULTS / (name + '-actual.png')} and {name}-diff.png, or renew it on purpose with `make baselines`"
        )

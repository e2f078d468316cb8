"""Is the kit's palette set in one place, for the Voila page and for a notebook in JupyterLab alike?"""

from __future__ import annotations

import re
from pathlib import Path

from coffeechat.server.serving import SHARE_JUPYTER
from coffeechat.widgets import look

TEMPLATE = SHARE_JUPYTER / "voila" / "templates" / "coffeechat"
WIDGETS = Path(look.__file__).resolve().parent


def declared(css: str) -> set[str]:
    """The kit's variables ``css`` sets, but for the projector's dark theme (a palette of its own)."""
    css = re.sub(r"\.cc-projector-dark \{[^}]*\}", "", css)
    return set(re.findall(r"(--cc-[a-z-]+)\s*:", css))


def test_is_every_colour_and_size_declared_in_the_palette_only():
    palette = declared((WIDGETS / "palette.css").read_text(encoding="utf-8"))
    assert {"--cc-bg", "--cc-text", "--cc-accent", "--cc-focus", "--cc-font"} <= palette
    for elsewhere in (TEMPLATE / "cc-style.css", WIDGETS / "kit.css"):
        assert declared(elsewhere.read_text(encoding="utf-8")) & palette == set(), elsewhere.name


def test_does_the_voila_page_include_the_same_palette_file():
    assert (TEMPLATE / "cc-palette.css").read_text(encoding="utf-8") == (WIDGETS / "palette.css").read_text(
        encoding="utf-8"
    )
    for page in ("index.html.j2", "page.html"):
        text = (TEMPLATE / page).read_text(encoding="utf-8")
        assert text.index("{% include 'cc-palette.css' %}") < text.index("{% include 'cc-style.css' %}"), page


def test_do_the_kits_views_outside_the_voila_page_get_the_palette_under_their_own_root():
    css = look.kit_css()
    root = css.index(look.KIT_ROOT)
    assert css.index("--cc-bg:") > root and look.PAGE_ROOT not in css, "never :root in a JupyterLab notebook"


def test_does_a_dark_screen_get_the_kits_dark_palette_on_the_voila_page_and_in_a_notebook_alike():
    """Light and dark: the dark palette sets the same roles, in a media query, under the page's root in the
    template and under the kit's root in a notebook (look.py once moved only the first block)."""
    palette = (WIDGETS / "palette.css").read_text(encoding="utf-8")
    light, dark = palette.split("@media (prefers-color-scheme: dark)")
    assert {"--cc-bg", "--cc-surface", "--cc-text", "--cc-muted", "--cc-accent", "--cc-focus"} <= declared(dark)
    assert declared(dark) <= declared(light), "dark sets only roles that light sets too"
    css = look.kit_css()
    dark_part = css[css.index("@media (prefers-color-scheme: dark)") :]
    assert dark_part.index(look.KIT_ROOT) < dark_part.index("--cc-bg:") and look.PAGE_ROOT not in css

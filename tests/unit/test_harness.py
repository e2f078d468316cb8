"""Is the harness written once? Chromium's path and flags live in tests/harness/ and nowhere else in the tests
or the benchmarks, so a flag changed there reaches every test and every benchmark."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HARNESS = REPO / "tests" / "harness"
#: what a copy of the harness would spell out: Chromium's path and the flags it is launched with
SPELLED = ("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")


def python_files() -> list[Path]:
    return [
        path
        for folder in ("tests", "benchmarks")
        for path in sorted((REPO / folder).rglob("*.py"))
        if not path.is_relative_to(HARNESS)
    ]


def test_does_only_the_harness_spell_chromiums_path_and_flags():
    copies = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in python_files()
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(word in line for word in SPELLED)
    ]
    assert copies == [], "use tests/harness/chromium.py (PATH, ARGS, launch) instead of a copy:\n" + "\n".join(copies)


def test_does_the_harness_launch_chromium_with_the_flags_the_tests_rely_on():
    from tests.harness import chromium

    assert chromium.PATH == "/usr/bin/chromium"
    assert {"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"} <= set(chromium.ARGS)

"""Does the performance page show the journey's figures (bench_journey.py) before and after, side by side?"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def docs():
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        return importlib.import_module("coffeechat_docs")
    finally:
        sys.path.remove(str(DOCS / "_ext"))


def walk(language: str, window: str, steps: int, screens: int, taps: int, header: tuple[int, int] | None) -> dict:
    module = {
        "module": "question-builder",
        "steps": steps,
        "screens": screens,
        "tallest_step_px": 7436,
        "tallest_step_screens": 9.3,
        "taps": taps,
        "keys": 185,
        "scrolls": 13,
    }
    return {
        "language": language,
        "window": window,
        "modules": [module],
        "steps": steps,
        "screens": screens,
        "tallest_step_px": 7436,
        "tallest_step_screens": 9.3,
        "taps_to_take_home": taps,
        "keys": 1811,
        "scrolls": 43,
        "journey_seconds": 60.5,
        "first_load_seconds": 9.3,
        "take_home_bytes": 79866,
        "take_home_file": "meine-ergebnisse.pdf",
        "header_px": header and header[0],
        "header_folded_px": header and header[1],
    }


def recorded(folder: Path, name: str, revision: str, figures: list[dict]) -> None:
    run = {
        "benchmark": "bench_journey",
        "command": f"python benchmarks/bench_journey.py --json-out benchmarks/results/{name}",
        "date": "2026-12-06T17:00:00+00:00",
        "machine": {"cores": 2, "load_1_5_15_min": [3.1, 2.5, 2.0], "python": "3.11.2", "system": "Linux x86_64"},
        "settings": {"revision": revision},
        "tables": [{"title": "t", "columns": ["a"], "rows": [["1"]]}],
        "figures": figures,
    }
    (folder / name).write_text(json.dumps(run), encoding="utf-8")


def test_does_the_journey_table_show_the_before_run_alone_until_an_after_run_exists(docs, tmp_path):
    assert "No run of `bench_journey.py`" in docs.journey_tables(tmp_path)
    recorded(tmp_path, "bench_journey-before.json", "9b693c4", [walk("de", "390x844", 8, 36, 57, (410, 240))])
    page = docs.journey_tables(tmp_path)
    assert "**Before** (commit `9b693c4`)" in page and "**After**" not in page
    assert "| de, 390x844 |" in page
    assert "| taps from the start page to the downloaded take-home | 57 |" in page
    assert "| header above the first module: as it opens, code folded | 410 px, 240 px |" in page
    assert "| question-builder | 36 / 8 / 9.3 / 57 |" in page
    assert "→" not in page.replace("before → after", "")


def test_does_the_journey_table_put_before_and_after_side_by_side_for_each_language_and_window(docs, tmp_path):
    recorded(
        tmp_path,
        "bench_journey-before.json",
        "9b693c4",
        [walk("de", "1280x800", 8, 36, 57, None), walk("en", "390x844", 8, 44, 58, (410, 240))],
    )
    recorded(
        tmp_path,
        "bench_journey.json",
        "abc1234",
        [walk("de", "1280x800", 30, 31, 70, None), walk("en", "390x844", 30, 33, 71, (150, 110))],
    )
    page = docs.journey_tables(tmp_path)
    assert "**Before** (commit `9b693c4`)" in page and "**After** (commit `abc1234`)" in page
    assert "| steps (what is seen between two presses of the primary action) | 8 → 30 | 8 → 30 |" in page
    assert "| taps from the start page to the downloaded take-home | 57 → 70 | 58 → 71 |" in page
    assert "| header above the first module: as it opens, code folded | – | 410 px, 240 px → 150 px, 110 px |" in page
    assert "| question-builder | 36 / 8 / 9.3 / 57 → 31 / 30 / 9.3 / 70 |" in page


def test_does_the_list_of_every_benchmark_leave_the_journey_to_its_own_section(docs, tmp_path, monkeypatch):
    recorded(tmp_path, "bench_journey-before.json", "9b693c4", [walk("de", "390x844", 8, 36, 57, (410, 240))])
    monkeypatch.setattr(docs, "RESULTS", tmp_path)
    assert "bench_journey" not in docs.benchmark_tables()

"""Are the notebooks clean, thin and on one kernel? (nbval runs them; this checks how they are stored.)"""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
EXPECTED = [
    "00-welcome",
    "01-not-ready",
    "02-not-connected",
    "03-not-good-at-networking",
    "04-regret",
    "05-question-builder",
    "06-role-play",
    "07-wrap-up",
    "08-follow-through",
    "workshop",
]


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_every_module_has_a_notebook():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


def test_one_kernelspec_for_all_notebooks():
    names = {json.loads(p.read_text())["metadata"]["kernelspec"]["name"] for p in NOTEBOOKS}
    assert names == {"python3"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_are_stripped_except_checked_cells(path: Path):
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if "# NBVAL_CHECK_OUTPUT" in source:
            assert cell["outputs"] and cell["execution_count"], "a checked cell must keep its reference output"
        else:
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_thin(path: Path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            code_lines = [
                line for line in "".join(cell["source"]).splitlines() if line.strip() and not line.startswith("#")
            ]
            assert len(code_lines) <= 3, "logic belongs in the coffeechat package, not in a notebook"


def test_voila_entry_point_is_one_call_into_the_app():
    code = [c for c in cells(NOTEBOOKS[-1]) if c["cell_type"] == "code"]
    assert len(code) == 1 and "app()" in "".join(code[0]["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_widget_state_is_stored(path: Path):
    metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert "widgets" not in metadata, "saved widget state could carry a participant's answers"

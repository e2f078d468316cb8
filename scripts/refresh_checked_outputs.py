"""Re-run the notebooks and store fresh reference outputs for the cells marked ``# NBVAL_CHECK_OUTPUT``.

Run it (``make refresh-outputs``) after changing the content on purpose; review the diff, then commit.
Every other cell is stripped of its outputs, as the tests require.

    python scripts/refresh_checked_outputs.py [NOTEBOOK ...]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def refresh(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata = {}
        if "# NBVAL_CHECK_OUTPUT" in cell.source:
            cell.outputs = [output for output in cell.outputs if output.get("output_type") == "stream"]
            cell.execution_count = 1
        else:
            cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)  # widget state of this run is no reference, and may hold answers
    nbformat.write(notebook, path)
    print(f"refreshed {path.name}")


def main() -> None:
    os.environ["COFFEECHAT_DATA_DIR"] = tempfile.mkdtemp(prefix="coffeechat-refresh-")  # never the real answers
    paths = [Path(arg) for arg in sys.argv[1:]] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        refresh(path)


if __name__ == "__main__":
    main()

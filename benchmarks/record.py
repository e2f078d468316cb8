"""A benchmark's figures as a JSON file beside the printed report (``--json-out FILE``), for the documentation.

The file holds what the report printed, as tables, and how it was measured: the command, the date (UTC), and
the machine (cores, load, Python). ``docs/explanation/performance.md`` renders the tables of every file in
``benchmarks/results/`` when the site is built; commit a new file after a run you want the docs to show.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json-out",
        metavar="FILE",
        help="also write the figures as JSON to FILE, with the command, date and machine "
        "(e.g. benchmarks/results/NAME.json, which the documentation renders)",
    )


def table(title: str, columns: list[str], rows: list[list[str]]) -> dict:
    """A table of the report: a title, column headings and rows of cells, each as the report prints it."""
    return {"title": title, "columns": columns, "rows": [[str(cell) for cell in row] for row in rows]}


def command() -> str:
    """The command that ran, with the script's path relative to the repository, as one can type it again."""
    script = Path(sys.argv[0]).resolve()
    shown = script.relative_to(REPO) if script.is_relative_to(REPO) else script
    return shlex.join(["python", str(shown), *sys.argv[1:]])


def machine() -> dict:
    load = os.getloadavg()
    return {
        "cores": os.cpu_count(),
        "load_1_5_15_min": [round(value, 2) for value in load],
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
    }


def write(path: str | None, benchmark: str, tables: list[dict], figures: object = None, **about: object) -> None:
    """Write the record to ``path`` (nothing when None); ``about`` adds the run's settings (pool size...)."""
    if not path:
        return
    record = {
        "benchmark": benchmark,
        "command": command(),
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "machine": machine(),
        "settings": about,
        "tables": tables,
        "figures": figures,
    }
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(record, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"figures written to {target}", file=sys.stderr)

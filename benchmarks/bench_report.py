#!/usr/bin/env python3
"""How long the coach waits for the session report: a room of ``--participants`` (each with ratings, progress,
a commitment, a word-wall answer and feedback, tests/filled_room.py), then "make the report" as the console does
it: the figures from the journal, the PDF, the PNG charts, the CSV, the zip, kept in the journal.

    python benchmarks/bench_report.py [--participants 30] [--runs 3] [--language de]

The first run includes importing ReportLab and matplotlib (the console imports them at its first report).
Figures only; never run as a test. The promise (issue 29): under 10 s for 30 participants.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coffeechat.content import load_workshop
from coffeechat.room import model as room
from coffeechat.room.live import Console
from coffeechat.room.model import RoomState
from coffeechat.storage.journal import Journal
from tests.filled_room import fill_room


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--language", default="de")
    args = parser.parse_args()
    workshop = load_workshop()
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(Path(folder) / "journal.sqlite3")
        journal.rooms.add_facilitator_token(room.token_hash("bench"))
        console = Console(journal, workshop, "bench")
        fill_room(workshop, journal, console, people=args.participants)
        for run in range(1, args.runs + 1):
            started = time.perf_counter()
            from coffeechat.documents.session_report import session_report

            record, figures = console.report_figures()
            gathered = time.perf_counter()
            files = session_report(
                workshop, figures, args.language, record.name, record.held_on, RoomState.from_json(record.state).asked
            )
            content = files.zip()
            made = time.perf_counter()
            console.keep_report(record, args.language, files.filename, content)
            kept = time.perf_counter()
            print(
                f"run {run}: {args.participants} participants, total {kept - started:.2f} s "
                f"(figures {gathered - started:.2f} s, files {made - gathered:.2f} s, kept {kept - made:.2f} s), "
                f"zip {len(content) / 1000:.0f} kB, {len(files.files)} files"
            )
        journal.close()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""How long does ``coffeechat retention`` take on a career centre's journal?

    python benchmarks/bench_retention.py [--participants 10000] [--answers 20] [--versions 5]
                                         [--engine sqlite|postgres] [--json-out FILE]

Fills a fresh journal (in bulk, with SQL, in the journal's own schema and timestamp format): ``--participants``
participants with ``--answers`` answers each (a sentence of 200 characters) and ``--versions`` history
versions of each answer, one room of 30 per 30 participants with a word-wall entry each. Half of them (and
their rooms) were last active 120 days ago, the other half today. Then runs the command as an administrator
would, once with ``--dry-run`` and once for real, with the period 90 days, and prints each one's wall time
(interpreter start included) and what it found. Without ``--database-url`` the PostgreSQL engine starts its own
server, as the tests do. Never run as a test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the tests' PostgreSQL helper
sys.path.insert(0, str(Path(__file__).resolve().parent))

import record  # noqa: E402 - the benchmarks' own helper, beside this script

from coffeechat.storage import codes  # noqa: E402
from coffeechat.storage.journal import Journal  # noqa: E402
from coffeechat.storage.retention import stamp  # noqa: E402

ROOM = 30


def fill(location: str | Path, participants: int, answers: int, versions: int) -> None:
    old, new = stamp(datetime.now(UTC) - timedelta(days=120)), stamp(datetime.now(UTC))
    text = '"' + ("Ich möchte Frau Ölmez fragen, wie sie zur Stadtplanung kam. " * 4)[:200] + '"'
    with Journal(location) as journal:
        db = journal.database
        rows_p, rows_a, rows_h, rooms, members, words = [], [], [], [], [], []
        for number in range(participants):
            code = codes.new_code()
            at = old if number % 2 == 0 else new
            rows_p.append((code, at))
            room = f"room-{number // 2 // ROOM}-{number % 2}"
            if number // 2 % ROOM == 0:
                rooms.append((room, "Workshop", "2026-08-08", "hash", "{}", 1, at))
            members.append((room, code, f"m{number}", at))
            words.append((room, code, 0, f"e{number}", "Mut", 0))
            for key in range(answers):
                rows_a.append((code, f"module.field-{key}", text, versions, at))
                for revision in range(1, versions + 1):
                    rows_h.append((code, f"module.field-{key}", text, revision, at))
        with journal.connection.lock, db.transaction():
            for sql, rows in (
                ("INSERT INTO participants (code, created_at) VALUES (?, ?)", rows_p),
                ("INSERT INTO answers (code, key, value, revision, updated_at) VALUES (?, ?, ?, ?, ?)", rows_a),
                ("INSERT INTO history (code, key, value, revision, saved_at) VALUES (?, ?, ?, ?, ?)", rows_h),
                (
                    "INSERT INTO rooms (id, name, held_on, token_hash, state, revision, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rooms,
                ),
                ("INSERT INTO room_members (room_id, code, member_id, joined_at) VALUES (?, ?, ?, ?)", members),
                (
                    "INSERT INTO room_words (room_id, code, question, entry_id, text, hidden) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    words,
                ),
            ):
                if db.dialect == "sqlite":
                    db.connection.executemany(sql, rows)
                else:
                    with db.connection.cursor() as cursor:
                        cursor.executemany(sql.replace("?", "%s"), rows)


def timed(command: list[str]) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--versions", type=int, default=5)
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", metavar="URL")
    record.add_option(parser)
    args = parser.parse_args()

    server = None
    with tempfile.TemporaryDirectory() as folder:
        if args.engine == "sqlite":
            where = ["--data-dir", folder]
            location: str | Path = Path(folder) / "journal.sqlite3"
        else:
            if args.database_url:
                location = args.database_url
            else:
                from tests.postgres import PostgresServer

                server = PostgresServer(durable=True).start()
                location = server.create_database("retention")
            where = ["--database-url", str(location)]
        try:
            start = time.perf_counter()
            fill(location, args.participants, args.answers, args.versions)
            print(f"filled in {time.perf_counter() - start:.1f} s", flush=True)
            rows = []
            for label, extra in (("dry run", ["--dry-run"]), ("delete", [])):
                command = [sys.executable, "-m", "coffeechat.cli", "retention", "--older-than", "90", *extra, *where]
                seconds, out = timed(command)
                print(f"{label}: {seconds:.2f} s\n{out}", flush=True)
                rows.append([label, f"{seconds:.2f}", out.splitlines()[1].strip()])
        finally:
            if server is not None:
                server.stop()
    title = (
        f"coffeechat retention --older-than 90 on {args.engine}: {args.participants} participants "
        f"({args.answers} answers x {args.versions} versions each), half inactive"
    )
    if args.json_out:
        record.write(args.json_out, "bench_retention", [record.table(title, ["run", "seconds", "found"], rows)])


if __name__ == "__main__":
    main()

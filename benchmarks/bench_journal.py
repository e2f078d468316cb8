#!/usr/bin/env python3
"""What does a room of typing participants cost the journal's database? The journal's own write pattern.

    python benchmarks/bench_journal.py [--participants 100] [--seconds 60] [--engine postgres|sqlite]
                                       [--database-url URL] [--json]

The write pattern is the app's: a reflection field saves on every keystroke (ipywidgets sends each change
of a ``continuous_update`` text area), and every save is one transaction that locks the participant's
row, upserts the answer with a new revision and appends the *whole current text* to the history. So
every simulated participant has their own :class:`coffeechat.storage.journal.Journal` (one connection, as one
kernel has) and types into one reflection after another: one character per save, at ``--keys-per-second``
(default 3.3, about 200 characters a minute), ``--chars`` characters per field, with a short pause
between fields. All participants type at once for ``--seconds``: the busiest minute of a workshop, when
the facilitator says "take five minutes to write down ...", not an average one.

Without ``--database-url`` the benchmark starts its own PostgreSQL (Debian's, as the tests do) with the
server's durable defaults (fsync, synchronous_commit and full_page_writes on), on a Unix socket.

Prints: saves per second offered and achieved; save latency (p50, p95, p99, max) as a kernel sees it;
the database server's CPU (cores busy, from its processes' CPU time); WAL written; the database's growth;
and the same per participant-hour of typing, which is what sizing multiplies. ``--engine sqlite`` runs the
same pattern against the laptop's SQLite file for comparison (there the "server" CPU is inside the
benchmark's own process and is not separated out). The machine is noisy (2 cores, shared): rerun to see
the spread. Never run as a test.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import repo  # noqa: F401 - the repository's root on sys.path, for the tests' PostgreSQL helper

from coffeechat.storage.journal import Journal
from tests.postgres import PostgresServer

FIELD_PAUSE_SECONDS = 2.0


def participant(location, args, events, latencies: list[float], failures: list[str], seed: int):
    opened, go, stop, release = events
    rng = random.Random(seed)
    with Journal(location) as journal:
        code = journal.create_participant("de")
        opened.wait()
        go.wait()
        type_until_stopped(journal, code, args, stop, latencies, failures, rng)
        release.wait()  # keep the connection (and its server process, with its CPU time) until measured


def worker(location, args, first: int, count: int, events, results) -> None:
    """One load-generating process: ``count`` participants as threads; reports their latencies after ``stop``."""
    go, ready, stop, release = events
    latencies: list[float] = []
    failures: list[str] = []
    local_go, local_stop, local_release = threading.Event(), threading.Event(), threading.Event()
    opened = threading.Barrier(count + 1)
    threads = [
        threading.Thread(
            target=participant,
            args=(location, args, (opened, local_go, local_stop, local_release), latencies, failures, first + n),
            daemon=True,
        )
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    opened.wait()
    ready.put(count)
    go.wait()
    local_go.set()
    stop.wait()
    local_stop.set()
    time.sleep(1.0)  # saves in flight finish
    results.put((latencies, failures))
    release.wait()
    local_release.set()
    for thread in threads:
        thread.join(30)


def type_until_stopped(journal, code, args, stop, latencies, failures, rng) -> None:
    """One participant typing reflection after reflection, one save per keystroke, until ``stop``."""
    field = 0
    time.sleep(rng.random() / args.keys_per_second)  # not all in step
    while not stop.is_set():
        key = f"bench.reflection.field-{field}"
        text = ""
        revision = 0
        for _ in range(args.chars):
            if stop.is_set():
                return
            text += rng.choice("abcdefghijklmnopqrstuvwxyzäöüß     ")
            started = time.perf_counter()
            try:
                revision = journal.save(code, key, text, expected_revision=revision).revision
            except Exception as error:  # noqa: BLE001 - counted and reported
                failures.append(type(error).__name__)
            latencies.append(time.perf_counter() - started)
            time.sleep(rng.expovariate(args.keys_per_second))  # the next keystroke, around the typing rate
        field += 1
        stop.wait(FIELD_PAUSE_SECONDS)


def server_cpu_seconds(server: PostgresServer | None) -> float:
    """CPU time of the benchmark server's processes so far (its backends live as long as their connections)."""
    if server is None:
        return 0.0
    total = 0.0
    for proc in psutil.process_iter():
        try:
            if proc.name() == "postgres" and _belongs_to(proc, server):
                times = proc.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
    return total


def _belongs_to(proc: psutil.Process, server: PostgresServer) -> bool:
    """Whether ``proc`` is the benchmark server's postmaster or one of its children (not another cluster)."""
    try:
        if str(server.data) in " ".join(proc.cmdline()):
            return True
        parent = proc.parent()
        return parent is not None and str(server.data) in " ".join(parent.cmdline())
    except psutil.Error:
        return False


def pg_figures(url: str) -> tuple[int, int]:
    """(WAL position in bytes, database size in bytes)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        wal = conn.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')").fetchone()[0]
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return int(wal), int(size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--keys-per-second", type=float, default=3.3)
    parser.add_argument("--chars", type=int, default=200, help="characters per reflection field")
    parser.add_argument("--engine", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--database-url", help="measure this PostgreSQL instead of a temporary one")
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="load-generating processes (default: one per core), so Python's GIL is not what is measured",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    server = None
    folder = None
    if args.engine == "sqlite":
        folder = tempfile.TemporaryDirectory(prefix="bench-journal-")
        location = Path(folder.name) / "journal.sqlite3"
    elif args.database_url:
        location = args.database_url
    else:
        server = PostgresServer(durable=True, max_connections=args.participants + 20).start()
        location = server.create_database("bench")
    Journal(location).close()  # the schema, before the clock starts

    wal_before, size_before = pg_figures(location) if args.engine == "postgres" else (0, 0)
    if args.engine == "sqlite":
        size_before = location.stat().st_size
    cpu_before = server_cpu_seconds(server)
    context = multiprocessing.get_context("spawn")
    stop, release, results = context.Event(), context.Event(), context.Queue()
    share, rest = divmod(args.participants, args.processes)
    shares = [count for count in (share + (n < rest) for n in range(args.processes)) if count]
    go, ready = context.Event(), context.Queue()
    workers = []
    first = 0
    for count in shares:
        workers.append(
            context.Process(
                target=worker, args=(location, args, first, count, (go, ready, stop, release), results), daemon=True
            )
        )
        first += count
    for process in workers:
        process.start()
    for _ in workers:
        ready.get(timeout=120)  # every participant has a connection and a code: now the clock starts
    go.set()
    started = time.perf_counter()
    time.sleep(args.seconds)
    stop.set()
    elapsed = time.perf_counter() - started
    latencies: list[float] = []
    failures: list[str] = []
    for _ in workers:
        got_latencies, got_failures = results.get(timeout=120)
        latencies += got_latencies
        failures += got_failures
    cpu_used = server_cpu_seconds(server) - cpu_before
    if args.engine == "postgres":
        wal_after, size_after = pg_figures(location)
    else:
        wal_after = wal_before
        size_after = sum(p.stat().st_size for p in location.parent.iterdir())
    release.set()
    for process in workers:
        process.join(60)
    if server is not None:
        server.stop()
    if folder is not None:
        folder.cleanup()

    saves = len(latencies)
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")

    participant_hours = args.participants * elapsed / 3600
    figures = {
        "engine": args.engine,
        "participants": args.participants,
        "seconds": round(elapsed, 1),
        "saves_offered_per_s": round(args.participants * args.keys_per_second, 1),
        "saves_per_s": round(saves / elapsed, 1),
        "failed_saves": len(failures),
        "latency_ms_p50": round(pct(0.50), 2),
        "latency_ms_p95": round(pct(0.95), 2),
        "latency_ms_p99": round(pct(0.99), 2),
        "latency_ms_max": round(max(ordered) * 1000, 1) if ordered else None,
        "latency_ms_mean": round(statistics.fmean(ordered) * 1000, 2) if ordered else None,
        "server_cores_busy": round(cpu_used / elapsed, 2) if server is not None else None,
        "wal_mb": round((wal_after - wal_before) / 1e6, 1) if args.engine == "postgres" else None,
        "db_growth_mb": round((size_after - size_before) / 1e6, 1),
        "db_growth_mb_per_participant_hour": round((size_after - size_before) / 1e6 / participant_hours, 1),
        "wal_mb_per_participant_hour": (
            round((wal_after - wal_before) / 1e6 / participant_hours, 1) if args.engine == "postgres" else None
        ),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        width = max(len(k) for k in figures)
        for key, value in figures.items():
            print(f"{key:<{width}}  {value}")
        if failures:
            print("failures:", ", ".join(sorted(set(failures))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

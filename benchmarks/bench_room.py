#!/usr/bin/env python3
"""What a live room costs: CPU of idle participant kernels and of the console while every kernel watches the
room, and how long "follow me" takes to reach the pages.

    python benchmarks/bench_room.py [--participants 30] [--watchers 3] [--idle-seconds 60] [--port 8950]

1. ``coffeechat serve --host 0.0.0.0`` (no pool: every kernel is a visitor's), a console page in Chromium
   that opens a room.
2. ``--participants`` participants (made in the journal beforehand) open their resume link over plain HTTP:
   Voila runs the app in a kernel of their own, which joins the room and looks at it every second, as a
   participant's kernel does; no browser is needed to keep it running. ``--watchers`` of them are real
   Chromium pages, to see what participants see.
3. Idle: CPU seconds of every kernel over ``--idle-seconds`` (psutil), per participant kernel and for the
   console (the first kernel started), with the room live and nobody clicking.
4. Follow me, 5 times: the console switches the module; the time until each participant's kernel has moved
   (it saves the new position in the journal, with its time) and until each watcher's page shows it (the
   page checks every 50 ms itself), and the CPU seconds each move cost the participants' kernels, the server
   and the browsers (all on this machine).

Figures only; never run as a test. The machine is shared and noisy: rerun to see the spread.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import psutil
import repo  # noqa: F401 - the repository's root on sys.path, for the tests' harness
from bench_voila import LIMITS_OFF

from coffeechat.content import load_workshop
from coffeechat.storage.journal import Journal
from tests.harness import chromium, serve


def start_server(folder: Path, port: int) -> tuple[subprocess.Popen, dict[str, str]]:
    options = ("--host", "0.0.0.0", "--pool-size", "0", *LIMITS_OFF)
    log = folder / "serve.log"
    server = serve.Server(serve.coffeechat_command(port, folder / "data", *options), log, ready_text="projector:")
    text = server.log_text()
    links = {
        "join": re.search(r"workshop ready: (\S+)", text).group(1),
        "console": re.search(r"facilitator console.*: (\S+)", text).group(1),
    }
    return server.process, links


def kernels(server: subprocess.Popen) -> list[psutil.Process]:
    """Voila's kernel processes, oldest first."""
    voila = psutil.Process(server.pid).children()[0]
    found = [p for p in voila.children(recursive=True) if "launcher" in " ".join(p.cmdline())]
    return sorted(found, key=lambda p: p.create_time())


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def moved(folder: Path, codes: list[str], module_id: str, since: datetime) -> list[float]:
    """Seconds from ``since`` until each participant's kernel saved ``module_id`` as their position."""
    with Journal(folder / "data" / "journal.sqlite3") as journal:
        rows = journal.database.execute("SELECT code, value, updated_at FROM answers WHERE key = 'position'").fetchall()
    wanted = set(codes)
    return [
        (datetime.fromisoformat(updated) - since).total_seconds()
        for code, value, updated in rows
        if code in wanted and json.loads(value) == module_id and datetime.fromisoformat(updated) >= since
    ]


#: true once the page's position line names the module (checked in the page, every 50 ms)
SHOWS_MODULE = "title => (document.querySelector('.cc-position') || {}).innerText?.includes(title)"


def cpu_by_part(server: subprocess.Popen, participant_kernels: list[psutil.Process]) -> dict[str, float]:
    """CPU seconds so far of the participants' kernels, of the server, and of this script's browsers."""
    voila = psutil.Process(server.pid).children()[0]
    served = {server.pid, voila.pid} | {p.pid for p in voila.children(recursive=True)}
    browsers = [p for p in psutil.Process().children(recursive=True) if p.pid not in served]

    def used(processes) -> float:
        total = 0.0
        for process in processes:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += cpu_seconds(process)
        return total

    return {
        "participant kernels": used(participant_kernels),
        "server": used([voila]),
        "browsers": used(browsers),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--watchers", type=int, default=3)
    parser.add_argument("--idle-seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8950)
    args = parser.parse_args(argv)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    workshop = load_workshop()
    folder = Path(tempfile.mkdtemp(prefix="bench-room-"))
    server, links = start_server(folder, args.port)
    try:
        with Journal(folder / "data" / "journal.sqlite3") as journal:
            codes = [journal.create_participant("de") for _ in range(args.participants)]
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            console = browser.new_context().new_page()
            console.set_default_timeout(180_000)
            console.goto(links["console"])
            console.wait_for_selector(".cc-console")
            console.fill(".cc-room-name input", "Benchmark")
            console.click(".cc-room-start")
            console.wait_for_selector(".cc-room-count")

            started = time.monotonic()
            watchers = []
            for code in codes[: args.watchers]:
                page = browser.new_context().new_page()
                page.set_default_timeout(300_000)
                page.goto(f"{links['join']}?code={code}")
                watchers.append(page)

            def visit(code: str) -> None:
                with urllib.request.urlopen(f"{links['join']}?code={code}", timeout=600) as response:
                    response.read()

            with ThreadPoolExecutor(max_workers=4) as pool:
                list(pool.map(visit, codes[args.watchers :]))
            for page in watchers:
                page.wait_for_selector(".cc-room-bar", state="visible")
            joined = workshop.t("room.joined", "de", count=args.participants)
            console.wait_for_function(
                "t => document.querySelector('.cc-room-count').innerText.includes(t)", arg=joined, timeout=600_000
            )
            print(f"{args.participants} participants joined in {time.monotonic() - started:.0f} s")
            time.sleep(10)  # let every kernel settle after its start

            procs = kernels(server)
            console_kernel, participant_kernels = procs[0], procs[1:]
            before = {p.pid: cpu_seconds(p) for p in procs}
            time.sleep(args.idle_seconds)
            used = {p.pid: cpu_seconds(p) - before[p.pid] for p in procs}
            per = [used[p.pid] / args.idle_seconds for p in participant_kernels]
            print(f"kernels: {len(participant_kernels)} participants + 1 console, idle for {args.idle_seconds:.0f} s")
            print(
                f"participant kernel CPU: mean {statistics.mean(per) * 100:.2f} % of a core, "
                f"max {max(per) * 100:.2f} %, all {len(per)} together {sum(per) * 100:.1f} %"
            )
            print(f"console kernel CPU: {used[console_kernel.pid] / args.idle_seconds * 100:.2f} % of a core")

            latencies, kernel_latencies = [], []
            spent: dict[str, list[float]] = {"participant kernels": [], "server": [], "browsers": []}
            modules = ["regret", "not-ready", "welcome", "not-connected", "wrap-up", "regret"]
            console.click(".cc-room-pacing button:has-text('Alle folgen mir')")
            time.sleep(3)
            for module_id in modules[1:]:
                title = workshop.module_title(module_id, "de")
                before = cpu_by_part(server, participant_kernels)
                clicked, clicked_at = time.monotonic(), datetime.now(UTC)
                console.select_option(".cc-room-module select", label=title)
                for page in watchers:  # each page looks for itself (a loop here would take CPU from the room)
                    try:
                        page.wait_for_function(SHOWS_MODULE, arg=title, polling=50, timeout=60_000)
                        latencies.append(time.monotonic() - clicked)
                    except PlaywrightTimeout:
                        print(f"  a page did not follow to {module_id} within 60 s")
                time.sleep(3)
                after = cpu_by_part(server, participant_kernels)
                for part in spent:
                    spent[part].append(after[part] - before[part])
                kernel_latencies += moved(folder, codes, module_id, clicked_at)
            print(
                "CPU seconds per follow-me move (median): "
                + ", ".join(f"{part} {statistics.median(values):.2f}" for part, values in spent.items())
            )
            if kernel_latencies:
                print(
                    f"follow me, {len(kernel_latencies)} kernel moves (each saves the new position): median "
                    f"{statistics.median(kernel_latencies):.2f} s, p95 {percentile(kernel_latencies, 0.95):.2f} s, "
                    f"max {max(kernel_latencies):.2f} s after the coach's click"
                )
            if latencies:
                print(
                    f"follow me, {len(latencies)} page moves with {args.participants} participants: "
                    f"median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s"
                )
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())

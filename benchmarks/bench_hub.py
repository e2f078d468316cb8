#!/usr/bin/env python3
"""What does one participant cost on the career centre's JupyterHub? Memory and CPU per participant server.

    python benchmarks/bench_hub.py [--participants 1 5 20] [--idle-seconds 30] [--json] [--json-out FILE]

Starts what ``tests/browser/test_jupyterhub.py`` starts (the recipe in deploy/jupyterhub/ with its proxy
from npm, a durable PostgreSQL of its own), then lets N participants arrive at once, each in their own
Chromium context: the hub's address, a temporary account, a spawned server (jupyter-standaloneproxy ->
coffeechat serve -> Voila -> one kernel, no pool), the app, "start now", and one fear module opened. Each
number of participants arrives on the same hub, after every server of the round before has been stopped.
Then, per round:

- per participant, the processes the hub started for their account (found by ``JUPYTERHUB_USER`` in their
  environment): RSS summed (what a Kubernetes pod holds: containers share no pages with each other) and
  USS summed (what they hold on one machine, where the interpreter's pages are shared), after the first
  module and again after every module of the workshop has been opened once (charts, builder, PDF: the
  most a participant's server holds);
- CPU seconds those processes used from spawn until the first module was open (the cost of an arrival);
  the cores they use while everyone types into a reflection at once (``--type-seconds``, about 3
  keystrokes a second each, one save per keystroke); and while every page stays open and nobody types
  (``--idle-seconds``: Voila's websocket pings and the kernel's heartbeats);
- time from the hub's address to a page ready to click ("time to usable"), per participant (all arriving at
  once); the processes and kernels per participant (one kernel each: no pool);
- the hub's own processes (hub, proxy, culler): RSS.

The machine is noisy (2 cores, shared with others): the arrival times measure this machine, the memory
figures much less so. Never run as a test. Needs Debian's chromium and postgresql and ``make test``'s
installs (the hub extra, the proxy from npm).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import record
import repo  # noqa: F401 - the repository's root on sys.path: the tests' harness, PostgreSQL and hub helpers

from coffeechat.content import load_workshop
from tests.harness import chromium
from tests.hub import HubServer
from tests.postgres import PostgresServer

READY_SECONDS = 300
MODULES = load_workshop().module_ids


def account_of(page) -> str:
    return page.evaluate("document.body.getAttribute('data-base-url')").split("/")[2]


def cpu_seconds(procs: list[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            pass
    return total


def memory(procs: list[psutil.Process]) -> tuple[float, float]:
    """(RSS, USS) summed, in MB."""
    rss = uss = 0.0
    for proc in procs:
        try:
            info = proc.memory_full_info()
            rss += info.rss
            uss += info.uss
        except psutil.Error:
            pass
    return rss / 1e6, uss / 1e6


def is_kernel(proc: psutil.Process) -> bool:
    try:
        return "coffeechat.server.launcher" in proc.cmdline()
    except psutil.Error:
        return False


def one_round(browser, hub: HubServer, participants: int, args) -> dict:
    """``participants`` arrive at once on ``hub``; what each costs (see the module's docstring)."""
    contexts = [browser.new_context(viewport={"width": 1100, "height": 900}) for _ in range(participants)]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        page.set_default_timeout(READY_SECONDS * 1000)
    arrived = time.perf_counter()
    ready_after: list[float] = []
    for page in pages:  # all ask at once; the hub spawns their servers concurrently
        page.goto(hub.url, wait_until="commit")
    for page in pages:
        page.wait_for_selector(".cc-start-new")
        ready_after.append(time.perf_counter() - arrived)
    for page in pages:
        page.click(".cc-start-new")
        page.wait_for_selector(".cc-code")
        page.click(".cc-step-not-ready")
        page.wait_for_selector(".cc-fear-not-ready")
        page.click(".cc-next")  # the fear's step 2, the reflection, where everyone types
        page.wait_for_selector(".cc-fear-not-ready .cc-module-step-2", state="visible")
    accounts = [account_of(page) for page in pages]
    per_user = {name: hub.processes_of(name) for name in accounts}
    arrival_cpu = {name: cpu_seconds(procs) for name, procs in per_user.items()}
    memories = {name: memory(procs) for name, procs in per_user.items()}
    process_counts = {name: len(procs) for name, procs in per_user.items()}
    kernel_counts = {name: sum(is_kernel(proc) for proc in procs) for name, procs in per_user.items()}

    typing_cores = dict.fromkeys(accounts, 0.0)
    if args.type_seconds > 0:  # everyone types at once, about three keystrokes a second each
        for page in pages:
            page.click(".cc-key-not-ready-reflection-waiting-for textarea")
        before_typing = {name: cpu_seconds(procs) for name, procs in per_user.items()}
        typing_started = time.perf_counter()
        while time.perf_counter() - typing_started < args.type_seconds:
            round_started = time.perf_counter()
            for page in pages:
                page.keyboard.type("a")
            time.sleep(max(0.0, 0.3 - (time.perf_counter() - round_started)))
        typed_for = time.perf_counter() - typing_started
        typing_cores = {
            name: (cpu_seconds(procs) - before_typing[name]) / typed_for for name, procs in per_user.items()
        }

    full_memories = memories
    if args.all_modules:  # every module once: the most a participant's server holds
        for page in pages:
            for module_id in MODULES:
                page.click(f".cc-step-{module_id}")
                page.wait_for_selector(f".cc-step-{module_id}.cc-step-current")
        full_memories = {name: memory(procs) for name, procs in per_user.items()}

    idle_cores = dict.fromkeys(accounts, 0.0)
    if args.idle_seconds > 0:
        before_idle = {name: cpu_seconds(procs) for name, procs in per_user.items()}
        threading.Event().wait(args.idle_seconds)
        idle_cores = {
            name: (cpu_seconds(procs) - before_idle[name]) / args.idle_seconds for name, procs in per_user.items()
        }
    for context in contexts:
        context.close()

    rss = [memories[name][0] for name in accounts]
    uss = [memories[name][1] for name in accounts]
    full_rss = [full_memories[name][0] for name in accounts]
    return {
        "participants": participants,
        "processes_per_participant": statistics.median(process_counts.values()),
        "kernels_per_participant_max": max(kernel_counts.values()),
        "ready_s_median": round(statistics.median(ready_after), 1),
        "ready_s_last": round(max(ready_after), 1),
        "rss_mb_per_participant_median": round(statistics.median(rss), 1),
        "rss_mb_per_participant_max": round(max(rss), 1),
        "uss_mb_per_participant_median": round(statistics.median(uss), 1),
        "rss_mb_after_all_modules_median": round(statistics.median(full_rss), 1),
        "rss_mb_after_all_modules_max": round(max(full_rss), 1),
        "arrival_cpu_s_per_participant_median": round(statistics.median(arrival_cpu.values()), 2),
        "typing_cores_per_participant_median": round(statistics.median(typing_cores.values()), 3),
        "idle_cores_per_participant_median": round(statistics.median(idle_cores.values()), 4),
        "load_1_min_after": round(os.getloadavg()[0], 2),
    }


COLUMNS = (
    ("participants", "participants"),
    ("ready_s_median", "time to usable, median (s)"),
    ("ready_s_last", "time to usable, last (s)"),
    ("rss_mb_per_participant_median", "RSS per participant, median (MB)"),
    ("rss_mb_per_participant_max", "RSS per participant, max (MB)"),
    ("uss_mb_per_participant_median", "USS per participant, median (MB)"),
    ("rss_mb_after_all_modules_max", "RSS after every module, max (MB)"),
    ("processes_per_participant", "processes"),
    ("kernels_per_participant_max", "kernels"),
    ("arrival_cpu_s_per_participant_median", "CPU to arrive (s)"),
    ("load_1_min_after", "load (1 min) after"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[1, 5], help="one round per number")
    parser.add_argument("--idle-seconds", type=float, default=30.0)
    parser.add_argument("--type-seconds", type=float, default=30.0)
    parser.add_argument(
        "--all-modules", action=argparse.BooleanOptionalAction, default=True, help="open every module once"
    )
    parser.add_argument("--json", action="store_true")
    record.add_option(parser)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-hub-"))
    server = PostgresServer(durable=True, max_connections=max(100, 3 * max(args.participants))).start()
    hub = None
    rounds = []
    try:
        hub = HubServer(
            folder, server.create_database("bench_hub"), idle_seconds=3600, max_servers=max(args.participants)
        )
        hub_procs = [psutil.Process(hub.process.pid), *psutil.Process(hub.process.pid).children(recursive=True)]
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            for participants in args.participants:
                hub.stop_all_servers()
                rounds.append(one_round(browser, hub, participants, args))
            hub_rss = memory([p for p in hub_procs if p.is_running()])[0]
            browser.close()
    finally:
        if hub is not None:
            hub.stop()
        server.stop()

    if args.json:
        print(json.dumps({"rounds": rounds, "hub_proxy_culler_rss_mb": round(hub_rss, 1)}, indent=2))
    else:
        for figures in rounds:
            width = max(len(key) for key in figures)
            for key, value in figures.items():
                print(f"{key:<{width}}  {value}")
            print()
        print(f"hub, proxy and culler (RSS): {hub_rss:.1f} MB")
    record.write(
        args.json_out,
        "bench_hub",
        [
            record.table(
                "Participants arriving at once on the JupyterHub recipe (one server and one kernel each, no pool)",
                [title for _, title in COLUMNS],
                [[figures[key] for key, _ in COLUMNS] for figures in rounds],
            )
        ],
        {"rounds": rounds, "hub_proxy_culler_rss_mb": round(hub_rss, 1)},
        type_seconds=args.type_seconds,
        idle_seconds=args.idle_seconds,
        all_modules=args.all_modules,
        pool_size=0,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

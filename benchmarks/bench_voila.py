#!/usr/bin/env python3
"""What does the kit cost compared with plain Voila? Both measured in the same run, on this machine.

    python benchmarks/bench_voila.py [--n 10] [--pages 3] [--json]

Servers, one after the other, each on a free loopback port:
  plain       ``voila`` (lab template) on a trivial notebook made in a temp dir: a Markdown cell and
              ``print("hi")``
  coffeechat  ``coffeechat serve`` on the real workshop notebook (``notebooks/workshop.ipynb``), with a
              temporary data directory

For each server:
  (a) N visitors arrive at once (plain HTTP, no browser): time until each page's last byte. Voila streams
      the page while it runs the notebook, so this is the server's cost of one participant's arrival.
  (b) peak RSS of the Voila process and all its kernels (psutil, the process tree summed every 0.2 s)
      during (a); the per-kernel figure is (peak - before) / N.
  (c) time to interactive in headless Chromium, a few pages opened at once, each in its own browser
      context (its own kernel): until #rendered_cells is shown, and until the --ready selector is visible.
  (d) every host other than loopback that any page asked for. Such requests are recorded and aborted:
      the benchmark itself talks to loopback only.
(a)+(b) and (c)+(d) each get a fresh server, so kernels left over from (a) do not weigh on (c).

Prints a table with coffeechat/plain ratios. The machine is noisy: compare within one run, rerun to see
the spread. Never run as a test. Needs: psutil, playwright (Python) and Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

from coffeechat.serving import stop_process_tree

REPO = Path(__file__).resolve().parents[1]
WORKSHOP_NOTEBOOK = REPO / "notebooks" / "workshop.ipynb"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
START_TIMEOUT = 90.0
STOP_GRACE = 5.0
SAMPLE_SECONDS = 0.2

TRIVIAL_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "md", "metadata": {}, "source": ["# Trivial notebook"]},
        {
            "cell_type": "code",
            "id": "hi",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": ['print("hi")'],
        },
    ],
    "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


# --------------------------------------------------------------------------------------------------
# processes
# --------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def tree_rss_mb(root: psutil.Process) -> float:
    """RSS of ``root`` and all its descendants, in MB (processes that vanish meanwhile count 0)."""
    total = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def stop_tree(pid: int) -> None:
    """SIGTERM to ``pid`` and every descendant, SIGKILL to whatever is left (the same as ``coffeechat serve``)."""
    stop_process_tree(pid, STOP_GRACE)


@dataclass
class Server:
    name: str
    argv: list[str]
    cwd: Path
    port: int
    log_path: Path
    url: str = ""
    process: subprocess.Popen | None = None
    voila_pid: int | None = None  # the Voila process (for coffeechat: the child of `coffeechat serve`)

    def start(self) -> None:
        assert not port_open(self.port), f"port {self.port} is taken"
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while not port_open(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited during startup; see {self.log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not open port {self.port}; see {self.log_path}")
            time.sleep(0.1)
        self.url = f"http://127.0.0.1:{self.port}/"
        self.voila_pid = self._find_voila()

    def _find_voila(self) -> int:
        assert self.process is not None
        root = psutil.Process(self.process.pid)
        for proc in (root, *root.children()):
            cmdline = proc.cmdline()
            if "-m" in cmdline[:-1] and cmdline[cmdline.index("-m") + 1] == "voila":
                return proc.pid
        return root.pid

    def rss_mb(self) -> float:
        try:
            return tree_rss_mb(psutil.Process(self.voila_pid))
        except psutil.Error:
            return 0.0

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            # the polite way first (coffeechat serve stops its own tree), then make sure
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=3 * STOP_GRACE)
            except subprocess.TimeoutExpired:
                pass
        stop_tree(self.process.pid)
        if self.voila_pid:
            stop_tree(self.voila_pid)
        try:
            self.process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process = None


# --------------------------------------------------------------------------------------------------
# (a) + (b): N visitors at once, over plain HTTP
# --------------------------------------------------------------------------------------------------


async def fetch(url: str, timeout: float) -> tuple[float, int, int]:
    """GET ``url``; returns (seconds to last byte, status, bytes)."""
    parts = urllib.parse.urlsplit(url)
    start = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, parts.port), timeout)
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        body = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    status = int(body.split(b" ", 2)[1]) if body.startswith(b"HTTP/") else 0
    return time.perf_counter() - start, status, len(body)


async def arrivals(server: Server, n: int, timeout: float) -> dict:
    before = server.rss_mb()
    peak = before
    done = False

    async def sample():
        nonlocal peak
        while not done:
            peak = max(peak, server.rss_mb())
            await asyncio.sleep(SAMPLE_SECONDS)

    sampler = asyncio.create_task(sample())
    start = time.perf_counter()
    results = await asyncio.gather(*(fetch(server.url, timeout) for _ in range(n)), return_exceptions=True)
    wall = time.perf_counter() - start
    await asyncio.sleep(SAMPLE_SECONDS)  # one more sample with every kernel up
    done = True
    await sampler
    times = sorted(r[0] for r in results if not isinstance(r, BaseException) and r[1] == 200)
    errors = [repr(r)[:200] for r in results if isinstance(r, BaseException)]
    errors += [f"HTTP {r[1]}" for r in results if not isinstance(r, BaseException) and r[1] != 200]
    return {
        "n": n,
        "ok": len(times),
        "last_byte_median_s": statistics.median(times) if times else float("nan"),
        "last_byte_max_s": times[-1] if times else float("nan"),
        "wall_s": wall,
        "rss_before_mb": before,
        "rss_peak_mb": peak,
        "rss_per_kernel_mb": (peak - before) / n if n else float("nan"),
        "errors": errors[:5],
    }


# --------------------------------------------------------------------------------------------------
# (c) + (d): time to interactive in headless Chromium, and third-party requests
# --------------------------------------------------------------------------------------------------


def is_loopback_url(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    host = urllib.parse.urlsplit(url).hostname or ""
    return host in LOOPBACK_HOSTS


async def one_page(browser, url: str, ready: str, timeout: float, foreign: set[str]) -> dict:
    context = await browser.new_context()

    async def block(route):
        foreign.add(urllib.parse.urlsplit(route.request.url).hostname or route.request.url[:60])
        await route.abort()

    await context.route(lambda u: not is_loopback_url(u), block)
    page = await context.new_page()
    page.on(
        "request",
        lambda r: None if is_loopback_url(r.url) else foreign.add(urllib.parse.urlsplit(r.url).hostname or r.url[:60]),
    )
    start = time.perf_counter()
    result = {"ok": False, "cells_s": float("nan"), "ready_s": float("nan"), "error": ""}
    try:
        await page.goto(url, wait_until="commit", timeout=timeout * 1000)
        await page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout * 1000)
        result["cells_s"] = time.perf_counter() - start
        await page.wait_for_selector(ready, state="visible", timeout=timeout * 1000)
        result["ready_s"] = time.perf_counter() - start
        result["ok"] = True
    except Exception as error:  # noqa: BLE001 - a page that never gets ready is a result, not a crash
        result["error"] = repr(error)[:200]
    finally:
        await context.close()
    return result


async def time_to_interactive(server: Server, pages: int, ready: str, timeout: float) -> dict:
    from playwright.async_api import async_playwright

    foreign: set[str] = set()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results = await asyncio.gather(
                *(one_page(browser, server.url, ready, timeout, foreign) for _ in range(pages))
            )
        finally:
            await browser.close()
    ready_times = sorted(r["ready_s"] for r in results if r["ok"])
    return {
        "pages": pages,
        "ready_selector": ready,
        "ok": len(ready_times),
        "tti_median_s": statistics.median(ready_times) if ready_times else float("nan"),
        "tti_max_s": ready_times[-1] if ready_times else float("nan"),
        "cells_median_s": statistics.median([r["cells_s"] for r in results if r["ok"]])
        if ready_times
        else float("nan"),
        "foreign_hosts": sorted(foreign),
        "errors": [r["error"] for r in results if r["error"]][:5],
    }


def kernel_count(server: Server) -> int:
    """Kernels running under the server's Voila process."""
    try:
        children = psutil.Process(server.voila_pid).children(recursive=True)
    except psutil.Error:
        return 0
    count = 0
    for proc in children:
        try:
            count += "ipykernel_launcher" in " ".join(proc.cmdline()) and proc.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            pass
    return count


async def kernels_after_reloads(server: Server, reloads: int, ready: str, timeout: float, settle: float) -> dict:
    """One visitor reloads the page ``reloads`` times; how many of the kernels this started still run
    ``settle`` seconds later? (1 is right: the one for the page now open.)"""
    from playwright.async_api import async_playwright

    before = kernel_count(server)  # pages closed without unloading (the TTI pages) leave theirs to culling
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            await page.goto(server.url, timeout=timeout * 1000)
            await page.wait_for_selector(ready, state="visible", timeout=timeout * 1000)
            for _ in range(reloads):
                await page.reload(timeout=timeout * 1000)
                await page.wait_for_selector(ready, state="visible", timeout=timeout * 1000)
            await asyncio.sleep(settle)
            left = kernel_count(server) - before
        finally:
            await browser.close()
    return {"reloads": reloads, "kernels_running": left}


# --------------------------------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------------------------------


def make_servers(workdir: Path, notebook: Path) -> dict[str, Callable[[], Server]]:
    """Factories: each call gives a new, not yet started server on a new port."""
    plain_dir = workdir / "plain"
    plain_dir.mkdir()
    (plain_dir / "trivial.ipynb").write_text(json.dumps(TRIVIAL_NOTEBOOK), encoding="utf-8")
    data_dir = workdir / "coffeechat-data"

    def plain() -> Server:
        port = free_port()
        return Server(
            "plain voila",
            [
                sys.executable,
                "-m",
                "voila",
                "trivial.ipynb",
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "--Voila.port_retries=0",
            ],
            cwd=plain_dir,
            port=port,
            log_path=workdir / "plain.log",
        )

    def coffeechat() -> Server:
        port = free_port()
        return Server(
            "coffeechat",
            [
                sys.executable,
                "-m",
                "coffeechat.cli",
                "serve",
                "--no-browser",
                "--port",
                str(port),
                "--data-dir",
                str(data_dir),
                "--notebook",
                str(notebook),
            ],
            cwd=REPO,
            port=port,
            log_path=workdir / "coffeechat.log",
        )

    return {"plain": plain, "coffeechat": coffeechat}


def measure(factory, args, ready: str, running: list[Server]) -> dict:
    result: dict = {}
    server = factory()
    running.append(server)
    server.start()
    try:
        asyncio.run(fetch(server.url, args.timeout))  # warm-up: disk cache, first imports
        result["arrivals"] = asyncio.run(arrivals(server, args.n, args.timeout))
    finally:
        server.stop()
        running.remove(server)
    if args.pages > 0:
        server = factory()
        running.append(server)
        server.start()
        try:
            result["browser"] = asyncio.run(time_to_interactive(server, args.pages, ready, args.timeout))
            if args.reloads:
                result["reloads"] = asyncio.run(
                    kernels_after_reloads(server, args.reloads, ready, args.timeout, settle=5.0)
                )
        finally:
            server.stop()
            running.remove(server)
    return result


def ratio(a: float, b: float) -> str:
    if not (a == a and b == b) or a == 0:  # NaN or division by zero
        return "-"
    return f"{b / a:.2f}x"


def print_table(results: dict, n: int, pages: int) -> None:
    plain, kit = results["plain"], results["coffeechat"]
    rows = []

    def row(label, key_path, fmt="{:.2f}", with_ratio=True):
        def dig(d):
            for key in key_path:
                d = d.get(key, {}) if isinstance(d, dict) else {}
            return d if not isinstance(d, dict) else float("nan")

        a, b = dig(plain), dig(kit)
        cell = lambda v: fmt.format(v) if isinstance(v, (int, float)) and v == v else str(v)  # noqa: E731
        rows.append((label, cell(a), cell(b), ratio(a, b) if with_ratio else ""))

    row(f"arrivals ok (of {n})", ("arrivals", "ok"), "{}", with_ratio=False)
    row("last byte, median [s]", ("arrivals", "last_byte_median_s"))
    row("last byte, max [s]", ("arrivals", "last_byte_max_s"))
    row("peak RSS, Voila + kernels [MB]", ("arrivals", "rss_peak_mb"), "{:.0f}")
    row("RSS per kernel [MB]", ("arrivals", "rss_per_kernel_mb"), "{:.0f}")
    if pages:
        row(f"browser pages ready (of {pages})", ("browser", "ok"), "{}", with_ratio=False)
        row("page shown, median [s]", ("browser", "cells_median_s"))
        row("interactive, median [s]", ("browser", "tti_median_s"))
        row("interactive, max [s]", ("browser", "tti_max_s"))
        rows.append(
            (
                "ready selector",
                plain.get("browser", {}).get("ready_selector", ""),
                kit.get("browser", {}).get("ready_selector", ""),
                "",
            )
        )
        row(
            f"kernels left by 1 visitor after {results['plain'].get('reloads', {}).get('reloads', 0)} reloads",
            ("reloads", "kernels_running"),
            "{}",
            with_ratio=False,
        )
        rows.append(
            (
                "third-party hosts",
                ", ".join(plain.get("browser", {}).get("foreign_hosts", [])) or "none",
                ", ".join(kit.get("browser", {}).get("foreign_hosts", [])) or "none",
                "",
            )
        )
    widths = [max(len(r[i]) for r in rows + [("", "plain voila", "coffeechat", "ratio")]) for i in range(4)]
    header = ("", "plain voila", "coffeechat", "ratio")
    for line in [header, tuple("-" * w for w in widths), *rows]:
        print(f"{line[0]:<{widths[0]}}  {line[1]:>{widths[1]}}  {line[2]:>{widths[2]}}  {line[3]:>{widths[3]}}")
    for name in ("plain", "coffeechat"):
        for part in ("arrivals", "browser"):
            errors = results[name].get(part, {}).get("errors")
            if errors:
                print(f"{name} {part} errors: {errors}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10, help="visitors arriving at once (default: %(default)s)")
    parser.add_argument(
        "--pages",
        type=int,
        default=3,
        help="browser pages opened at once for time to interactive (default: %(default)s; 0: skip)",
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a page counts as failed")
    parser.add_argument("--notebook", type=Path, default=WORKSHOP_NOTEBOOK, help="coffeechat's notebook")
    parser.add_argument("--ready", default=".cc-app", help="coffeechat's ready selector (default: %(default)s)")
    parser.add_argument(
        "--ready-plain", default=".jp-OutputArea-output", help="plain Voila's ready selector (default: %(default)s)"
    )
    parser.add_argument(
        "--reloads",
        type=int,
        default=5,
        help="one visitor reloads this often; then count the kernels still running (default: %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="also print all figures as JSON")
    args = parser.parse_args(argv)
    if args.n < 1 or args.pages < 0:
        parser.error("--n must be at least 1 and --pages at least 0")
    if not args.notebook.is_file():
        parser.error(f"notebook not found: {args.notebook}")
    if args.pages and not os.path.exists(CHROMIUM):
        parser.error(f"{CHROMIUM} not found (apt-get install chromium), or use --pages 0")

    running: list[Server] = []

    def on_signal(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    workdir = Path(tempfile.mkdtemp(prefix="bench_voila_"))
    results: dict = {}
    try:
        factories = make_servers(workdir, args.notebook.resolve())
        results["plain"] = measure(factories["plain"], args, args.ready_plain, running)
        results["coffeechat"] = measure(factories["coffeechat"], args, args.ready, running)
    finally:
        for server in list(running):
            server.stop()
        logs = {p.name: p.read_text(errors="replace")[-2000:] for p in workdir.glob("*.log")}
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"bench_voila: {args.n} arrivals at once, {args.pages} browser pages; "
        f"cpu count {os.cpu_count()}; coffeechat notebook {args.notebook}"
    )
    print_table(results, args.n, args.pages)
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    failed = any(r.get("arrivals", {}).get("ok", 0) < args.n for r in results.values())
    if failed:
        for name, text in logs.items():
            if re.search(r"Traceback|Error", text):
                print(f"--- end of {name} ---\n{text}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A room arrives at once: the kit against plain Voila, every server measured in the same run on this machine.

    python benchmarks/bench_voila.py [--room 30] [--waves 30 100] [--pages 10] [--tours 3] [--json]
                                     [--ports 8890-8899] [--json-out benchmarks/results/bench_voila.json]

Servers (each phase gets a fresh one, on a free loopback port; the kit's pooled server first warms its pool):
  plain-trivial   ``voila`` (lab template) on ``fixtures/trivial.ipynb`` (a Markdown cell and a button)
  plain-typical   ``voila`` on ``fixtures/typical.ipynb`` (ipywidgets + matplotlib, a chart drawn at once)
  coffeechat      ``coffeechat serve --pool-size ROOM`` on the real workshop notebook (preheated kernels)
  coffeechat-cold ``coffeechat serve --pool-size 0`` (no pool: what a machine short of memory gets)

Figures, per server:
  arrivals N      N visitors at once over plain HTTP: time until each page's last byte (Voila streams the
                  page while it runs the notebook, so this is the server's cost), p50 / p95 / max, failures
  whole server    RSS of Voila and all its kernels once N participants have arrived and the pool refilled
  Chromium        time until the start button (plain Voila: the button) shows, for 1 page and for P at once
  wire            bytes a browser downloads for a first visit and for a reload (HTTP, as Chromium counts them
                  on the wire, headers included), and how many requests reach the server
  idle kernel     RSS of the kernel of a page that is open and idle (and of a pooled kernel that waits)
  tours           the kit only: one participant clicks through every module ``--tours`` times; after each
                  tour, the page's kernel RSS, the widget models in the browser and the page's JS heap
                  (after a forced garbage collection)
Then the per-action kernel times of ``bench_actions.py`` (a participant kernel, measured inside it).

The machine is noisy (other people's tests): compare within one run, quote ratios, rerun to see the
spread. Never run as a test. Needs psutil, playwright and Debian's chromium.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import psutil

from coffeechat.content import load_workshop
from coffeechat.server.serving import stop_process_tree

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_actions  # the per-action kernel times, beside this script
import record  # the benchmarks' own helper, beside this script
import repo  # noqa: F401 - the repository's root on sys.path, for the tests' harness

from tests.harness import chromium, ports, serve

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
START_TIMEOUT = 120.0
SAMPLE_SECONDS = 0.2


#: the ports the servers may take (``--ports``); None: any free loopback port
PORTS: range | None = None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def rss_mb(process: psutil.Process) -> float:
    try:
        return process.memory_info().rss / 2**20
    except psutil.Error:
        return 0.0


@dataclass
class Server:
    name: str
    argv: list[str]
    cwd: Path
    port: int
    log_path: Path
    ready_selector: str
    pool: int = 0
    process: subprocess.Popen | None = None
    voila: psutil.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> Server:
        self.process = serve.Server(
            self.argv,
            self.log_path,
            cwd=self.cwd,
            seconds=START_TIMEOUT,
            new_session=True,
            append=True,
            what=self.name,
        ).process
        root = psutil.Process(self.process.pid)
        self.voila = next(
            (p for p in (root, *root.children()) if "voila" in " ".join(p.cmdline()[:3])),
            root,
        )
        if self.pool:
            self.wait_settled(self.pool)
        return self

    def kernels(self) -> list[psutil.Process]:
        try:
            children = self.voila.children(recursive=True)
        except psutil.Error:
            return []
        found = []
        for proc in children:
            try:
                if "-f" in proc.cmdline() and proc.status() != psutil.STATUS_ZOMBIE:
                    found.append(proc)
            except psutil.Error:
                pass
        return found

    def tree_rss_mb(self) -> float:
        return rss_mb(self.voila) + sum(rss_mb(k) for k in self.kernels())

    def cpu_seconds(self) -> float:
        total = 0.0
        for proc in (self.voila, *self.kernels()):
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    def wait_settled(self, kernels: int, timeout: float = 600.0) -> float:
        """Wait until at least ``kernels`` kernels run and the server's tree is (nearly) idle; seconds waited."""
        start = time.monotonic()
        calm = 0
        last = self.cpu_seconds()
        while time.monotonic() - start < timeout:
            time.sleep(1.0)
            now = self.cpu_seconds()
            busy = now - last
            last = now
            enough = len(self.kernels()) >= kernels or time.monotonic() - start > 90  # a failed visit starts none
            calm = calm + 1 if (enough and busy < 0.15) else 0
            if calm >= 3:
                break
        return time.monotonic() - start

    def kernel_of(self, kernel_id: str) -> psutil.Process | None:
        for proc in self.kernels():
            try:
                if any(kernel_id in part for part in proc.cmdline()):
                    return proc
            except psutil.Error:
                pass
        return None

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        stop_process_tree(self.process.pid)
        if self.voila is not None:
            stop_process_tree(self.voila.pid)
        self.process = None


def make_server(kind: str, workdir: Path, room: int, serve_limit: bool = False) -> Server:
    port = ports.free_port(PORTS)
    log = workdir / f"{kind}.log"
    if kind.startswith("plain-"):
        name = kind.split("-", 1)[1]
        folder = workdir / f"fixtures-{name}"
        folder.mkdir(exist_ok=True)
        shutil.copy(FIXTURES / f"{name}.ipynb", folder / f"{name}.ipynb")
        return Server(kind, serve.voila_command(f"{name}.ipynb", port), folder, port, log, ".jupyter-button")
    pool = room if kind == "coffeechat" else 0
    limits = PER_ADDRESS_OFF if serve_limit else LIMITS_OFF
    argv = serve.coffeechat_command(port, workdir / f"{kind}-data", "--pool-size", str(pool), *limits)
    return Server(kind, argv, REPO, port, log, ".cc-start-new", pool=pool)


#: ``serve``'s options that lift the guard's limits for a benchmark: all its visitors come from this one
#: address and most fetch the page only, without a websocket (plain Voila has no such limits; in a room, each
#: phone has an address of its own)
LIMITS_OFF = (*serve.LIMITS_OFF, "--connect-timeout-seconds", "0")
#: with ``--serve-limit``: the server-wide limit stays as ``serve`` works it out from memory (a room-full page
#: counts as a failure); only the per-address limit is lifted (one address here, one per phone in a room)
PER_ADDRESS_OFF = ("--max-kernels-per-client", "0", "--connect-timeout-seconds", "0")


# --------------------------------------------------------------------------------------------------
# arrivals over plain HTTP
# --------------------------------------------------------------------------------------------------


async def fetch(url: str, timeout: float) -> tuple[float, int]:
    parts = urllib.parse.urlsplit(url)
    start = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, parts.port), timeout)
    try:
        writer.write(f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        body = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    status = int(body.split(b" ", 2)[1]) if body.startswith(b"HTTP/") else 0
    complete = b"</html>" in body[-512:]  # the whole page (chunked: the last chunk is followed by 0\r\n)
    return time.perf_counter() - start, status if complete else -status


async def arrivals(server: Server, n: int, timeout: float) -> dict:
    peak, done = server.tree_rss_mb(), False

    async def sample():
        nonlocal peak
        while not done:
            peak = max(peak, server.tree_rss_mb())
            await asyncio.sleep(SAMPLE_SECONDS)

    sampler = asyncio.create_task(sample())
    results = await asyncio.gather(*(fetch(server.url, timeout) for _ in range(n)), return_exceptions=True)
    done = True
    await sampler
    ok = [r[0] for r in results if not isinstance(r, BaseException) and r[1] == 200]
    return {
        "n": n,
        "ok": len(ok),
        "failed": n - len(ok),
        "room_full": sum(1 for r in results if not isinstance(r, BaseException) and abs(r[1]) == 503),
        "p50_s": percentile(ok, 0.5),
        "p95_s": percentile(ok, 0.95),
        "max_s": max(ok) if ok else float("nan"),
        "peak_rss_mb": peak,
    }


def arrival_wave(kind: str, n: int, workdir: Path, args) -> dict:
    server = make_server(kind, workdir, args.room, args.serve_limit).start()
    try:
        if not server.pool:  # one visit first, so that the disk cache is warm for plain Voila too
            asyncio.run(fetch(server.url, args.timeout))
            server.wait_settled(1)
        result = asyncio.run(arrivals(server, n, args.timeout))
        result["settle_s"] = server.wait_settled(n + server.pool if server.pool else n + 1)
        result["whole_server_mb"] = server.tree_rss_mb()
        result["kernels"] = len(server.kernels())
        return result
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------------
# Chromium: time until ready, bytes on the wire, idle kernel, tours
# --------------------------------------------------------------------------------------------------


class Wire:
    """Counts a page's HTTP traffic as Chromium sees it (CDP Network events)."""

    def __init__(self, cdp):
        self.responses: dict[str, dict] = {}
        self.cdp = cdp
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", self._cached)

    def _response(self, event):
        item = self.responses.setdefault(event["requestId"], {})
        item.update(url=event["response"]["url"], disk=event["response"].get("fromDiskCache", False))

    def _finished(self, event):
        self.responses.setdefault(event["requestId"], {})["bytes"] = event["encodedDataLength"]

    def _cached(self, event):
        self.responses.setdefault(event["requestId"], {})["memory"] = True

    def take(self) -> dict:
        network = [
            r
            for r in self.responses.values()
            if r.get("url", "").startswith("http") and not r.get("disk") and not r.get("memory")
        ]
        self.responses = {}
        return {"requests": len(network), "kilobytes": sum(r.get("bytes", 0) for r in network) / 1000}


async def ready_times(browser, server: Server, pages: int, timeout: float) -> dict:
    async def one():
        context = await browser.new_context()
        page = await context.new_page()
        start = time.perf_counter()
        try:
            await page.goto(server.url, wait_until="commit", timeout=timeout * 1000)
            await page.wait_for_selector(server.ready_selector, state="visible", timeout=timeout * 1000)
            return time.perf_counter() - start
        except Exception:  # noqa: BLE001 - a page that never gets ready is a result
            return None
        finally:
            await context.close()

    times = await asyncio.gather(*(one() for _ in range(pages)))
    ok = [t for t in times if t is not None]
    return {"pages": pages, "ok": len(ok), "p50_s": percentile(ok, 0.5), "max_s": max(ok) if ok else float("nan")}


async def kernel_id(page) -> str:
    return await page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


async def heap_mb(cdp) -> float:
    await cdp.send("HeapProfiler.collectGarbage")
    usage = await cdp.send("Runtime.getHeapUsage")
    return usage["usedSize"] / 2**20


async def browser_phase(kind: str, workdir: Path, args) -> dict:
    from playwright.async_api import async_playwright

    server = make_server(kind, workdir, args.room).start()
    result: dict = {}
    try:
        async with async_playwright() as playwright:
            browser = await chromium.launch(playwright)
            try:
                context = await browser.new_context()
                page = await context.new_page()
                cdp = await context.new_cdp_session(page)
                await cdp.send("Network.enable")
                wire = Wire(cdp)
                start = time.perf_counter()
                await page.goto(server.url, timeout=args.timeout * 1000)
                await page.wait_for_selector(server.ready_selector, timeout=args.timeout * 1000)
                result["first_page_s"] = time.perf_counter() - start
                await asyncio.sleep(2)
                result["wire_first"] = wire.take()
                await page.reload(timeout=args.timeout * 1000)
                await page.wait_for_selector(server.ready_selector, timeout=args.timeout * 1000)
                await asyncio.sleep(2)
                result["wire_reload"] = wire.take()
                await asyncio.sleep(3)
                kernel = server.kernel_of(await kernel_id(page))
                result["idle_kernel_mb"] = rss_mb(kernel) if kernel else float("nan")
                if server.pool:
                    waiting = [k for k in server.kernels() if k != kernel]
                    result["pooled_kernel_mb"] = statistics.median(rss_mb(k) for k in waiting) if waiting else None
                if kind.startswith("coffeechat") and args.tours:
                    result["tours"] = await tours(page, cdp, server, kernel, args)
                await context.close()
                server.wait_settled(server.pool or 1)
                result["ready_1"] = await ready_times(browser, server, 1, args.timeout)
                server.wait_settled(server.pool or 1)
                result[f"ready_{args.pages}"] = await ready_times(browser, server, args.pages, args.timeout)
            finally:
                await browser.close()
    finally:
        server.stop()
    return result


async def tours(page, cdp, server: Server, kernel, args) -> list[dict]:
    modules = load_workshop().module_ids
    view = {"welcome": ".cc-welcome", "question-builder": ".cc-builder", "role-play": ".cc-roleplay"}
    view["wrap-up"] = ".cc-wrapup"
    await page.click(".cc-start-new")
    await page.locator(".cc-code").wait_for(timeout=args.timeout * 1000)
    models = "Object.keys((window.jupyterapp && window.jupyterapp.widgetManager._models) || {}).length"
    figures = [{"tour": 0, "kernel_mb": rss_mb(kernel), "browser_models": await page.evaluate(models)}]
    figures[0]["heap_mb"] = await heap_mb(cdp)
    for tour in range(1, args.tours + 1):
        for module in modules:
            if await page.locator(f".cc-step-{module}.cc-step-current").count():
                continue  # already open (a click now would land while the page redraws)
            await page.click(f".cc-step-{module}")
            # a locator, not wait_for_selector: the element handle that returns would keep each closed
            # module's DOM alive in the page's heap for as long as the benchmark runs
            await page.locator(f".cc-step-{module}.cc-step-current").wait_for(timeout=args.timeout * 1000)
            await page.locator(view.get(module, f".cc-fear-{module}")).wait_for(timeout=args.timeout * 1000)
        await asyncio.sleep(2)
        figures.append(
            {
                "tour": tour,
                "kernel_mb": rss_mb(kernel),
                "browser_models": await page.evaluate(models),
                "heap_mb": await heap_mb(cdp),
            }
        )
    return figures


# --------------------------------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------------------------------


def fmt(value, spec: str = "{:.2f}") -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "-"
    return spec.format(value)


def report_tables(results: dict, args) -> list[dict]:
    """The report as tables: every server side by side, then each server's tours."""
    kinds = list(results)

    def get(kind: str, part: str, key: str):
        if part == "browser" or part.startswith("arrivals"):
            return results[kind].get(part, {}).get(key)
        return results[kind].get("browser", {}).get(part, {}).get(key)

    def row(label: str, cell) -> tuple[str, ...]:
        return (label, *(cell(kind) for kind in kinds))

    rows: list[tuple[str, ...]] = []
    for n in args.waves:
        part = f"arrivals_{n}"
        rows.append(row(f"{n} arrivals at once: p95 to last byte [s]", lambda k, p=part: fmt(get(k, p, "p95_s"))))
        rows.append(row("  p50 / max [s]", lambda k, p=part: f"{fmt(get(k, p, 'p50_s'))} / {fmt(get(k, p, 'max_s'))}"))
        rows.append(row(f"  failed (of {n})", lambda k, p=part: fmt(get(k, p, "failed"), "{}")))
        rows.append(row("  of them the room-full page", lambda k, p=part: fmt(get(k, p, "room_full"), "{}")))
        rows.append(
            row(
                "  whole server after, RSS [MB] (kernels)",
                lambda k, p=part: f"{fmt(get(k, p, 'whole_server_mb'), '{:.0f}')} ({get(k, p, 'kernels') or '-'})",
            )
        )
    for pages in (1, args.pages):
        part = f"ready_{pages}"
        rows.append(
            row(
                f"Chromium, {pages} page(s) at once: until ready, median [s]", lambda k, p=part: fmt(get(k, p, "p50_s"))
            )
        )
        rows.append(
            row(
                f"  max [s] (pages ready of {pages})",
                lambda k, p=part: f"{fmt(get(k, p, 'max_s'))} ({get(k, p, 'ok')})",
            )
        )
    for visit in ("first", "reload"):
        part = f"wire_{visit}"
        rows.append(
            row(
                f"wire, {visit} visit: kB in requests",
                lambda k, p=part: f"{fmt(get(k, p, 'kilobytes'), '{:.0f}')} in {get(k, p, 'requests')}",
            )
        )
    rows.append(
        row("idle kernel of an open page, RSS [MB]", lambda k: fmt(get(k, "browser", "idle_kernel_mb"), "{:.1f}"))
    )
    rows.append(row("pooled kernel waiting, RSS [MB]", lambda k: fmt(get(k, "browser", "pooled_kernel_mb"), "{:.1f}")))
    tables = [record.table("Every server in the same run", ["", *kinds], [list(r) for r in rows])]
    for kind in kinds:
        tour_figures = results[kind].get("browser", {}).get("tours")
        if tour_figures:
            tour_rows = [
                [item["tour"], f"{item['kernel_mb']:.1f}", item["browser_models"], f"{item['heap_mb']:.1f}"]
                for item in tour_figures
            ]
            columns = ["after tour", "kernel RSS [MB]", "browser widget models", "JS heap [MB]"]
            tables.append(record.table(f"{kind}: one participant, every module per tour", columns, tour_rows))
    return tables


def print_report(tables: list[dict]) -> None:
    for number, table in enumerate(tables):
        lines = [table["columns"], *table["rows"]]
        widths = [max(len(line[i]) for line in lines) for i in range(len(table["columns"]))]
        if number:
            print(f"\n{table['title']}")
        for index, line in enumerate(lines):
            cells = [f"{c:>{w}}" for c, w in zip(line[1:], widths[1:], strict=True)]
            print("  ".join([f"{line[0]:<{widths[0]}}", *cells]))
            if index == 0 and number == 0:
                print("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--room", type=int, default=30, help="the kit's pool (--pool-size), default %(default)s")
    parser.add_argument("--waves", type=int, nargs="*", default=[30, 100], help="arrivals at once (default 30 100)")
    parser.add_argument("--pages", type=int, default=10, help="Chromium pages opened at once (default %(default)s)")
    parser.add_argument("--tours", type=int, default=3, help="tours through every module (default %(default)s)")
    parser.add_argument(
        "--servers", nargs="*", default=["plain-trivial", "plain-typical", "coffeechat", "coffeechat-cold"]
    )
    parser.add_argument("--no-actions", action="store_true", help="skip the per-action kernel times")
    parser.add_argument("--arrivals-only", action="store_true", help="only the arrival waves (no Chromium phase)")
    parser.add_argument(
        "--serve-limit",
        action="store_true",
        help="arrivals keep serve's server-wide kernel limit (what memory holds; a room-full page is a failure)",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a page counts as failed")
    parser.add_argument("--json", action="store_true", help="also print every figure as JSON")
    parser.add_argument("--ports", metavar="FIRST-LAST", help="take the servers' ports from this range only")
    record.add_option(parser)
    args = parser.parse_args(argv)
    if args.ports:
        global PORTS
        first, _, last = args.ports.partition("-")
        PORTS = range(int(first), int(last or first) + 1)
    if not chromium.installed():
        parser.error(chromium.MISSING)
    workdir = Path(tempfile.mkdtemp(prefix="bench_voila_"))
    results: dict = {kind: {} for kind in args.servers}
    started = time.monotonic()
    try:
        for kind in args.servers:
            for n in args.waves:
                print(f"[{time.monotonic() - started:5.0f} s] {kind}: {n} arrivals", file=sys.stderr, flush=True)
                results[kind][f"arrivals_{n}"] = arrival_wave(kind, n, workdir, args)
            if args.arrivals_only:
                continue
            print(f"[{time.monotonic() - started:5.0f} s] {kind}: Chromium", file=sys.stderr, flush=True)
            results[kind]["browser"] = asyncio.run(browser_phase(kind, workdir, args))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    load = os.getloadavg()
    print(
        f"bench_voila: {psutil.cpu_count()} CPUs, load {load[0]:.1f} (1 min); pool {args.room}; "
        f"{time.monotonic() - started:.0f} s"
    )
    tables = report_tables(results, args)
    print_report(tables)
    actions = None
    if not args.no_actions:
        print()
        actions = bench_actions.measure(bench_actions.parser().parse_args(["--tours", "2"]))
        tables += actions["tables"]
    record.write(
        args.json_out,
        "bench_voila",
        tables,
        {"servers": results, "actions": actions},
        pool=args.room,
        waves=args.waves,
        pages=args.pages,
        seconds=round(time.monotonic() - started),
    )
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

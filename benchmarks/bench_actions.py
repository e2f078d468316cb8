#!/usr/bin/env python3
"""What each participant action costs their kernel, and how much memory the kernel holds after a tour.

    python benchmarks/bench_actions.py [--tours 3] [--pause 1] [--kernel participant|plain] [--json]
                                       [--json-out FILE]

Starts one real kernel (jupyter_client), as Voila would for a participant, and runs the app in it: start
with a new code, then ``--tours`` times through every module. Each action is a cell of its own, followed by
``--pause`` seconds in which the kernel is idle, as between a participant's clicks (the kit settles its heap
in such a pause, ``heap.py``). Every time is measured inside the kernel with ``time.perf_counter`` around
the action, so it includes building the widgets and sending every widget message (serialised and sent over
ZeroMQ, as in a served page); it excludes the browser.

Prints, per action, the first time (a cold kernel: lazy imports happen here) and the median of the later
times; then the kernel's RSS after start, after each tour and after the take-home PDF, and the number of
open widget models after each tour (a count that grows means widgets are leaking).

``--kernel participant`` (default) starts the kernel the way ``coffeechat serve`` does (the kit's kernel
spec, see ``serving.SHARE_JUPYTER``); ``--kernel plain`` starts Jupyter's stock ``python3`` kernel.
Never run as a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from jupyter_client.manager import KernelManager

sys.path.insert(0, str(Path(__file__).resolve().parent))
import record  # the benchmarks' own helper, beside this script

REPO = Path(__file__).resolve().parents[1]

SETUP = textwrap.dedent(
    r"""
    import gc, json, os, time
    from ipywidgets.widgets.widget import _instances

    def rss_mb():
        with open(f"/proc/{os.getpid()}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024

    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()) or ():
            yield from walk(child)

    def find(root, css_class):
        found = [n for n in walk(root) if css_class in getattr(n, "_dom_classes", ())]
        assert len(found) == 1, (css_class, len(found))
        return found[0]

    times, memory, widgets = {}, {}, []

    def timed(name, action):
        start = time.perf_counter()
        action()
        times.setdefault(name, []).append(1000 * (time.perf_counter() - start))

    memory["kernel started"] = rss_mb()
    from coffeechat.pages import app as app_module
    from coffeechat.content import load_workshop
    """
)

#: one participant action per cell, as a page sends one message per click; ``TOUR`` is the tour's number
BUILD = textwrap.dedent(
    """
    timed("build the app (start screen)", lambda: globals().update(root=app_module.app("")))
    app = next(o for o in gc.get_objects() if isinstance(o, app_module.WorkshopApp))  # before the kit freezes it
    """
)
START = textwrap.dedent(
    """
    memory["app shown"] = rss_mb()
    timed("start now (new code)", lambda: find(root, "cc-start-new").click())
    """
)
OPEN = 'timed("open {module}", lambda: app.go("{module}"))'
BUILDER = (
    'role = find(root, "cc-builder-contact-role")\n'
    'timed("builder: edit the contact\'s role", lambda: setattr(role, "value", "UX TOUR"))',
    'timed("builder: 30 minutes", lambda: setattr(find(root, "cc-builder-minutes"), "value", 30))',
    'timed("builder: 20 minutes", lambda: setattr(find(root, "cc-builder-minutes"), "value", 20))',
)
TICK = (
    'timed("tick done", lambda: setattr(find(root, "cc-module-done"), "value", True))',
    'timed("untick done", lambda: setattr(find(root, "cc-module-done"), "value", False))',
)
LANGUAGE = (
    'timed("language to en", lambda: setattr(find(root, "cc-language"), "value", "en"))',
    'timed("language to de", lambda: setattr(find(root, "cc-language"), "value", "de"))',
)
#: the participant edits the builder's request in the language on screen: the message tip's first check loads the
#: spelling dictionaries in a thread (views/message_tip.py); the kernel's memory once they are in
DRAFTS = textwrap.dedent(
    """
    import threading
    builder = next(o for o in gc.get_objects() if type(o).__name__ == "BuilderView" and o.lang == "LANG")
    builder.show_step(3)
    editor = next(e for e in builder.editors if e.kind == "outreach")
    mine = {
        "de": "Betreff\\n\\nGuten Tag Frau Weber,\\n\\nwir kennen uns vom Karrieretag. "
        "Hätten Sie 20 Minuten?\\n\\nViele Grüße\\nKim",
        "en": "Subject\\n\\nDear Ms Weber,\\n\\nWe met at the careers fair. "
        "Could you spare 20 minutes?\\n\\nBest wishes,\\nKim",
    }
    def edit():
        editor.text.value = mine["LANG"]
        editor.tip.check(editor.text.value)
    timed("builder: edit the request (its tip)", edit)
    for thread in threading.enumerate():
        if thread.name == "coffeechat-dictionaries":
            thread.join()
    memory["after editing a draft in LANG (its dictionaries loaded)"] = rss_mb()
    """
)
AFTER_TOUR = 'memory["after tour TOUR (every module)"] = rss_mb(); widgets.append(len(_instances))'
#: the take-home is the wrap-up's (the tour ends on the weeks after, which has its own files)
PDF = 'app.go("wrap-up"); timed("take-home PDF", lambda: find(root, "cc-take-home-pdf").click())'
RESULT = textwrap.dedent(
    """
    memory["idle, after two take-home PDFs"] = rss_mb()
    import sys
    watched = ("matplotlib", "numpy", "PIL", "reportlab", "pydantic", "yaml", "debugpy", "jupyter_server")
    heavy = sorted(m for m in watched if m in sys.modules)
    print("PROBE-RESULT" + json.dumps({"times": times, "memory": memory, "widgets": widgets, "modules": heavy}))
    """
)


def probe_cells(module_ids: list[str], tours: int) -> list[str]:
    """The cells a participant's session becomes: set-up, the start screen, then every action of every tour."""
    cells = [SETUP, BUILD, START]
    for tour in range(1, tours + 1):
        for module in module_ids:
            cells.append(OPEN.format(module=module))
            if module == "question-builder":
                cells.extend(cell.replace("TOUR", str(tour)) for cell in BUILDER)
                if tour == 1:  # German, then English: the memory with one language's dictionaries, then both
                    cells.extend([DRAFTS.replace("LANG", "de"), LANGUAGE[0], DRAFTS.replace("LANG", "en"), LANGUAGE[1]])
            cells.extend(TICK)
        cells.extend(LANGUAGE)
        cells.append(AFTER_TOUR.replace("TOUR", str(tour)))
    return [*cells, PDF, PDF, RESULT]


def kernel_environment(kind: str, data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env["COFFEECHAT_DATA_DIR"] = data_dir
    if kind == "participant":
        from coffeechat.server import serving

        env["JUPYTER_PATH"] = os.pathsep.join([str(serving.SHARE_JUPYTER), env.get("JUPYTER_PATH", "")]).rstrip(
            os.pathsep
        )
    return env


def run_cell(client, code: str) -> tuple[list[str], list[str]]:
    """Execute ``code`` in the kernel and wait until it is idle again: its printed text and its errors."""
    msg_id = client.execute(code, store_history=False)
    output, error = [], []
    while True:
        msg = client.get_iopub_msg(timeout=600)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "stream":
            output.append(msg["content"]["text"])
        elif kind == "error":
            error.append("\n".join(msg["content"]["traceback"]))
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            return output, error


def run_probe(kind: str, tours: int, pause: float, extra_env: dict[str, str] | None = None) -> dict:
    from coffeechat.content import load_workshop

    cells = probe_cells(list(load_workshop().module_ids), tours)
    with tempfile.TemporaryDirectory(prefix="bench_actions_") as data_dir:
        env = kernel_environment(kind, data_dir)
        env.update(extra_env or {})
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(env)  # the kernel spec is looked up on JUPYTER_PATH of this process
        try:
            manager = KernelManager(kernel_name="python3")
            manager.start_kernel(env=env, cwd=str(REPO / "notebooks"))
        finally:
            os.environ.clear()
            os.environ.update(saved)
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=120)
            for cell in cells:
                output, error = run_cell(client, cell)
                if error:
                    raise RuntimeError("the probe failed in the kernel:\n" + "\n".join(error))
                time.sleep(pause)  # a participant reads before the next click; the kit settles its heap meanwhile
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    line = next(x for x in "".join(output).splitlines() if x.startswith("PROBE-RESULT"))
    return json.loads(line[len("PROBE-RESULT") :])


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tours", type=int, default=3, help="tours through every module (default: %(default)s)")
    parser.add_argument("--kernel", choices=("participant", "plain"), default="participant")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="extra kernel environment")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between actions (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="also print all figures as JSON")
    record.add_option(parser)
    return parser


def measure(args: argparse.Namespace) -> dict:
    """Run the probe and print its report; the figures, with the report's tables under ``tables``."""
    extra = dict(item.split("=", 1) for item in args.env)
    result = run_probe(args.kernel, max(1, args.tours), max(0.0, args.pause), extra)
    print(f"bench_actions: one {args.kernel} kernel, {args.tours} tours, {args.pause:g} s between actions")
    print("kernel time per action [ms]")
    print(f"{'action':<40}{'first':>10}{'later, median':>16}{'later, max':>12}")
    times = []
    for name, samples in result["times"].items():
        later = samples[1:]
        median = f"{statistics.median(later):.1f}" if later else "-"
        worst = f"{max(later):.1f}" if later else "-"
        times.append([name, f"{samples[0]:.1f}", median, worst])
        print(f"{name:<40}{samples[0]:>10.1f}{median:>16}{worst:>12}")
    print(f"\n{'kernel RSS':<40}{'MB':>10}")
    for name, value in result["memory"].items():
        print(f"{name:<40}{value:>10.1f}")
    print(f"\nopen widget models after each tour: {result['widgets']}")
    print(f"heavy modules loaded in the kernel: {', '.join(result['modules']) or 'none'}")
    about = f"one {args.kernel} kernel, {args.tours} tours, {args.pause:g} s between actions"
    result["tables"] = [
        record.table(
            f"Kernel time per action [ms] ({about})", ["action", "first", "later, median", "later, max"], times
        ),
        record.table(
            "Kernel RSS",
            ["after", "MB"],
            [[name, f"{value:.1f}"] for name, value in result["memory"].items()]
            + [["open widget models after each tour", ", ".join(map(str, result["widgets"]))]],
        ),
    ]
    return result


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    result = measure(args)
    record.write(args.json_out, "bench_actions", result["tables"], result, tours=args.tours, kernel=args.kernel)
    if args.json:
        print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

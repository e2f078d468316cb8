"""How long a participant's kernel takes to show each module the first time (cold: fresh process each).

Prints, per module, the median over a few fresh Python processes of:
- build: constructing the module's view for a new participant (includes lazy imports such as matplotlib);
- again: constructing it a second time in the same process (what navigation back and forth costs).

This is the work a kernel does when a participant opens a module, and what a room of participants who
all press "start" at once multiplies. Run: ``python benchmarks/bench_views.py [--runs 5] [--json-out FILE]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import record  # the benchmarks' own helper, beside this script

PROBE = r"""
import json, sys, tempfile, time
from pathlib import Path
from coffeechat.pages.navigation import module_view
from coffeechat.content import load_workshop
from coffeechat.storage.journal import Journal
from coffeechat.models.session import Session

module_id = sys.argv[1]
session = Session(load_workshop(), Journal(Path(tempfile.mkdtemp()) / "journal.sqlite3"))
session.start_new()
start = time.perf_counter()
module_view(module_id, session, on_erased=lambda: None)
build = time.perf_counter() - start
start = time.perf_counter()
module_view(module_id, session, on_erased=lambda: None)
again = time.perf_counter() - start
print(json.dumps({"build": build, "again": again}))
"""


def measure(module_id: str, runs: int) -> dict[str, float]:
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE, module_id], capture_output=True, text=True, check=True)
        samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(s[key] for s in samples) for key in ("build", "again")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per module (default: %(default)s)")
    record.add_option(parser)
    args = parser.parse_args(argv)
    from coffeechat.content import load_workshop

    print(f"bench_views: median of {args.runs} fresh processes per module, a new participant")
    print(f"{'module':<26}{'first open [ms]':>17}{'again [ms]':>12}")
    rows = []
    for module_id in load_workshop().module_ids:
        figures = measure(module_id, args.runs)
        rows.append([module_id, f"{figures['build'] * 1000:.1f}", f"{figures['again'] * 1000:.1f}"])
        print(f"{module_id:<26}{figures['build'] * 1000:>17.1f}{figures['again'] * 1000:>12.1f}")
    title = f"A module's view in a participant's kernel: median of {args.runs} fresh processes"
    columns = ["module", "first open [ms]", "again [ms]"]
    record.write(args.json_out, "bench_views", [record.table(title, columns, rows)], runs=args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How long does the offline question check take per question? Issue 30's budget is 50 ms. Prints figures; not a
test.

    python benchmarks/bench_question_checks.py [--repeat 20] [--json-out FILE]

Checks every question of the unit tests' test set (``tests/unit/test_question_checks.py``, German and English,
good and faulty) ``--repeat`` times, and texts nobody should type but someone may paste: 10,000 characters of
words, of one letter, of question marks, of emoji and of HTML. The first check of a kernel also compiles the
content's patterns: it is measured on its own ("first check"). Each check is timed twice: on the wall clock, as
a participant waits, and in the thread's own CPU time, which a busy machine does not stretch (on the shared
2-core machine a wall-clock maximum is mostly the time the process was not scheduled).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(REPO))
import record  # noqa: E402 - the benchmarks' own helper, beside this script

from coffeechat.content import load_workshop  # noqa: E402
from coffeechat.models import question_checks  # noqa: E402
from tests.unit.test_question_checks import FAULTY, GOOD  # noqa: E402 - the test set, one source

BUDGET_MS = 50.0

PASTED = {
    "10,000 characters of words (de)": ("de", ("Ist die Arbeit abwechslungsreich und warum haben Sie " * 300)[:10_000]),
    "10,000 characters of words (en)": ("en", ("Is the work varied and why did you leave " * 300)[:10_000]),
    "10,000 times one letter": ("en", "a" * 10_000),
    "10,000 characters of question marks": ("de", "? " * 5_000),
    "10,000 characters of emoji": ("en", "🙂🎉? " * 2_500),
    "10,000 characters of HTML": ("en", ("<div class='x'><b>Is</b> it <i>good</i>?</div>" * 250)[:10_000]),
}


def timed(text: str, language: str, rules) -> tuple[float, float]:
    """Wall-clock and thread CPU milliseconds of one check."""
    start, cpu = time.perf_counter(), time.thread_time()
    question_checks.check_question(text, language, rules)
    return (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    record.add_option(parser)
    args = parser.parse_args()
    rules = load_workshop().question_checks

    question_checks._compiled.cache_clear()
    question_checks._folded.cache_clear()
    first, first_cpu = timed("Ist die Arbeit abwechslungsreich?", "de", rules)

    cases = {
        f"test set, {language}": [
            (language, question) for question in [*GOOD[language], *(q for q, _ in FAULTY[language])]
        ]
        for language in ("de", "en")
    }
    cases.update({label: [case] for label, case in PASTED.items()})
    first_cells = [f"{first:.2f}"] * 3 + [f"{first_cpu:.2f}"] * 2
    rows = [["first check (patterns compiled)", *first_cells, 1]]
    print(f"first check, patterns compiled: {first:6.2f} ms ({first_cpu:.2f} ms CPU)")
    worst_of_all = worst_cpu_of_all = first_cpu
    for label, texts in cases.items():
        both = [timed(text, language, rules) for _ in range(args.repeat) for language, text in texts]
        wall, cpu = sorted(w for w, _ in both), sorted(c for _, c in both)
        median, p95, worst = statistics.median(wall), wall[max(int(len(wall) * 0.95) - 1, 0)], wall[-1]
        cpu_p95, cpu_worst = cpu[max(int(len(cpu) * 0.95) - 1, 0)], cpu[-1]
        worst_of_all, worst_cpu_of_all = max(worst_of_all, worst), max(worst_cpu_of_all, cpu_worst)
        rows.append(
            [label, f"{median:.2f}", f"{p95:.2f}", f"{worst:.2f}", f"{cpu_p95:.2f}", f"{cpu_worst:.2f}", len(wall)]
        )
        print(
            f"{label:38}: median {median:6.2f} ms   p95 {p95:6.2f} ms   max {worst:6.2f} ms   "
            f"CPU p95 {cpu_p95:6.2f} ms   CPU max {cpu_worst:6.2f} ms   ({len(wall)} checks)"
        )
    verdict = "within" if worst_cpu_of_all < BUDGET_MS else "OVER"
    print(
        f"slowest check {worst_cpu_of_all:.2f} ms of CPU ({worst_of_all:.2f} ms on the wall clock, load "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores): {verdict} the budget of {BUDGET_MS:.0f} ms per question"
    )
    columns = ["case", "median [ms]", "p95 [ms]", "max [ms]", "CPU p95 [ms]", "CPU max [ms]", "checks"]
    record.write(args.json_out, "bench_question_checks", [record.table("check_question per question", columns, rows)])


if __name__ == "__main__":
    main()

"""How long does the offline message check take per message, and how long do its dictionaries take to load? Issue
30's budget is 200 ms per message. Prints figures; not a test.

    python benchmarks/bench_message_checks.py [--repeat 5] [--json-out FILE]

First the loads, each once as a kernel meets it: every Hunspell dictionary the content names (spylls reading the
system's files) and pyphen's hyphenation dictionaries. Then every message of the unit tests' test set
(``tests/unit/test_message_checks.py``), every draft the kit writes filled with the builder's examples, and texts
nobody should send but someone may paste (10,000 characters of words, of made-up words, of emoji, of HTML).
The first pass over the test set meets every word for the first time (the look-ups are remembered per word and
kernel): it is printed on its own ("first pass"). Each check is timed on the wall clock and in the thread's own
CPU time, which a busy machine does not stretch.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(REPO))
import record  # noqa: E402 - the benchmarks' own helper, beside this script

from coffeechat.content import load_workshop  # noqa: E402
from coffeechat.models import message_checks, outreach  # noqa: E402
from tests.unit.test_message_checks import CASES, CHANNELS, KNOWN, kit_drafts  # noqa: E402 - the test set, one source

BUDGET_MS = 200.0

#: words no dictionary knows, each new: every one is looked up (up to message_checks.MAX_WORDS_SPELLED)
MADE_UP = ["".join(random.Random(n).choices("bdfgklmnprstvwzaeiou", k=9)).capitalize() for n in range(1000)]

#: long German compounds, each new: the slowest words to look up (a budget stops the spelling check in time)
COMPOUNDS = [
    first + second
    for first in ("Arbeits", "Verkehrs", "Planungs", "Gesundheits", "Beratungs", "Stadt", "Bahn", "Schul", "Kunden")
    for second in ("entwicklung", "verwaltung", "gesellschaft", "abteilung", "leitung", "forschung", "versorgung")
]

PASTED = {
    "63 new long German compounds": ("de", " ".join(COMPOUNDS)),
    "10,000 characters of words (de)": (
        "de",
        ("Hätten Sie 20 Minuten für ein Gespräch über Ihre Arbeit? " * 200)[:10_000],
    ),
    "10,000 characters of words (en)": (
        "en",
        ("Could you spare 20 minutes for a chat about your work? " * 200)[:10_000],
    ),
    "10,000 characters of made-up words": ("de", " ".join(MADE_UP)[:10_000]),
    "10,000 characters of emoji": ("en", "🙂🎉 " * 3_333),
    "10,000 characters of HTML": ("en", ("<div class='x'><b>Hi</b> Sam, <i>20 minutes</i>?</div>" * 200)[:10_000]),
}


def timed(call) -> tuple[float, float]:
    """Wall-clock and thread CPU milliseconds of one call."""
    start, cpu = time.perf_counter(), time.thread_time()
    call()
    return (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    record.add_option(parser)
    args = parser.parse_args()
    workshop = load_workshop()
    rules = workshop.message_checks

    rows = []
    print("loads (once per kernel and language, on the first check that needs them):")
    for language, own in rules.languages.items():
        for name in own.spelling.dictionaries:
            wall, cpu = timed(lambda name=name: message_checks.dictionary(name))
            state = "loaded" if message_checks.dictionary(name) is not None else "NOT INSTALLED"
            print(f"  Hunspell {name:6} ({language}): {wall:7.0f} ms ({cpu:.0f} ms CPU), {state}")
            rows.append([f"load Hunspell {name}", f"{wall:.0f}", "", f"{wall:.0f}", "", f"{cpu:.0f}", 1])
        wall, cpu = timed(lambda own=own: message_checks._hyphenator(own.readability.hyphenation))
        print(f"  pyphen {own.readability.hyphenation:8} ({language}): {wall:7.0f} ms ({cpu:.0f} ms CPU)")
        rows.append(
            [f"load pyphen {own.readability.hyphenation}", f"{wall:.0f}", "", f"{wall:.0f}", "", f"{cpu:.0f}", 1]
        )

    def check(language, channel, text, options):
        return lambda: message_checks.check_message(
            text, channel, language, rules, known=KNOWN.get(language, ()), **options
        )

    test_set = [
        check(language, CHANNELS[channel], text, options)
        for language, cases in CASES.items()
        for channel, text, _, options in cases
    ]
    drafts = []
    for language, request, kind, channel, made in kit_drafts():
        first = not outreach.kind_of(workshop, kind).existing_contact
        known = [request.contact_name, request.contact_first_name, request.contact_role, request.field,
                 request.my_situation, request.connection]  # fmt: skip
        options = {"first_contact": first, "name": request.my_name}
        drafts.append(
            lambda made=made, language=language, channel=channel, known=known, options=options: (
                message_checks.check_message(made.body, channel, language, rules, known=known, **options)
            )
        )
    cases = {
        "first pass, test set (every word new)": (test_set, 1),
        "test set": (test_set, args.repeat),
        "the kit's drafts": (drafts, args.repeat),
    }
    for label, (language, text) in PASTED.items():
        cases[label] = ([check(language, CHANNELS["email"], text, {})], args.repeat)

    print("checks:")
    worst_cpu_of_all = worst_of_all = 0.0
    for label, (calls, repeat) in cases.items():
        both = [timed(call) for _ in range(repeat) for call in calls]
        wall, cpu = sorted(w for w, _ in both), sorted(c for _, c in both)
        median, p95, worst = statistics.median(wall), wall[max(int(len(wall) * 0.95) - 1, 0)], wall[-1]
        cpu_p95, cpu_worst = cpu[max(int(len(cpu) * 0.95) - 1, 0)], cpu[-1]
        worst_of_all, worst_cpu_of_all = max(worst_of_all, worst), max(worst_cpu_of_all, cpu_worst)
        rows.append(
            [label, f"{median:.1f}", f"{p95:.1f}", f"{worst:.1f}", f"{cpu_p95:.1f}", f"{cpu_worst:.1f}", len(wall)]
        )
        print(
            f"  {label:40}: median {median:7.1f} ms   p95 {p95:7.1f} ms   max {worst:7.1f} ms   "
            f"CPU p95 {cpu_p95:7.1f} ms   CPU max {cpu_worst:7.1f} ms   ({len(wall)} checks)"
        )
    verdict = "within" if worst_cpu_of_all < BUDGET_MS else "OVER"
    print(
        f"slowest check {worst_cpu_of_all:.1f} ms of CPU ({worst_of_all:.1f} ms on the wall clock, load "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores), dictionaries loaded: {verdict} the budget of "
        f"{BUDGET_MS:.0f} ms per message"
    )
    columns = ["case", "median [ms]", "p95 [ms]", "max [ms]", "CPU p95 [ms]", "CPU max [ms]", "checks"]
    record.write(args.json_out, "bench_message_checks", [record.table("check_message per message", columns, rows)])


if __name__ == "__main__":
    main()

"""How long does the question builder take to build a plan from a large bank? Prints figures; not a test.

    python benchmarks/bench_builder.py [--questions 1000] [--repeat 200] [--json-out FILE]

The real bank is multiplied (new ids, same families, goals and minutes) up to --questions, then plans are
built for requests that cycle through every goal, relationship, duration and fear, with and without edits.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

from coffeechat.content import load_workshop
from coffeechat.models.builder import PlanEdits, PlanRequest, build_plan

sys.path.insert(0, str(Path(__file__).resolve().parent))
import record  # the benchmarks' own helper, beside this script


def big_bank(size: int):
    workshop = load_workshop()
    bank = workshop.bank
    originals = bank.questions
    questions = [
        original.model_copy(update={"id": f"{original.id}-{copy}"})
        for copy, original in zip(range(size), itertools.cycle(originals))
    ]
    questions = [q.model_copy(update={"id": f"q{index}-{q.id}"}) for index, q in enumerate(questions)]
    return workshop, bank.model_copy(update={"questions": tuple(questions)})


def requests(workshop, bank):
    goals = [g.id for g in bank.goals]
    fears = [None] + [f.id for f in workshop.fears]
    combos = itertools.product(
        [(goals[i], goals[(i + 1) % len(goals)]) for i in range(len(goals))],
        [r.id for r in bank.relationships],
        bank.durations,
        fears,
    )
    for seed, (goal_pair, relationship, minutes, fear) in enumerate(combos):
        yield PlanRequest(goals=goal_pair, relationship=relationship, minutes=minutes, fear=fear, seed=seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=200)
    record.add_option(parser)
    args = parser.parse_args()
    rows = []
    workshop, bank = big_bank(args.questions)
    cases = list(itertools.islice(itertools.cycle(requests(workshop, bank)), args.repeat))
    for label, make_edits in (("no edits", lambda plan: None), ("with edits", edits_for)):
        timings = []
        for request in cases:
            edits = make_edits(build_plan(bank, request))
            start = time.perf_counter()
            plan = build_plan(bank, request, edits)
            timings.append((time.perf_counter() - start) * 1000)
            assert plan.total_minutes <= request.minutes or edits
        timings.sort()
        median, p95, worst = statistics.median(timings), timings[int(len(timings) * 0.95) - 1], timings[-1]
        rows.append([label, f"{median:.2f}", f"{p95:.2f}", f"{worst:.2f}", len(timings)])
        print(
            f"build_plan, {len(bank.questions)} questions, {label:10}: "
            f"median {median:6.2f} ms   p95 {p95:6.2f} ms   max {worst:6.2f} ms   ({len(timings)} plans)"
        )
    title = f"build_plan on a bank of {len(bank.questions)} questions"
    columns = ["case", "median [ms]", "p95 [ms]", "max [ms]", "plans built"]
    record.write(args.json_out, "bench_builder", [record.table(title, columns, rows)])


def edits_for(plan) -> PlanEdits:
    edits = PlanEdits()
    if plan.questions:
        edits = edits.remove(plan.questions[0].id)
    if len(plan.questions) > 1:
        edits = edits.toggle_star(plan.questions[1].id).reword(plan.questions[1].id, "Eigene Fassung")
    return edits.add_own("Was würden Sie heute anders machen?", "advice", 2)


if __name__ == "__main__":
    main()

"""Does a participant's kernel give back what each screen held, without a pause the participant would feel?"""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from coffeechat.pages import heap
from coffeechat.pages.app import WorkshopApp
from tests.conftest import find


def run_in_a_loop_of_its_own(coroutine):
    """``asyncio.run`` in a thread: an earlier test (Playwright's sync API) may have left this thread a loop."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def gave_back(monkeypatch) -> list[float]:
    """The moments the kit gives back (it still does: the real ``give_back`` runs)."""
    given: list[float] = []
    real = heap.give_back

    def give_back():
        real()
        given.append(asyncio.get_running_loop().time())

    monkeypatch.setattr(heap, "give_back", give_back)
    return given


async def until(condition, seconds: float = 30) -> None:
    """Let the loop run until ``condition`` holds (checked every 10 ms); fail after ``seconds``."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "the condition never held"
        await asyncio.sleep(0.01)


def test_once_a_screen_has_settled_nothing_of_the_screens_before_is_left_in_memory(workshop, journal, monkeypatch):
    """Dropped screens hold themselves in cycles that Python frees only in a rare full collection; the kit
    collects them a moment after each screen change. Without that, a collection afterwards finds them."""
    monkeypatch.setattr(heap, "SETTLE_SECONDS", 0.05)
    given = gave_back(monkeypatch)

    async def tour() -> int:
        app = WorkshopApp(workshop, journal)
        find(app.root, "cc-start-new").click()
        for module_id in workshop.module_ids:
            app.go(module_id)
        app.header.language.value = "en"
        count = len(given)
        await until(lambda: len(given) > count)  # the last screen has settled and the kit gave back
        return gc.collect()

    gc.collect()
    assert run_in_a_loop_of_its_own(tour()) == 0


def test_many_screen_changes_in_one_moment_give_back_once(monkeypatch):
    """Quick clicks through the stepper pay for one collection, after the last of them. The clicks come one
    loop turn apart, not a fixed time apart: on a busy machine clicks 10 ms apart took longer than the settle
    time and rightly gave back twice (a flaky test, not a bug)."""
    monkeypatch.setattr(heap, "SETTLE_SECONDS", 0.1)
    given: list[float] = []
    monkeypatch.setattr(heap, "give_back", lambda: given.append(asyncio.get_running_loop().time()))

    async def clicks():
        start = asyncio.get_running_loop().time()
        for _ in range(5):
            heap.give_back_soon()
            await asyncio.sleep(0)  # the loop runs between two clicks
        await until(lambda: given)
        assert len(given) == 1 and heap._pending.when() <= asyncio.get_running_loop().time(), "nothing else is due"
        heap.give_back_soon()
        await until(lambda: len(given) == 2)
        return start

    start = run_in_a_loop_of_its_own(clicks())
    assert len(given) == 2, "one for the quick clicks, one for the click after them"
    assert given[0] - start >= 0.1


def test_after_the_first_screen_the_collector_walks_only_what_later_screens_make(tmp_path):
    """A full collection walks every object that is not frozen: 50-80 ms for the whole kernel, a pause on every
    screen. The app freezes what lasts (modules, content, journal, frame) once its first screen has settled."""
    first_screen = (
        "import asyncio, gc\n"
        "from coffeechat.pages import heap\n"
        "from coffeechat.pages.app import app\n"
        "heap.SETTLE_SECONDS = 0.05\n"
        "settled, real_settled = [], heap._settled\n"
        "heap._settled = lambda: (real_settled(), settled.append(True))\n"
        "async def visit():\n"
        "    app('')\n"
        "    while not settled:  # the first screen has settled: what lasts is frozen\n"
        "        await asyncio.sleep(0.01)\n"
        "asyncio.run(visit())\n"
        "print(gc.get_freeze_count(), len(gc.get_objects()))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", first_screen],
        env={**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    frozen, walked = int(shown[0]), int(shown[1])
    assert walked * 10 < frozen, f"{walked} objects walked by each collection, {frozen} kept for good"


def test_a_pooled_kernel_waits_for_its_visitor_with_what_lasts_frozen(tmp_path):
    """A kernel in the pool prepares the content and the views, then waits; it waits lean."""
    pooled = (
        "import gc\n"
        "from coffeechat.pages import visitor\n"
        "from coffeechat.pages.app import app\n"
        "visitor.wait_for_visitor = lambda: print(gc.get_freeze_count() > 10 * len(gc.get_objects()))\n"
        "app()\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", pooled],
        env={**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path), "VOILA_PREHEAT": "True"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert shown[0] == "True"

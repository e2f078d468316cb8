"""Is the harness written once? Chromium's path and flags live in tests/harness/ and nowhere else in the tests
or the benchmarks, so a flag changed there reaches every test and every benchmark."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HARNESS = REPO / "tests" / "harness"
#: what a copy of the harness would spell out: Chromium's path and the flags it is launched with
SPELLED = ("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")


def python_files() -> list[Path]:
    return [
        path
        for folder in ("tests", "benchmarks")
        for path in sorted((REPO / folder).rglob("*.py"))
        if not path.is_relative_to(HARNESS)
    ]


def test_does_only_the_harness_spell_chromiums_path_and_flags():
    copies = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in python_files()
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(word in line for word in SPELLED)
    ]
    assert copies == [], "use tests/harness/chromium.py (PATH, ARGS, launch) instead of a copy:\n" + "\n".join(copies)


def test_does_the_harness_launch_chromium_with_the_flags_the_tests_rely_on():
    from tests.harness import chromium

    assert chromium.PATH == "/usr/bin/chromium"
    assert {"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"} <= set(chromium.ARGS)


def test_does_a_free_port_from_a_range_skip_the_ones_taken():
    from tests.harness.ports import free_port

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RuntimeError, match=f"no free port in {port}-{port}"):
            free_port(range(port, port + 1))
    assert free_port(range(port, port + 1)) == port, "free again once its socket is closed"


def test_does_a_server_that_exits_before_it_listens_fail_with_its_log(tmp_path):
    from tests.harness.ports import ServerDidNotStart
    from tests.harness.serve import Server

    argv = [sys.executable, "-c", "print('Datenverzeichnis fehlt'); raise SystemExit(3)", "--port", "1"]
    with pytest.raises(ServerDidNotStart, match=r"(?s)exited \(code 3\).*Datenverzeichnis fehlt"):
        Server(argv, tmp_path / "serve.log", seconds=30)


def test_do_the_files_that_share_the_walks_run_on_one_worker_and_every_other_file_on_one():
    from conftest import work_unit

    walks = {
        work_unit(f"tests/browser/{name}::test_x[de-390x844]")
        for name in ("test_accessibility.py", "test_scrolling.py", "test_screens.py")
    }
    assert len(walks) == 1
    assert work_unit("tests/browser/test_room.py::test_a") == work_unit("tests/browser/test_room.py::test_b[1]")
    assert work_unit("tests/browser/test_room.py::test_a") != work_unit("tests/browser/test_room_end.py::test_a")
    assert work_unit("tests/unit/test_builder.py::test_a") not in walks


def test_does_playwrights_sync_api_still_leave_its_loop_running_on_the_thread():
    """The fence of conftest.outside_playwrights_loop: once this fails, Playwright leaves no loop behind and the
    fixture can go. (In a process of its own: this worker may run Playwright's session already.)"""
    probe = (
        "import asyncio\n"
        "from playwright.sync_api import sync_playwright\n"
        "playwright = sync_playwright().start()\n"
        "print(asyncio._get_running_loop() is not None)\n"
        "playwright.stop()\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert ran.stdout.strip() == "True", "Playwright no longer leaves its loop running: drop the fixture"


def test_does_a_test_after_the_browsers_session_meet_no_loop_and_see_a_tip_at_once(session):
    """A unit test a worker runs after a browser test checks a message at once, as in a worker without one (the
    CI of stop 41 failed on a tip armed on Playwright's loop)."""
    from coffeechat.views.builder import BuilderView
    from coffeechat.views.status import kernel_later
    from conftest import no_running_loop

    leftover = asyncio.new_event_loop()
    asyncio._set_running_loop(leftover)  # what Playwright's session leaves on the thread
    try:
        assert kernel_later() is not None, "the leftover loop is seen as running"
        with no_running_loop():
            assert kernel_later() is None
            view = BuilderView(session, "question-builder")
            editor = next(e for e in view.editors if e.kind == "outreach")
            editor.text.value = "Hallo, hätten Sie Zeit für einen Kaffee?"
            assert editor.tip.flag is not None, "checked at once, not armed on a loop nobody turns"
        assert asyncio._get_running_loop() is leftover, "Playwright finds its loop again after the test"
    finally:
        asyncio._set_running_loop(None)
        leftover.close()

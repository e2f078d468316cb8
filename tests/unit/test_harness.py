"""Is the harness written once? Chromium's path and flags live in tests/harness/ and nowhere else in the tests
or the benchmarks, so a flag changed there reaches every test and every benchmark."""

from __future__ import annotations

import socket
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


class _Worker:
    """A pytest-xdist worker as the scheduler sees it: it is sent the indexes of the tests to run."""

    def __init__(self, name: str):
        from types import SimpleNamespace

        self.gateway = SimpleNamespace(id=name)
        self.shutting_down = False
        self.sent: list[int] = []

    def send_runtest_some(self, indexes: list[int]) -> None:
        self.sent += indexes

    def shutdown(self) -> None:
        pass


def test_does_make_test_hand_out_the_browser_tier_first_so_its_long_files_never_come_last():
    """``make test``'s order: a browser file of one two-minute test first, the many short unit tests after it
    (pytest-xdist's own order, most tests first, handed that file out last, to one worker while the other idled)."""
    from types import SimpleNamespace

    from conftest import pytest_xdist_make_scheduler, queue_rank

    assert queue_rank("tests/browser/test_room.py") < queue_rank("tests/integration/test_esm.py")
    assert queue_rank("notebooks/00-welcome.ipynb") == queue_rank("tests/integration/test_esm.py")
    assert queue_rank("tests/integration/test_esm.py") < queue_rank("tests/unit/test_outreach.py")
    values = {"dist": "loadfile", "tx": ["2*popen"]}
    config = SimpleNamespace(getvalue=values.get, option=SimpleNamespace(loadscopereorder=True))
    scheduler = pytest_xdist_make_scheduler(config, None)
    # what every worker collected (browser first: pytest_collection_modifyitems sorts a worker's items)
    collection = ["tests/browser/test_room.py::test_a_room"]
    collection += [f"tests/unit/test_outreach.py::test_{n}" for n in range(5)]
    collection += [f"tests/unit/test_room.py::test_{n}" for n in range(3)]
    collection += [f"tests/unit/test_app.py::test_{n}" for n in range(3)]
    workers = [_Worker("gw0"), _Worker("gw1")]
    for worker in workers:
        scheduler.add_node(worker)
        scheduler.add_node_collection(worker, collection)
    scheduler.schedule()
    first = collection[workers[0].sent[0]].split("::")[0]
    assert first == "tests/browser/test_room.py", f"the first worker starts with {first}"

"""Test-wide setup: every test run writes participant data and caches into throw-away folders, never the real ones."""

import asyncio
import contextlib
import os
import tempfile

os.environ["COFFEECHAT_DATA_DIR"] = tempfile.mkdtemp(prefix="coffeechat-test-data-")
os.environ.pop("COFFEECHAT_DATABASE_URL", None)  # a developer's shared journal is never a test's; tests set their own
os.environ["COFFEECHAT_CACHE_DIR"] = tempfile.mkdtemp(prefix="coffeechat-test-cache-")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

#: the tiers, by folder: ``make test-fast`` runs the first, ``make test`` all three
TIERS = {
    "tests/unit": "unit",
    "tests/integration": "integration",
    "notebooks": "integration",
    "tests/browser": "browser",
}

#: test files that share more than a module's fixtures, by the name of what they share: pytest-xdist gives each
#: group to one worker, as it gives every other file to one worker (``--dist loadfile``)
SHARED_WORKER = {
    "tests/browser/test_accessibility.py": "the walks through the app (tests/browser/walks.py)",
    "tests/browser/test_scrolling.py": "the walks through the app (tests/browser/walks.py)",
    "tests/browser/test_screens.py": "the walks through the app (tests/browser/walks.py)",
}


def work_unit(nodeid: str) -> str:
    """What one pytest-xdist worker runs as a whole: the test's file, or the group its file shares."""
    path = nodeid.split("::", 1)[0]
    return SHARED_WORKER.get(path, path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` with :data:`SHARED_WORKER`'s groups. (Not ``--dist loadgroup`` and marks: with pytest
    9.2 that mode silently distributes marked tests one by one, https://github.com/pytest-dev/pytest-xdist/issues/1386.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileOrGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return FileOrGroupScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """Mark each test with its tier from the folder it lives in; a test outside the tiers' folders fails."""
    root = config.rootpath
    for item in items:
        where = item.path.relative_to(root).as_posix()
        tier = next((tier for folder, tier in TIERS.items() if where.startswith(folder + "/")), None)
        if tier is None:
            raise pytest.UsageError(f"{where}: put the test into one of the tiers' folders: {', '.join(TIERS)}")
        item.add_marker(tier)


@contextlib.contextmanager
def no_running_loop():
    """Run the block as code runs outside a kernel, with no event loop running on this thread; the loop that
    ran before (Playwright's, see :func:`outside_playwrights_loop`) runs again after it."""
    running = asyncio._get_running_loop()  # low-level, but exported: asyncio.events.__all__
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(running)


@pytest.fixture(autouse=True)
def outside_playwrights_loop(request):
    """Every test outside the browser tier runs with no event loop running, as in a worker that ran no browser.

    Upstream: Playwright's sync API drives its event loop inside a greenlet on the calling thread and leaves it
    marked running on that thread for as long as pytest-playwright's session lasts
    (https://github.com/microsoft/playwright-python/issues/1073: "if you have an async event loop running, you
    need to use the async api"). A unit test that a worker ran after a browser test met that loop: a message tip
    armed its pause on it, which nothing turned (the CI of stop 41), and ``asyncio.run`` refused to start. The
    fence, tests/unit/test_harness.py, fails once Playwright stops doing so: then this fixture can go.
    """
    if request.node.get_closest_marker("browser") is not None:
        yield
        return
    with no_running_loop():
        yield

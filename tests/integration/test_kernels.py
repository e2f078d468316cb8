"""Kernel shutdown waits until the kernel has handled what the page sent just before it left."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient

from coffeechat.server.kernels import PatientKernelManager
from coffeechat.upstream import jupyter_server


async def last_words_survive(manager_class, tmp_path: Path) -> bool:
    """Queue work that takes a moment (like the last keystrokes being saved), shut down, see if it finished."""
    manager = manager_class(connection_dir=str(tmp_path))
    kernel_id = await manager.start_kernel(kernel_name="python3")
    client = kernel_client(manager.get_kernel(kernel_id))
    try:
        await client.wait_for_ready(timeout=60)
        marker = tmp_path / "saved.txt"
        # the work takes a second (Jupyter's own manager stops the kernel well within it); shut down once it began
        msg_id = client.execute(f"import time; time.sleep(1); open({str(marker)!r}, 'w').write('saved')")
        await state_reported(client, msg_id, "busy")
        await manager.shutdown_kernel(kernel_id)
        return marker.exists()
    finally:
        client.stop_channels()
        await manager.shutdown_all(now=True)


def kernel_client(kernel) -> AsyncKernelClient:
    """A client of the kernel's own manager: it asks the process whether the kernel lives, not the heartbeat,
    which misses its beat on a busy machine ("Kernel died before replying to kernel_info")."""
    client = kernel.client()
    client.start_channels()
    return client


async def state_reported(client: AsyncKernelClient, msg_id: str, state: str, seconds: float = 60) -> None:
    """Wait until the kernel reports ``state`` (busy, idle) for the request ``msg_id`` on its output."""
    deadline = time.monotonic() + seconds
    while True:
        message = await client.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if (
            message["parent_header"].get("msg_id") == msg_id
            and message["msg_type"] == "status"
            and message["content"]["execution_state"] == state
        ):
            return


async def shell_reply(client: AsyncKernelClient, msg_id: str, seconds: float = 60) -> None:
    """Wait until the request ``msg_id`` is answered."""
    deadline = time.monotonic() + seconds
    while (await client.get_shell_msg(timeout=max(0.01, deadline - time.monotonic())))["parent_header"].get(
        "msg_id"
    ) != msg_id:
        pass


class Recorder(logging.Handler):
    """Keeps the warnings a manager logs about its kernels' messages (the watch logs a forged one)."""

    def __init__(self, kept: list[str]):
        super().__init__(logging.WARNING)
        self.kept = kept

    def emit(self, record: logging.LogRecord) -> None:
        if "wrong signature" in record.getMessage():
            self.kept.append(record.getMessage())


async def until(condition, seconds: float = 30) -> None:
    """Poll ``condition`` (without blocking the loop the watch runs in) until it holds; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(0.01)


def run(coroutine_function, *args):
    """Run a coroutine in a thread of its own (the browser tests keep an event loop running in this one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args))).result()


def test_a_kernel_finishes_its_queued_work_before_it_is_shut_down(tmp_path: Path):
    """With Jupyter's own AsyncMappingKernelManager the same queued work is lost (the kernel stops mid-sleep)."""
    assert run(last_words_survive, PatientKernelManager, tmp_path)


async def shutdown_seconds_of_a_dead_kernel(tmp_path: Path) -> float:
    manager = PatientKernelManager(connection_dir=str(tmp_path))
    kernel_id = await manager.start_kernel(kernel_name="python3")
    try:
        kernel = manager.get_kernel(kernel_id)
        kernel.provisioner.process.kill()  # the kernel died, as when the machine ran out of memory
        kernel.provisioner.process.wait()
        start = time.monotonic()
        await manager.shutdown_kernel(kernel_id)
        return time.monotonic() - start
    finally:
        await manager.shutdown_all(now=True)


def test_a_dead_kernel_is_shut_down_without_waiting_for_it(tmp_path: Path):
    """Nothing to save in a dead kernel: no settling, no asking (that used to add seconds to each such shutdown)."""
    assert run(shutdown_seconds_of_a_dead_kernel, tmp_path) < 2 * PatientKernelManager.settle_seconds.default_value


async def kernels_left_after_stopping_while_one_launches(tmp_path: Path) -> tuple[list[str], list[int]]:
    """Stop the server (shutdown_all) while a kernel is still being launched, as when the pool refills."""
    manager = PatientKernelManager(connection_dir=str(tmp_path))
    running = await manager.start_kernel(kernel_name="python3")
    launching = asyncio.ensure_future(manager.start_kernel(kernel_name="python3"))
    while not manager._pending_kernels:  # noqa: ASYNC110 - jupyter_server's manager has no event for it
        await asyncio.sleep(0)
    pids = [manager.get_kernel(running).provisioner.process.pid]
    try:
        await manager.shutdown_all()
    finally:
        await asyncio.wait([launching], timeout=60)
    pids += [manager.get_kernel(kid).provisioner.process.pid for kid in manager.list_kernel_ids()]
    left = manager.list_kernel_ids()
    await manager.shutdown_all(now=True)
    return left, pids


def test_stopping_the_server_while_a_kernel_launches_stops_every_kernel(tmp_path: Path):
    """jupyter_client's shutdown_all names a kernel still being launched; jupyter_server's shutdown_kernel
    answered 404 for it, so Voila's stop raised (exit code 1 on SIGTERM) and that kernel lived on."""
    left, _ = run(kernels_left_after_stopping_while_one_launches, tmp_path)
    assert left == []


FORGE_IDLE = (
    "from jupyter_client.session import Session; "
    "Session(key=b'not-the-kernel-key').send(get_ipython().kernel.iopub_socket, 'status', "
    "{'execution_state': 'idle'}, parent={'header': {'msg_type': 'execute_request', 'msg_id': 'x'}})"
)


async def activity_seen_by_the_server(tmp_path: Path) -> dict:
    """What the server's watch on a kernel's output records while code runs, and after a forged message."""
    manager = PatientKernelManager(connection_dir=str(tmp_path))
    kernel_id = await manager.start_kernel(kernel_name="python3")
    kernel = manager.get_kernel(kernel_id)
    client = kernel_client(kernel)
    seen: dict = {}
    ignored: list[str] = []
    watch_log = Recorder(ignored)
    manager.log.addHandler(watch_log)
    try:
        await client.wait_for_ready(timeout=60)
        # the watch's subscription may join after the kernel's first status messages (ZeroMQ's late joiner,
        # seen on a busy machine): ask the kernel for its info until the watch has heard one reply's status
        deadline = time.monotonic() + 20
        while kernel.execution_state == "starting" and time.monotonic() < deadline:
            client.kernel_info()
            await asyncio.sleep(0.2)
        await until(lambda: kernel.execution_state != "busy", 10)  # the last kernel_info's reply is through
        seen["after_start"] = kernel.execution_state
        before = kernel.last_activity
        # code that runs until the test has looked (it waits for a file the test writes): busy while it runs
        release = tmp_path / "release"
        wait = f"import os, time\nwhile not os.path.exists({str(release)!r}): time.sleep(0.01)\n"
        running = client.execute(wait)
        await until(lambda: kernel.execution_state == "busy")
        seen["while_running"] = kernel.execution_state
        release.touch()
        await state_reported(client, running, "idle")
        await until(lambda: kernel.execution_state != "busy", 10)
        seen["after_running"] = kernel.execution_state
        seen["activity_advanced"] = kernel.last_activity > before
        # while it runs, the kernel's output carries an "idle" signed with another key: it changes nothing
        # (the test's client stops reading the output here: it refuses the forged message too)
        release.unlink()
        forged = client.execute(FORGE_IDLE + "\n" + wait)
        await until(lambda: ignored)  # the watch has read the forged message (and logged it)
        seen["after_forgery"] = kernel.execution_state
        release.touch()
        await shell_reply(client, forged)
        manager.stop_watching_activity(kernel_id)
        seen["stream_after_stop"] = kernel._activity_stream
    finally:
        manager.log.removeHandler(watch_log)
        client.stop_channels()
        await manager.shutdown_all(now=True)
    return seen


def test_the_light_activity_watch_records_what_jupyter_servers_own_does(tmp_path: Path, monkeypatch):
    """Our watch replaces jupyter_server's (which took two thirds of the server's CPU in a room): busy while
    code runs, idle after, last activity advanced, a forged message ignored, and jupyter_server's
    stop_watching_activity still closes it (it fails when jupyter_server renames the stream it closes)."""
    # last activity is recorded at most once a second (per message would be too dear in a room); the test
    # lowers that to 10 ms so that code running for half a second advances it (the rule is the same)
    monkeypatch.setattr(jupyter_server, "ACTIVITY_RESOLUTION", dt.timedelta(milliseconds=10))
    seen = run(activity_seen_by_the_server, tmp_path)
    assert seen == {
        "after_start": "idle",
        "while_running": "busy",
        "after_running": "idle",
        "activity_advanced": True,
        "after_forgery": "busy",
        "stream_after_stop": None,
    }

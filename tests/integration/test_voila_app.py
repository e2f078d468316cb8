"""How Voila stops on SIGTERM: every kernel first, on the server's own event loop, then the connection files."""

from __future__ import annotations

import asyncio
import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

from tornado.ioloop import IOLoop
from voila.app import Voila

from coffeechat.server.voila_app import WorkshopVoila


class KernelsOfAStoppedServer:
    """A kernel manager whose shutdown needs the server loop's own tasks (a kernel launch under way)."""

    def __init__(self, connection_dir: Path, launch: asyncio.Future):
        self.connection_dir = connection_dir
        self.launch = launch
        self._pools: dict = {}
        self.folder_there_during_shutdown: bool | None = None

    async def shutdown_all(self) -> None:
        self.folder_there_during_shutdown = self.connection_dir.exists()
        await self.launch  # finishes only where the server loop's tasks run


def stop_with(stop, tmp_path: Path) -> KernelsOfAStoppedServer:
    """Stop a server whose loop has stopped (as after SIGTERM) with ``stop``; what its kernels saw."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    ioloop = IOLoop.current()
    folder = tmp_path / "voila_x"
    folder.mkdir()
    (folder / "kernel-1.json").write_text("{}")
    launch = loop.create_task(asyncio.sleep(0.05))
    manager = KernelsOfAStoppedServer(folder, launch)
    app = SimpleNamespace(
        connection_dir=str(folder), kernel_manager=manager, ioloop=ioloop, stop_timeout=5.0, log=logging.getLogger()
    )
    app._stop_kernels = functools.partial(WorkshopVoila._stop_kernels, app)
    app.leftover_kernels = functools.partial(WorkshopVoila.leftover_kernels, app)
    try:
        stop(app)
    except Exception as error:  # noqa: BLE001 - what Voila's own stop raises is part of the finding
        manager.error = error
    finally:
        manager.launch_finished = launch.done()
        launch.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        ioloop.close(all_fds=True)
        asyncio.set_event_loop(None)
    manager.folder_left = folder.exists()
    return manager


def in_a_thread(function, *args):
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result(timeout=60)


def test_the_kernels_stop_before_their_connection_files_go_and_the_launches_under_way_finish(tmp_path):
    seen = in_a_thread(stop_with, WorkshopVoila.stop, tmp_path)
    assert seen.folder_there_during_shutdown, "a kernel being stopped still finds its connection file"
    assert seen.launch_finished, "the shutdown ran on the server's loop, where a kernel launch can finish"
    assert not seen.folder_left


def test_voila_still_stops_its_kernels_on_a_loop_of_its_own_after_removing_their_files(tmp_path):
    """The upstream behaviour WorkshopVoila.stop works around. When this fails, Voila's stop may do: drop ours."""
    seen = in_a_thread(stop_with, Voila.stop, tmp_path)
    assert seen.folder_there_during_shutdown is False
    assert not seen.launch_finished or getattr(seen, "error", None) is not None

"""Kernel managers for ``coffeechat serve``: a patient shutdown, an orderly start, and a pool of warm kernels.

:class:`PatientKernelManager` lets a kernel finish its work before it is shut down. When a participant
reloads or closes the page, Voila's page sends a shutdown request for its kernel at once. The last
keystrokes may still be queued in that kernel, unsaved; a plain shutdown would drop them. Before shutting a
kernel down, the manager waits a moment for messages still on their way, then asks the kernel for its info
on the shell channel: the kernel answers in order, so the reply means every earlier message (each
keystroke) has been handled and saved.

It also starts kernels in order. A kernel costs about a second of CPU to start and to import the kit; thirty
at once on a two-core laptop take half a minute each and can run into Voila's start-up timeout
(voila-dashboards/voila#1178). So at most :attr:`~PatientKernelManager.max_starting` kernels start at a
time, a visitor's kernel goes before a kernel that only refills the pool, and at most
:attr:`~PatientKernelManager.max_pool_starting` refills run at once, so that the rest of the machine serves
the room. A pooled kernel keeps its turn until it is warm, that is, until its notebook waits for a visitor
(it then opens Voila's request socket, see :class:`coffeechat.server.voila_app.WarmSignalSocketHandler`).

:class:`coffeechat.upstream.voila.StartedPool` is mixed into Voila's own pooling manager (``--preheat_kernel``)
by :mod:`coffeechat.server.voila_app`. It hands a visitor only a kernel that has started; when none has, Voila
serves the visitor the normal way (a new kernel, started in its turn before any refill of the pool, and the
page streamed with its loading screen from the moment it has started: Voila awaits the start before it sends
a byte) instead of leaving the browser waiting for a pooled kernel that is still starting. How many visitors
may wait at once is the server-wide limit (:func:`coffeechat.server.serving.plan_capacity`: what memory holds).
The manager strips from a pooled kernel's environment the address of the visitor whose arrival started it
(Voila passes it on), and the pool tells which kernels wait in it (``pooled_kernel_ids``), so that limits per
server can count them.

What this module changes of jupyter_server's manager itself (a lighter watch on the kernels' output, no
dropped messages, a shutdown that waits for launches under way) is in
:class:`coffeechat.upstream.jupyter_server.LightKernelManager`.
"""

from __future__ import annotations

import asyncio
import collections
import time

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_core.utils import ensure_async
from traitlets import Float, Int

from coffeechat.server.guard import DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_PER_CLIENT, KernelLedger
from coffeechat.upstream.jupyter_server import LightKernelManager
from coffeechat.upstream.voila import without_earlier_visitor


class StartQueue:
    """At most ``slots`` holders at a time; urgent waiters go before the others, each kind first come first served."""

    def __init__(self, slots: int):
        self.free = max(1, slots)
        self._waiting: dict[bool, collections.deque[asyncio.Future]] = {
            True: collections.deque(),
            False: collections.deque(),
        }

    @property
    def waiting(self) -> int:
        return sum(len(queue) for queue in self._waiting.values())

    async def acquire(self, urgent: bool) -> None:
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return
        future = asyncio.get_running_loop().create_future()
        self._waiting[urgent].append(future)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # the slot was handed over just as the waiter gave up: pass it on
            else:
                self._waiting[urgent].remove(future)
            raise

    def release(self) -> None:
        for urgent in (True, False):
            while self._waiting[urgent]:
                future = self._waiting[urgent].popleft()
                if not future.done():
                    future.set_result(None)
                    return
        self.free += 1


class PatientKernelManager(LightKernelManager):
    """Starts kernels in order (visitors first) and shuts one down only after it handled what the page sent."""

    settle_seconds = Float(0.5, config=True, help="How long to wait for messages still on their way.")
    finish_timeout = Float(10.0, config=True, help="The longest wait for the kernel to catch up.")
    max_starting = Int(
        2, config=True, help="Kernels that start at the same time; more wait their turn (visitors before the pool)."
    )
    max_pool_starting = Int(
        1, config=True, help="Of those, kernels that only refill the pool (the rest of the machine serves the room)."
    )
    warm_timeout = Float(
        90.0, config=True, help="The longest a pooled kernel keeps its turn while it imports the kit and loads content."
    )

    max_kernels = Int(0, config=True, help="Live kernels on the server, the pool counted (0: no limit).")
    max_kernels_per_client = Int(
        DEFAULT_MAX_PER_CLIENT, config=True, help="Live kernels per client address (0: no limit)."
    )
    connect_timeout = Float(
        DEFAULT_CONNECT_TIMEOUT,
        config=True,
        help="A kernel whose page opened no websocket this long after it was sent is shut down.",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        #: who owns which kernel, and the limits (coffeechat.server.guard)
        self.ledger = KernelLedger(self.max_kernels, self.max_kernels_per_client)
        self._start_queue = StartQueue(self.max_starting)
        self._pool_queue = StartQueue(min(self.max_pool_starting, self.max_starting))
        self._warming: dict[str, asyncio.TimerHandle] = {}

    # --- starting ----------------------------------------------------------------------------------

    async def start_kernel(self, *, kernel_name: str | None = None, **kwargs) -> str:
        env, pooled = without_earlier_visitor(kwargs.get("env"))
        if pooled:
            kwargs["env"] = env
            await self._pool_queue.acquire(urgent=False)
        try:
            await self._start_queue.acquire(urgent=not pooled)
        except BaseException:
            if pooled:
                self._pool_queue.release()
            raise
        try:
            kernel_id = await super().start_kernel(kernel_name=kernel_name, **kwargs)
        except BaseException:
            self._release(pooled)
            raise
        if not pooled:
            self.ledger.claim(kernel_id)
        if pooled:  # keeps its turn until its notebook waits for a visitor (kernel_warm) or the timeout
            timer = asyncio.get_running_loop().call_later(self.warm_timeout, self.kernel_warm, kernel_id)
            self._warming[kernel_id] = timer
        else:
            self._release(pooled)
        return kernel_id

    def _release(self, pooled: bool) -> None:
        self._start_queue.release()
        if pooled:
            self._pool_queue.release()

    def kernel_warm(self, kernel_id: str) -> None:
        """The kernel's notebook is ready and waits for a visitor: the next kernel may start."""
        timer = self._warming.pop(kernel_id, None)
        if timer is not None:
            timer.cancel()
            self._release(pooled=True)

    def is_warm(self, kernel_id: str) -> bool:
        return kernel_id in self and kernel_id not in self._warming

    def pooled_kernel_taken(self, kernel_id: str) -> None:
        """A pooled kernel was handed to the visitor whose request is being served: now it is theirs."""
        self.ledger.claim(kernel_id)

    @property
    def kernels_waiting_to_start(self) -> int:
        return self._start_queue.waiting

    # --- pages that never connect ------------------------------------------------------------------

    def page_sent(self, kernel_id: str) -> None:
        """The page of ``kernel_id`` has been sent: unless it opens the kernel's websocket in time, the kernel goes."""
        if self.connect_timeout > 0:
            loop = asyncio.get_running_loop()
            loop.call_later(self.connect_timeout, lambda: loop.create_task(self._shutdown_if_unconnected(kernel_id)))

    async def _shutdown_if_unconnected(self, kernel_id: str) -> None:
        owner = self.ledger.owners.get(kernel_id)
        if owner is None or owner.connected or kernel_id not in self:
            return
        self.log.warning("kernel %s: its page never connected; shutting it down", kernel_id)
        await self.shutdown_kernel(kernel_id, now=True)

    # --- shutting down -----------------------------------------------------------------------------

    async def shutdown_kernel(self, kernel_id: str, now: bool = False, restart: bool = False) -> None:
        self.kernel_warm(kernel_id)  # a kernel that goes while warming gives its turn back
        if not now and not restart and kernel_id in self:
            await self.wait_until_caught_up(kernel_id)
        await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        if not restart:
            self.ledger.forget(kernel_id)

    async def wait_until_caught_up(self, kernel_id: str) -> bool:
        """Wait until the kernel has handled every message sent to it so far; False if it did not in time."""
        kernel = self.get_kernel(kernel_id)
        if not await ensure_async(kernel.is_alive()):  # a dead kernel has nothing left to save
            return False
        client = AsyncKernelClient()
        try:
            client.load_connection_info(kernel.get_connection_info())
            client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)  # noqa: S604 - a channel
            await asyncio.sleep(self.settle_seconds)
            request = client.kernel_info()
            deadline = time.monotonic() + self.finish_timeout
            while (left := deadline - time.monotonic()) > 0:
                reply = await client.get_shell_msg(timeout=left)
                if reply["parent_header"].get("msg_id") == request:
                    return True
        except Exception as error:  # noqa: BLE001 - an empty queue (timeout) or a kernel that is already gone
            self.log.info("kernel %s did not confirm it caught up before shutdown: %r", kernel_id, error)
        finally:
            if client.channels_running:
                client.stop_channels()
        return False

"""jupyter_server 2.21 and jupyter_client 8.10: the kernel manager and the kernel websocket, as the kit needs them."""

from __future__ import annotations

import asyncio
import hmac
import json
from datetime import timedelta

import zmq
from jupyter_client.session import Session
from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float

#: how finely a kernel's last activity is kept (culling counts in minutes)
ACTIVITY_RESOLUTION = timedelta(seconds=1)


class LightKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager with three internals replaced (each method says which and why)."""

    launch_wait_seconds = Float(
        10.0, config=True, help="On shutdown_all, how long a kernel still being launched gets to finish its launch."
    )

    def _context_default(self):
        """The server's sockets to the kernels queue what they receive instead of dropping it.

        Works around jupyter_client 8.10 (``jupyter_client/multikernelmanager.py:
        MultiKernelManager._context_default``, a private trait default; no option sets socket options): a
        subscriber socket holds at most 1,000 messages (ZeroMQ's high-water mark) and the kernel's publisher
        drops what does not fit. On a busy server a burst of widget updates from one builder edit was lost,
        and the page kept stale drafts. With no mark, a burst waits in memory until the server reads it (the
        kernel's side: :class:`coffeechat.upstream.ipykernel.LosslessKernelApp`)."""
        context = super()._context_default()
        context.setsockopt(zmq.RCVHWM, 0)
        return context

    def start_watching_activity(self, kernel_id: str) -> None:
        """jupyter_server's watch on every kernel's output (for culling and ``/api/status``), made light.

        Works around jupyter_server 2.21 (``jupyter_server/services/kernels/kernelmanager.py:
        MappingKernelManager.start_watching_activity``): it deserialises each IOPub message in full (dates
        parsed, a debug record made). When thirty pages follow the coach to a module, their kernels send
        thousands of widget messages at once, and that watch took two thirds of the server's CPU (py-spy)
        while every page waited. The rules are the same (last activity on every tracked message, the
        execution state from status messages); only the two headers and a status message's content are read,
        and the signature is still checked. It sets the private ``kernel._activity_stream`` that jupyter_server's
        ``stop_watching_activity`` closes, and reads the private ``self._kernels``.
        """
        kernel = self._kernels[kernel_id]
        kernel.reason = ""
        kernel.last_activity = utcnow()
        kernel._activity_stream = kernel.connect_iopub()
        session = Session(config=kernel.session.config, key=kernel.session.key)
        track = self.track_message_type

        def record_activity(msg_list: list) -> None:
            _idents, frames = session.feed_identities(msg_list)
            if len(frames) < 5:
                return
            if session.auth is not None and not hmac.compare_digest(frames[0], session.sign(frames[1:5])):
                self.log.warning("kernel %s: an output message with a wrong signature was ignored", kernel_id)
                return
            msg_type = json.loads(frames[1]).get("msg_type")
            parent_type = json.loads(frames[2] or b"{}").get("msg_type")
            if track(msg_type) or track(parent_type) or kernel.execution_state == "busy":
                now = utcnow()
                if now - kernel.last_activity >= ACTIVITY_RESOLUTION:  # a trait with observers: not per message
                    self.last_kernel_activity = kernel.last_activity = now
            if msg_type == "status":
                state = json.loads(frames[4]).get("execution_state")
                if track(parent_type):
                    kernel.execution_state = state
                elif kernel.execution_state == "starting" and state != "starting":
                    kernel.execution_state = "idle"  # as jupyter_server: idle unless it answers a tracked message

        kernel._activity_stream.on_recv(record_activity)

    def launching_kernels(self) -> list[asyncio.Future]:
        """The launches under way of kernels not yet registered (jupyter_client's private ``_pending_kernels``)."""
        return [task for kernel_id, task in self._pending_kernels.items() if kernel_id not in self]

    async def shutdown_all(self, now: bool = False) -> None:
        """Stop every kernel, those still being launched included, without a 404.

        Works around jupyter_client 8.10 with jupyter_server 2.21: ``MultiKernelManager.shutdown_all``
        (``jupyter_client/multikernelmanager.py``) also names kernels still being launched (its private
        ``_pending_kernels``), and jupyter_server's ``MappingKernelManager.shutdown_kernel`` →
        ``_check_kernel_id`` answers ``HTTPError(404)`` for an id it does not know yet: the whole shutdown
        failed (Voila exited 1 on SIGTERM) and kernels lived on. Launches get a moment to finish; one that
        failed or was cancelled has nothing to stop. See docs/explanation/upstream-reports.md.
        """
        for _ in range(3):
            launching = self.launching_kernels()
            if not launching:
                break
            await asyncio.wait(launching, timeout=self.launch_wait_seconds)
        for kernel_id, task in list(self._pending_kernels.items()):
            if task.done() and kernel_id not in self:
                del self._pending_kernels[kernel_id]
        await super().shutdown_all(now=now)


def stream_name_of_v1_message(message: bytes) -> str | None:
    """The ``name`` of a stream message in the v1 websocket format (``stdout``/``stderr``), None if unreadable.

    Uses jupyter_server's ``deserialize_msg_from_ws_v1`` (``services/kernels/connection/base.py``), an internal
    of its kernel websocket connection."""
    try:
        _channel, parts = deserialize_msg_from_ws_v1(message)
        return json.loads(parts[3]).get("name")
    except (ValueError, IndexError, UnicodeDecodeError):
        return None


class PlainErrors:
    """Mixed into a websocket handler: a refusal is answered with its status and reason, as plain text.

    Works around jupyter_server 2.21 (``jupyter_server/base/handlers.py: JupyterHandler.write_error``): it
    renders ``<status>.html`` or ``error.html`` from the server's Jinja environment, and Voila's environment
    has neither, so every refused kernel websocket logged "Uncaught exception in write_error" with three
    chained tracebacks (a LAN client that keeps knocking fills the coach's terminal).
    """

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")

"""ipykernel 7: the participant's kernel application."""

from __future__ import annotations

import zmq
from ipykernel.kernelapp import IPKernelApp


class LosslessKernelApp(IPKernelApp):
    """ipykernel's kernel app whose output socket never drops a message."""

    def init_iopub(self, context):
        """Every message the kernel sends waits for the server rather than being dropped.

        Works around ipykernel 7.4 (``ipykernel/kernelapp.py: IPKernelApp.init_iopub``, an internal step of
        ``initialize`` with no option for the socket): ZeroMQ's PUB socket silently drops messages beyond its
        high-water mark (1,000) when the server reads slower than the kernel writes. On a busy machine one
        builder edit (hundreds of widget messages) lost the updates of some drafts, which then stayed stale on
        the page for good. The same mark is lifted on the server's side
        (:class:`coffeechat.upstream.jupyter_server.LightKernelManager`)."""
        context.setsockopt(zmq.SNDHWM, 0)  # the default of the sockets made next: the output socket
        try:
            super().init_iopub(context)
        finally:
            context.sockopts.pop(zmq.SNDHWM, None)

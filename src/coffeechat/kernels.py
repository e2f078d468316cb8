"""A kernel manager for ``coffeechat serve`` that lets a kernel finish its work before it is shut down.

When a participant reloads or closes the page, Voila's page sends a shutdown request for its kernel at
once. The last keystrokes may still be queued in that kernel, unsaved; a plain shutdown would drop them.
Before shutting a kernel down, :class:`PatientKernelManager` waits a moment for messages still on their
way, then asks the kernel for its info on the shell channel: the kernel answers in order, so the reply
means every earlier message (each keystroke) has been handled and saved.
"""

from __future__ import annotations

import asyncio
import time

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float


class PatientKernelManager(AsyncMappingKernelManager):
    """Shuts a kernel down only after it has handled everything the page sent before leaving."""

    settle_seconds = Float(0.5, config=True, help="How long to wait for messages still on their way.")
    finish_timeout = Float(10.0, config=True, help="The longest wait for the kernel to catch up.")

    async def shutdown_kernel(self, kernel_id: str, now: bool = False, restart: bool = False) -> None:
        if not now and not restart and kernel_id in self:
            await self.wait_until_caught_up(kernel_id)
        await super().shutdown_kernel(kernel_id, now=now, restart=restart)

    async def wait_until_caught_up(self, kernel_id: str) -> bool:
        """Wait until the kernel has handled every message sent to it so far; False if it did not in time."""
        kernel = self.get_kernel(kernel_id)
        if not await ensure_async(kernel.is_alive()):  # a dead kernel has nothing left to save
            return False
        client = AsyncKernelClient()
        try:
            client.load_connection_info(kernel.get_connection_info())
            client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
            await asyncio.sleep(self.settle_seconds)
            request = client.kernel_info()
            deadline = time.monotonic() + self.finish_timeout
            while (left := deadline - time.monotonic()) > 0:
                reply = await client.get_shell_msg(timeout=left)
                if reply["parent_header"].get("msg_id") == request:
                    return True
        except Exception as error:  # an empty queue (timeout) or a kernel that is already gone
            self.log.info("kernel %s did not confirm it caught up before shutdown: %r", kernel_id, error)
        finally:
            if client.channels_running:
                client.stop_channels()
        return False

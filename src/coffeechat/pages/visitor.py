"""Who is visiting: the page address's query string, read only once the visitor's request has arrived.

A kernel that Voila starts for a visitor has the request in its environment (``QUERY_STRING``). A kernel
from the pool (``VOILA_PREHEAT=True``) ran its notebook before anyone visited: it waits here until Voila
hands it to a visitor and sends that visitor's request info over Voila's request socket
(``/voila/query/<kernel id>``), the protocol of ``voila.utils.wait_for_request``.

Why not call ``voila.utils.wait_for_request`` itself: it loads Voila's whole server stack into the kernel
(+46 MB); the protocol is re-implemented in :mod:`coffeechat.upstream.voila_kernel`, and
``tests/integration/test_visitor.py`` checks that the address and the reply are still the ones Voila uses.

Nothing of an earlier visitor is read: the request variables are cleared before the wait, and
``VOILA_REQUEST_URL``, which Voila copies from the visitor who took the previous pooled kernel, is dropped.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time

from coffeechat import environment
from coffeechat.upstream.voila_kernel import (
    EARLIER_VISITOR,
    pooled,
    receive_request_info,
    request_socket_url,
)
from coffeechat.upstream.voila_kernel import REQUEST_VARIABLES as VOILA_REQUEST_VARIABLES

__all__ = ["EARLIER_VISITOR", "REQUEST_VARIABLES", "pooled", "query_string", "request_socket_url", "wait_for_visitor"]

log = logging.getLogger("coffeechat")

#: the visitor's client address, as coffeechat's server puts it into the request (a header of its own that
#: overwrites any the browser sent) and Voila hands it on (``http_header_envs``: ``HTTP_`` and the header's name)
CLIENT_HEADER = "X-Coffeechat-Client"
CLIENT_VARIABLE = environment.CLIENT.name
#: what Voila sends a pooled kernel (and sets for a kernel it starts for a visitor), the client address among them
REQUEST_VARIABLES = (*VOILA_REQUEST_VARIABLES, CLIENT_VARIABLE)
#: how long to wait before trying the request socket again after it could not be reached
RETRY_SECONDS = 1.0
OPEN_TIMEOUT_SECONDS = 10.0


async def _receive(url: str) -> dict[str, str]:
    """The visitor's request info from Voila's request socket (the handshake within ``OPEN_TIMEOUT_SECONDS``)."""
    return await receive_request_info(url, OPEN_TIMEOUT_SECONDS)


def wait_for_visitor() -> None:
    """In a pooled kernel: block until Voila hands this kernel to a visitor, then put their request into
    ``os.environ``. Elsewhere: return at once (the request is in the environment already)."""
    if not pooled():
        return
    for name in (*REQUEST_VARIABLES, *EARLIER_VISITOR):
        os.environ.pop(name, None)
    url = request_socket_url()
    while True:
        try:
            info = _run(_receive(url))
        except Exception as error:  # noqa: BLE001 - the server is busy or restarting: try again, never go on without a visitor
            log.warning("waiting for a visitor: %r; trying again", error)
            time.sleep(RETRY_SECONDS)
            continue
        os.environ.update({name: value for name, value in info.items() if name not in EARLIER_VISITOR})
        os.environ["VOILA_PREHEAT"] = "False"  # this kernel now belongs to one visitor
        return


def _run(coroutine):
    """Run ``coroutine`` to the end in a loop of its own (the kernel's own loop is busy running this cell)."""
    result: dict = {}

    def target():
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 - handed back to the caller's thread
            result["error"] = error

    thread = threading.Thread(target=target, name="coffeechat-wait-for-visitor", daemon=True)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def query_string() -> str:
    """The visitor's query string (``code=...&lang=...``), after waiting for the visitor if need be."""
    wait_for_visitor()
    return os.environ.get("QUERY_STRING", "")


def client_address() -> str:
    """The visitor's client address as the server saw it, after waiting for the visitor if need be ("" where
    no coffeechat server says it: a notebook in JupyterLab, plain Voila)."""
    wait_for_visitor()
    return os.environ.get(CLIENT_VARIABLE, "")

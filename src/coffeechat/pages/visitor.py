"""Who is visiting: the page address's query string, read only once the visitor's request has arrived.

A kernel that Voila starts for a visitor has the request in its environment (``QUERY_STRING``). A kernel
from the pool (``VOILA_PREHEAT=True``) ran its notebook before anyone visited: it waits here until Voila
hands it to a visitor and sends that visitor's request info over Voila's request socket
(``/voila/query/<kernel id>``), the protocol of ``voila.utils.wait_for_request``.

Why not call ``voila.utils.wait_for_request`` itself: importing ``voila.utils`` loads Voila's whole server
stack (jupyter_server, jupyterlab_server) into the kernel, measured at +46 MB and two seconds of CPU per
kernel; the same wait with ``websockets`` alone costs 1.5 MB. ``tests/test_visitor.py`` checks that the
address and the reply are still the ones Voila uses.

Nothing of an earlier visitor is read: the request variables are cleared before the wait, and
``VOILA_REQUEST_URL``, which Voila copies from the visitor who took the previous pooled kernel, is dropped.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time

log = logging.getLogger("coffeechat")

#: what Voila sends a pooled kernel (and sets for a kernel it starts for a visitor)
REQUEST_VARIABLES = (
    "QUERY_STRING",
    "SCRIPT_NAME",
    "PATH_INFO",
    "SERVER_SOFTWARE",
    "SERVER_PROTOCOL",
    "SERVER_PORT",
    "SERVER_NAME",
)
#: copied by Voila from the request that started the kernel: for a pooled kernel an earlier visitor's
EARLIER_VISITOR = ("VOILA_REQUEST_URL",)
#: how long to wait before trying the request socket again after it could not be reached
RETRY_SECONDS = 1.0
OPEN_TIMEOUT_SECONDS = 10.0


def pooled() -> bool:
    """True in a kernel that Voila started for its pool, before anyone visited."""
    return os.environ.get("VOILA_PREHEAT", "False") == "True"


def request_socket_url(environ=os.environ) -> str:
    """Where a pooled kernel hears about its visitor (the address ``voila.utils.wait_for_request`` uses)."""
    protocol = environ.get("VOILA_WS_PROTOCOL", "ws")
    host = environ.get("VOILA_APP_IP", "127.0.0.1")
    port = environ.get("VOILA_APP_PORT", "8866")
    base = environ.get("VOILA_WS_BASE_URL", environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{environ.get('VOILA_KERNEL_ID', '')}"


async def _receive(url: str) -> dict[str, str]:
    """The one message Voila sends on the request socket, read with websockets' Sans-I/O protocol.

    Not with websockets' asyncio client: that imports ``ssl``, which a participant's kernel goes without
    (``launcher.py``: OpenSSL is 4.5 MB of every kernel), and this socket is always local and unencrypted.
    The handshake must succeed within ``OPEN_TIMEOUT_SECONDS``; the message may take as long as a visitor.
    """
    from websockets.client import ClientProtocol  # only pooled kernels need them
    from websockets.frames import Frame, Opcode
    from websockets.protocol import State
    from websockets.uri import parse_uri

    uri = parse_uri(url)
    protocol = ClientProtocol(uri, max_size=2**20)
    reader, writer = await asyncio.wait_for(asyncio.open_connection(uri.host, uri.port), OPEN_TIMEOUT_SECONDS)
    handshake_until = time.monotonic() + OPEN_TIMEOUT_SECONDS
    parts: list[bytes] = []
    try:
        protocol.send_request(protocol.connect())
        while True:
            for data in protocol.data_to_send():
                writer.write(data) if data else writer.write_eof()
            await writer.drain()
            for event in protocol.events_received():
                if protocol.handshake_exc is not None:
                    raise protocol.handshake_exc
                if isinstance(event, Frame) and event.opcode in (Opcode.TEXT, Opcode.CONT):
                    parts.append(event.data)
                    if event.fin:
                        return _request_info(b"".join(parts))
            if protocol.state is State.CLOSED:
                raise protocol.close_exc
            opening = protocol.state is State.CONNECTING
            wait = max(0.0, handshake_until - time.monotonic()) if opening else None
            data = await asyncio.wait_for(reader.read(65536), wait)
            if data:
                protocol.receive_data(data)
            else:
                protocol.receive_eof()
                raise ConnectionError("the server closed the request socket before it sent the request")
    finally:
        writer.close()


def _request_info(message: bytes) -> dict[str, str]:
    info = json.loads(message.decode("utf-8"))
    if not isinstance(info, dict):
        raise ValueError("the request info is not a mapping")  # noqa: TRY004 - bad data from the wire
    return {str(name): str(value) for name, value in info.items()}


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

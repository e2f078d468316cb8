"""Voila 0.5.13's request protocol as a pooled kernel meets it, without importing Voila.

A kernel from Voila's pool (``VOILA_PREHEAT=True``) ran its notebook before anyone visited; Voila tells it who
the visitor is over its request socket (``/voila/query/<kernel id>``), the protocol of
``voila.utils.wait_for_request`` (voila 0.5.13, ``voila/utils.py: wait_for_request, _get_request_info``).
Importing ``voila.utils`` loads Voila's whole server stack (jupyter_server, jupyterlab_server) into the kernel,
measured at +46 MB and two seconds of CPU per kernel, so the protocol is re-implemented here with
``websockets`` alone (1.5 MB). Only the standard library is imported at module level.
"""

from __future__ import annotations

import asyncio
import json
import os
import time

#: Voila's marker for a kernel started for the pool (``voila/utils.py: ENV_VARIABLE.VOILA_PREHEAT``)
PREHEAT_VARIABLE = "VOILA_PREHEAT"
#: what Voila sends a pooled kernel (and sets for a kernel it starts for a visitor): ``voila/handler.py``
REQUEST_VARIABLES = (
    "QUERY_STRING",
    "SCRIPT_NAME",
    "PATH_INFO",
    "SERVER_SOFTWARE",
    "SERVER_PROTOCOL",
    "SERVER_PORT",
    "SERVER_NAME",
)
#: copied by Voila from the request that started the kernel (``voila/handler.py: VoilaHandler.get``,
#: ``extra_kernel_env_variables``): for a pooled kernel, the address of an earlier visitor
EARLIER_VISITOR = ("VOILA_REQUEST_URL",)


def pooled(environ=os.environ) -> bool:
    """True in a kernel that Voila started for its pool, before anyone visited."""
    return environ.get(PREHEAT_VARIABLE, "False") == "True"


def request_socket_url(environ=os.environ) -> str:
    """Where a pooled kernel hears about its visitor: the address ``voila.utils.wait_for_request`` builds."""
    protocol = environ.get("VOILA_WS_PROTOCOL", "ws")
    host = environ.get("VOILA_APP_IP", "127.0.0.1")
    port = environ.get("VOILA_APP_PORT", "8866")
    base = environ.get("VOILA_WS_BASE_URL", environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{environ.get('VOILA_KERNEL_ID', '')}"


async def receive_request_info(url: str, open_timeout: float) -> dict[str, str]:
    """The one message Voila sends on the request socket, read with websockets' Sans-I/O protocol.

    Not with websockets' asyncio client: that imports ``ssl``, which a participant's kernel goes without
    (OpenSSL is 4.5 MB of every kernel), and this socket is always local and unencrypted. The handshake must
    succeed within ``open_timeout`` seconds; the message may take as long as a visitor.
    """
    from websockets.client import ClientProtocol  # only pooled kernels need them
    from websockets.frames import Frame, Opcode
    from websockets.protocol import State
    from websockets.uri import parse_uri

    uri = parse_uri(url)
    protocol = ClientProtocol(uri, max_size=2**20)
    reader, writer = await asyncio.wait_for(asyncio.open_connection(uri.host, uri.port), open_timeout)
    handshake_until = time.monotonic() + open_timeout
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
                        return request_info(b"".join(parts))
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


def request_info(message: bytes) -> dict[str, str]:
    """The request info Voila sends (a JSON object of CGI-style variables), as strings."""
    info = json.loads(message.decode("utf-8"))
    if not isinstance(info, dict):
        raise ValueError("the request info is not a mapping")  # noqa: TRY004 - bad data from the wire
    return {str(name): str(value) for name, value in info.items()}

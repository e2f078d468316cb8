"""Does a pooled kernel learn who its visitor is, the way Voila tells it, and nothing of an earlier visitor?"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading

import pytest
import websockets.asyncio.server

from coffeechat.pages import visitor
from tests.harness.ports import free_port


@pytest.fixture
def pooled_kernel(monkeypatch):
    """A kernel's environment as Voila sets it for the pool, with an earlier visitor's address in it."""
    port = free_port()
    for name, value in {
        "VOILA_PREHEAT": "True",
        "VOILA_APP_PORT": str(port),
        "VOILA_SERVER_URL": "/",
        "VOILA_KERNEL_ID": "0f0e-kernel",
        "VOILA_REQUEST_URL": "http://127.0.0.1/?code=EARLY-VISIT",
        "QUERY_STRING": "code=EARLY-VISIT",
    }.items():
        monkeypatch.setenv(name, value)
    for name in visitor.REQUEST_VARIABLES:
        if name != "QUERY_STRING":
            monkeypatch.delenv(name, raising=False)
    return port


def serve_request_info(port: int, info: dict | list, delay: float = 0.0) -> list[str]:
    """Voila's request socket, in a thread: after ``delay`` it accepts the kernel and sends ``info`` (a list:
    in fragments)."""
    paths: list[str] = []

    async def main():
        answered = asyncio.Event()

        async def handler(connection):
            paths.append(connection.request.path)
            await connection.send(json.dumps(info) if isinstance(info, dict) else info)
            await connection.wait_closed()  # the kernel has read it and hung up
            answered.set()

        await asyncio.sleep(delay)  # the scenario: a server that is not listening yet
        async with websockets.asyncio.server.serve(handler, "127.0.0.1", port):
            await asyncio.wait_for(answered.wait(), 60)

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
    return paths


def test_the_request_socket_is_the_one_voila_uses(pooled_kernel, monkeypatch):
    """voila.utils.wait_for_request connects to this address (checked by catching its connection)."""
    import voila.utils

    seen = []

    async def fake_get_request_info(url):
        seen.append(url)
        return

    monkeypatch.setattr(voila.utils, "_get_request_info", fake_get_request_info)
    voila.utils.wait_for_request()
    assert seen == [visitor.request_socket_url()]


def test_a_pooled_kernel_waits_for_its_visitor_and_forgets_the_earlier_one(pooled_kernel):
    paths = serve_request_info(pooled_kernel, {"QUERY_STRING": "code=7KQ2M-XW4PD&lang=en", "SERVER_SOFTWARE": "voila"})
    assert visitor.query_string() == "code=7KQ2M-XW4PD&lang=en"
    assert paths == ["/voila/query/0f0e-kernel"]
    assert "VOILA_REQUEST_URL" not in os.environ, "an earlier visitor's address is gone"
    assert os.environ["VOILA_PREHEAT"] == "False", "the kernel now belongs to one visitor"


def test_a_server_that_is_not_listening_yet_is_tried_again(pooled_kernel, monkeypatch):
    monkeypatch.setattr(visitor, "RETRY_SECONDS", 0.1)
    serve_request_info(pooled_kernel, {"QUERY_STRING": "lang=en"}, delay=0.3)  # about three tries in vain
    assert visitor.query_string() == "lang=en"


def test_a_kernel_started_for_a_visitor_reads_its_request_at_once(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "code=ABCDE-FGHJK")
    assert visitor.query_string() == "code=ABCDE-FGHJK"


def test_a_message_voila_sends_in_fragments_is_read_whole(pooled_kernel):
    serve_request_info(pooled_kernel, ['{"QUERY_STRING": ', '"code=7KQ2M-XW4PD&lang=de"}'])
    assert visitor.query_string() == "code=7KQ2M-XW4PD&lang=de"


def test_a_server_that_accepts_but_never_answers_the_handshake_is_given_up_on(monkeypatch):
    """A wedged socket must not hold a pooled kernel for ever: the wait gives up and tries again."""
    monkeypatch.setattr(visitor, "OPEN_TIMEOUT_SECONDS", 0.3)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"ws://127.0.0.1:{silent.getsockname()[1]}/voila/query/k"
        with pytest.raises(TimeoutError):
            visitor._run(visitor._receive(url))


def test_a_pooled_kernel_waits_for_its_visitor_without_openssl(pooled_kernel):
    """A participant's kernel goes without Python's ssl (``launcher.py``); its wait for a visitor works so."""
    import subprocess
    import sys

    serve_request_info(pooled_kernel, {"QUERY_STRING": "code=7KQ2M-XW4PD"})
    wait = (
        "import sys\n"
        "from coffeechat.server import launcher\n"
        "sys.meta_path.insert(0, launcher._LeftOut(launcher.LEFT_OUT + launcher.OPENSSL))\n"
        "from coffeechat.pages import visitor\n"
        "print(visitor.query_string(), sorted(m for m in ('ssl', '_ssl', '_hashlib') if m in sys.modules))\n"
    )
    shown = subprocess.run([sys.executable, "-c", wait], capture_output=True, text=True, timeout=30, check=True)
    assert shown.stdout.strip() == "code=7KQ2M-XW4PD []"


def test_does_a_pooled_kernel_learn_its_own_visitors_client_address_and_no_earlier_ones(pooled_kernel, monkeypatch):
    """The server puts the visitor's address into the request (``X-Coffeechat-Client``), Voila hands it on."""
    monkeypatch.setenv(visitor.CLIENT_VARIABLE, "192.0.2.1")  # what an earlier visitor's request left
    serve_request_info(pooled_kernel, {"QUERY_STRING": "lang=en", visitor.CLIENT_VARIABLE: "203.0.113.7"})
    assert visitor.client_address() == "203.0.113.7"


def test_is_a_kernel_without_a_coffeechat_server_an_unknown_address(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.delenv(visitor.CLIENT_VARIABLE, raising=False)
    assert visitor.client_address() == ""

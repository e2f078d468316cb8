"""The server under attack (``coffeechat serve``): can one visitor on the room's network freeze it, flood it
with kernels, or reach into another participant's kernel?

Each test runs the real command (tests/integration/test_serving.py's ``Server``, with its tiny notebook) and talks to it
the way a hostile program on the LAN would: raw HTTP and raw kernel websockets, no browser.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_binary_message,
    serialize_msg_to_ws_v1,
)
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.integration.test_serving import Server, kernels_of

V1 = "v1.kernel.websocket.jupyter.org"
#: a participant's page must still get its static files this soon while someone attacks the server
RESPONSIVE_SECONDS = 5


class Browser:
    """A client with a cookie jar of its own: what one browser on the LAN would send."""

    def __init__(self, server: Server):
        self.server = server
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path: str, method: str = "GET", headers: dict | None = None, timeout: float = 60):
        request = urllib.request.Request(self.server.url + path.lstrip("/"), method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode("utf-8", "replace")

    def open_page(self, query: str = "") -> tuple[str, str]:
        """The page and the id of the kernel it was given."""
        status, _headers, page = self.request(query)
        assert status == 200, page[:500]
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page)
        assert kernel_id, page[:500]
        return page, kernel_id.group(1)

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)

    def channels(self, kernel_id: str, subprotocols=(V1,), headers: dict | None = None):
        url = (
            self.server.url.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}"
        )
        all_headers = {"Cookie": self.cookie_header(), **(headers or {})}
        return connect(url, subprotocols=list(subprotocols) or None, additional_headers=all_headers, open_timeout=20)


def comm_open(session: str) -> dict:
    """A message that makes the tiny notebook's ``cc-echo`` comm answer with a binary buffer."""
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": "comm_open",
            "username": "",
            "session": session,
            "date": "",
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": {"comm_id": uuid.uuid4().hex, "target_name": "cc-echo", "data": {}},
    }


def static_file(page: str) -> str:
    """The address of one of Voila's static files the page loads."""
    found = re.search(r'src="/?(voila/static/[^"?]+)', page)
    assert found, "the page loads no static file of Voila's"
    return found.group(1)


def fetched_in_time(browser: Browser, path: str) -> bool:
    try:
        status, _headers, _body = browser.request(path, timeout=RESPONSIVE_SECONDS)
    except (TimeoutError, urllib.error.URLError, OSError):
        return False
    return status == 200


def logged_soon(server: Server, text: str, seconds: float = 30) -> None:
    """Wait until ``text`` is in the server's log (its request log is written just after the answer)."""
    deadline = time.monotonic() + seconds
    while text not in server.log():
        assert time.monotonic() < deadline, f"{text!r} never reached the log:\n{server.log()[-2000:]}"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server for raw clients that all come from 127.0.0.1: the per-client limit is lifted here."""
    srv = Server(tmp_path_factory.mktemp("faults"), "--pool-size", "1", "--max-kernels-per-client", "0")
    srv.tree()
    yield srv
    srv.stop()


# --------------------------------------------------------------------------------------------------
# the legacy-protocol freeze
# --------------------------------------------------------------------------------------------------


def test_a_kernel_socket_without_the_v1_protocol_cannot_freeze_the_server(server):
    """Voila 0.5.13 reads every binary message it sends as v1, and a legacy one sends it into an endless loop."""
    visitor = Browser(server)
    page, kernel_id = visitor.open_page()
    # without the refusal: the comm below freezes the server
    with pytest.raises(InvalidStatus) as refused, visitor.channels(kernel_id, subprotocols=()) as socket:
        message = comm_open(uuid.uuid4().hex)
        socket.send(json.dumps({**message, "channel": "shell"}))
        socket.recv(timeout=10)  # the kernel answers with a binary buffer (reached only if the socket was let in)
    assert refused.value.response.status_code == 400
    assert fetched_in_time(Browser(server), static_file(page)), "the server froze"


def test_voila_still_misreads_legacy_frames_so_the_refusal_is_still_needed():
    """The day Voila reads a legacy frame without looping, the refusal in coffeechat.server.guard can go."""
    legacy = serialize_binary_message({"header": {}, "parent_header": {}, "content": {}, "buffers": [b"x"]})
    probe = (
        "import sys; from voila.tornado.kernel_websocket_handler import read_header_from_binary_message as read;"
        f" read({legacy!r})"
    )
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([sys.executable, "-c", probe], timeout=5, capture_output=True)


def v1(message: dict, channel: str = "shell") -> bytes:
    parts = [json.dumps(message[part]).encode() for part in ("header", "parent_header", "metadata", "content")]
    return serialize_msg_to_ws_v1(parts, channel)


def test_a_traceback_in_the_kernel_never_reaches_the_browser(server):
    visitor = Browser(server)
    _page, kernel_id = visitor.open_page()
    with visitor.channels(kernel_id) as socket:
        opened = comm_open(uuid.uuid4().hex)
        socket.send(v1(opened))
        boom = comm_open(opened["header"]["session"])
        boom["header"]["msg_type"] = "comm_msg"
        boom["content"] = {"comm_id": opened["content"]["comm_id"], "data": {"boom": True}}
        socket.send(v1(boom))
        received, echoes = [], 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the echo of the open, then of the failing message, and any stderr
            try:
                _channel, frames = deserialize_msg_from_ws_v1(socket.recv(timeout=3 if echoes >= 2 else 30))
            except TimeoutError:
                break
            received.append(b"".join(bytes(frame) for frame in frames))
            header = json.loads(frames[0])
            echoes += header["msg_type"] == "comm_msg"
        assert echoes == 2, "the kernel answered after the failure"
        assert not any(b"Traceback" in each or b"/srv/secret" in each for each in received)


def test_the_v1_protocol_still_carries_binary_buffers(server):
    visitor = Browser(server)
    _page, kernel_id = visitor.open_page()
    with visitor.channels(kernel_id) as socket:
        assert socket.subprotocol == V1
        socket.send(v1(comm_open(uuid.uuid4().hex)))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            channel, frames = deserialize_msg_from_ws_v1(socket.recv(timeout=30))
            header = json.loads(frames[0])
            if channel == "iopub" and header["msg_type"] == "comm_msg" and frames[4:]:
                assert bytes(frames[4]) == b"coffeechat-bytes"
                return
        pytest.fail("no comm message with the buffer came back")


# --------------------------------------------------------------------------------------------------
# a kernel id is not a session
# --------------------------------------------------------------------------------------------------


def test_the_page_gives_the_browser_a_secret_it_cannot_read_from_script(server):
    visitor = Browser(server)
    status, headers, _page = visitor.request("")
    assert status == 200
    (cookie,) = [value for value in headers.get_all("Set-Cookie") if value.startswith("coffeechat-browser=")]
    assert cookie.startswith("coffeechat-browser=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_another_browser_cannot_use_a_participants_kernel(server):
    owner, stranger = Browser(server), Browser(server)
    _page, kernel_id = owner.open_page()
    stranger.open_page()  # a secret of its own, for a kernel of its own
    with pytest.raises(InvalidStatus) as refused:
        stranger.channels(kernel_id)
    assert refused.value.response.status_code == 403
    assert stranger.request(f"api/kernels/{kernel_id}")[0] == 403
    xsrf = {"X-XSRFToken": "x", "Cookie": f"_xsrf=x; {stranger.cookie_header()}"}
    assert stranger.request(f"api/kernels/{kernel_id}", method="DELETE", headers=xsrf)[0] == 403
    assert stranger.request(f"voila/api/shutdown/{kernel_id}", method="POST", headers=xsrf)[0] == 403
    for action in ("restart", "interrupt"):  # Voila has no such actions: the page's catch-all refuses a POST
        assert stranger.request(f"api/kernels/{kernel_id}/{action}", method="POST", headers=xsrf)[0] in (403, 404, 405)
    assert owner.request(f"api/kernels/{kernel_id}")[0] == 200, "the owner's kernel is still there"
    with owner.channels(kernel_id) as socket:
        assert socket.subprotocol == V1


def test_a_kernel_socket_from_another_site_is_refused(server):
    visitor = Browser(server)
    _page, kernel_id = visitor.open_page()
    with pytest.raises(InvalidStatus) as refused:
        visitor.channels(kernel_id, headers={"Origin": "http://evil.example"})
    assert refused.value.response.status_code == 403


def test_a_request_for_a_foreign_host_name_is_refused(server):
    visitor = Browser(server)
    status, _headers, _body = visitor.request("", headers={"Host": f"rebound.example:{server.port}"})
    assert status == 400
    assert visitor.request("", headers={"Host": f"localhost:{server.port}"})[0] == 200


def test_the_page_allows_only_the_servers_own_scripts(server):
    status, headers, page = Browser(server).request("")
    assert status == 200
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert policy["script-src"] == f"'self' 'nonce-{nonce}' blob:"  # blob: for anywidget's modules
    assert policy["connect-src"] == "'self'" and policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline and all(f'nonce="{nonce}"' in attributes for attributes in inline)


def test_a_resume_code_in_a_wrong_address_stays_out_of_the_log(server):
    status, _headers, _body = Browser(server).request("voila/files/no-such-file?code=ABCD-EFGH-JKLM&lang=de")
    assert status in (403, 404)  # refused: a file outside the allow list
    logged_soon(server, "no-such-file")
    assert "no-such-file" in server.log(), "the refusal is logged"
    assert "ABCD-EFGH-JKLM" not in server.log()


# --------------------------------------------------------------------------------------------------
# the kernel flood
# --------------------------------------------------------------------------------------------------


def test_a_flood_of_page_requests_stops_at_the_limit_and_its_kernels_go_soon(tmp_path):
    flooded = Server(
        tmp_path,
        "--pool-size",
        "1",
        "--max-kernels-per-client",
        "3",
        "--max-kernels",
        "6",
        "--connect-timeout-seconds",
        "3",
        "--cull-interval-seconds",
        "1",
    )
    try:
        flooder = Browser(flooded)
        answers = [flooder.request("") for _ in range(6)]
        statuses = [status for status, _headers, _body in answers]
        assert statuses[:3] == [200, 200, 200] and statuses[3:] == [503, 503, 503]
        _status, headers, body = answers[-1]
        assert headers["Retry-After"] == "60"
        assert "Der Raum ist gerade voll" in body and "The room is full right now" in body
        voila = flooded.voila()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(kernels_of(voila)) > 2:  # the pool (1) and its refill
            time.sleep(0.2)
        assert len(kernels_of(voila)) <= 2, "the flood's kernels, whose pages never connected, were shut down"
        # the server forgets a kernel just after its process is gone: the visitor tries again, as Retry-After says
        while (status := flooder.request("")[0]) == 503 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert status == 200, "once they are gone the same visitor gets a page again"
    finally:
        flooded.stop()


def test_the_room_still_serves_others_while_one_address_is_at_its_limit(tmp_path):
    """Every raw client here is 127.0.0.1; a second address is the machine's own LAN address if it has one."""
    flooded = Server(tmp_path, "--pool-size", "0", "--max-kernels-per-client", "2", "--max-kernels", "10")
    try:
        flooder = Browser(flooded)
        assert [flooder.request("")[0] for _ in range(3)] == [200, 200, 503]
        assert server_limit_counts(flooded) == 2
    finally:
        flooded.stop()


def server_limit_counts(server: Server) -> int:
    return len(kernels_of(server.voila()))


# --------------------------------------------------------------------------------------------------
# bad addresses and refused sockets
# --------------------------------------------------------------------------------------------------

TRAVERSALS = (
    "voila/templates/coffeechat/static/../../../../etc/passwd",
    "voila/templates/coffeechat/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "voila/templates/coffeechat/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "voila/templates/coffeechat/static/%2E%2E/static/materialcolors.css",
    "voila/templates/coffeechat/../../../../etc/passwd",
    "voila/templates/coffeechat",
    "voila/templates/..%2f..%2fetc/static/passwd",
)


def raw_get(server: Server, path: str) -> int:
    """The status of a GET sent with the path exactly as written (urllib leaves ``..`` alone; a browser would not)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", "/" + path)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("path", TRAVERSALS)
def test_does_a_path_that_climbs_out_of_the_template_get_a_plain_404(server, path):
    """Voila's template file handler answered these with HTTP 500 (an assertion in its path parsing)."""
    assert raw_get(server, path) == 404
    own_file = "voila/templates/coffeechat/static/materialcolors.css"
    assert raw_get(server, own_file) == 200, "the template's own files are still served"


def test_does_a_refused_kernel_socket_leave_one_line_in_the_log_and_no_traceback(server):
    """A LAN client that keeps knocking must not fill the coach's terminal with tracebacks."""
    visitor = Browser(server)
    _page, kernel_id = visitor.open_page()
    before = len(server.log().splitlines())
    refusals = []
    for attempt in ({"subprotocols": ()}, {"headers": {"Origin": "http://evil.example"}}):
        with pytest.raises(InvalidStatus) as refused:
            visitor.channels(kernel_id, **attempt)
        refusals.append(refused.value.response.status_code)
    with pytest.raises(InvalidStatus) as refused:
        Browser(server).channels(kernel_id)  # a stranger's browser
    refusals.append(refused.value.response.status_code)
    assert refusals == [400, 403, 403]
    # anything a refusal logs comes before the log line of a request made after it (one server thread)
    marker = f"after-the-refusals-{uuid.uuid4().hex}"
    assert raw_get(server, f"voila/files/{marker}") in (403, 404)  # refused and logged, like the resume code's
    logged_soon(server, marker)
    lines = [line for line in server.log().splitlines()[before:] if f"api/kernels/{kernel_id}/channels" in line]
    new = server.log().splitlines()[before:]
    assert not [line for line in new if "Traceback" in line or "write_error" in line], "\n".join(new)
    assert len(lines) == 3, "\n".join(new)

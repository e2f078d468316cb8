"""`coffeechat serve` while its PostgreSQL is down (issue 26): does an arrival get the kit's own page that waits
for the database, and the workshop once it is back? Does ``healthz`` say so? Is a wrong database still refused?

One ``serve`` (tests/integration/test_serving.py's ``Server``, with its tiny notebook) on a database of the run's
PostgreSQL, which the test stops and starts again (``PostgresServer.halt``/``resume``).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from coffeechat import cli
from tests.harness.ports import free_port
from tests.integration.test_serving import PRINTED, THIRD_PARTY, Server, visible_text, write_tiny_notebook

#: a deadline for the journal to answer again once PostgreSQL runs (the probe's answer is kept 1.5 s)
BACK_SECONDS = 30


def fetch(url: str, timeout: float = 60, method: str = "GET") -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def test_does_an_arrival_during_an_outage_get_the_waiting_page_and_the_workshop_once_the_database_is_back(
    postgres_server, tmp_path
):
    url = postgres_server.create_database()
    postgres_server.halt()
    halted, server = True, None
    try:
        server = Server(tmp_path, "--pool-size", "0", "--database-url", url)
        assert "does not answer now" in server.stderr.read_text(), "serve starts, and says why it warns"

        status, headers, body = fetch(server.url + "healthz")
        assert (status, json.loads(body)) == (503, {"status": "unavailable", "journal": "unreachable"})
        assert headers["Cache-Control"] == "no-store"
        assert fetch(server.url + "healthz", method="HEAD")[0] == 503

        status, headers, page = fetch(server.url + "?code=ABCD-EFGH")
        assert status == 503 and headers["Content-Type"].startswith("text/html")
        assert "Retry-After" in headers
        text = visible_text(page)
        assert "Gleich geht es weiter" in text and "Ihre gespeicherten Antworten sind sicher" in text
        assert "The workshop will be back shortly" in text and "Your saved answers are safe" in text
        for secret in ("Traceback", "postgresql", str(postgres_server.socket_dir), "ABCD-EFGH", "psycopg"):
            assert secret not in page, secret
        assert not any(host in page.lower() for host in THIRD_PARTY)
        nonce = headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        assert f'<script nonce="{nonce}">' in page, "the page's own script may run under the policy"
        assert 'data-health="/healthz"' in page

        postgres_server.resume()
        halted = False
        deadline = time.monotonic() + BACK_SECONDS
        while (status := fetch(server.url + "healthz")[0]) != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert status == 200 and json.loads(fetch(server.url + "healthz")[2]) == {"status": "ok", "journal": "ok"}
        status, _headers, page = fetch(server.url)
        assert status == 200 and PRINTED in visible_text(page), "the same address now serves the workshop"
        assert "ABCD-EFGH" not in server.log(), "the resume code in the outage page's address stays out of the log"
    finally:
        if halted:
            postgres_server.resume()
        if server is not None:
            server.stop()
        postgres_server.drop_database(urlsplit(url).path.lstrip("/"))


def test_is_a_database_written_by_a_newer_coffeechat_refused_at_start_with_a_message(postgres_server, tmp_path, capsys):
    url = postgres_server.create_database()
    name = urlsplit(url).path.lstrip("/")
    try:
        with postgres_server.connect(name) as conn:
            conn.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute("INSERT INTO meta VALUES ('schema_version', '999')")
        notebook = write_tiny_notebook(tmp_path / "nb")
        argv = ["serve", "--notebook", str(notebook), "--port", str(free_port()), "--no-browser", "--database-url", url]
        assert cli.main(argv) == 2
        assert "written by a newer coffeechat (schema 999" in capsys.readouterr().err
    finally:
        postgres_server.drop_database(name)

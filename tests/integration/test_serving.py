"""`coffeechat serve` (:mod:`coffeechat.server.serving`): does the coach get a private, offline, self-cleaning server?

The server tests run the real command on a free port with a tiny notebook of their own (so they do not
depend on the workshop's content) and look at it from outside: HTTP, and the process table via psutil.
"""

from __future__ import annotations

import contextlib
import html.parser
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from coffeechat import cli
from coffeechat.server import guard, serving
from coffeechat.storage import paths
from tests.harness.ports import free_port
from tests.harness.serve import Server as HarnessServer
from tests.harness.serve import coffeechat_command

TITLE = "coffeechat – Informationsgespräche ohne Angst"
THIRD_PARTY = ("cdn.", "cdnjs", "jsdelivr", "unpkg", "googleapis", "gstatic", "cloudflare", "fontawesome.com/")
START_SECONDS = 120  # a deadline, not a wait: serve starts in 2-5 s, but far slower on a machine under load
PRINTED = "Hallo aus dem Testnotizbuch"
LATE = "late-but-there-7e1f"  # ASCII: outputs travel as JSON in the page
CULL_SECONDS = 3  # the module server's idle timeout


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------


def write_tiny_notebook(folder: Path) -> Path:
    """Markdown, a print, and a cell that fails only when the page is asked for with ?fail."""
    folder.mkdir(parents=True, exist_ok=True)
    cells = [
        {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": ["# Kleiner Test"]},
        {
            "cell_type": "code",
            "id": "hello",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [f"print({PRINTED!r})"],
        },
        {
            "cell_type": "code",
            "id": "fail",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [
                "from coffeechat.pages.visitor import query_string  # a pooled kernel waits here for its visitor\n",
                "if 'fail' in query_string():\n",
                "    raise RuntimeError('geheimes Detail / secret detail')",
            ],
        },
        {
            "cell_type": "code",
            "id": "late",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [
                "# ?late: the output reaches Voila 5 s after the cell's reply, as on a machine that is very busy\n",
                "# (nbclient's default drops what comes more than 4 s late: 5 s is the shortest delay past it)\n",
                "import sys, time\n",
                "if 'late' in query_string():\n",
                "    sys.stdout.flush_timeout = sys.stderr.flush_timeout = 0.1  # the reply does not wait\n",
                "    get_ipython().kernel.iopub_thread.schedule(lambda: time.sleep(5))  # the output channel is busy\n",
                f"    display({{'text/plain': {LATE!r}}}, raw=True)",
            ],
        },
        {
            "cell_type": "code",
            "id": "echo",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [
                "# a comm that answers with a binary buffer, as a widget with bytes does (test_faults.py)\n",
                "import comm\n",
                "import sys, traceback\n",
                "def _echo(channel, reply):\n",
                "    if reply['content']['data'].get('boom'):  # a callback that fails, as a bug in a view would\n",
                "        try:\n",
                "            raise RuntimeError('/srv/secret/path.py went wrong')\n",
                "        except RuntimeError:\n",
                "            traceback.print_exc(file=sys.stderr)\n",
                "    channel.send({'echo': True}, buffers=[b'coffeechat-bytes'])\n",
                "def _echo_target(channel, message):\n",
                "    channel.on_msg(lambda reply: _echo(channel, reply))\n",
                "    channel.send({'hello': True}, buffers=[b'coffeechat-bytes'])\n",
                "comm.get_comm_manager().register_target('cc-echo', _echo_target)",
            ],
        },
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / "tiny.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def get(url: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def kernels_of(voila: psutil.Process) -> list[psutil.Process]:
    """The participants' kernels (``coffeechat.server.launcher``, see its docstring) and any stock ipykernel."""
    found = []
    for process in voila.children(recursive=True):
        try:
            if {"ipykernel_launcher", "coffeechat.server.launcher"} & set(process.cmdline()):
                found.append(process)
        except psutil.Error:  # a kernel that just stopped (a zombie until Voila reaps it)
            pass
    return found


def listening_addresses(proc: psutil.Process) -> set[str]:
    return {c.laddr.ip for c in proc.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}


class VisibleText(html.parser.HTMLParser):
    """The text a participant could see: everything outside <script>, <style> and <head>."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = VisibleText()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


class Server:
    """`coffeechat serve` as a child process, with its output in files (no pipe can fill up)."""

    def __init__(self, folder: Path, *extra: str):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.data_dir = folder / "data"
        self.notebook = write_tiny_notebook(folder / "served")
        self.stdout = folder / "serve.out"
        self.stderr = folder / "serve.err"
        pool = () if "--pool-size" in extra else ("--pool-size", "2")
        command = coffeechat_command(self.port, self.data_dir, "--notebook", str(self.notebook), *pool, *extra)
        # ready once serve printed its address (after Voila listens); stdout alone is read by the tests
        self.process = HarnessServer(
            command, self.stdout, errors=self.stderr, ready_text=self.url, seconds=START_SECONDS
        ).process
        self.pids: set[int] = set()

    def log(self) -> str:
        return self.stdout.read_text() + self.stderr.read_text()

    def voila(self) -> psutil.Process:
        children = psutil.Process(self.process.pid).children()
        assert len(children) == 1, children
        return children[0]

    def tree(self) -> list[psutil.Process]:
        """serve, Voila and every kernel; remembered, so a test can check later that all are gone."""
        procs = [psutil.Process(self.process.pid), *psutil.Process(self.process.pid).children(recursive=True)]
        self.pids.update(p.pid for p in procs)
        return procs

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pid in self.pids:  # last resort, so a failing test leaves nothing running
            with contextlib.suppress(psutil.Error):
                psutil.Process(pid).kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the read-only questions; kernels are culled after 3 idle seconds (a shortened timeout: the
    rule is the same at the default 900 s, only the wait differs)."""
    srv = Server(
        tmp_path_factory.mktemp("serve"), "--cull-idle-seconds", str(CULL_SECONDS), "--cull-interval-seconds", "1"
    )
    srv.tree()
    yield srv
    srv.stop()


@pytest.fixture
def fresh_server(tmp_path):
    """A server of the test's own, for the questions that stop it (one pooled kernel: a kernel still starting
    when it stops, as with the default pool)."""
    srv = Server(tmp_path, "--pool-size", "1")
    srv.tree()
    yield srv
    srv.stop()


# --------------------------------------------------------------------------------------------------
# the command line, without a server
# --------------------------------------------------------------------------------------------------


def test_serve_defaults_are_private_and_documented():
    args = cli.build_parser().parse_args(["serve"])
    assert (args.port, args.host, args.cull_idle_seconds, args.no_browser) == (8866, "127.0.0.1", 900, False)
    assert args.func is cli.cmd_serve
    assert serving.DEFAULT_NOTEBOOK == Path(serving.__file__).resolve().parents[3] / "notebooks" / "workshop.ipynb"


def test_voila_gets_the_kits_locked_down_options():
    argv = serving.voila_command(
        Path("/x/workshop.ipynb"), port=9999, host="127.0.0.1", cull_idle_seconds=900, cull_interval_seconds=60
    )
    for option in (
        "--port=9999",
        "--Voila.ip=127.0.0.1",
        "--template=coffeechat",
        "--theme=light",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.file_denylist=.*",
        "--MappingKernelManager.cull_idle_timeout=900",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
        "--KernelManager.transport=ipc",
    ):
        assert option in argv


def test_voila_knows_every_option_we_pass():
    """Voila's own parser accepts the command line, and it lands in the traits we mean."""
    from voila.app import Voila
    from voila.configuration import VoilaConfiguration

    argv = serving.voila_command(
        Path("/x/workshop.ipynb"), port=9999, host="127.0.0.1", cull_idle_seconds=900, cull_interval_seconds=60
    )
    app = Voila()
    app.parse_command_line(argv[4:])  # without python -m voila NOTEBOOK
    config = VoilaConfiguration(parent=app)
    assert config.template == "coffeechat" and config.theme == "light"
    assert config.allow_template_override == config.allow_theme_override == "NO"
    assert config.show_tracebacks is False and config.strip_sources is True
    assert config.file_denylist == [".*"]
    assert not any(
        re.fullmatch(p, name, re.IGNORECASE)
        for p in config.file_allowlist
        for name in ("tiny.ipynb", "a.png", "data/journal.sqlite3", "")
    )
    assert app.ip == "127.0.0.1" and app.port == 9999 and app.open_browser is False
    culling = app.config.MappingKernelManager
    assert (int(culling.cull_idle_timeout), int(culling.cull_interval)) == (900, 60)
    from coffeechat.server.kernels import PatientKernelManager

    assert config.multi_kernel_manager_class is PatientKernelManager, "a reload first saves the last keystrokes"


def test_a_room_gets_a_pool_the_light_page_and_output_that_is_never_dropped():
    """The pool, the extensions the app uses and a patient output timeout land in the traits we mean."""
    from voila.configuration import VoilaConfiguration

    from coffeechat.server.voila_app import WorkshopVoila

    argv = serving.voila_command(
        Path("/x/workshop.ipynb"),
        port=9999,
        host="127.0.0.1",
        cull_idle_seconds=900,
        cull_interval_seconds=60,
        pool_size=12,
        max_starting=1,
    )
    assert argv[1:3] == ["-m", "coffeechat.server.voila_app"]
    app = WorkshopVoila()
    app.parse_command_line(argv[4:])
    config = VoilaConfiguration(parent=app)
    assert config.preheat_kernel is True and config.default_pool_size == 12
    assert set(config.extension_allowlist) == set(serving.FRONTEND_EXTENSIONS)
    assert int(app.config.VoilaExecutor.iopub_timeout) >= 60, "late output on a busy machine is kept"
    assert int(app.config.PatientKernelManager.max_starting) == 1
    without = serving.voila_command(
        Path("/x/w.ipynb"), port=1, host="127.0.0.1", cull_idle_seconds=9, cull_interval_seconds=3, pool_size=0
    )
    assert not any("preheat" in option for option in without)


@pytest.mark.parametrize(
    ("free_gb", "room", "pool"),
    [(16, 30, 30), (2, 30, 10), (0.1, 30, 0), (16, 0, 0), (16, 5, 5)],
)
def test_the_pool_is_sized_for_the_room_and_the_free_memory(free_gb, room, pool):
    plan = serving.plan_pool(room, int(free_gb * 2**30), kernel_mb=60)
    assert plan.pool_size == pool
    assert str(pool) in plan.message
    if 0 < pool < room or (room and not pool):
        assert "warning" in plan.message and "memory" in plan.message


def test_cull_interval_follows_the_timeout():
    assert serving.default_cull_interval(900) == 60
    assert serving.default_cull_interval(20) == 5
    assert serving.default_cull_interval(2) == 1


def test_a_taken_port_is_reported(tmp_path):
    notebook = write_tiny_notebook(tmp_path / "served")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "coffeechat.cli",
                "serve",
                "--no-browser",
                "--port",
                str(port),
                "--notebook",
                str(notebook),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode != 0
    assert "already in use" in result.stderr


# --------------------------------------------------------------------------------------------------
# a running server
# --------------------------------------------------------------------------------------------------


def test_serve_prints_the_workshops_address_and_on_this_computer_the_coachs_two_links(server):
    """One line with the workshop's address, then the console's and the projector's (a coach rehearsing on the
    laptop gets them too, on 127.0.0.1: test_serving_room.py)."""
    lines = [line for line in server.stdout.read_text().splitlines() if "http://" in line]
    assert server.url in lines[0] and "?room=" not in lines[0]
    assert [("room=console" in line, "room=projector" in line) for line in lines[1:]] == [(True, False), (False, True)]


def test_server_listens_on_loopback_only_by_default(server):
    addresses = listening_addresses(server.voila())
    assert addresses and addresses <= {"127.0.0.1"}


def test_page_is_the_kits_own_and_makes_no_third_party_request(server):
    status, page = get(server.url)
    assert status == 200
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    assert title == TITLE
    lowered = page.lower()
    for host in THIRD_PARTY:
        assert host not in lowered, host
    # every src= and href= stays on this server (relative) or inline (data:)
    for url in re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", page):
        assert url.startswith(("/", "#", "data:")) or not re.match(r"[a-z]+:", url), url


def test_page_shows_no_voila_branding_and_a_bilingual_loading_screen(server):
    _, page = get(server.url)
    text = visible_text(page)
    assert "voil" not in text.lower()
    assert "Der Workshop wird vorbereitet" in text and "The workshop is being prepared" in text
    assert PRINTED in text  # the notebook ran
    assert "print(" not in text  # and its code is not in the page


def test_visitors_cannot_switch_template_or_theme(server):
    _, page = get(server.url + "?template=lab&theme=dark")
    assert TITLE in page and "theme-light" in page and "theme-dark" not in page


def test_a_failing_cell_shows_a_friendly_message_and_no_traceback(server):
    status, page = get(server.url + "?fail=1")
    assert status == 200
    text = visible_text(page)
    assert "Dieser Teil des Workshops konnte nicht geladen werden" in text
    assert "This part of the workshop could not be loaded" in text
    assert "Traceback" not in text
    for leak in ("RuntimeError", "ZeroDivision", "secret detail", "geheimes Detail", "show_tracebacks"):
        assert leak not in page


def test_output_that_arrives_late_on_a_busy_machine_is_still_shown(server):
    """Nbclient's default drops output that comes more than 4 s after the cell's reply: a blank page."""
    status, page = get(server.url + "?late=1", timeout=60)
    assert status == 200
    assert LATE in page, "the cell's output is in the page"


def test_files_beside_the_notebook_are_not_served(server):
    (server.notebook.parent / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for name in ("tiny.ipynb", "picture.png"):
        status, _ = get(f"{server.url}voila/files/{name}")
        assert status == 403, name


def page_kernel(voila: psutil.Process, page: str) -> psutil.Process:
    """The kernel process that serves a page (its id is in the page's config and in the kernel's command line)."""
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1)
    found = [p for p in kernels_of(voila) if any(kernel_id in part for part in p.cmdline())]
    assert len(found) == 1, f"the kernel {kernel_id} of the page"
    return found[0]


def test_kernels_get_the_data_dir_and_idle_ones_are_culled_but_never_the_pool(server):
    assert stat.S_IMODE(server.data_dir.stat().st_mode) == 0o700
    voila = server.voila()
    environment = voila.environ()  # Voila starts every kernel with its own environment plus the request's
    assert environment[paths.ENV_VAR] == str(server.data_dir.resolve())
    assert environment["JUPYTER_PATH"].split(os.pathsep)[0] == str(serving.SHARE_JUPYTER)
    status, page = get(server.url)  # the page's kernel never gets a websocket, like a tab whose beacon is lost
    assert status == 200
    kernel = page_kernel(voila, page)
    assert kernel.environ().get(paths.ENV_VAR) == str(server.data_dir.resolve())
    connection_file = Path(kernel.cmdline()[kernel.cmdline().index("-f") + 1])
    assert json.loads(connection_file.read_text())["transport"] == "ipc", "kernel channels are not open TCP ports"
    _gone, alive = psutil.wait_procs([kernel], timeout=20)
    assert not alive, "an idle kernel was not culled"
    pool = kernels_of(voila)
    assert pool, "the pool refilled"
    # a kernel that has lived longer than the 3 s cull timeout plus two 1 s checks would have been culled if the
    # pool were not protected; the module's server is older than that, so this usually waits for the refill only
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and min(time.time() - p.create_time() for p in pool) < CULL_SECONDS + 2:
        time.sleep(0.1)
    assert all(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in pool), "a pooled kernel was culled"


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_stopping_serve_leaves_no_voila_and_no_kernel(fresh_server, stop_signal):
    status, _ = get(fresh_server.url)  # start a kernel
    assert status == 200
    procs = fresh_server.tree()
    assert kernels_of(fresh_server.voila()), "the page started no kernel"
    fresh_server.process.send_signal(stop_signal)
    assert fresh_server.process.wait(timeout=20) == 0
    _gone, alive = psutil.wait_procs(procs, timeout=5)
    assert not alive, [p.pid for p in alive]
    # nothing else started for this server survives either (its data dir is in every kernel's environment)
    assert not processes_of(fresh_server)
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", fresh_server.port)) != 0


# --------------------------------------------------------------------------------------------------
# where the kernels keep the answers
# --------------------------------------------------------------------------------------------------


def test_kernels_are_told_the_database_url_serve_decided_on(monkeypatch):
    monkeypatch.setenv(paths.DATABASE_URL_VAR, "postgresql://stale/x")
    assert serving.child_environment(None, "postgresql://db/coffeechat")[paths.DATABASE_URL_VAR] == (
        "postgresql://db/coffeechat"
    )
    assert paths.DATABASE_URL_VAR not in serving.child_environment(None, None), "SQLite chosen: no URL inherited"


def test_behind_jupyterhub_the_kernels_never_see_the_hubs_api_token(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "hub-secret")
    monkeypatch.setenv("JUPYTERHUB_USER", "someone")
    env = serving.child_environment(None)
    assert "JUPYTERHUB_API_TOKEN" not in env and "hub-secret" not in env.values()


def test_serve_refuses_a_database_it_cannot_use_before_starting_voila(postgres_server, tmp_path, capsys):
    """The server answered and refused (no such database); one that does not answer is an outage
    (tests/integration/test_outage.py)."""
    notebook = write_tiny_notebook(tmp_path / "nb")
    url = f"postgresql://coffeechat:geheim@/nothing?host={postgres_server.socket_dir}"
    argv = ["serve", "--notebook", str(notebook), "--port", str(free_port()), "--no-browser", "--database-url", url]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "cannot use the database postgresql://coffeechat:***@/nothing" in err and "geheim" not in err


def test_serve_creates_the_tables_of_a_new_postgres_database(postgres_server, tmp_path):
    from coffeechat.storage.journal import SCHEMA_VERSION

    serving.check_database(postgres_server.create_database("served_by_serve"))
    try:
        with postgres_server.connect("served_by_serve") as conn:
            version = conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()[0]
        assert version == str(SCHEMA_VERSION)
    finally:
        postgres_server.drop_database("served_by_serve")


def test_the_app_can_be_served_under_a_hub_users_path():
    argv = serving.voila_command(
        Path("x.ipynb"), port=1, host="127.0.0.1", cull_idle_seconds=0, cull_interval_seconds=1, base_url="/user/a/"
    )
    assert "--Voila.base_url=/user/a/" in argv


def test_serve_can_become_voila_for_a_supervisor_of_its_own_and_voila_stops_its_kernels(tmp_path):
    """Behind JupyterHub the proxy supervises: `serve --replace-process` prepares, then is Voila itself."""
    notebook = write_tiny_notebook(tmp_path / "nb")
    port = free_port()
    argv = [sys.executable, "-m", "coffeechat.cli", "serve", "--no-browser", "--port", str(port)]
    argv += ["--notebook", str(notebook), "--data-dir", str(tmp_path / "data"), "--replace-process"]
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not serving.port_is_open("127.0.0.1", port):
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        assert get(f"http://127.0.0.1:{port}/")[0] == 200
        me = psutil.Process(process.pid)
        assert "coffeechat.server.voila_app" in me.cmdline(), "the process itself is Voila now"
        assert me.environ()[paths.ENV_VAR] == str((tmp_path / "data").resolve())
        kernels = kernels_of(me)
        assert kernels, "the page started a kernel"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        _gone, alive = psutil.wait_procs(kernels, timeout=10)
        assert not alive, "Voila left a kernel behind"
    finally:
        if process.poll() is None:
            serving.stop_process_tree(process.pid)


def test_serve_refuses_broken_content_and_names_every_problem(tmp_path, monkeypatch, capsys):
    content = tmp_path / "exercises"
    shutil.copytree(Path(__file__).resolve().parents[2] / "exercises", content)
    ui = content / "ui.yaml"
    ui.write_text(
        ui.read_text(encoding="utf-8").replace("  code.resume:\n", "  code.resume_typo:\n", 1), encoding="utf-8"
    )
    monkeypatch.setenv("COFFEECHAT_CONTENT_DIR", str(content))
    options = serving.ServeOptions(port=free_port(), data_dir=str(tmp_path / "data"), open_browser=False)
    assert serving.serve(options) == 2
    err = capsys.readouterr().err
    assert "the content in" in err and "ui.yaml" in err and "code.resume" in err
    assert "Workshop bereit" not in capsys.readouterr().out


def processes_of(server: Server) -> list[psutil.Process]:
    """Every live process started for ``server`` (its data dir is in their environment), zombies left out."""
    found = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.status() != psutil.STATUS_ZOMBIE and proc.environ().get(paths.ENV_VAR) == str(
                server.data_dir.resolve()
            ):
                found.append(proc)
        except psutil.Error:
            pass
    return found


def connection_folders(server: Server) -> list[Path]:
    """Voila's folders of connection files (the kernels' keys) for this serve."""
    return list((serving.runtime_root() / str(server.process.pid)).glob("voila_*"))


def test_after_voila_is_killed_its_connection_files_are_removed(tmp_path):
    srv = Server(tmp_path, "--pool-size", "1")  # one pooled kernel writes its connection file there
    try:
        srv.tree()
        (folder,) = connection_folders(srv)
        deadline = time.monotonic() + 60
        while not any(folder.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert any(folder.iterdir()), "the pool's kernel has its connection file there"
        assert stat.S_IMODE(serving.runtime_root().stat().st_mode) == 0o700
        kernels = srv.voila().children(recursive=True)
        srv.voila().kill()  # kill -9
        srv.process.wait(timeout=30)
        assert not [k for k in kernels if k.is_running() and k.status() != psutil.STATUS_ZOMBIE], "no kernel lives on"
        # a kernel still starting used to write its files there again after serve removed them: once no process
        # started for this serve is left (its data dir is in every kernel's environment), nothing can
        deadline = time.monotonic() + 30
        while processes_of(srv) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not processes_of(srv), "a process of the killed serve lives on"
        assert not folder.exists()
    finally:
        srv.stop()


def test_the_next_serve_removes_what_a_killed_serve_left(tmp_path):
    srv = Server(tmp_path / "first", "--pool-size", "1")  # its kernel is orphaned by the kill
    try:
        srv.tree()
        (folder,) = connection_folders(srv)
        psutil.Process(srv.process.pid).suspend()  # serve cannot clean up: kill -9 of both, Voila first
        srv.voila().kill()
        srv.process.kill()
        srv.process.wait(timeout=30)
        assert folder.exists()
    finally:
        srv.stop()
    second = Server(tmp_path / "second", "--pool-size", "0")  # it only has to start (and clean up first)
    try:
        assert not folder.exists()
    finally:
        second.stop()


def test_stopping_the_kernels_of_one_serve_leaves_those_of_another_alone(tmp_path):
    """The runtime folders are named by pid: serve 12's folder is a prefix of serve 123's, and stopping the
    kernels of a killed serve 12 stopped those of a running serve 123 too (seen as a kernel restart in CI)."""
    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    mine = subprocess.Popen([*sleeper, "-f", str(tmp_path / "12" / "voila_a" / "kernel-1.json")])
    other = subprocess.Popen([*sleeper, "-f", str(tmp_path / "123" / "voila_b" / "kernel-2.json")])
    try:
        assert serving.stop_kernels_using(tmp_path / "12", grace=5) == [mine.pid]
        assert mine.wait(timeout=10) is not None and other.poll() is None
    finally:
        for proc in (mine, other):
            proc.kill()
            proc.wait()


def arrivals_refused(max_kernels: int, pool: int, crowd: int) -> int:
    """How many of ``crowd`` people opening the link at the same moment get the room-full page (each from a
    device of their own; none of their kernels has started yet, they wait in line behind the pool)."""
    ledger = guard.KernelLedger(max_kernels=max_kernels, max_per_client=guard.DEFAULT_MAX_PER_CLIENT)
    alive = {f"pool-{number}" for number in range(pool)}
    refused = 0
    for number in range(crowd):
        address = f"10.0.{number // 200}.{number % 200 + 2}"
        if ledger.full_for(address, len(alive), alive):
            refused += 1
        else:
            ledger.arrive(guard.Visitor(browser=f"browser-{number}", address=address))
    return refused


def test_does_a_lecture_hall_of_100_wait_behind_a_pool_of_30_instead_of_meeting_the_room_full_page():
    free = 22 * 2**30  # a machine with 22 GB free
    pool = serving.plan_pool(30, free).pool_size
    capacity = serving.plan_capacity(pool, free)
    assert pool == 30 and capacity.people >= 100
    assert arrivals_refused(capacity.max_kernels, pool, 100) == 0
    assert f"room for about {capacity.people} people at once on this machine" in capacity.message


def test_does_only_a_crowd_beyond_what_memory_holds_get_the_room_full_page():
    free = 4 * 2**30
    pool = serving.plan_pool(30, free).pool_size
    capacity = serving.plan_capacity(pool, free)
    assert capacity.people == capacity.max_kernels - pool, "the preheated kernels take their share of memory"
    assert capacity.max_kernels * serving.KERNEL_MEMORY_MB * 2**20 <= free, "the limit is what memory holds"
    assert arrivals_refused(capacity.max_kernels, pool, 100) == 100 - capacity.people
    assert serving.plan_capacity(0, 10 * 2**20).max_kernels >= 1, "never 0, which would mean no limit at all"


def test_does_a_limit_given_on_the_command_line_win_and_say_so():
    capacity = serving.plan_capacity(30, 16 * 2**30, max_kernels=40)
    assert (capacity.max_kernels, capacity.people) == (40, 10)
    assert "about 10 people" in capacity.message
    unlimited = serving.plan_capacity(30, 16 * 2**30, max_kernels=0)
    assert unlimited.max_kernels == 0 and "no limit" in unlimited.message


def test_does_the_free_memory_count_a_containers_own_limit(tmp_path):
    (tmp_path / "memory.max").write_text("1073741824\n")
    (tmp_path / "memory.current").write_text("268435456\n")
    assert serving.available_memory(cgroup=tmp_path, system_available=8 * 2**30) == 768 * 2**20
    (tmp_path / "memory.max").write_text("max\n")
    assert serving.available_memory(cgroup=tmp_path, system_available=8 * 2**30) == 8 * 2**30
    assert serving.available_memory(cgroup=tmp_path / "none", system_available=2**30) == 2**30


def test_does_the_free_memory_count_the_limit_of_this_processs_own_cgroup_and_its_parents(tmp_path):
    """A hub started by systemd with MemoryMax (no container of its own): the limit is on the unit's cgroup,
    which /proc/self/cgroup names, not on the root that /sys/fs/cgroup shows."""
    v2, v1 = tmp_path / "v2", tmp_path / "v1"
    unit = v2 / "system.slice" / "coffeechat-hub.service"
    unit.mkdir(parents=True)
    (unit / "memory.max").write_text(str(1024 * 2**20))
    (unit / "memory.current").write_text(str(262 * 2**20))
    (v2 / "system.slice" / "memory.max").write_text("max\n")
    (v2 / "system.slice" / "memory.current").write_text("0\n")
    proc = tmp_path / "cgroup"
    proc.write_text("0::/system.slice/coffeechat-hub.service\n")
    folders = serving.cgroup_folders(proc, (v2, v1))
    assert folders[:2] == [v2, v1] and unit in folders and v2 / "system.slice" in folders
    free = min(serving.available_memory(cgroup=folder, system_available=8 * 2**30) for folder in folders)
    assert free == (1024 - 262) * 2**20
    proc.write_text("12:cpu,cpuacct:/x\n4:memory:/process_api/abc\n0::/\n")  # cgroup v1 (hybrid)
    assert serving.cgroup_folders(proc, (v2, v1)) == [v2, v1, v1 / "process_api" / "abc", v1 / "process_api"]
    assert serving.cgroup_folders(tmp_path / "no-such-file", (v2, v1)) == [v2, v1]


def test_does_a_pod_of_384_mb_get_no_pool_however_large_the_node():
    """The pool is planned from what the pod's limit leaves (after the server's own 262 MB, its one kernel counted),
    never from the node's memory: a pool of 30 on a 64 GB node would kill a 384 MB pod."""
    free_in_pod = (384 - 262) * 2**20
    assert serving.plan_pool(30, free_in_pod).pool_size == 0
    assert serving.plan_capacity(0, free_in_pod).max_kernels == 1, "one participant, one kernel"

"""A real PostgreSQL server for the tests and benchmarks: initdb into a temporary folder, Unix socket only.

Debian's ``postgresql`` package provides the server (``initdb``, ``pg_ctl`` under
``/usr/lib/postgresql/<version>/bin``); ``make test`` and ``.ci/run`` install it. The server listens on no
TCP port at all, only on a socket in its own temporary folder, and trusts whoever can reach that socket.

``initdb`` refuses to run as root (a server process must not have root's rights). Run as root (CI is), the
server runs as Debian's ``postgres`` system user (created by the package; ``nobody`` if it is missing),
started with ``subprocess``'s ``user=``, and its folder is handed to that user. As anyone else it runs as
yourself.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

SUPERUSER = "coffeechat"
INSTALL_HINT = "install Debian's PostgreSQL server: apt-get install -y postgresql (make test does this)"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL (or psycopg) is not installed; the message says how to get it."""


def server_bindir() -> Path:
    """The folder with ``initdb`` and ``pg_ctl``: Debian's newest version, else whatever is on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))  # noqa: PTH207 - test_postgres replaces glob.glob
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise PostgresUnavailable(f"The PostgreSQL server is not installed (no initdb found): {INSTALL_HINT}.")


def _server_user() -> str | None:
    """Who runs the server: None (the current user) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise PostgresUnavailable("Running as root, but there is neither a 'postgres' nor a 'nobody' user to run it.")


class PostgresServer:
    """A throw-away PostgreSQL cluster. ``durable=False`` (tests) turns off fsync; benchmarks keep it on."""

    def __init__(self, *, durable: bool = False, max_connections: int = 100):
        self.bindir = server_bindir()
        self.user = _server_user()
        self.root = Path(tempfile.mkdtemp(prefix="coffeechat-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log = self.root / "server.log"
        self.durable = durable
        self.max_connections = max_connections
        self.started = False

    def _run(self, *argv: str) -> None:
        result = subprocess.run(
            [str(self.bindir / argv[0]), *argv[1:]],
            user=self.user,
            capture_output=True,
            text=True,
            cwd=self.root,
            timeout=120,
        )
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise PostgresUnavailable(
                f"{argv[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n{log}".strip()
            )

    def start(self) -> PostgresServer:
        self.socket_dir.mkdir()
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            for path in (self.root, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self.root.chmod(0o700)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale")
        settings = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "max_connections": str(self.max_connections),
            "fsync": "on" if self.durable else "off",
            "synchronous_commit": "on" if self.durable else "off",
            "full_page_writes": "on" if self.durable else "off",
        }
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# coffeechat test server\n")
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")
        self.started = True
        return self

    def stop(self) -> None:
        if self.started:
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
            finally:
                self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def halt(self) -> None:
        """Stop the server as an administrator's restart does (``-m fast``: every client is disconnected) and keep
        its data (an outage); :meth:`resume` starts it again."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def resume(self) -> None:
        """Start the server again after :meth:`halt`, with the same data and socket."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def restart(self, while_down: Callable[[], None] | None = None) -> None:
        """:meth:`halt`, ``while_down()`` while it is stopped, and :meth:`resume`."""
        self.halt()
        try:
            if while_down is not None:
                while_down()
        finally:
            self.resume()

    def __enter__(self) -> PostgresServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()

    def url(self, database: str = "postgres", **options: str) -> str:
        """A libpq URL for ``database`` over the Unix socket; ``options`` are extra URL parameters."""
        extra = "".join(f"&{name}={value}" for name, value in options.items())
        return f"postgresql://{SUPERUSER}@/{database}?host={self.socket_dir}{extra}"

    def connect(self, database: str = "postgres"):
        """A psycopg connection (autocommit) as the superuser."""
        return _psycopg().connect(self.url(database), autocommit=True)

    def create_database(self, name: str | None = None) -> str:
        """A fresh, empty database; returns its URL."""
        name = name or f"journal_{uuid.uuid4().hex[:12]}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a test's database (its connections closed by force): each one is a 7-10 MB copy of the
        template, and a run that kept them all left a cluster of over a gigabyte to write out at its stop."""
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _psycopg():
    try:
        import psycopg
    except ImportError as error:
        raise PostgresUnavailable(
            "psycopg is not installed: pip install -e '.[postgres]' (make test installs it)"
        ) from error
    return psycopg

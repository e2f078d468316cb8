"""``coffeechat serve`` or plain Voila as a child process on loopback: its URL, its log in a file, its stop.

    server = Server(coffeechat_command(free_port(), data_dir, "--pool-size", "1"), tmp_path / "serve.log")
    ...  # server.url, server.port, server.log, server.process
    server.stop()

The command lists are the ones the tests and the benchmarks use; ``Server`` starts any of them (or any other
server's) and waits until it answers on its port, or until a text shows in its log.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .ports import HOST, ServerDidNotStart, tail, wait_for_port, wait_for_text

START_SECONDS = 90
#: ``serve``'s options that lift the guard's limits on kernels: every visitor of a test or a benchmark comes
#: from 127.0.0.1 (in a room each phone has an address of its own); the limits are tested in test_faults.py
LIMITS_OFF = ("--max-kernels-per-client", "0", "--max-kernels", "0")


def coffeechat_command(port: int, data_dir: Path | str, *options: str) -> list[str]:
    """``coffeechat serve`` on ``port`` with its journal in ``data_dir``, without opening a browser;
    ``options`` go to ``serve`` as they are (``--pool-size 3``, ``--host 0.0.0.0``, ``*LIMITS_OFF``...)."""
    return [
        sys.executable,
        "-m",
        "coffeechat.cli",
        "serve",
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
        *options,
        "--no-browser",
    ]


def voila_command(notebook: str, port: int, *options: str) -> list[str]:
    """Plain Voila (its lab template) on ``notebook``, on loopback ``port`` and no other."""
    return [
        sys.executable,
        "-m",
        "voila",
        notebook,
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--Voila.port_retries=0",
        *options,
    ]


def port_of(argv: Sequence[str]) -> int:
    """The port a command from :func:`coffeechat_command` or :func:`voila_command` listens on."""
    for index, part in enumerate(argv):
        if part == "--port":
            return int(argv[index + 1])
        if part.startswith("--port="):
            return int(part.partition("=")[2])
    raise ValueError(f"no --port in {argv}")


class Server:
    """A server started as a child process, with its output in ``log`` (both streams; with ``errors``, its
    stderr goes to that file instead).

    Ready once it accepts connections on its port, or, with ``ready_text``, once that text shows in its log
    (``serve --host 0.0.0.0`` prints its links after Voila listens). If it exits first or is not ready after
    ``seconds``, :class:`~tests.harness.ports.ServerDidNotStart` carries the log. ``new_session`` puts it in a
    process group of its own (a Ctrl-C in the terminal then reaches only the caller).
    """

    def __init__(
        self,
        argv: Sequence[str],
        log: Path,
        *,
        cwd: Path | str | None = None,
        env: dict[str, str] | None = None,
        ready_text: str | None = None,
        seconds: float = START_SECONDS,
        new_session: bool = False,
        append: bool = False,
        errors: Path | None = None,
        what: str = "coffeechat serve",
    ):
        self.argv, self.log, self.errors = list(argv), Path(log), errors
        self.port = port_of(self.argv)
        self.url = f"http://{HOST}:{self.port}/"
        mode = "a" if append else "w"
        with self.log.open(mode) as out, contextlib.ExitStack() as files:
            self.process = subprocess.Popen(
                self.argv,
                cwd=cwd,
                env=env,
                stdout=out,
                stderr=files.enter_context(errors.open(mode)) if errors else subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=new_session,
            )
        try:
            if ready_text is None:
                wait_for_port(self.process, self.port, self.log, seconds, what)
            else:
                wait_for_text(self.process, ready_text, self.log, seconds, what)
        except ServerDidNotStart as error:
            if errors is None:
                raise
            raise ServerDidNotStart(f"{error}\n(stderr)\n{tail(errors)}") from None

    def log_text(self) -> str:
        """Its output so far (stdout, then the ``errors`` file if any)."""
        text = self.log.read_text(errors="replace")
        return text + self.errors.read_text(errors="replace") if self.errors else text

    def stop(self, seconds: float = 60, tree: bool = False) -> int | None:
        """SIGTERM, as Ctrl-C or a service manager stops it, and wait; its exit code.

        ``tree=True``: whatever of its tree is still running afterwards (or after ``seconds`` without an
        exit) is stopped too, so a benchmark leaves no kernel behind. Without it, a server that does not
        exit in time raises ``subprocess.TimeoutExpired`` (a test should see that).
        """
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            if not tree:
                return self.process.wait(timeout=seconds)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=seconds)
        if tree:
            from coffeechat.server.serving import stop_process_tree

            stop_process_tree(self.process.pid)
        return self.process.poll()

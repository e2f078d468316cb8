"""Loopback ports: a free one, and waiting until a server started as a child process answers on it."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

HOST = "127.0.0.1"


class ServerDidNotStart(RuntimeError):
    """A server exited or did not get ready in time; the message holds the end of its log."""


def free_port(ports: range | None = None) -> int:
    """A loopback port nobody listens on: the first free one of ``ports``, or any the system hands out.

    Another process may take it before the caller's server binds it (rare; the server's start then fails
    with its log): the same race every "free port" helper has.
    """
    for port in ports or ():
        with socket.socket() as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            return port
    if ports:
        raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = HOST) -> bool:
    """Does something accept connections on ``port``?"""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def tail(log: Path, characters: int = 20_000) -> str:
    try:
        return log.read_text(errors="replace")[-characters:]
    except OSError:
        return f"(no log at {log})"


def wait_until(
    ready: Callable[[], bool],
    process: subprocess.Popen,
    log: Path,
    seconds: float = 60,
    what: str = "the server",
    poll: float = 0.2,
) -> None:
    """Wait until ``ready()`` holds; raise :class:`ServerDidNotStart` with ``log`` if ``process`` exits first,
    or (after killing it) if ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while not ready():
        if process.poll() is not None:
            raise ServerDidNotStart(f"{what} exited (code {process.returncode}) before it was ready:\n{tail(log)}")
        if time.monotonic() > deadline:
            process.kill()
            raise ServerDidNotStart(f"{what} was not ready within {seconds:.0f} s:\n{tail(log)}")
        time.sleep(poll)


def wait_for_port(
    process: subprocess.Popen, port: int, log: Path, seconds: float = 60, what: str = "coffeechat serve"
) -> None:
    """Wait until ``process`` accepts connections on ``port``; fail with its log if it exits or never does."""
    wait_until(lambda: port_open(port), process, log, seconds, f"{what} (port {port})")


def wait_for_text(
    process: subprocess.Popen, text: str, log: Path, seconds: float = 60, what: str = "the server"
) -> None:
    """Wait until ``text`` shows in ``process``'s log (e.g. the links ``serve`` prints once it is ready)."""
    wait_until(lambda: text in tail(log, 10**9), process, log, seconds, f"{what} (waiting for {text!r} in its log)")

"""Is the journal there? ``serve``'s start-up check, the ``healthz`` endpoint and the page's outage guard.

- **Unreachable now, or wrong?** :func:`unreachable_now` reads why the journal could not be opened. A server
  that does not answer (refused, no socket, a timeout, a name that does not resolve) or that answers "not
  now" (starting up, shutting down, in recovery, too many clients) is an outage: ``serve`` starts anyway and
  participants get the kit's outage page until it answers. A server that answered and refused us (a wrong
  password, role or database name, no right to create the tables) is a mistake: ``serve`` stops with the
  driver's reason. A wrong URL scheme, a missing driver and a newer schema never get here (they are refused
  before).
- **The probe** (:func:`probe_journal`): one trivial query with a short timeout on a fresh connection, closed at
  once (it holds none of the participant's connection budget between probes).
- **The cache** (:class:`JournalHealth`): the answer is kept for :data:`CACHE_SECONDS`, and callers who ask while
  a probe runs wait for that one, so ``healthz`` can be polled every second by many and costs the database at
  most one connection per :data:`CACHE_SECONDS`.
- **The outage page's retries** (:func:`retry_seconds`): its script waits ``first`` seconds, then twice as long
  each time, at most ``longest``, before asking ``healthz`` again (``COFFEECHAT_OUTAGE_RETRY_SECONDS``).

Nothing here ever puts the URL, a password or participant data into an answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from urllib.request import pathname2url

from coffeechat import environment
from coffeechat.storage.database import is_postgres_url

#: how long one probe may take (libpq counts its connect timeout in whole seconds, at least 2)
PROBE_TIMEOUT_SECONDS = 2
#: how long a probe's answer is reused
CACHE_SECONDS = 1.5
#: the outage page's first and longest wait between two checks, in seconds
DEFAULT_RETRY = (2.0, 15.0)
RETRY_VAR = environment.OUTAGE_RETRY_SECONDS.name
#: the page a visitor gets while the journal does not answer (bilingual; beside the "room is full" page)
OUTAGE_PAGE = Path(__file__).resolve().parent / "jupyter/voila/templates/coffeechat/journal-unreachable.html"

#: what a PostgreSQL server says when it answered but cannot take a connection now (libpq's and the server's
#: English texts; sqlstates 57P01-57P03, 53300)
_NOT_NOW = (
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "the database system is not yet accepting connections",
    "the database system is not accepting connections",
    "terminating connection due to administrator command",
    "too many clients already",
    "remaining connection slots are reserved",
    "server closed the connection unexpectedly",
)
_NOT_NOW_STATES = ("57P01", "57P02", "57P03", "53300", "53400")


def unreachable_now(error: BaseException) -> bool:
    """Whether the journal could not be opened because its server does not answer now (an outage), rather
    than because something is wrong (it answered and refused us). Looks at ``error`` and what caused it.

    The driver's connection errors carry no sqlstate: the server's own answer shows as ``FATAL:`` in libpq's
    message; an error from a query carries its sqlstate."""
    for cause in _chain(error):
        sqlstate = getattr(cause, "sqlstate", None)
        message = str(cause).lower()
        if any(text in message for text in _NOT_NOW) or (sqlstate or "").upper() in _NOT_NOW_STATES:
            return True
        if sqlstate or "fatal:" in message:
            return False  # the server answered, and said no
    return any(klass.__name__ == "OperationalError" for cause in _chain(error) for klass in type(cause).__mro__)


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def probe_journal(location: Path | str, timeout: float = PROBE_TIMEOUT_SECONDS) -> bool:
    """Whether the journal answers a trivial query now. PostgreSQL: a fresh connection, ``SELECT 1``, closed.
    SQLite: the file read (a file not made yet answers: the first kernel creates it)."""
    if is_postgres_url(location):
        return _probe_postgres(str(location), timeout)
    path = Path(location)
    if not path.exists():
        return True
    try:
        connection = sqlite3.connect(f"file:{pathname2url(str(path))}?mode=ro", uri=True, timeout=timeout)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return True


def _probe_postgres(url: str, timeout: float) -> bool:
    try:
        import psycopg  # the optional `postgres` extra; serve refused a PostgreSQL URL without it
    except ImportError:
        return False
    try:
        with psycopg.connect(
            url, autocommit=True, connect_timeout=max(2, int(timeout)), application_name="coffeechat-healthz"
        ) as connection:
            connection.execute("SELECT 1").fetchone()
    except (psycopg.Error, OSError):
        return False
    return True


class JournalHealth:
    """The journal's health, probed at most once per ``cache_seconds``; callers during a probe share it.

    ``locate`` names the journal when first asked (the URL or file ``serve`` handed on); ``probe`` runs in a
    worker thread and is given up after ``timeout`` + 1 seconds (then the journal counts as unreachable).
    ``log`` gets one line when the journal stops answering and one when it answers again, not one per probe."""

    def __init__(
        self,
        locate: Callable[[], Path | str],
        *,
        probe: Callable[[Path | str, float], bool] = probe_journal,
        timeout: float = PROBE_TIMEOUT_SECONDS,
        cache_seconds: float = CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        log: logging.Logger | None = None,
    ):
        self._locate = locate
        self._location: Path | str | None = None
        self._probe = probe
        self.timeout = timeout
        self.cache_seconds = cache_seconds
        self._clock = clock
        self._answer: tuple[float, bool] | None = None
        self._running: asyncio.Future[bool] | None = None
        self._log = log or logging.getLogger(__name__)

    def location(self) -> Path | str:
        if self._location is None:
            self._location = self._locate()
        return self._location

    async def answers(self) -> bool:
        """Whether the journal answers (the cached answer while it is fresh)."""
        if self._answer is not None and self._clock() - self._answer[0] < self.cache_seconds:
            return self._answer[1]
        if self._running is None or self._running.done():
            loop = asyncio.get_running_loop()
            self._running = asyncio.ensure_future(self._probe_once(loop))
        return await asyncio.shield(self._running)

    async def _probe_once(self, loop: asyncio.AbstractEventLoop) -> bool:
        try:
            work = loop.run_in_executor(None, self._probe, self.location(), self.timeout)
            ok = await asyncio.wait_for(work, self.timeout + 1)
        except Exception:  # noqa: BLE001 - a probe that fails or hangs means: not answering
            ok = False
        ok = bool(ok)
        before = True if self._answer is None else self._answer[1]
        if ok != before:
            if ok:
                self._log.warning("journal answers again: pages are served")
            else:
                self._log.warning("journal unreachable: visitors get the outage page until it answers (healthz: 503)")
        self._answer = (self._clock(), ok)
        return ok


def retry_seconds(value: str | None = None) -> tuple[float, float]:
    """The outage page's first and longest wait (``"FIRST,LONGEST"`` in seconds, or one number for both);
    :data:`DEFAULT_RETRY` for an empty or unreadable value. Never below 0.1 s, the longest never below the first."""
    text = os.environ.get(RETRY_VAR, "") if value is None else value
    parts = [part.strip() for part in text.split(",") if part.strip()]
    numbers: list[float] = []
    with contextlib.suppress(ValueError):
        numbers = [float(part) for part in parts]
    if not numbers or len(numbers) > 2 or not all(n == n and n < float("inf") for n in numbers):
        return DEFAULT_RETRY
    first = max(0.1, numbers[0])
    longest = max(first, numbers[-1])
    return first, longest


def outage_page(health_url: str, retry: tuple[float, float]) -> str:
    """The outage page, which asks ``health_url`` again after ``retry`` (its first and longest wait in
    seconds) and reloads once the journal answers; without JavaScript it reloads every ``longest`` seconds."""
    first, longest = retry
    values = {
        "__HEALTH_URL__": html.escape(health_url, quote=True),
        "__FIRST_SECONDS__": f"{first:g}",
        "__LONGEST_SECONDS__": f"{longest:g}",
        "__NOSCRIPT_SECONDS__": str(max(1, round(longest))),
    }
    page = OUTAGE_PAGE.read_text(encoding="utf-8")
    for name, value in values.items():
        page = page.replace(name, value)
    return page

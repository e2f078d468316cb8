"""One open journal database, shared by the stores over it: the answers (:class:`coffeechat.storage.journal.Journal`),
the facilitated room (:class:`coffeechat.storage.room_records.RoomStore`) and the resume-code throttle
(:class:`coffeechat.storage.attempts.FailedAttempts`).

A :class:`Connection` opens the engine (:mod:`coffeechat.storage.database`), brings its schema up to date
(:data:`coffeechat.storage.schema.MIGRATIONS`, all tables at once) and guards its one connection with one lock
(ipywidgets callbacks may arrive on other threads). Every write is one short transaction; a failed one raises
:class:`JournalWriteError`, a failed read :class:`JournalReadError` (one of them too), whose messages are safe to
show.

One log line per outage (:class:`Outage`): the first failed use logs one WARNING with the reason (no traceback,
no participant text, no code), the uses that fail after it log nothing, and the first use that works again logs
one INFO line. Every kernel polls the room twice a second, so a PostgreSQL outage used to write a traceback per
kernel twice a second.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from coffeechat.storage import codes, database, paths
from coffeechat.storage.schema import MIGRATIONS

BUSY_TIMEOUT_MS = 5_000

log = logging.getLogger("coffeechat")

_MESSAGES = {
    "full": "The disk is full, so this answer could not be saved. Please tell the workshop host.",
    "read-only": "Answers cannot be saved right now (the storage is read-only). Please tell the workshop host.",
    "busy": "The server is very busy and could not save this answer. Please try again in a moment.",
    "other": "This answer could not be saved because of a problem on the server. Please tell the workshop host.",
}

T = TypeVar("T")


class JournalWriteError(Exception):
    """A write failed. ``reason`` is "full", "read-only", "busy" or "other"; the message is safe to show."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(_MESSAGES[reason])


class JournalReadError(JournalWriteError):
    """A read failed (the database cannot be reached). A :class:`JournalWriteError` too, so that every place
    that says "could not be saved, tell the host" says it for a read as well; ``reason`` as there."""


class Outage:
    """Whether the journal's database is failing, so that an outage is logged once and its end once.

    A use is a ``"read"`` or a ``"write"``. :meth:`failed` is True for the first failure while nothing failed;
    :meth:`worked` is True for the use that ends the outage; both False otherwise. A read that works ends only
    an outage of reads (the server was away): with a full disk reads go on working while every write fails,
    and only a write that works ends that outage (a write reads too, so it ends every outage). Pure: the
    caller logs.
    """

    def __init__(self) -> None:
        self.failing: set[str] = set()

    @property
    def down(self) -> bool:
        return bool(self.failing)

    def failed(self, use: str) -> bool:
        first = not self.failing
        self.failing.add(use)
        return first

    def worked(self, use: str) -> bool:
        was_down = bool(self.failing)
        if use == "write":
            self.failing.clear()
        else:
            self.failing.discard(use)
        return was_down and not self.failing


def describe_failure(reason: str, error: BaseException) -> str:
    """A failure as a log line may say it: the reason, the driver's error class and SQLSTATE, and for an
    error the client raised itself (no SQLSTATE: the server could not be reached, SQLite's "disk is full")
    the first line of its message. A server's message is left out: its DETAIL can quote a row's values."""
    sqlstate = getattr(error, "sqlstate", None)
    what = f"{reason}: {type(error).__name__}"
    if sqlstate:
        return f"{what} {sqlstate}"
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{what}: {first_line}" if first_line else what


def now() -> str:
    """The time a row is written, as stored (UTC, ISO 8601 to the millisecond)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Connection:
    """The journal's database, opened and migrated, with the lock every store over it takes.

    ``location`` is the path of an SQLite file or a ``postgresql://`` URL; without it, the rule in
    :func:`coffeechat.storage.paths.journal_location` decides. Raises :class:`JournalWriteError` if the
    database cannot be opened, :class:`coffeechat.storage.database.MissingDriver` for a PostgreSQL URL without
    psycopg, and :class:`coffeechat.storage.database.NewerSchema` for a database written by a newer coffeechat.
    """

    def __init__(self, location: Path | str | os.PathLike | None = None):
        if location is None:
            location = paths.journal_location()
        where = str(location) if database.is_postgres_url(location) else Path(location)
        #: the SQLite file, or None on PostgreSQL
        self.path: Path | None = where if isinstance(where, Path) else None
        self.lock = threading.Lock()
        #: whether the database is failing, so that an outage is logged once (and its end once)
        self.outage = Outage()
        try:
            self.database = database.open_database(where, busy_timeout_ms=BUSY_TIMEOUT_MS)
        except database.DatabaseOpenError as error:
            raise JournalWriteError(error.reason) from error
        try:
            self.database.migrate(MIGRATIONS)
        except BaseException as error:  # a newer schema (NewerSchema) is raised as it is
            self.database.close()
            if isinstance(error, self.database.Error):
                raise JournalWriteError(self.database.reason(error)) from error
            raise

    def write(self, action: Callable[[Any], T]) -> T:
        """Run ``action(db)`` in one short write transaction; map database failures to JournalWriteError."""
        db = self.database
        with self.lock:
            try:
                with db.transaction():
                    result = action(db)
            except db.Error as error:
                reason = db.reason(error)
                self._failed("write", reason, error)
                raise JournalWriteError(reason) from error
            self._worked("write")
            return result

    @contextlib.contextmanager
    def reading(self) -> Iterator[Any]:
        """The database, for reads, while holding the lock; a database failure becomes JournalReadError."""
        db = self.database
        with self.lock:
            try:
                yield db
            except db.Error as error:
                reason = db.reason(error)
                self._failed("read", reason, error)
                raise JournalReadError(reason) from error
            self._worked("read")

    def _failed(self, use: str, reason: str, error: BaseException) -> None:
        if self.outage.failed(use):
            log.warning(
                "the journal cannot be used (%s); answers stay on screen and are retried until it works again",
                describe_failure(reason, error),
            )

    def _worked(self, use: str) -> None:
        if self.outage.worked(use):
            log.info("the journal works again")

    def participant(self, db: Any, code: str) -> str | None:
        """Inside a write: the canonical code of an existing participant, their row locked until commit (a
        second writer for the same participant waits); None for a code nobody has."""
        canonical = codes.normalize_code(code)
        if canonical is None:
            return None
        found = db.execute(f"SELECT 1 FROM participants WHERE code = ?{db.FOR_UPDATE}", (canonical,)).fetchone()
        return canonical if found is not None else None

    def after_erase(self, tables: list[str]) -> None:
        """What the engine does so that erased text does not linger (see :mod:`coffeechat.storage.database`)."""
        with self.lock:
            self.database.after_erase(tables)

    def describe(self) -> str:
        """Where the journal is, for a log or a terminal (a URL without its password)."""
        return self.database.describe()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self.lock:
            self.database.close()

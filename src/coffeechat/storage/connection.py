"""One open journal database, shared by the stores over it: the answers (:class:`coffeechat.storage.journal.Journal`),
the facilitated room (:class:`coffeechat.storage.room_records.RoomStore`) and the resume-code throttle
(:class:`coffeechat.storage.attempts.FailedAttempts`).

A :class:`Connection` opens the engine (:mod:`coffeechat.storage.database`), brings its schema up to date
(:data:`coffeechat.storage.schema.MIGRATIONS`, all tables at once) and guards its one connection with one lock
(ipywidgets callbacks may arrive on other threads). Every write is one short transaction; a failed one raises
:class:`JournalWriteError`, whose message is safe to show.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from coffeechat.storage import codes, database, paths
from coffeechat.storage.schema import MIGRATIONS

BUSY_TIMEOUT_MS = 5_000

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
                    return action(db)
            except db.Error as error:
                raise JournalWriteError(db.reason(error)) from error

    @contextlib.contextmanager
    def reading(self) -> Iterator[Any]:
        """The database, for reads, while holding the lock."""
        with self.lock:
            yield self.database

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

"""The participant's saved answers: one SQLite file, saved on every change, exportable and erasable.

Each participant is identified by a resume code (:mod:`coffeechat.codes`). Their answers are a flat map of
*answer keys* to JSON values; :mod:`coffeechat.keys` lists the keys the app uses. This module stores and
nothing else: it knows no content, renders no document and imports nothing above it.

Storage: SQLite in WAL mode (``synchronous=NORMAL``, ``busy_timeout`` 5 s), one short ``BEGIN IMMEDIATE``
transaction per write, one connection per :class:`Journal` guarded by a lock (ipywidgets callbacks may
arrive on other threads). ``answers`` holds the current value and a per-key revision; ``history`` keeps
every saved value, append-only, so a value that another tab overwrote is never lost. ``PRAGMA
user_version`` carries the schema version for future migrations. ``secure_delete`` is on, so erased text
does not linger in free pages.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import codes, paths

SCHEMA_VERSION = 1
#: Largest accepted value, as UTF-8 JSON. The UI limits text before; this is the server-side guard.
MAX_VALUE_BYTES = 100_000
MAX_KEY_LENGTH = 160
BUSY_TIMEOUT_MS = 5_000
EXPORT_FORMAT = "coffeechat-export"
EXPORT_VERSION = 1

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_LOCAL_PARTICIPANT = "local_participant"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
    code       TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    code       TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (code, key)
);
CREATE TABLE IF NOT EXISTS history (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_code ON history (code, id);
"""

_MESSAGES = {
    "full": "The disk is full, so this answer could not be saved. Please tell the workshop host.",
    "read-only": "Answers cannot be saved right now (the storage is read-only). Please tell the workshop host.",
    "busy": "The server is very busy and could not save this answer. Please try again in a moment.",
    "other": "This answer could not be saved because of a problem on the server. Please tell the workshop host.",
}


class JournalWriteError(Exception):
    """A write failed. ``reason`` is "full", "read-only", "busy" or "other"; the message is safe to show."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(_MESSAGES[reason])


@dataclass(frozen=True)
class SaveResult:
    """``revision`` of the key after the save; ``conflict``: another tab changed it since ``expected_revision``."""

    revision: int
    conflict: bool


def _connect(path: Path) -> sqlite3.Connection:
    """Open the database file (tests replace this to simulate a read-only file)."""
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return "full"
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "read-only"
        return "other"
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    message = str(error).lower()
    if primary == sqlite3.SQLITE_FULL or "disk is full" in message:
        return "full"
    if primary == sqlite3.SQLITE_READONLY or "readonly" in message or "read-only" in message:
        return "read-only"
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in message or "busy" in message:
        return "busy"
    return "other"


def _create_private_file(path: Path) -> None:
    """Create ``path`` (and its folder) readable by its owner only, unless it exists."""
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, 0o600)


class Journal:
    """All participants' answers in one SQLite file. Thread-safe; one connection per object."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else paths.journal_path()
        self._lock = threading.Lock()
        try:
            _create_private_file(self.path)
            self._conn = _connect(self.path)
        except (OSError, sqlite3.Error) as error:
            raise JournalWriteError(_reason(error)) from error
        try:
            self._setup()
        except BaseException as error:
            self._conn.close()
            if isinstance(error, sqlite3.Error):
                raise JournalWriteError(_reason(error)) from error
            raise

    # --- connection ------------------------------------------------------------------------------

    def _setup(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"The journal was written by a newer coffeechat (schema {version}, this one reads {SCHEMA_VERSION})."
            )
        with self._write():
            # Re-read inside the lock: another process may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; rolled back on any error."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    def _guarded_write(self, action):
        """Run ``action(conn)`` in one short write transaction; map SQLite failures to JournalWriteError."""
        with self._lock:
            try:
                with self._write() as conn:
                    return action(conn)
            except sqlite3.Error as error:
                raise JournalWriteError(_reason(error)) from error

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- participants ----------------------------------------------------------------------------

    @staticmethod
    def _insert_participant(conn: sqlite3.Connection, attempts: int = 8) -> str:
        for _ in range(attempts):
            code = codes.new_code()
            try:
                conn.execute("INSERT INTO participants (code, created_at) VALUES (?, ?)", (code, _now()))
            except sqlite3.IntegrityError:
                continue  # collision with an existing code: draw another
            return code
        raise JournalWriteError("other")

    def create_participant(self, language: str) -> str:
        """A new participant with a fresh resume code; ``language`` is saved as their ``language`` answer."""
        if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
            raise ValueError("language must be a language code such as 'de'")

        def action(conn: sqlite3.Connection) -> str:
            code = self._insert_participant(conn)
            self._store(conn, code, "language", json.dumps(language), None)
            return code

        return self._guarded_write(action)

    def participant_exists(self, code: str) -> bool:
        """Whether ``code`` (in any accepted spelling) belongs to a participant."""
        canonical = codes.normalize_code(code)
        if canonical is None:
            return False
        with self._lock:
            return self._exists(canonical)

    def _exists(self, code: str) -> bool:
        return self._conn.execute("SELECT 1 FROM participants WHERE code = ?", (code,)).fetchone() is not None

    def _known(self, code: str) -> str:
        """The canonical code of an existing participant; KeyError otherwise. Call with the lock held."""
        canonical = codes.normalize_code(code)
        if canonical is None or not self._exists(canonical):
            raise KeyError("unknown participant")
        return canonical

    def local_participant(self) -> str:
        """The one participant of self-paced use on this data dir (created on first call), so no code is needed."""

        def action(conn: sqlite3.Connection) -> str:
            row = conn.execute("SELECT value FROM meta WHERE name = ?", (_LOCAL_PARTICIPANT,)).fetchone()
            if row is not None and self._exists(row[0]):
                return row[0]
            code = self._insert_participant(conn)
            conn.execute(
                "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (_LOCAL_PARTICIPANT, code),
            )
            return code

        return self._guarded_write(action)

    # --- answers ---------------------------------------------------------------------------------

    def save(self, code: str, key: str, value: Any, *, expected_revision: int | None = None) -> SaveResult:
        """Store ``value`` under ``key``; the latest write wins, but ``conflict`` reports a stale tab.

        Raises KeyError for an unknown participant, ValueError for a bad key or a value that is not JSON or
        larger than 100 kB, and JournalWriteError when the database cannot be written.
        """
        if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
            raise ValueError("answer keys are short lower-case slugs joined by dots, e.g. 'not-ready.reflection.why'")
        try:
            encoded = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as error:
            raise ValueError(f"the value for {key!r} is not JSON-serialisable") from error
        if len(encoded.encode("utf-8")) > MAX_VALUE_BYTES:
            raise ValueError(f"the value for {key!r} is larger than {MAX_VALUE_BYTES // 1000} kB")

        def action(conn: sqlite3.Connection) -> SaveResult:
            canonical = codes.normalize_code(code)
            if canonical is None or not self._exists(canonical):
                raise KeyError("unknown participant")
            return self._store(conn, canonical, key, encoded, expected_revision)

        return self._guarded_write(action)

    @staticmethod
    def _store(conn: sqlite3.Connection, code: str, key: str, encoded: str, expected: int | None) -> SaveResult:
        row = conn.execute("SELECT value, revision FROM answers WHERE code = ? AND key = ?", (code, key)).fetchone()
        current_value, current = (row[0], row[1]) if row else (None, 0)
        if encoded == current_value:
            # Nothing changes, so nothing can be lost: no new revision, no conflict.
            return SaveResult(current, False)
        revision, now = current + 1, _now()
        conn.execute(
            "INSERT INTO answers (code, key, value, revision, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (code, key) DO UPDATE SET value = excluded.value, revision = excluded.revision, "
            "updated_at = excluded.updated_at",
            (code, key, encoded, revision, now),
        )
        conn.execute(
            "INSERT INTO history (code, key, value, revision, saved_at) VALUES (?, ?, ?, ?, ?)",
            (code, key, encoded, revision, now),
        )
        return SaveResult(revision, expected is not None and expected != current)

    def load(self, code: str) -> dict[str, Any]:
        """The participant's current answers, ``{key: value}``; KeyError for an unknown participant."""
        with self._lock:
            canonical = self._known(code)
            rows = self._conn.execute("SELECT key, value FROM answers WHERE code = ? ORDER BY key", (canonical,))
            return {key: json.loads(value) for key, value in rows}

    def revisions(self, code: str) -> dict[str, int]:
        """The current revision of every saved key."""
        with self._lock:
            canonical = self._known(code)
            rows = self._conn.execute("SELECT key, revision FROM answers WHERE code = ? ORDER BY key", (canonical,))
            return dict(rows.fetchall())

    def get(self, code: str, key: str, default: Any = None) -> Any:
        """One answer, or ``default`` if it was never saved."""
        with self._lock:
            canonical = self._known(code)
            row = self._conn.execute(
                "SELECT value FROM answers WHERE code = ? AND key = ?", (canonical, key)
            ).fetchone()
        return default if row is None else json.loads(row[0])

    def _history(self, code: str) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            "SELECT key, value, revision, saved_at FROM history WHERE code = ? ORDER BY id", (code,)
        )
        return [
            {"key": key, "value": json.loads(value), "revision": revision, "saved_at": saved_at}
            for key, value, revision, saved_at in rows
        ]

    # --- export and erase ------------------------------------------------------------------------

    def export_json(self, code: str) -> str:
        """Everything this participant wrote, as JSON (current answers and every saved version)."""
        with self._lock:
            canonical = self._known(code)
            created = self._conn.execute("SELECT created_at FROM participants WHERE code = ?", (canonical,)).fetchone()[
                0
            ]
            answers = {
                key: json.loads(value)
                for key, value in self._conn.execute(
                    "SELECT key, value FROM answers WHERE code = ? ORDER BY key", (canonical,)
                )
            }
            history = self._history(canonical)
        document = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "code": canonical,
            "created_at": created,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "answers": answers,
            "history": history,
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

    def erase(self, code: str) -> int:
        """Delete the participant, their answers and history; return the number of rows deleted."""

        def action(conn: sqlite3.Connection) -> int:
            canonical = codes.normalize_code(code)
            if canonical is None:
                return 0
            deleted = 0
            for table, column in (
                ("history", "code"),
                ("answers", "code"),
                ("meta", "value"),
                ("participants", "code"),
            ):
                deleted += conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (canonical,)).rowcount
            return deleted

        deleted = self._guarded_write(action)
        with self._lock:
            try:
                # Copy the zeroed pages into the main file and empty the WAL, so no old copy stays behind.
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # another connection is reading; SQLite checkpoints later
        return deleted

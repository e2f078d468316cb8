"""The two storage engines under the journal: an SQLite file (the default) and a shared PostgreSQL server.

:class:`coffeechat.storage.journal.Journal` holds every rule about answers and speaks to one :class:`Database` through
a handful of calls, so the same code path runs on both engines:

- ``transaction()``: one short write transaction, rolled back on any error;
- ``snapshot()``: a consistent read of several queries (an export);
- ``execute(sql, params)``: SQL with ``?`` placeholders, portable between the two;
- ``FOR_UPDATE`` (appended to a ``SELECT`` inside a transaction) and ``lock(name)``: what keeps two writers
  apart. SQLite's ``BEGIN IMMEDIATE`` already holds the file's one write lock, so both are no-ops there;
  PostgreSQL locks the selected rows, or takes a transaction-scoped advisory lock on ``name``;
- ``migrate(migrations)``: the schema as an ordered list of steps, the version stored in the database
  (SQLite's ``user_version``, PostgreSQL's ``meta`` row ``schema_version``), each step applied once, under a
  lock, inside a transaction;
- ``reason(error)``: a driver error as "full", "read-only", "busy" or "other", the journal's safe messages;
- ``after_erase(tables)``: what the engine does so that erased text does not linger (see each class).

A migration step is a tuple of DDL statements written once for both engines; ``{serial_key}`` stands for an
auto-numbered primary key, ``{bytes}`` for a byte string (BLOB, BYTEA). A later set of tables (the facilitated
room) is one more step at the end of the journal's list and speaks to the same ``Database`` the same way.

psycopg is an optional dependency (``pip install -e '.[postgres]'``): it is imported only when a PostgreSQL
URL is opened, so the laptop install does not need it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

#: The journal's reasons for a failed write (its messages are in journal.py and ui.yaml).
FULL, READ_ONLY, BUSY, OTHER = "full", "read-only", "busy", "other"

POSTGRES_SCHEMES = ("postgresql", "postgres")

Migration = Sequence[str]
T = TypeVar("T")


def is_postgres_url(location: object) -> bool:
    """Whether ``location`` is a PostgreSQL URL (``postgresql://...``) rather than a file."""
    return isinstance(location, str) and urlsplit(location).scheme in POSTGRES_SCHEMES


def redact(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


class MissingDriver(RuntimeError):
    """A PostgreSQL URL was given but psycopg is not installed."""


def open_database(location: str | os.PathLike[str], *, busy_timeout_ms: int) -> SqliteDatabase | PostgresDatabase:
    """The engine for ``location``: a PostgreSQL URL, else the path of an SQLite file."""
    if is_postgres_url(location):
        return PostgresDatabase(str(location), busy_timeout_ms=busy_timeout_ms)
    return SqliteDatabase(Path(location), busy_timeout_ms=busy_timeout_ms)


# --- SQLite --------------------------------------------------------------------------------------


def _connect_sqlite(path: Path, timeout: float) -> sqlite3.Connection:
    """Open the database file (tests replace this to simulate a read-only file)."""
    return sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)


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
    path.chmod(0o600)


class SqliteDatabase:
    """One SQLite file in WAL mode (``synchronous=NORMAL``, ``secure_delete`` on), created 0600.

    Every write is one short ``BEGIN IMMEDIATE`` transaction: it takes the file's single write lock at once,
    so writers take turns (waiting up to the busy timeout) and a read inside the transaction sees the latest
    committed state. Erased rows are zeroed in the file (``secure_delete``), and the WAL is checkpointed and
    truncated afterwards, so no old copy stays in the ``-wal`` file.
    """

    dialect = "sqlite"
    Error = sqlite3.Error
    FOR_UPDATE = ""
    SERIAL_KEY = "INTEGER PRIMARY KEY"
    BYTES = "BLOB"

    def __init__(self, path: Path, *, busy_timeout_ms: int):
        self.path = path
        try:
            _create_private_file(path)
            self.connection = _connect_sqlite(path, busy_timeout_ms / 1000)
        except (OSError, sqlite3.Error) as error:
            raise DatabaseOpenError(self.reason(error), str(error)) from error
        conn = self.connection
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as error:
            conn.close()
            raise DatabaseOpenError(self.reason(error), str(error)) from error

    def describe(self) -> str:
        return str(self.path)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, params)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[SqliteDatabase]:
        conn = self.connection
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[SqliteDatabase]:
        conn = self.connection
        conn.execute("BEGIN")  # deferred: the first read fixes the snapshot (WAL), no write lock
        try:
            yield self
        finally:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("COMMIT")

    def lock(self, name: str) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already holds the file's one write lock."""

    def schema_version(self) -> int:
        return self.connection.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self, migrations: Sequence[Migration]) -> None:
        _migrate(self, migrations)

    def _set_schema_version(self, version: int) -> None:
        self.connection.execute(f"PRAGMA user_version = {int(version)}")

    def after_erase(self, tables: Sequence[str]) -> None:
        """Copy the zeroed pages into the main file and empty the WAL, so no old copy stays behind."""
        with contextlib.suppress(sqlite3.Error):  # another connection is reading; SQLite checkpoints later
            self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.connection.close()

    @staticmethod
    def reason(error: BaseException) -> str:
        if isinstance(error, OSError):
            return _os_reason(error)
        code = getattr(error, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        message = str(error).lower()
        if primary == sqlite3.SQLITE_FULL or "disk is full" in message:
            return FULL
        if primary == sqlite3.SQLITE_READONLY or "readonly" in message or "read-only" in message:
            return READ_ONLY
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in message or "busy" in message:
            return BUSY
        return OTHER

    @staticmethod
    def is_duplicate(error: BaseException) -> bool:
        return isinstance(error, sqlite3.IntegrityError)


def _os_reason(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return FULL
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return READ_ONLY
    return OTHER


# --- PostgreSQL ----------------------------------------------------------------------------------

#: SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) and what they mean for a save.
_PG_REASONS = {
    "53100": FULL,  # disk_full
    "25006": READ_ONLY,  # read_only_sql_transaction (a standby, or default_transaction_read_only)
    "42501": READ_ONLY,  # insufficient_privilege: this role may read but not write
    "55P03": BUSY,  # lock_not_available: lock_timeout ran out
    "57014": BUSY,  # query_canceled: statement_timeout ran out
    "40001": BUSY,  # serialization_failure
    "40P01": BUSY,  # deadlock_detected
    "53300": BUSY,  # too_many_connections
    "53200": BUSY,  # out_of_memory
    "57P03": BUSY,  # cannot_connect_now: the server is starting up or shutting down
}

#: Key of the advisory lock that serialises schema migrations between kernels starting at once.
_MIGRATION_LOCK = "coffeechat.migrate"


class PostgresDatabase:
    """A PostgreSQL database shared by every kernel on every machine (psycopg 3, one connection per journal).

    The connection runs in autocommit mode; each write is one short transaction that first locks the
    participant's row (``SELECT ... FOR UPDATE``), so two kernels writing for the same participant take
    turns, and kernels writing for different participants never wait for each other. Every transaction
    sets ``lock_timeout`` to the busy timeout with ``SET LOCAL``, which also holds behind a transaction-mode
    connection pooler (PgBouncer).

    Every use reconnects: a connection that psycopg knows is broken (``closed``/``broken``) is replaced before
    use, and one that broke unnoticed (the server restarted while the kernel waited) is found out by the
    first round trip of the use: ``BEGIN`` of a transaction or snapshot, or the statement itself outside one.
    That round trip has done nothing yet, so it runs once more on a fresh connection. So a journal opened
    before a restart reads and writes again as soon as the server is back, without being reopened and without
    a failed call on the way (a pool of one, as a kernel serves one participant; psycopg_pool's health check
    would cost one more round trip per use). A connection lost in the middle of a transaction is not retried
    here: the transaction failed and the caller's retry runs it again whole.

    What ``erase`` guarantees here (:meth:`after_erase`): the ``DELETE`` commits at once for every
    connection; no query, export or logical backup (``pg_dump``) taken afterwards can read the rows.
    ``VACUUM`` then removes the
    dead row versions and their index entries (unless an older transaction still sees them: then the next
    autovacuum does) and records the space in the free-space map for reuse (the map holds sizes, no data);
    empty pages at the end of a table are given back to the filesystem. It does *not* overwrite bytes:
    fragments of the text can remain in the unused space of data pages until new rows reuse it (so also in
    physical backups, even ones taken afterwards), in WAL segments until they are recycled, in WAL archives
    and backups taken before the erase, on every
    replica (which replays the same DELETE and VACUUM, with the same limits), and in filesystem blocks the
    server freed. Erased means "no longer readable through the database", not "gone from every disk":
    keep backups and WAL archives on a schedule that matches the centre's retention promise.
    """

    dialect = "postgresql"
    FOR_UPDATE = " FOR UPDATE"
    SERIAL_KEY = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    BYTES = "BYTEA"

    def __init__(self, url: str, *, busy_timeout_ms: int):
        try:
            # Imported here, not at the top: psycopg is the optional `postgres` extra, needed only for a
            # PostgreSQL URL; the laptop install (SQLite) runs without it.
            import psycopg
        except ImportError as error:
            raise MissingDriver(
                "A PostgreSQL database URL was given, but psycopg is not installed: "
                "pip install 'coffeechat[postgres]' (or pip install -e '.[postgres]' in a checkout)."
            ) from error
        self._psycopg = psycopg
        self.Error = psycopg.Error
        self.url = url
        self.busy_timeout_ms = int(busy_timeout_ms)
        self.connection: Any = None  # a psycopg.Connection once connected (psycopg is imported lazily)
        self._connect()

    def _connect(self) -> None:
        try:
            self.connection = self._open()
        except self._psycopg.Error as error:
            raise DatabaseOpenError(self.reason(error), str(error)) from error

    def _open(self) -> Any:
        return self._psycopg.connect(self.url, autocommit=True, connect_timeout=10, application_name="coffeechat")

    def _ready(self) -> Any:
        """The connection, opened anew if psycopg knows the last one broke (a failed reconnect raises the
        driver's error, as any failed use does)."""
        if self.connection is None or self.connection.closed or self.connection.broken:
            if self.connection is not None:
                with contextlib.suppress(Exception):
                    self.connection.close()
                self.connection = None
            self.connection = self._open()
        return self.connection

    def _first_round_trip(self, use: Callable[[Any], T]) -> T:
        """``use(connection)``, once more on a fresh connection if the connection turned out to be dead (the
        server restarted, the network dropped): ``use`` is the first round trip, which did nothing yet."""
        conn = self._ready()
        try:
            return use(conn)
        except self._psycopg.OperationalError:
            if not (conn.closed or conn.broken):
                raise
        return use(self._ready())

    def describe(self) -> str:
        return redact(self.url)

    def execute(self, sql: str, params: Sequence[Any] = ()):
        query = sql.replace("?", "%s")
        conn = self._ready()
        if conn.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
            return conn.execute(query, params)  # inside a transaction: the transaction is retried whole
        return self._first_round_trip(lambda fresh: fresh.execute(query, params))

    @contextlib.contextmanager
    def _begun(self) -> Iterator[Any]:
        """A transaction on a live connection (``BEGIN`` is the round trip that finds a dead one out)."""
        with contextlib.ExitStack() as stack:
            conn = self._first_round_trip(lambda fresh: (stack.enter_context(fresh.transaction()), fresh)[1])
            yield conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[PostgresDatabase]:
        with self._begun() as conn:
            conn.execute(f"SET LOCAL lock_timeout = {self.busy_timeout_ms}")
            yield self

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[PostgresDatabase]:
        with self._begun() as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield self

    def lock(self, name: str) -> None:
        """A transaction-scoped advisory lock on ``name``: writers that take the same name take turns."""
        self.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (name,))

    def schema_version(self) -> int:
        # information_schema is read with this statement's snapshot; to_regclass() answers from the session's
        # catalog cache, which may not yet know the table another kernel created while this one waited for the
        # migration lock (and would have it run every step again)
        if not self.execute(
            "SELECT EXISTS (SELECT 1 FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name = 'meta')"
        ).fetchone()[0]:
            return 0
        row = self.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def migrate(self, migrations: Sequence[Migration]) -> None:
        _migrate(self, migrations)

    def _set_schema_version(self, version: int) -> None:
        self.execute(
            "INSERT INTO meta (name, value) VALUES ('schema_version', ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (str(int(version)),),
        )

    def after_erase(self, tables: Sequence[str]) -> None:
        """``VACUUM`` the tables: dead row versions and index entries go (see the class docstring for what
        this does and does not guarantee). Runs outside any transaction; other kernels keep writing."""
        with contextlib.suppress(self._psycopg.Error):  # the erase itself has committed; autovacuum does it later
            self.execute("VACUUM " + ", ".join(tables))

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()

    @staticmethod
    def reason(error: BaseException) -> str:
        if isinstance(error, OSError):
            return _os_reason(error)
        sqlstate = getattr(error, "sqlstate", None)
        if sqlstate in _PG_REASONS:
            return _PG_REASONS[sqlstate]
        message = str(error).lower()
        if "no space left" in message:
            return FULL
        return OTHER

    def is_duplicate(self, error: BaseException) -> bool:
        return isinstance(error, self._psycopg.errors.UniqueViolation)


class DatabaseOpenError(Exception):
    """The database could not be opened; ``reason`` as in :meth:`SqliteDatabase.reason`, the message is the
    driver's (for the operator's terminal or log, not for a participant's page)."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        super().__init__(detail or reason)


def _migrate(db: SqliteDatabase | PostgresDatabase, migrations: Sequence[Migration]) -> None:
    """Apply the steps the database does not have yet, each once, in one transaction under a lock."""
    target = len(migrations)
    version = db.schema_version()
    if version == target:
        return
    if version > target:
        raise NewerSchema(version, target)
    with db.transaction():
        db.lock(_MIGRATION_LOCK)
        version = db.schema_version()  # re-read under the lock: another kernel may have migrated meanwhile
        if version > target:
            raise NewerSchema(version, target)
        for step in migrations[version:]:
            for statement in step:
                db.execute(statement.format(serial_key=db.SERIAL_KEY, bytes=db.BYTES))
        if version < target:
            db._set_schema_version(target)


class NewerSchema(RuntimeError):
    """The database was written by a newer coffeechat; it is left untouched."""

    def __init__(self, found: int, known: int):
        super().__init__(f"The journal was written by a newer coffeechat (schema {found}, this one reads {known}).")

"""The two journal engines as the tests meet them: where a journal lives, and how to make its storage say no.

Each store makes the same failures happen for real on its engine, so one test checks one promise on both:

- a full disk: SQLite stops growing (``PRAGMA max_page_count``) and reports SQLITE_FULL; on PostgreSQL a
  trigger makes the server raise SQLSTATE 53100 (disk_full) once the history outgrows a limit, because
  filling a real disk under a test server is not something a test can do safely;
- read-only storage: SQLite opened with ``mode=ro``; PostgreSQL with ``default_transaction_read_only``;
- busy: another connection holds the lock a save needs (SQLite's write lock, PostgreSQL's row lock on the
  participant) for longer than the journal waits.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import quote

from coffeechat.storage import database
from coffeechat.storage.journal import Journal


class SqliteStore:
    name = "sqlite"

    def __init__(self, directory: Path):
        self.path = directory / "data" / "journal.sqlite3"
        self.location: Path | str = self.path

    def open(self) -> Journal:
        return Journal(self.location)

    def fill_disk(self, journal: Journal, room_bytes: int) -> None:
        conn = journal.database.connection
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + room_bytes // page_size}")

    def free_disk(self, journal: Journal) -> None:
        journal.database.connection.execute("PRAGMA max_page_count = 1073741823")

    @contextlib.contextmanager
    def read_only(self, monkeypatch):
        """Journals opened inside see the file as read-only storage."""

        def connect(path, timeout):
            return sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, isolation_level=None, check_same_thread=False)

        with monkeypatch.context() as patch:
            patch.setattr(database, "_connect_sqlite", connect)
            yield self.location

    @contextlib.contextmanager
    def holding_write_lock(self, code: str):
        blocker = sqlite3.connect(self.path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()

    def set_schema_version(self, version: int) -> None:
        with sqlite3.connect(self.path) as raw:
            raw.execute(f"PRAGMA user_version = {version}")

    def use_by_default(self, monkeypatch, directory: Path) -> None:
        """Make ``Journal()`` (no location) open a journal of this engine, as the kernels do."""
        monkeypatch.delenv("COFFEECHAT_DATABASE_URL", raising=False)
        monkeypatch.setenv("COFFEECHAT_DATA_DIR", str(directory))


class PostgresStore:
    name = "postgres"

    def __init__(self, server):
        self.server = server
        self.dbname = f"journal_{uuid.uuid4().hex[:12]}"
        self.location: Path | str = server.create_database(self.dbname)

    def open(self) -> Journal:
        return Journal(self.location)

    def drop(self) -> None:
        """Drop this store's database (the tests' fixtures do, once the test is over)."""
        self.server.drop_database(self.dbname)

    def connect(self):
        return self.server.connect(self.dbname)

    def fill_disk(self, journal: Journal, room_bytes: int) -> None:
        with self.connect() as conn:
            used = conn.execute("SELECT coalesce(sum(length(value)), 0) FROM history").fetchone()[0]
            conn.execute(
                f"""
                CREATE OR REPLACE FUNCTION pretend_the_disk_is_full() RETURNS trigger AS $$
                BEGIN
                    IF (SELECT coalesce(sum(length(value)), 0) FROM history) > {used + room_bytes} THEN
                        RAISE EXCEPTION 'could not extend file: No space left on device'
                            USING ERRCODE = 'disk_full';
                    END IF;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql
                """
            )
            conn.execute(
                "CREATE TRIGGER disk_full AFTER INSERT ON history "
                "FOR EACH ROW EXECUTE FUNCTION pretend_the_disk_is_full()"
            )

    def free_disk(self, journal: Journal) -> None:
        with self.connect() as conn:
            conn.execute("DROP TRIGGER disk_full ON history")

    @contextlib.contextmanager
    def read_only(self, monkeypatch):
        yield self.location + "&options=" + quote("-c default_transaction_read_only=on")

    @contextlib.contextmanager
    def holding_write_lock(self, code: str):
        blocker = self.server.connect(self.dbname)
        blocker.autocommit = False
        blocker.execute("SELECT 1 FROM participants WHERE code = %s FOR UPDATE", (code,))
        try:
            yield
        finally:
            blocker.rollback()
            blocker.close()

    def set_schema_version(self, version: int) -> None:
        with self.connect() as conn:
            conn.execute("UPDATE meta SET value = %s WHERE name = 'schema_version'", (str(version),))

    def use_by_default(self, monkeypatch, directory: Path) -> None:
        monkeypatch.setenv("COFFEECHAT_DATABASE_URL", self.location)
        monkeypatch.setenv("COFFEECHAT_DATA_DIR", str(directory))

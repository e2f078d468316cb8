"""The journal on PostgreSQL only: what the SQLite file cannot show (dead row versions, a broken connection,
kernels migrating one new database at once). The promises both engines keep run here too, from
tests/unit/test_journal.py (test_journal_contract_on_postgres.py)."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator

import pytest

from coffeechat.storage import connection
from coffeechat.storage import journal as journal_module
from coffeechat.storage.journal import Journal, JournalReadError, JournalWriteError
from tests.stores import PostgresStore
from tests.unit.test_journal import _write_then_erase


@pytest.fixture
def postgres(postgres_server) -> Iterator[PostgresStore]:
    store = PostgresStore(postgres_server)
    yield store
    store.drop()


def test_on_postgres_erase_leaves_no_row_and_no_dead_row_version(postgres):
    """DELETE removes every row for every connection; VACUUM removes the dead row versions too, so tools that
    read dead rows find nothing. (Bytes in free space, WAL and backups are not covered: see
    docs/how-to/back-up-and-erase-data.md.)"""
    marker = f"ERASE-ME-{uuid.uuid4().hex}"
    with postgres.open() as journal:
        code, _ = _write_then_erase(journal, marker)
        journal.erase(code)
    with postgres.connect() as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
        for table, _ in journal_module.PARTICIPANT_TABLES:
            rows = conn.execute(f"SELECT {table}::text FROM {table}").fetchall()
            assert not [row for (row,) in rows if marker in row or code in row], table
            dead = conn.execute("SELECT dead_tuple_count FROM pgstattuple(%s)", (table,)).fetchone()[0]
            assert dead == 0, f"{table} still holds {dead} dead row versions"


def test_on_postgres_kernels_of_different_participants_do_not_wait_for_each_other(postgres, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    with postgres.open() as journal:
        busy, free = journal.create_participant("de"), journal.create_participant("de")
        with postgres.holding_write_lock(busy):
            assert journal.save(free, "a.b", "x").revision == 1
            with pytest.raises(JournalWriteError, match="busy"):
                journal.save(busy, "a.b", "x")


def test_on_postgres_a_kernel_recovers_after_the_connection_broke(postgres):
    """A connection ended under the kernel (the network dropped): the next save finds it out on its first round
    trip and runs on a fresh connection, so nothing fails (it used to fail once)."""
    with postgres.open() as journal:
        code = journal.create_participant("de")
        with postgres.connect() as admin:  # as when the server restarts or the network drops
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (postgres.dbname,),
            )
        assert journal.save(code, "a.b", "danach").revision == 1
        assert journal.get(code, "a.b") == "danach"


def test_on_postgres_does_a_journal_opened_before_a_restart_read_and_write_after_it(postgres, postgres_server, caplog):
    """PostgreSQL restarted under a live (or pooled) kernel: without reopening its journal, the kernel loads the
    answers, saves and reads the room again; while the server is down each use fails with the journal's safe
    error, and the log has one WARNING line for the outage and one INFO line for its end (no traceback, no
    code, no text)."""
    secret_text = "Was ich wirklich wissen möchte"
    with postgres.open() as journal:
        code = journal.create_participant("de")
        journal.save(code, "a.b", secret_text)
        caplog.set_level(logging.INFO, logger="coffeechat")

        def meanwhile() -> None:
            for _ in range(3):  # the room is polled twice a second, saves are retried
                with pytest.raises(JournalWriteError):
                    journal.save(code, "a.b", secret_text + " (während)")
                with pytest.raises(JournalReadError):
                    journal.load(code)
                with pytest.raises(JournalReadError):
                    journal.rooms.current()

        postgres_server.restart(while_down=meanwhile)
        assert journal.load(code) == {"language": "de", "a.b": secret_text}
        assert journal.save(code, "a.b", "danach").revision == 2
        assert journal.rooms.current() is None
        postgres_server.restart()  # a restart nobody noticed: the next use simply works
        assert journal.load(code)["a.b"] == "danach"
    lines = [record for record in caplog.records if record.name == "coffeechat"]
    assert [record.levelname for record in lines] == ["WARNING", "INFO"], [r.getMessage() for r in lines]
    for record in lines:
        assert record.exc_info is None
        assert code not in record.getMessage() and "möchte" not in record.getMessage()


def test_on_postgres_kernels_starting_at_once_create_the_schema_once(postgres):
    """A room of kernels opening a new database at the same moment: one migrates, the others wait and see it."""
    errors = []

    def open_one():
        try:
            Journal(postgres.location).close()
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with postgres.connect() as conn:
        assert conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()[0] == str(
            journal_module.SCHEMA_VERSION
        )


def test_on_postgres_a_cofacilitator_link_is_made_checked_and_revoked(postgres):
    """The co-facilitator link's table (schema step 8) on PostgreSQL: made for a room, one at a time, revoked,
    and gone with the room's erase."""
    import datetime as dt

    from coffeechat.content import load_workshop
    from coffeechat.room import model as room
    from coffeechat.room.live import COFACILITATOR, Console

    workshop = load_workshop()
    with postgres.open() as journal:
        journal.rooms.add_facilitator_token(room.token_hash("the-coach"))
        coach = Console(journal, workshop, "the-coach")
        coach.start_room("Workshop", dt.date(2026, 12, 7))
        first = Console(journal, workshop, coach.make_cofacilitator_link())
        assert first.role() == COFACILITATOR and first.timer_start(3).timer.running
        second = Console(journal, workshop, coach.make_cofacilitator_link())
        assert not first.authorized() and second.authorized(), "a new link replaces the earlier one"
        coach.revoke_cofacilitator_link()
        assert not second.authorized()
        third = Console(journal, workshop, coach.make_cofacilitator_link())
        coach.erase()
        assert not third.authorized(), "erasing the room erases its link"

"""The journal's health (:mod:`coffeechat.server.health`): does ``serve`` tell an outage from a mistake, does
``healthz`` stay cheap when polled, and does the outage page come back by itself?

The messages are psycopg 3.3's own, as it raised them against a stopped and a running PostgreSQL 15.
"""

from __future__ import annotations

import asyncio
import sqlite3

import psycopg
import pytest

from coffeechat.server import health
from coffeechat.storage.connection import JournalWriteError
from coffeechat.storage.database import DatabaseOpenError

SOCKET = 'connection to server on socket "/tmp/pg/.s.PGSQL.5432" failed'


def opening_failed(message: str) -> JournalWriteError:
    """What the journal raises when psycopg could not connect (the chain ``Journal`` builds)."""
    try:
        try:
            try:
                raise psycopg.OperationalError(message)
            except psycopg.Error as driver:
                raise DatabaseOpenError("other", str(driver)) from driver
        except DatabaseOpenError as opening:
            raise JournalWriteError("other") from opening
    except JournalWriteError as error:
        return error


@pytest.mark.parametrize(
    "message",
    [
        f"connection is bad: {SOCKET}: No such file or directory\n\tIs the server running locally?",
        'connection failed: connection to server at "127.0.0.1", port 9 failed: Connection refused',
        "failed to resolve host 'db.example.org': [Errno -2] Name or service not known",
        f"connection failed: {SOCKET}: FATAL:  the database system is starting up",
        f"connection failed: {SOCKET}: FATAL:  the database system is shutting down",
        f"connection failed: {SOCKET}: FATAL:  sorry, too many clients already",
        "connection timeout expired",
    ],
)
def test_does_serve_call_a_database_that_does_not_answer_now_an_outage(message):
    assert health.unreachable_now(opening_failed(message))


@pytest.mark.parametrize(
    "message",
    [
        f'connection failed: {SOCKET}: FATAL:  database "nothing" does not exist',
        f'connection failed: {SOCKET}: FATAL:  role "nobody" does not exist',
        f'connection failed: {SOCKET}: FATAL:  password authentication failed for user "coffeechat"',
    ],
)
def test_does_serve_call_a_database_that_answered_and_refused_a_mistake(message):
    assert not health.unreachable_now(opening_failed(message))


def test_is_a_query_the_server_refused_a_mistake_too():
    """No right to create the tables: the server answered with an sqlstate."""
    try:
        try:
            raise psycopg.errors.InsufficientPrivilege("permission denied for schema public")
        except psycopg.Error as driver:
            raise JournalWriteError("read-only") from driver
    except JournalWriteError as error:
        assert not health.unreachable_now(error)


class Probe:
    """A probe that counts its calls and answers what the test says."""

    def __init__(self, answer: bool = True):
        self.answer = answer
        self.calls = 0

    def __call__(self, location, timeout) -> bool:
        self.calls += 1
        return self.answer


def test_is_healthz_cheap_when_polled_by_many_at_once():
    probe, now = Probe(), [100.0]
    checker = health.JournalHealth(lambda: "postgresql://db/x", probe=probe, clock=lambda: now[0])

    async def many() -> list[bool]:
        return list(await asyncio.gather(*(checker.answers() for _ in range(20))))

    assert asyncio.run(many()) == [True] * 20
    now[0] += 1.0
    assert asyncio.run(checker.answers()) is True
    assert probe.calls == 1, "twenty callers at once and one more within the cache time: one probe"
    probe.answer, now[0] = False, now[0] + health.CACHE_SECONDS
    assert asyncio.run(checker.answers()) is False and probe.calls == 2


def test_does_a_probe_that_fails_or_hangs_count_as_unreachable_and_log_once():
    def broken(location, timeout):
        raise RuntimeError("driver exploded")

    lines: list[str] = []

    class Log:
        def warning(self, text, *args):
            lines.append(text)

    now = [0.0]
    checker = health.JournalHealth(lambda: "x", probe=broken, clock=lambda: now[0], log=Log())  # type: ignore[arg-type]
    for _ in range(3):
        assert asyncio.run(checker.answers()) is False
        now[0] += 10
    assert len(lines) == 1 and "unreachable" in lines[0]


def test_does_an_sqlite_journal_answer_and_a_file_not_made_yet_too(tmp_path):
    assert health.probe_journal(tmp_path / "not-yet.sqlite3")
    made = tmp_path / "journal.sqlite3"
    sqlite3.connect(made).close()
    assert health.probe_journal(made)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is no database" * 100)
    assert not health.probe_journal(broken)


def test_does_an_unreachable_postgres_probe_answer_false_quickly(tmp_path):
    assert not health.probe_journal(f"postgresql://coffeechat:geheim@/x?host={tmp_path}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", health.DEFAULT_RETRY),
        ("0.2,1", (0.2, 1.0)),
        ("3", (3.0, 3.0)),
        ("5,1", (5.0, 5.0)),
        ("0,0", (0.1, 0.1)),
        ("soon", health.DEFAULT_RETRY),
        ("1,2,3", health.DEFAULT_RETRY),
        ("nan,inf", health.DEFAULT_RETRY),
    ],
)
def test_can_the_outage_pages_retries_be_shortened_and_nonsense_is_ignored(value, expected):
    assert health.retry_seconds(value) == expected


def test_does_the_outage_page_say_it_in_both_languages_and_show_nothing_of_the_server():
    page = health.outage_page('/user/a"b/healthz', (0.5, 4.0))
    assert '<html lang="de">' in page and '<section lang="en"' in page
    assert "Ihre gespeicherten Antworten sind sicher" in page and "Your saved answers are safe" in page
    assert page.count('role="status"') == 2 and page.count('aria-live="polite"') == 2
    assert 'data-health="/user/a&quot;b/healthz"' in page
    assert 'data-first="0.5" data-longest="4"' in page
    assert '<noscript><meta http-equiv="refresh" content="4"></noscript>' in page
    assert "__" not in page.replace("__proto__", ""), "every placeholder is filled"
    assert "http://" not in page and "https://" not in page, "no third-party address"

"""Trying an unsaved answer again by itself: the backoff schedule (pure), and the one-line-per-outage rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coffeechat.models.retry import UNSAVED_ANSWERS, Backoff
from coffeechat.storage.connection import Outage, describe_failure

attempts = st.integers(min_value=0, max_value=10_000)
draws = st.floats(min_value=0, max_value=1)


def test_does_an_unsaved_answer_wait_1_2_4_8_16_then_30_seconds():
    assert [UNSAVED_ANSWERS.delay(attempt, 0.5) for attempt in range(8)] == [1, 2, 4, 8, 16, 30, 30, 30]


def test_does_the_jitter_spread_a_room_of_kernels_that_lost_the_database_at_once():
    assert UNSAVED_ANSWERS.delay(2, 0.0) == pytest.approx(3.2)
    assert UNSAVED_ANSWERS.delay(2, 1.0) == pytest.approx(4.8)
    assert UNSAVED_ANSWERS.delay(20, 1.0) == 30  # never past the cap


@given(attempts, draws)
def test_is_every_delay_between_the_first_and_the_cap(attempt, draw):
    delay = UNSAVED_ANSWERS.delay(attempt, draw)
    assert UNSAVED_ANSWERS.first * (1 - UNSAVED_ANSWERS.jitter) <= delay <= UNSAVED_ANSWERS.cap


@given(attempts, draws)
def test_does_the_jitter_move_a_delay_by_at_most_its_share(attempt, draw):
    base = UNSAVED_ANSWERS.base(attempt)
    assert abs(UNSAVED_ANSWERS.delay(attempt, draw) - base) <= UNSAVED_ANSWERS.jitter * base + 1e-9


@given(attempts)
def test_does_the_wait_never_shrink_as_the_attempts_grow(attempt):
    assert UNSAVED_ANSWERS.base(attempt) <= UNSAVED_ANSWERS.base(attempt + 1)


def test_is_a_schedule_that_cannot_work_refused():
    with pytest.raises(ValueError):
        Backoff(first=0)
    with pytest.raises(ValueError):
        Backoff(first=60, cap=30)
    with pytest.raises(ValueError):
        Backoff(jitter=1)


def test_is_an_outage_said_once_and_its_end_once():
    outage = Outage()
    assert [outage.failed("read"), outage.failed("write"), outage.failed("read")] == [True, False, False]
    assert [outage.worked("write"), outage.worked("read")] == [True, False]
    assert outage.failed("read")  # the next outage is said again
    assert outage.worked("read")


def test_does_a_working_read_leave_a_full_disk_failing():
    """The room's poll reads twice a second while every save fails on a full disk: one outage, not one per poll."""
    outage = Outage()
    assert outage.failed("write")
    assert not outage.worked("read") and outage.down
    assert not outage.failed("write")
    assert outage.worked("write") and not outage.down


def test_does_a_working_journal_say_nothing():
    outage = Outage()
    assert not outage.worked("read") and not outage.worked("write")


def test_does_the_log_line_leave_out_what_a_server_quotes():
    """A server's message may quote a row (DETAIL: Key (code)=(...)); only its class and SQLSTATE are logged.
    A client's own message (the server cannot be reached) is kept: it names the socket, never a row."""

    class ServerError(Exception):
        sqlstate = "23505"

    quoted = ServerError("duplicate key\nDETAIL: Key (code)=(ABCD-EFGH) already exists.")
    assert describe_failure("other", quoted) == "other: ServerError 23505"
    refused = OSError('connection to server on socket "/run/pg/.s.PGSQL.5432" failed\n\tIs the server running?')
    expected = 'other: OSError: connection to server on socket "/run/pg/.s.PGSQL.5432" failed'
    assert describe_failure("other", refused) == expected

"""Wrong resume codes, counted per client address where every kernel of the server sees them: does a guesser's
reload start from where they were, is another address left alone, and does the count forget? On both engines."""

from __future__ import annotations

from coffeechat.storage import codes
from coffeechat.storage.codes import ResumeThrottle


def test_does_every_kernel_see_the_wrong_codes_of_an_address_and_no_other(store):
    with store.open() as first_page, store.open() as second_page:
        for _ in range(3):
            first_page.code_failures.record("203.0.113.7", at=1000.0)
        assert second_page.code_failures.recent("203.0.113.7", since=900.0) == (3, 1000.0)
        assert second_page.code_failures.recent("198.51.100.4", since=900.0) == (0, None)
        assert first_page.code_failures.recent("203.0.113.7", since=1000.0) == (0, None), "older ones drop out"


def test_is_the_address_kept_only_as_a_hash(store):
    with store.open() as journal:
        journal.code_failures.record("203.0.113.7", at=1000.0)
        rows = journal.database.execute("SELECT client FROM code_failures").fetchall()
    assert rows and all("203.0.113.7" not in row[0] for row in rows)


def test_does_a_fresh_page_from_the_same_address_wait_where_the_last_one_stopped(store):
    now = [1000.0]
    with store.open() as journal:
        for _ in range(codes.ADDRESS_FREE_ATTEMPTS // codes.FREE_ATTEMPTS):  # a reload after every few
            page = ResumeThrottle(clock=lambda: now[0], shared=journal.code_failures, client="203.0.113.7")
            for _ in range(codes.FREE_ATTEMPTS):
                assert not page.waiting()
                page.failed()
        reloaded = ResumeThrottle(clock=lambda: now[0], shared=journal.code_failures, client="203.0.113.7")
        assert reloaded.waiting() and reloaded.seconds_to_wait() == 1
        neighbour = ResumeThrottle(clock=lambda: now[0], shared=journal.code_failures, client="198.51.100.4")
        assert not neighbour.waiting()
        now[0] += 1.0
        assert not reloaded.waiting()

"""Figures as people write them: a mean with one decimal, rounded half up, in each language's way."""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.content import load_workshop
from coffeechat.models.dates import one_decimal


@pytest.mark.parametrize(
    ("value", "de", "en"),
    [(4.25, "4,3", "4.3"), (4.35, "4,4", "4.4"), (4.0, "4,0", "4.0"), (4.333, "4,3", "4.3"), (10, "10,0", "10.0")],
)
def test_is_a_mean_rounded_half_up_as_people_do(value, de, en):
    """A coach's walk: the console said 4,2 for a mean the report's CSV gave as 4.25."""
    workshop = load_workshop()
    assert (one_decimal(value, workshop, "de"), one_decimal(value, workshop, "en")) == (de, en)


def test_does_a_stored_utc_moment_read_in_the_servers_own_time_as_the_language_writes_it():
    from coffeechat.models.dates import local_moment

    workshop = load_workshop()
    berlin = dt.timezone(dt.timedelta(hours=1))
    stamp = "2026-12-07T10:42:31.123+00:00"  # the journal's stamp (storage.connection.now)
    assert local_moment(stamp, workshop, "de", berlin) == "07.12.2026, 11:42"
    assert local_moment(stamp, workshop, "en", berlin) == "7 Dec 2026, 11:42"
    assert local_moment("not a time", workshop, "de", berlin) == "not a time"
    assert local_moment(stamp, workshop, "de") == local_moment(stamp, workshop, "de", None), "the server's zone"

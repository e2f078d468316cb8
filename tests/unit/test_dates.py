"""Figures as people write them: a mean with one decimal, rounded half up, in each language's way."""

from __future__ import annotations

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

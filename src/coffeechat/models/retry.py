"""When to try an unsaved answer again: a backoff schedule (1, 2, 4, 8, 16, then every 30 s), with jitter.

An answer that could not be saved (the database is away, the disk is full) stays on screen and in the session;
the page tries it again by itself on this schedule until it is saved (:mod:`coffeechat.views.status` runs
the loop). Pure and deterministic: the random draw is an argument, so a test gives it.

Guarantees (property-tested in ``tests/unit/test_retry.py``):

- every delay lies in ``[first * (1 - jitter), cap]`` and is never more than ``cap``;
- without jitter (``draw`` 0.5) the delays are ``first``, ``first * factor``, ... up to ``cap``, and never fall
  as the attempts grow;
- the jitter moves a delay by at most ``jitter`` of itself, so a room of kernels that lost the database at the
  same moment does not come back in one burst.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Delays (in seconds) before retry number ``attempt`` (0 for the first retry after a failure)."""

    first: float = 1.0
    factor: float = 2.0
    cap: float = 30.0
    #: how far a delay may move either way, as a fraction of itself
    jitter: float = 0.2

    def __post_init__(self) -> None:
        if not (0 < self.first <= self.cap and self.factor >= 1 and 0 <= self.jitter < 1):
            raise ValueError("a backoff needs 0 < first <= cap, factor >= 1 and 0 <= jitter < 1")

    def base(self, attempt: int) -> float:
        """The delay before retry ``attempt`` without jitter: ``first * factor ** attempt``, at most ``cap``."""
        delay = self.first
        for _ in range(max(0, attempt)):
            delay *= self.factor
            if delay >= self.cap:
                return self.cap
        return min(delay, self.cap)

    def delay(self, attempt: int, draw: float) -> float:
        """The delay before retry ``attempt``; ``draw`` in ``[0, 1]`` (``random.random()``) picks the jitter."""
        draw = min(max(draw, 0.0), 1.0)
        base = self.base(attempt)
        return min(self.cap, base * (1 + self.jitter * (2 * draw - 1)))


#: the schedule the page uses for unsaved answers
UNSAVED_ANSWERS = Backoff()

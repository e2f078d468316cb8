"""Resume codes: the short code a participant writes down to come back to their answers.

A code is 10 symbols of Crockford's base32 alphabet (digits and capitals without I, L, O, U), shown as
``XXXXX-XXXXX``, e.g. ``7K3QF-M2ZXD``.

Why a code cannot be guessed in practice:

* It carries 50 random bits (32**10 = 1,125,899,906,842,624 codes), drawn from the operating system's
  CSPRNG through :mod:`secrets`. It is never derived from a name, a time or a counter.
* With 30 active codes in a workshop, one guess hits *some* participant with probability
  30 / 32**10 ≈ 2.7e-14, so finding any one of them takes on average 32**10 / 30 ≈ 3.75e13 guesses.
* Over a page's websocket a wrong code costs almost nothing (measured before the throttle: some 300 tries
  a second), so wrong codes are counted (:class:`ResumeThrottle`): after :data:`FREE_ATTEMPTS` typos each
  further try waits 1, 2, 4 ... up to :data:`MAX_DELAY_SECONDS` seconds, and a try that comes too soon is
  not even looked up. They are counted for the page and for the visitor's client address, in the journal's
  database (:mod:`coffeechat.storage.code_failures`), where every kernel of the server sees them: a reload
  or a second tab starts where the last page stopped, for :data:`ADDRESS_WINDOW_SECONDS` after the last
  wrong code. That leaves a guesser about one guess a minute per address once the free tries are spent,
  and the whole server at most a few guesses per second even from many addresses (kernels start a few at a
  time, and one client address may hold only a few, see :mod:`coffeechat.server.guard`): at 1 guess per
  second finding any one code takes about 1.2 million years on average, at 5 per second about
  240,000 years, and the chance of a hit within a whole day at 5 per second is about 1 in 87 million. A
  code matters for days or weeks. The price: people behind one address (a venue's NAT) share the count, so a
  run of typos there makes each of them wait too, never longer than :data:`MAX_DELAY_SECONDS`, and the page
  says how long.

:func:`normalize_code` forgives how people type codes back: lower case, spaces, missing or extra hyphens,
and the letters Crockford maps to digits (O → 0, I and L → 1).
"""

from __future__ import annotations

import math
import re
import secrets
import time
from collections.abc import Callable
from typing import Protocol

#: Crockford's base32 alphabet: 0-9 and A-Z without I, L, O, U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
GROUP = 5

_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Spaces, hyphens and the dashes a phone or word processor may substitute for a typed hyphen.
_SEPARATORS = re.compile(r"[\s\-_\u2010\u2011\u2012\u2013\u2014\u2015\u2212]+")
_VALID = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh random code, ``XXXXX-XXXXX`` (50 bits from :mod:`secrets`)."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{symbols[:GROUP]}-{symbols[GROUP:]}"


def normalize_code(text: object) -> str | None:
    """The canonical ``XXXXX-XXXXX`` form of a typed code, or ``None`` if ``text`` is not a valid code."""
    if not isinstance(text, str) or len(text) > 100:
        return None
    compact = _SEPARATORS.sub("", text)
    if len(compact) != LENGTH or not (compact.isascii() and compact.isalnum()):
        return None
    symbols = compact.upper().translate(_LOOKALIKES)
    if not all(symbol in _VALID for symbol in symbols):
        return None
    return f"{symbols[:GROUP]}-{symbols[GROUP:]}"


#: wrong codes a page may try without waiting (typos happen)
FREE_ATTEMPTS = 5
#: wrong codes all pages from one client address may try without waiting within ADDRESS_WINDOW_SECONDS: a
#: room of 30 behind one address (a venue's NAT) may each make a typo before anyone waits; a guesser gets
#: 30 tries in 15 minutes, then 1, 2, 4 ... 60 s a try, against 2**50 codes
ADDRESS_FREE_ATTEMPTS = 30
MAX_DELAY_SECONDS = 60.0
#: how long a wrong code counts against its client address
ADDRESS_WINDOW_SECONDS = 15 * 60.0


def retry_delay(failures: int, free: int = FREE_ATTEMPTS) -> float:
    """Seconds before the next try after ``failures`` wrong codes: none for the first ``free`` ones,
    then 1, 2, 4 ... up to :data:`MAX_DELAY_SECONDS`."""
    if failures < free:
        return 0.0
    return min(MAX_DELAY_SECONDS, 2.0 ** (failures - free))


class SharedFailures(Protocol):
    """Where wrong codes are counted for every page: :class:`coffeechat.storage.code_failures.CodeFailures`."""

    def record(self, address: str, *, at: float) -> None: ...

    def recent(self, address: str, *, since: float) -> tuple[int, float | None]: ...


class ResumeThrottle:
    """Wrong resume codes: after a few, each further try has to wait a growing delay.

        Counted for this page and, given ``shared`` (``journal.code_failures``) and the visitor's ``client``
        address, for every page from that address, whichever kernel serves it: the later of the two waits holds.
        A right code clears the page's own count but not the address's (else a guesser with a code of their own
        could clear it between guesses); the address's wrong codes count for :data:`ADDRESS_WINDOW_SECONDS`, the
    first :data:`ADDRESS_FREE_ATTEMPTS` of them without a wait.
        ``clock`` is the wall clock (seconds since the epoch), which every kernel shares.
    """

    def __init__(self, clock: Callable[[], float] = time.time, shared: SharedFailures | None = None, client: str = ""):
        self.clock = clock
        self.shared = shared if client else None
        self.client = client
        self.failures = 0
        self._next_try = 0.0

    def next_try(self) -> float:
        """When the next try may come (0.0: now)."""
        next_try = self._next_try
        if self.shared is not None:
            count, last = self.shared.recent(self.client, since=self.clock() - ADDRESS_WINDOW_SECONDS)
            if last is not None:
                next_try = max(next_try, last + retry_delay(count, free=ADDRESS_FREE_ATTEMPTS))
        return next_try

    def seconds_to_wait(self) -> int:
        """Whole seconds until the next try may come (0: now), for the message that says so."""
        return max(0, math.ceil(self.next_try() - self.clock()))

    def waiting(self) -> bool:
        """True while a try would come too soon after the last wrong code (the code is then not looked up)."""
        return self.clock() < self.next_try()

    def failed(self) -> None:
        now = self.clock()
        self.failures += 1
        self._next_try = now + retry_delay(self.failures)
        if self.shared is not None:
            self.shared.record(self.client, at=now)

    def succeeded(self) -> None:
        self.failures = 0
        self._next_try = 0.0

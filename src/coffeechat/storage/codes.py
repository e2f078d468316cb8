"""Resume codes: the short code a participant writes down to come back to their answers.

A code is 10 symbols of Crockford's base32 alphabet (digits and capitals without I, L, O, U), shown as
``XXXXX-XXXXX``, e.g. ``7K3QF-M2ZXD``.

Why a code cannot be guessed in practice:

* It carries 50 random bits (32**10 = 1,125,899,906,842,624 codes), drawn from the operating system's
  CSPRNG through :mod:`secrets`. It is never derived from a name, a time or a counter.
* With 30 active codes in a workshop, one guess hits *some* participant with probability
  30 / 32**10 ≈ 2.7e-14, so finding any one of them takes on average 32**10 / 30 ≈ 3.75e13 guesses.
* Over a page's websocket a wrong code costs almost nothing (measured before the throttle: some 300 tries
  a second), so every page counts its wrong codes (:class:`ResumeThrottle`): after :data:`FREE_ATTEMPTS`
  typos each further try waits 1, 2, 4 ... up to :data:`MAX_DELAY_SECONDS` seconds, and a try that comes
  too soon is not even looked up. A fresh page brings fresh tries, but each costs a kernel start (seconds;
  kernels start a few at a time for the whole server, and one client address may hold only a few, see
  :mod:`coffeechat.server.guard`). That leaves a guesser at most a few guesses per second for the whole server:
  at 1 guess per second finding any one code takes about 1.2 million years on average, at 5 per second
  about 240,000 years, and the chance of a hit within a whole day at 5 per second is about 1 in 87
  million. A code matters for days or weeks.

:func:`normalize_code` forgives how people type codes back: lower case, spaces, missing or extra hyphens,
and the letters Crockford maps to digits (O → 0, I and L → 1).
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable

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
MAX_DELAY_SECONDS = 60.0


def retry_delay(failures: int) -> float:
    """Seconds before the next try after ``failures`` wrong codes: none for the first :data:`FREE_ATTEMPTS`,
    then 1, 2, 4 ... up to :data:`MAX_DELAY_SECONDS`."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_DELAY_SECONDS, 2.0 ** (failures - FREE_ATTEMPTS))


class ResumeThrottle:
    """One page's wrong resume codes: after a few, each further try has to wait a growing delay."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.failures = 0
        self._next_try = 0.0

    def waiting(self) -> bool:
        """True while a try would come too soon after the last wrong code (the code is then not looked up)."""
        return self.clock() < self._next_try

    def failed(self) -> None:
        self.failures += 1
        self._next_try = self.clock() + retry_delay(self.failures)

    def succeeded(self) -> None:
        self.failures = 0
        self._next_try = 0.0

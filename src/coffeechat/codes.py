"""Resume codes: the short code a participant writes down to come back to their answers.

A code is 10 symbols of Crockford's base32 alphabet (digits and capitals without I, L, O, U), shown as
``XXXXX-XXXXX``, e.g. ``7K3QF-M2ZXD``.

Why a code cannot be guessed in practice:

* It carries 50 random bits (32**10 = 1,125,899,906,842,624 codes), drawn from the operating system's
  CSPRNG through :mod:`secrets`. It is never derived from a name, a time or a counter.
* With 30 active codes in a workshop, one guess hits *some* participant with probability
  30 / 32**10 ≈ 2.7e-14, so finding any one of them takes on average 32**10 / 30 ≈ 3.75e13 guesses.
* In the app every guess costs a page load that starts a kernel (seconds each on the workshop server).
  Even at a generous 1 guess per second that is about 1.2 million years on average; even a script that
  skipped the page loads and managed 1,000 guesses per second would need about 1,200 years, and its chance
  of a hit within a whole day would be about 2 in a million. A code matters for days or weeks.

:func:`normalize_code` forgives how people type codes back: lower case, spaces, missing or extra hyphens,
and the letters Crockford maps to digits (O → 0, I and L → 1).
"""

from __future__ import annotations

import re
import secrets

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

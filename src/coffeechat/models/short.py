"""A participant's long words in a short slot (an e-mail's subject line, a heading, a calendar title).

Guarantees (``tests/unit/test_short.py``): :func:`at_a_word` gives the words as they are when they fit (runs of
white space made one space); otherwise a beginning of them, cut after a whole word, with „…“ for the rest, at
most ``limit`` characters in all. It never splits a word while a shorter cut at a space exists, and never an
emoji, its skin tone or joiner, or a letter and its accent (one very long word is cut between two characters
that stand apart).
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"
#: what belongs to the character before it: a joiner, a variation selector, a skin tone
_ATTACHED = frozenset("\u200d\ufe0e\ufe0f") | frozenset(chr(code) for code in range(0x1F3FB, 0x1F400))


def _belongs_to_previous(char: str) -> bool:
    return char in _ATTACHED or unicodedata.combining(char) > 0 or unicodedata.category(char) in ("Mn", "Me")


def at_a_word(text: str, limit: int) -> str:
    """``text`` in one line, at most ``limit`` characters: whole when it fits, else cut after a word with „…“."""
    words = " ".join(str(text or "").split())
    if len(words) <= limit:
        return words
    room = max(limit - 1, 0)  # the „…“ takes one character
    head = words[: room + 1]
    space = head.rfind(" ")
    if space > 0:
        cut = head[:space]
    else:  # one long word: cut between two characters that stand apart
        cut = words[:room]
        while cut and (_belongs_to_previous(words[len(cut)]) or cut[-1] == "\u200d"):
            cut = cut[:-1]
    return cut.rstrip(" ,;:–-") + ELLIPSIS

"""A participant's long words in a short slot (an e-mail's subject line, a heading, a calendar title, a message).

Guarantees (``tests/unit/test_short.py``): :func:`at_a_word` gives the words as they are when they fit (runs of
white space made one space); otherwise a beginning of them, cut after a whole word, with " …" for the words left
out, at most ``limit`` characters in all. It never splits a word while a shorter cut at a space exists, and never
an emoji, its skin tone or joiner, or a letter and its accent (one very long word is cut between two characters
that stand apart, and its rest is marked by „…“ right after it). :func:`first_words` keeps a number of words, and
marks the rest the same way. One rule for both, as German and English typesetting write it: words left out, a
space before the ellipsis („über den …“); the rest of a word left out, none („Fahrgastinfo…“).
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"
#: what marks whole words left out: a space, then the ellipsis
WORDS_LEFT_OUT = " " + ELLIPSIS
#: what a cut leaves at its end besides the ellipsis: a dangling comma or dash
_DANGLING = " ,;:–-"
#: what belongs to the character before it: a joiner, a variation selector, a skin tone
_ATTACHED = frozenset("\u200d\ufe0e\ufe0f") | frozenset(chr(code) for code in range(0x1F3FB, 0x1F400))


def _belongs_to_previous(char: str) -> bool:
    return char in _ATTACHED or unicodedata.combining(char) > 0 or unicodedata.category(char) in ("Mn", "Me")


def at_a_word(text: str, limit: int) -> str:
    """``text`` in one line, at most ``limit`` characters: whole when it fits, else cut after a word with " …"."""
    words = " ".join(str(text or "").split())
    if len(words) <= limit:
        return words
    head = words[: max(limit - len(WORDS_LEFT_OUT), 0) + 1]
    space = head.rfind(" ")
    kept = head[:space].rstrip(_DANGLING) if space > 0 else ""
    if kept:
        return kept + WORDS_LEFT_OUT
    cut = words[: max(limit - len(ELLIPSIS), 0)]  # one long word: cut between two characters that stand apart
    while cut and (_belongs_to_previous(words[len(cut)]) or cut[-1] == "\u200d"):
        cut = cut[:-1]
    return cut + ELLIPSIS


def first_words(text: str, words: int) -> str:
    """The first ``words`` words of a participant's sentence, with " …" for the rest (the sentence as it is when it
    has no more words than that)."""
    parts = text.split()
    if len(parts) <= words:
        return text
    return " ".join(parts[:words]).rstrip(_DANGLING) + WORDS_LEFT_OUT

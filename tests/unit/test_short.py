"""A participant's long words in a short slot: cut after a whole word with " …", never inside a word, an emoji or
a letter with its accent, at most the slot's length; a count of words cut the same way."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from coffeechat.models.short import at_a_word, first_words

#: a family emoji (joined by ZWJ), a waving hand with a skin tone, a letter and its combining accent
HARD = ["👨\u200d👩\u200d👧", "👋🏽", "e\u0301", "Grüße", "Dvořák", "Öffentlicher", "ß"]


def test_words_that_fit_stay_as_they_are_in_one_line():
    assert at_a_word("Öffentlicher  Nahverkehr\nin Köln 🙂", 60) == "Öffentlicher Nahverkehr in Köln 🙂"


def test_a_long_answer_is_cut_after_a_whole_word_with_an_ellipsis():
    long = "Ich möchte mehr über den öffentlichen Nahverkehr erfahren, vor allem über Planung und Fahrgastinformation"
    said = at_a_word(long, 40)
    assert said == "Ich möchte mehr über den öffentlichen …" and len(said) <= 40


def test_one_very_long_word_keeps_its_emoji_and_accents_whole():
    assert at_a_word("👋🏽" * 30, 10) == "👋🏽" * 4 + "…"
    assert at_a_word("e\u0301" * 30, 10) == "e\u0301" * 4 + "…"
    family = "👨\u200d👩\u200d👧"
    assert at_a_word(family * 10, 12) == family * 2 + "…"


def test_a_very_long_text_is_cut_to_the_slot():
    said = at_a_word("Wort " * 10_000, 78)
    assert len(said) <= 78 and said.endswith("Wort …")


@given(st.lists(st.sampled_from(HARD) | st.text(min_size=1, max_size=12), max_size=40), st.integers(8, 120))
@example(["Öffentlicher", "Nahverkehr,", "Fahrgastinformation"], 25)
def test_a_cut_is_a_beginning_of_the_words_no_longer_than_the_slot(parts, limit):
    words = " ".join(" ".join(parts).split())
    said = at_a_word(" ".join(parts), limit)
    assert len(said) <= limit
    if len(words) <= limit:
        assert said == words
        return
    assert said.endswith("…")
    kept = said.removesuffix(" …") if said.endswith(" …") else said[:-1]
    assert words.startswith(kept)
    rest = words[len(kept) :]
    if " " in words[:limit]:
        assert rest[:1] in (" ", ",", ";", ":", "–", "-") or not kept, "cut after a whole word"
    if rest:
        first = rest[0]
        assert not (unicodedata.combining(first) or first in "\u200d\ufe0f" or 0x1F3FB <= ord(first) <= 0x1F3FF)


def test_a_count_of_words_and_a_slot_mark_words_left_out_alike():
    """The message's cut sentence („… geraten …“) and a subject line's cut answer had two ellipses: one with a
    space, one without. Whole words left out: a space, then „…“, in both."""
    sentence = "Jana Becker aus meinem Laufverein hat mir geraten, mich bei Ihnen zu melden"
    assert first_words(sentence, 7) == "Jana Becker aus meinem Laufverein hat mir …"
    assert first_words(sentence, 8) == "Jana Becker aus meinem Laufverein hat mir geraten …", "no dangling comma"
    assert first_words("zwei Wörter", 5) == "zwei Wörter"
    assert at_a_word(sentence, 40) == "Jana Becker aus meinem Laufverein hat …"

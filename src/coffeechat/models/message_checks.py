"""Offline checks of a participant's message (issue 30): what could make a first message work less well, why, and
what was found, one tip at a time.

The flags, the most useful first (``MESSAGE_FLAGS``): ``too-long`` for its channel (an e-mail's words, an
invitation note's characters with and without Premium), ``job-ask``, ``no-connection`` (how the two are connected
or why this person, in the first two sentences), ``no-ask`` (no minutes named) and ``long-ask`` (over 30 minutes,
45 only with a reason), ``register-mixed`` („Sie“ and „du“ in one German message), ``no-signature`` (no name at
the end), ``spelling`` (a Hunspell dictionary from the system's packages, read by spylls; never a download) and
``hard-to-read`` (Flesch reading ease, syllables by pyphen). Every word list, pattern, threshold and reason is
content (``message-checks.yaml``, :class:`~coffeechat.content.MessageChecks`), the channels' limits are
``outreach.yaml``'s; this module only applies them.

Guarantees (``tests/unit/test_message_checks.py``): pure apart from the dictionaries, which are loaded once per
kernel and language, lazily, behind a lock; a language without a dictionary is checked without spelling, said once
by :func:`spelling_note` and logged once, never an error. :func:`check_message` never raises on any text and
reads at most ``MAX_CHARS_CHECKED`` characters, and spells at most ``MAX_WORDS_SPELLED`` distinct words in
``SPELLING_BUDGET_SECONDS`` of CPU (the rest on the next check: look-ups are remembered), so a pasted page stays
fast; apart from that budget the result depends only on the text, the rules and the dictionaries. Nothing leaves
the kernel, nothing is stored.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyphen
from spylls.hunspell import Dictionary

from coffeechat.content import MESSAGE_FLAGS, Channel, MessageChecks, MessageLanguageRules, QuestionChecks, Text
from coffeechat.models.question_checks import EMOJI, two_asks

log = logging.getLogger(__name__)

#: where Debian's (and most Linux distributions') hunspell-* packages put their dictionaries
DICTIONARY_DIRS: tuple[Path, ...] = (
    Path("/usr/share/hunspell"),
    Path("/usr/share/myspell"),
    Path("/usr/share/myspell/dicts"),
)
#: how much of a text the checks read: a first message is far shorter, and so a pasted page stays fast
MAX_CHARS_CHECKED = 6000
#: how many distinct words the spelling check looks up (an e-mail under 100 words has far fewer)
MAX_WORDS_SPELLED = 150
#: CPU seconds the spelling check may spend on one message: a page of new long compounds (100 of them, 0.7 s)
#: is checked as far as this allows, and further on the next check (each word's look-up is remembered)
SPELLING_BUDGET_SECONDS = 0.1
#: longer "words" are no words (a pasted hash, a link without its scheme): not looked up
MAX_WORD_LENGTH = 40

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'“”’»«)]*\s+|\n\s*\n|\n(?=\s*[-•*])")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_URL_OR_ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|@\w+|\b\w+\.(?:de|com|org|net|io|eu|at|ch)\b\S*", re.I
)
_QUOTES = "\"'„“”‚‘’»«"


@dataclass(frozen=True)
class MessageFlag:
    """One thing to look at in a message: the flag's id, why it matters in one sentence, and what was found."""

    id: str
    reason: str
    detail: str = ""
    #: the sentence of the message the flag is about, as written, where taking it out is the fix (a job request)
    #: or where ``rewrite`` takes its place (two questions in one)
    sentence: str = ""
    #: what may stand instead of ``sentence`` (two questions in one: the two, each a sentence of its own)
    rewrite: str = ""


def check_message(
    text: str,
    channel: Channel,
    language: str,
    rules: MessageChecks,
    *,
    first_contact: bool = True,
    premium: bool = False,
    name: str = "",
    known: Iterable[str] = (),
    spelling: bool = True,
    questions: QuestionChecks | None = None,
) -> tuple[MessageFlag, ...]:
    """The flags of the message ``text`` (its body, without an e-mail's subject line) on ``channel`` (one of
    ``outreach.yaml``'s), the most useful first (``MESSAGE_FLAGS`` order), each at most once; none for an empty
    text or a language the rules do not cover.

    ``first_contact``: a first message to someone not yet in touch (the request); only it is held to an invitation
    note's characters and asked for the connection and the minutes. ``premium``: the participant's account allows
    the channel's larger note. ``name``: the participant's name, looked for at the end (without one, any name after
    the closing counts). ``known``: words never flagged as misspelt (the plan's names, companies, the participant's
    own sentences). ``spelling=False``: no spelling check (a view whose dictionaries are still loading; it never
    waits for them). ``questions``: the question checks' rules, for two questions in one sentence (``double``;
    without them, no such flag). Never raises on any text.
    """
    own = rules.languages.get(language)
    if own is None or not isinstance(text, str) or not text.strip():
        return ()
    read = text[:MAX_CHARS_CHECKED]
    found: dict[str, dict[str, Any]] = {}
    if not channel.spoken:
        too_long = _too_long(read if len(text) <= MAX_CHARS_CHECKED else text, channel, first_contact, premium)
        if too_long is not None:
            found["too-long"] = too_long
    sentences = _sentences(read, own)
    job, job_sentence = _job_ask(sentences, own)
    if job:
        found["job-ask"] = {"words": job, "sentence": _as_written(read, job_sentence, job)}
    if first_contact:
        if not _matches_any(" ".join(_opening(sentences, own)), own.connection):
            found["no-connection"] = {}
        minutes = _minutes(sentences, own)
        if not minutes:
            found["no-ask"] = {}
        else:
            longest, sentence = max(minutes)
            allowed = own.most_with_reason if _matches_any(sentence, own.longer_reasons) else own.most_minutes
            if longest > allowed:
                found["long-ask"] = {"minutes": str(longest)}
    double = _double(sentences, language, questions) if questions is not None else None
    if double is not None:
        found["double"] = double
    mixed = _mixed_address(read, own)
    if mixed is not None:
        found["register-mixed"] = {"formal": mixed[0], "informal": mixed[1]}
    if not channel.spoken and not _signed(read, own, name):
        found["no-signature"] = {}
    misspelt = misspelt_words(read, own, known, most=own.spelling.most_named) if spelling else []
    if misspelt:
        found["spelling"] = {"words": ", ".join(misspelt)}
    score = reading_ease(read, own)
    if score is not None and score < own.readability.below:
        found["hard-to-read"] = {"score": f"{score:.0f}"}
    return tuple(
        MessageFlag(
            flag,
            rules.reasons[flag].say(language),
            _detail(rules, flag, language, found[flag], channel),
            found[flag].pop("sentence", "") if flag in ("job-ask", "double") else "",
            found[flag].pop("rewrite", "") if flag == "double" else "",
        )
        for flag in MESSAGE_FLAGS
        if flag in found
    )


def flag_ids(text: str, channel: Channel, language: str, rules: MessageChecks, **options: Any) -> set[str]:
    """Only the ids of ``text``'s flags."""
    return {flag.id for flag in check_message(text, channel, language, rules, **options)}


def _detail(rules: MessageChecks, flag: str, language: str, values: dict[str, Any], channel: Channel) -> str:
    if flag == "too-long":
        text = rules.length[values.pop("unit")].say(language)
        return text.format(channel=channel.label.say(language), **values)
    said: Text | None = rules.details.get(flag)  # type: ignore[call-overload]
    return said.say(language).format(**values) if said is not None else ""


# --- reading a message ------------------------------------------------------------------------------------


def _sentences(text: str, own: MessageLanguageRules) -> list[str]:
    """The message's sentences, in order, with single spaces (an abbreviation's full stop ends none)."""
    protected = text
    for abbreviation in own.abbreviations:
        protected = protected.replace(abbreviation, abbreviation.replace(".", "\x00"))
    pieces = _SENTENCE_END.split(protected)
    return [" ".join(piece.replace("\x00", ".").split()) for piece in pieces if any(c.isalnum() for c in piece)]


def _opening(sentences: list[str], own: MessageLanguageRules) -> list[str]:
    """The first two sentences that say something: without the greeting („Guten Tag Frau Ölmez,“) and without a
    short self-introduction („Mein Name ist Anna Berg.“)."""
    kept: list[str] = []
    for index, sentence in enumerate(sentences):
        if index == 0 and _matches_any(sentence, own.greetings, anchored=True):
            _, comma, rest = sentence.partition(",")
            sentence = rest.strip() if comma else ""
        if not sentence:
            continue
        if len(sentence.split()) <= own.introduction_max_words and _matches_any(
            sentence, own.introductions, anchored=True
        ):
            continue
        kept.append(sentence)
        if len(kept) == 2:
            break
    return kept


def _matches_any(text: str, patterns: Iterable[str], anchored: bool = False) -> bool:
    folded = text.strip(_QUOTES + " ") if anchored else text
    return any(_compiled(pattern).search(folded) for pattern in patterns)


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --- the checks ------------------------------------------------------------------------------------------


def _too_long(text: str, channel: Channel, first_contact: bool, premium: bool) -> dict[str, Any] | None:
    """What the channel allows, as ``outreach.limit`` reads it: an invitation note's characters (a first contact
    only; Premium's where the participant has it), or an e-mail's words; ``None`` within it."""
    if channel.max_chars and first_contact:
        length = len(text.strip().encode("utf-16-le")) // 2  # as a browser counts: an emoji is two
        most = channel.premium_max_chars if premium and channel.premium_max_chars else channel.max_chars
        if length <= most:
            return None
        unit = (
            "advice"
            if channel.limit_is_advice
            else "premium"
            if premium and channel.premium_max_chars
            else "characters"
        )
        return {"unit": unit, "length": length, "most": channel.max_chars, "premium": channel.premium_max_chars or ""}
    if channel.fewer_words_than:
        words = len(text.split())
        if words < channel.fewer_words_than:
            return None
        return {"unit": "words", "length": words, "most": channel.fewer_words_than, "premium": ""}
    return None


def _job_ask(sentences: list[str], own: MessageLanguageRules) -> tuple[str, str]:
    """The words of the first sentence that asks for a job and does not say it is not asking („Um eine Stelle
    bitte ich nicht.“), and that sentence; ("", "") for none."""
    for sentence in sentences:
        for pattern in own.job_ask:
            match = _compiled(pattern).search(sentence)
            if match and not _matches_any(sentence, own.job_ask_negations):
                return match.group(0).strip(), sentence.strip()
    return "", ""


def _as_written(text: str, sentence: str, words: str) -> str:
    """``sentence`` (read with single spaces) as ``text`` has it, so that it can be found and taken out; it ends at
    the first line break after ``words`` (a sentence without a full stop before the closing would run on into
    „Viele Grüße“ and the name). The sentence as read where it cannot be found."""
    span = sentence_span(text, sentence)
    if span is None:
        return sentence
    written = text[span[0] : span[1]]
    after_words = sentence_span(written, words)
    end = written.find("\n", after_words[1]) if after_words is not None else -1
    return written[:end].rstrip() if end > 0 else written


def _double(sentences: list[str], language: str, questions: QuestionChecks) -> dict[str, Any] | None:
    """The first question of the message that asks two things at once („Hätten Sie 20 Minuten Zeit, und wie
    sind Sie zur UX gekommen?“), with the two as questions of their own where the rule offers both; else ``None``.
    Only a sentence that ends with a question mark counts: two questions in two sentences are the writer's
    choice, and a statement („… wie Sie angefangen haben und was Sie raten“) asks nothing."""
    for sentence in sentences:
        if not sentence.rstrip(_QUOTES + " ").endswith("?"):
            continue
        two = two_asks(sentence, language, questions)
        if two is not None:
            rewrite = f"{two[0]} {two[1]}" if all(two) else ""
            return {"sentence": sentence if rewrite else "", "rewrite": rewrite}
    return None


def _minutes(sentences: list[str], own: MessageLanguageRules) -> list[tuple[int, str]]:
    """Every length of time the message asks for, in minutes, with its sentence („20 bis 30 Minuten“: 30)."""
    number = _number_pattern(tuple(own.numbers))
    minute = "|".join(own.minute_words)
    pattern = _compiled(
        rf"\b(?P<low>{number})(?:\s*(?:-|–|bis|to|or|oder)\s*(?P<high>{number}))?\s*-?\s*(?:{minute})(?!\w)"
    )
    numbers = {word.casefold(): value for word, value in own.numbers.items()}
    found: list[tuple[int, str]] = []
    for sentence in sentences:
        for match in pattern.finditer(sentence):
            said = (match.group("high") or match.group("low")).casefold()
            found.append((int(said) if said.isdigit() else numbers.get(said, 0), sentence))
        for duration in own.durations:
            if _compiled(duration.pattern).search(sentence):
                found.append((duration.minutes, sentence))
    return [(minutes, sentence) for minutes, sentence in found if minutes > 0]


@functools.lru_cache(maxsize=16)
def _number_pattern(words: tuple[str, ...]) -> str:
    spelled = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return rf"\d{{1,3}}|{spelled}" if spelled else r"\d{1,3}"


def _mixed_address(text: str, own: MessageLanguageRules) -> tuple[str, str] | None:
    """The first formal and the first informal word of address, where a message has both; else ``None``.

    A formal word counts only with its capital in mid-sentence: „sie“ is "they", and „Sie“ opening a sentence may
    be "they" too (German capitalises it there either way)."""
    if own.address is None:
        return None
    formal_words = set(own.address.formal)
    informal_words = {word.casefold() for word in own.address.informal}
    formal = informal = ""
    for match in _WORD.finditer(text):
        word = match.group(0)
        if not informal and word.casefold() in informal_words:
            informal = word
        elif not formal and word in formal_words and not _opens_sentence(text, match.start()):
            formal = word
        if formal and informal:
            return formal, informal
    return None


def _opens_sentence(text: str, start: int) -> bool:
    """Whether a word at ``start`` opens a sentence, a line or a quotation (where any word has a capital)."""
    before = text[:start].rstrip(" \t" + _QUOTES + "(")
    return not before or before[-1] in ".!?…:\n" or text[:start].endswith(("\n", "„", "“", '"'))


def _signed(text: str, own: MessageLanguageRules, name: str) -> bool:
    """Whether the message ends with a name: after its last sentence or closing („Viele Grüße, Anna Berg“,
    "Best wishes\\nAnna"), the participant's ``name`` (one of its words) or, without one, one to four words with
    a capital that are not a closing themselves."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    postscript = next(
        (number for number, line in enumerate(lines) if number and _opens_postscript(line, own.postscripts)), None
    )
    lines = lines[:postscript]  # a PS after the name is no part of the ending (a walk's "PS: …" lost its name)
    if not lines:
        return False
    last = lines[-1].strip(" -–—" + _QUOTES)
    tail = re.split(r"[.!?…,;:]\s+|\s[-–—]\s", last)[-1].strip(" .,;:!?…-–—" + _QUOTES)
    if name.strip():
        wanted = {word.casefold() for word in _WORD.findall(name) if len(word) > 1}
        return bool(wanted & {word.casefold() for word in _WORD.findall(tail)})
    closings = {closing.casefold() for closing in own.closings}
    words = tail.split()
    if not words or tail.casefold() in closings or not 1 <= len(words) <= 4:
        return False
    for closing in sorted(closings, key=len, reverse=True):
        if tail.casefold().startswith(closing + " "):
            words = tail[len(closing) :].split()
            break
    return bool(words) and all(word[:1].isupper() or word.casefold() in _NAME_PARTICLES for word in words)


def sentence_span(text: str, sentence: str) -> tuple[int, int] | None:
    """Where ``sentence`` first stands in ``text`` as written: its words in order with any spaces or line breaks
    between them (the checks read a sentence with single spaces), or ``None``."""
    words = sentence.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(word) for word in words), text)
    return found.span() if found is not None else None


def without_sentence(text: str, sentence: str) -> str:
    """``text`` without the first ``sentence`` (as :func:`sentence_span` finds it) and the space it leaves (a
    message tip's button that takes a sentence out); ``text`` as it was where the sentence is not in it.

    Nothing that belonged to the sentence stays: an emoji right after it, the rest of its line where that is only
    emoji or punctuation, and lines of only emoji or punctuation right below it (a signature's dashes are kept).
    No doubled space and no two blank lines in a row are left (a line of spaces counts as blank)."""
    span = sentence_span(text, sentence)
    if span is None:
        return text
    before, after = text[: span[0]], text[span[1] :]
    after = _EMOJI_AFTER.sub("", after, count=1)
    line, newline, rest = after.partition("\n")
    if _stray(line):
        after = newline + rest
    if after.startswith("\n") or not after:
        lines = after.split("\n")
        index = 1
        while index < len(lines) and not lines[index].strip():
            index += 1
        while index < len(lines) and _stray(lines[index]):
            del lines[index]
        after = "\n".join(lines)
    if before.endswith(" ") and (after.startswith((" ", "\n")) or not after):
        before = before.rstrip(" ")
    elif after.startswith(" ") and (not before or before.endswith("\n")):
        after = after.lstrip(" ")
    joined = before + after
    joined = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", joined)
    return joined.strip("\n") if not before.strip() or not after.strip() else joined


#: emoji (and their joiners and modifiers) right after a sentence, with the spaces before them
_EMOJI_AFTER = re.compile(rf"^(?:[ \t]*[{EMOJI}]+)+")


def _stray(line: str) -> bool:
    """Whether a line says nothing: not blank, no letter or digit, and no signature's dashes or underscores."""
    bare = line.strip()
    return bool(bare) and not any(c.isalnum() for c in bare) and not bare.startswith(("-", "–", "—", "_"))


def _opens_postscript(line: str, openings: tuple[str, ...]) -> bool:
    """Whether a line opens with one of a language's postscript openings („PS:“, "P. S.", „pps“), in any case and
    spacing, as a word of its own („Psychologie“ opens none)."""
    compact = "".join(line[:16].split()).casefold()
    for opening in openings:
        wanted = "".join(opening.split()).casefold()
        if compact.startswith(wanted) and not compact[len(wanted) : len(wanted) + 1].isalpha():
            return True
    return False


_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "du", "da", "di", "le", "la", "al", "bin", "ter", "zu"})


# --- spelling ----------------------------------------------------------------------------------------------

_dictionaries: dict[tuple[str, tuple[Path, ...]], Dictionary | None] = {}
_dictionary_lock = threading.Lock()


def dictionary(name: str, directories: tuple[Path, ...] | None = None) -> Dictionary | None:
    """The Hunspell dictionary ``name`` (``de_DE``), loaded once per kernel from the first of ``directories``
    (``DICTIONARY_DIRS``) that has its ``.aff`` and ``.dic`` files; ``None`` where none has (logged once)."""
    directories = DICTIONARY_DIRS if directories is None else directories
    key = (name, directories)
    if key in _dictionaries:
        return _dictionaries[key]
    with _dictionary_lock:
        if key not in _dictionaries:
            _dictionaries[key] = _load_dictionary(name, directories)
    return _dictionaries[key]


def dictionary_file(name: str, directories: tuple[Path, ...] | None = None) -> Path | None:
    """Where the Hunspell dictionary ``name`` is installed (its path without ``.aff``/``.dic``), without loading it;
    ``None`` where it is not."""
    for directory in DICTIONARY_DIRS if directories is None else directories:
        base = directory / name
        if base.with_suffix(".aff").is_file() and base.with_suffix(".dic").is_file():
            return base
    return None


def _load_dictionary(name: str, directories: tuple[Path, ...]) -> Dictionary | None:
    base = dictionary_file(name, directories)
    if base is not None:
        try:
            return Dictionary.from_files(str(base))
        except Exception as error:  # noqa: BLE001 - a broken file: spelling goes unchecked, the other checks go on
            log.warning("the %s dictionary in %s could not be read (%s)", name, base.parent, type(error).__name__)
            return None
    log.info("no %s dictionary in %s: spelling is not checked", name, ", ".join(map(str, directories)))
    return None


def spelling_note(language: str, rules: MessageChecks) -> str | None:
    """What to say, once, where spelling cannot be checked (no dictionary installed); ``None`` where it can or
    where the language has no message rules."""
    own = rules.languages.get(language)
    if own is None or dictionary_file(own.spelling.dictionaries[0]) is not None:
        return None
    return rules.spelling_not_checked.say(language)


def dictionaries_loaded(language: str, rules: MessageChecks) -> bool:
    """Whether the language's dictionaries are loaded (or known to be missing), without loading them or waiting
    for a load under way: a view checks spelling only then, so that a keystroke never waits for a dictionary."""
    own = rules.languages.get(language)
    if own is None:
        return True
    return all((name, DICTIONARY_DIRS) in _dictionaries for name in own.spelling.dictionaries)


def load_dictionaries(language: str, rules: MessageChecks) -> bool:
    """Load the language's dictionaries now, the Hunspell ones and the hyphenation one of the reading-ease figure (a
    view may call it in a thread as the page opens, so that the first check does not wait for them); whether
    spelling can be checked."""
    own = rules.languages.get(language)
    if own is None:
        return False
    _hyphenator(own.readability.hyphenation)
    loaded = [dictionary(name) for name in own.spelling.dictionaries]  # every one, not only up to a missing one
    return all(found is not None for found in loaded)


def misspelt_words(
    text: str, own: MessageLanguageRules, known: Iterable[str] = (), most: int | None = None
) -> list[str]:
    """The words of ``text`` the language's dictionaries do not know, in order, each once, the first ``most`` of
    them (a word no dictionary knows costs the most time to look up); none without a dictionary. Accepted:
    ``known`` words and the content's, links and e-mail addresses, abbreviations in capitals, single letters, and
    in a language whose rules say so a word with a capital in mid-sentence (a name), or opening a sentence before
    another such word („Priya Raghunathan suggested …“)."""
    names = own.spelling.dictionaries
    if dictionary(names[0]) is None:
        return []
    cleaned = _URL_OR_ADDRESS.sub(" ", text[:MAX_CHARS_CHECKED])
    words = list(_WORD.finditer(cleaned))
    names_in_text = [*_after_titles(words, own.spelling.name_titles), *_signature(cleaned, own)]
    accepted = _accepted(own.spelling.accept) | {
        word.casefold() for item in (*known, *names_in_text) for word in _WORD.findall(item)
    }
    misspelt: dict[str, None] = {}
    looked_up: set[str] = set()
    until = time.thread_time() + SPELLING_BUDGET_SECONDS
    for index, match in enumerate(words):
        word = match.group(0).replace("’", "'")
        if word in looked_up or word.casefold() in accepted or len(word) > MAX_WORD_LENGTH:
            continue
        if len(looked_up) >= MAX_WORDS_SPELLED or time.thread_time() > until:
            break
        looked_up.add(word)
        if own.spelling.accept_capitalised and word[:1].isupper():
            following = words[index + 1].group(0) if index + 1 < len(words) else ""
            if not _opens_sentence(cleaned, match.start()) or (
                following[:1].isupper() and cleaned[match.end() : words[index + 1].start()] == " "
            ):
                continue
        if not _spelt_right(names, word, accepted):
            misspelt[match.group(0)] = None
            if len(misspelt) == most:
                break
    return list(misspelt)


def _after_titles(words: list[re.Match[str]], titles: tuple[str, ...]) -> list[str]:
    """The names in a text by the titles they follow: the one or two words with a capital after „Frau“, "Ms"."""
    wanted = {title.casefold().rstrip(".") for title in titles}
    names: list[str] = []
    for index, match in enumerate(words):
        if match.group(0).casefold() in wanted:
            for following in words[index + 1 : index + 3]:
                if not following.group(0)[:1].isupper():
                    break
                names.append(following.group(0))
    return names


def _signature(text: str, own: MessageLanguageRules) -> list[str]:
    """The name a message is signed with (the words after its closing, see :func:`_signed`), else none."""
    if not _signed(text, own, ""):
        return []
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    tail = re.split(r"[.!?…,;:]\s+|\s[-–—]\s", lines[-1])[-1]
    return [word for word in tail.split() if word[:1].isupper()]


@functools.lru_cache(maxsize=64)
def _accepted(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word.casefold() for word in words)


def _spelt_right(names: tuple[str, ...], word: str, accepted: frozenset[str] | set[str]) -> bool:
    """A word is right as a whole, or part by part where it has hyphens („Gesundheits-IT“: a part before a hyphen
    may end in the joining „s“)."""
    if _known(names, word, accepted):
        return True
    parts = word.split("-")
    last = len(parts) - 1
    if not last:
        return False
    return all(
        _known(names, part, accepted)
        or (index < len(parts) - 1 and part.endswith("s") and _known(names, part[:-1], accepted))
        for index, part in enumerate(parts)
    )


def _known(names: tuple[str, ...], part: str, accepted: frozenset[str] | set[str]) -> bool:
    """A word is known: one letter, an abbreviation in capitals („UX“), an accepted word, or one of the dictionaries'
    (as written, or with a small first letter where it opens a sentence); the next dictionary is asked only for a
    word the ones before do not know."""
    if len(part) <= 1 or (part.isupper() and len(part) <= 5) or part.casefold() in accepted:
        return True
    for name in names:
        found = dictionary(name)
        if found is not None and (_looked_up(found, part) or (part[:1].isupper() and _looked_up(found, part.lower()))):
            return True
    return False


@functools.lru_cache(maxsize=20_000)
def _looked_up(found: Dictionary, word: str) -> bool:
    try:
        return bool(found.lookup(word))
    except Exception:  # noqa: BLE001 - spylls on a word its dictionary was not made for: not flagged, never an error
        return True


# --- readability -------------------------------------------------------------------------------------------


def reading_ease(text: str, own: MessageLanguageRules) -> float | None:
    """Flesch reading ease of ``text`` by the language's formula (``None`` below ``min_words`` words, where a
    figure does not help): higher is easier, 60 and over reads easily."""
    rules = own.readability
    words = _WORD.findall(_URL_OR_ADDRESS.sub(" ", text[:MAX_CHARS_CHECKED]))
    if len(words) < rules.min_words:
        return None
    sentences = max(1, len(_sentences(text[:MAX_CHARS_CHECKED], own)))
    hyphenator = _hyphenator(rules.hyphenation)
    syllables = sum(_syllables(hyphenator, word) for word in words)
    return rules.base - rules.sentence_weight * len(words) / sentences - rules.syllable_weight * syllables / len(words)


@functools.lru_cache(maxsize=8)
def _hyphenator(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=language)


def _syllables(hyphenator: pyphen.Pyphen, word: str) -> int:
    return len(hyphenator.positions(word[:MAX_WORD_LENGTH])) + 1

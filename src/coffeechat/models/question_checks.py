"""Offline checks of a participant's question (issue 30): what could make it work less well in a conversation, why,
and an open rewrite in the participant's own words where a rule can make one.

The flags, most important first (``QUESTION_FLAGS``, the order they are returned in): ``job-ask`` (a job or a
referral, outright), ``pay`` (what the contact earns), ``why-reproach`` („Warum haben Sie …“, "Why did you …"),
``searchable`` (what a quick web search answers), ``double`` (two asks at once), ``yes-no`` (a question a word
answers) and ``too-long``. Every word list, pattern, threshold, reason and rewrite is content
(``question-checks.yaml``, :class:`~coffeechat.content.QuestionChecks`); this module only applies them. Pure
functions: nothing leaves the kernel, nothing is stored.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from coffeechat.content import QUESTION_FLAGS, QuestionChecks, QuestionLanguageRules, QuestionRewrite, Text

#: how much of a text the patterns read: a question longer than this is flagged too long anyway, and so a check
#: stays fast on a pasted page
MAX_CHARS_CHECKED = 2000

_QUOTES = "\"'„“”‚‘’»«"
_END = "?!.…;:, " + _QUOTES
_SENTENCE = re.compile(r"[^.!?…]*(?:[.!?…]+|$)")
_FIELD = re.compile(r"\{([^{}|]*)(?:\|([^{}]*))?\}")


@dataclass(frozen=True)
class QuestionFlag:
    """One thing to look at in a question: the flag's id, why it matters in one sentence, an open rewrite from
    the participant's words (``None`` where no rule makes one) and, for two asks in one, the second ask."""

    id: str
    reason: str
    rewrite: str | None = None
    #: for two asks in one (``double``) with a rewrite: the rest of it as a question of its own, to stand after
    #: the rewrite (``None`` otherwise)
    then: str | None = None


def check_question(text: str, language: str, rules: QuestionChecks) -> tuple[QuestionFlag, ...]:
    """The flags of ``text`` in ``language`` (in ``QUESTION_FLAGS`` order, each at most once); none for an empty
    text or a language the rules do not cover. A rewrite is offered only where it gets no flag itself, and never
    for a question that asks for a job or what a web search answers (an open question for a job is still one).
    Never raises on any text."""
    own = rules.languages.get(language)
    if own is None or not text or not text.strip():
        return ()
    found = _flags(text, own)
    unaskable = "job-ask" in found or "searchable" in found
    for flag, rewrite in found.items():
        if rewrite is not None and (unaskable or _flags(rewrite, own)):
            found[flag] = None
    two = _two_asks(_asks(text[:MAX_CHARS_CHECKED]), own) if found.get("double") else None
    return tuple(
        QuestionFlag(
            flag,
            rules.reasons[flag].say(language).replace("{max_words}", str(own.max_words)),
            found[flag],
            (two[1] or None) if two and flag == "double" else None,
        )
        for flag in QUESTION_FLAGS
        if flag in found
    )


def _flags(text: str, own: QuestionLanguageRules) -> dict[str, str | None]:
    """Each flag ``text`` gets, with its rewrite (or ``None``)."""
    found: dict[str, str | None] = {}
    read = text[:MAX_CHARS_CHECKED]
    asks = _asks(read)
    for ask in asks:
        plain = _plain(ask, own)
        if not plain:
            continue
        if "yes-no" not in found and _is_yes_no(plain, own):
            found["yes-no"] = _rewrite(plain, own.rewrites.get("yes-no", ()), own)
        if "why-reproach" not in found and _matches_any(plain, own.why_reproach):
            found["why-reproach"] = _rewrite(plain, own.rewrites.get("why-reproach", ()), own)
    two = _two_asks(asks, own)
    if two is not None:
        found["double"] = two[0] or None
    if _matches_any(_words(read), own.job_ask):
        found["job-ask"] = None
    if _matches_any(_words(read), own.pay):
        found["pay"] = None
    if _matches_any(_words(read), own.searchable):
        found["searchable"] = None
    if len(text.split()) > own.max_words:
        last = asks[-1].strip() if len(_sentences(read)) > 1 and _is_asked(asks[-1]) else ""
        found["too-long"] = last if last and len(last.split()) <= own.max_words else None
    return found


def two_asks(question: str, language: str, rules: QuestionChecks) -> tuple[str, str] | None:
    """The rule of the ``double`` flag for one question read on its own (a sentence of a message): ``None`` for
    one ask (or a language the rules do not cover), else the first ask as its own question and the rest as
    another ("" where there is none to offer). The one place this rule lives: the question tip and the message
    tip both read it."""
    own = rules.languages.get(language)
    if own is None or not question or not question.strip():
        return None
    return _two_asks([question[:MAX_CHARS_CHECKED]], own)


#: how many flags after the first a tip names in a few words (a question that gets more still reads as a tip)
MOST_ALSO = 2


def also_in_short(flags: tuple[QuestionFlag, ...], language: str, rules: QuestionChecks) -> tuple[str, ...]:
    """The flags after the first, each in a few words (``in_short``), at most :data:`MOST_ALSO`: a tip says the
    first in its sentence and these after it, so that three questions in one, one about pay and one for a job,
    hear of all three without a wall of text."""
    shorts: dict[str, Text] = {str(flag): words for flag, words in rules.in_short.items()}
    return tuple(shorts[flag.id].say(language) for flag in flags[1 : 1 + MOST_ALSO])


def flag_ids(text: str, language: str, rules: QuestionChecks) -> set[str]:
    """Only the ids of ``text``'s flags."""
    return {flag.id for flag in check_question(text, language, rules)}


# --- reading a question ------------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [piece.strip() for piece in _SENTENCE.findall(text) if any(c.isalnum() for c in piece)]


def _asks(text: str) -> list[str]:
    """The sentences that ask (end with a question mark), each from its last colon on („Eine Frage: Ist …?“);
    a text without one is its last sentence."""
    sentences = _sentences(text)
    asks = [_after_colon(sentence) for sentence in sentences if _is_asked(sentence)]
    return asks or sentences[-1:]


def _is_asked(sentence: str) -> bool:
    return sentence.rstrip(_QUOTES + " ").endswith("?")


def _after_colon(sentence: str) -> str:
    _, colon, after = sentence.rpartition(": ")
    return after if colon and any(c.isalpha() for c in after) else sentence


def _words(text: str) -> str:
    """``text`` as single-spaced words, without surrounding quotes and the closing question mark."""
    return " ".join(text.split()).strip(_END)


def _plain(ask: str, own: QuestionLanguageRules) -> str:
    """An ask as the patterns read it: single spaces, no quotes or closing marks, no lead-in („Und“, "So"), its
    first word in small letters unless it keeps its capital (Sie, I)."""
    words = _words(ask).split(" ")
    lead_ins = {word.casefold() for word in own.lead_ins}
    while len(words) > 1 and words[0].strip(",").casefold() in lead_ins:
        words = words[1:]
    words = [word for word in words if word]
    if not words:
        return ""
    if words[0] not in own.keep_capitals:
        words[0] = words[0][:1].lower() + words[0][1:]
    return " ".join(words).strip(_END)


def _matches_any(text: str, patterns: Iterable[str]) -> bool:
    return any(_compiled(pattern).search(text) for pattern in patterns)


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --- the checks ------------------------------------------------------------------------------------------


def _is_yes_no(plain: str, own: QuestionLanguageRules) -> bool:
    """Does the ask open with a finite verb („Ist …“, "Do you …"), and is it no polite request for a story?"""
    words = plain.casefold().split(" ")
    first = words[0].strip(",")
    if first in _folded(own.question_words):
        return False
    opens = first in _folded(own.yes_no.verbs) or (
        bool(own.yes_no.endings)
        and len(words) > 1
        and first.isalpha()
        and first.endswith(tuple(own.yes_no.endings))
        and words[1].strip(",") in _folded(own.yes_no.subjects)
    )
    return opens and not _matches_any(plain, own.yes_no.open_requests)


def _two_asks(asks: list[str], own: QuestionLanguageRules) -> tuple[str, str] | None:
    """Two asks in one: the first of them as its own question and the rest as another ("" where there is none
    to offer); ``None`` for one ask. Two question marks make two asks; so does a joiner („und“, "and") after three
    or more words of a question, followed by a question word, its verb and more words, or by a yes/no opening (not
    after a joiner that offers a choice: „…, oder soll ich später anrufen?“); so „…, und was nicht?“ and „… und wie
    Sie dazu kamen?“ are no second ask."""
    if len(asks) > 1:
        rest = (_unjoined(_words(ask), own) for ask in asks[1:])
        return _question(asks[0]), " ".join(_question(ask) for ask in rest if _question(ask))
    for ask in asks:
        words = _words(ask).split(" ")
        for index in range(3, len(words) - 1):
            if words[index].strip(",").casefold() not in _folded(own.joiners):
                continue
            after = words[index + 1 :]
            if after[0].casefold() in _folded(own.question_words) and len(after) > 2 and _asked_again(after, own):
                return _question(" ".join(words[:index])), _question(" ".join(after))
            offers_a_choice = words[index].strip(",").casefold() in _folded(own.choices)
            if (
                len(after) > 1
                and not offers_a_choice
                and _is_yes_no(" ".join(after).casefold(), own)
                and _subject_follows(after, own)
            ):
                return _question(" ".join(words[:index])), _question(" ".join(after))
    return None


def _asked_again(after: list[str], own: QuestionLanguageRules) -> bool:
    """After a joiner and a question word, a question of its own has its verb right after the question word („und
    wie sind Sie …“, "and how did you …"), where a clause inside the first question has its subject there („… und
    wie Sie dazu kamen“, "… and how people get into it": ``clause_subjects``)."""
    return after[1].strip(",").casefold() not in _folded(own.clause_subjects)


def _unjoined(words: str, own: QuestionLanguageRules) -> str:
    """A later ask without the joiner it starts with („Und wie …?“ on its own is „Wie …?“)."""
    first, _, rest = words.partition(" ")
    return rest if rest and first.strip(",").casefold() in _folded(own.joiners) else words


def _subject_follows(words: list[str], own: QuestionLanguageRules) -> bool:
    """After a joiner, a verb alone is no second ask („… lernen und haben …“ is rare, "and do well" is not one):
    the word after it must be a subject ("you", „Sie“, „es“)."""
    subjects = _folded((*own.yes_no.subjects, "you", "it", "they", "there", "sie", "du", "es", "man", "ihnen"))
    return words[1].strip(",").casefold() in subjects


#: what may close a question's words besides its marks: a dash before a joiner („… üblich – und wie …?“)
_DASHES = "–—-"
#: emoji, their joiners and skin tones, as a regular expression's character class: words that are no words at the
#: end of a question or a sentence (models/message_checks.py takes them out with a sentence)
EMOJI = "\u2190-\u2bff\U0001f000-\U0001faff\ufe0f\u200d\U0001f3fb-\U0001f3ff"
_EMOJI_OR_SPACE = re.compile(rf"[\s{EMOJI}]")


def _question(words: str) -> str:
    """Words as one question: a capital first letter and one question mark, without a dash left before it;
    emoji at the end stay after the mark („… ansteht? 🤔“, not „🤔?“)."""
    text = words.strip()
    end = len(text)
    while end and _EMOJI_OR_SPACE.fullmatch(text[end - 1]):
        end -= 1
    emoji = text[end:].strip()
    cleaned = text[:end].strip().rstrip(_END + _DASHES).strip()
    if not cleaned:
        return ""
    asked = cleaned[:1].upper() + cleaned[1:] + "?"
    return f"{asked} {emoji}" if emoji else asked


@functools.lru_cache(maxsize=256)
def _folded(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word.casefold() for word in words)


# --- rewrites --------------------------------------------------------------------------------------------


def _rewrite(plain: str, rules: tuple[QuestionRewrite, ...], own: QuestionLanguageRules) -> str | None:
    """The first rule whose pattern matches the whole ask, filled with the ask's own words; ``None`` if none does."""
    for rule in rules:
        match = _compiled(rule.pattern).fullmatch(plain)
        if match is None:
            continue
        groups = {name: value or "" for name, value in match.groupdict().items()}

        def fill(field: re.Match[str], groups: dict[str, str] = groups) -> str:
            value = groups.get(field.group(1), "")
            return _looked_up(value, own.tables[field.group(2)]) if field.group(2) else value

        filled = " ".join(_FIELD.sub(fill, rule.rewrite).split())
        filled = re.sub(r"\s+([,?])", r"\1", filled)
        return filled[:1].upper() + filled[1:]
    return None


def _looked_up(words: str, table: dict[str, str]) -> str:
    """``words`` with the first word replaced by its entry in ``table`` (an article put in the dative), in the
    same case; unchanged if the table has no entry for it."""
    first, _, rest = words.strip().partition(" ")
    mapped = table.get(first.casefold())
    if mapped is None:
        return words
    if first[:1].isupper():
        mapped = mapped[:1].upper() + mapped[1:]
    return f"{mapped} {rest}".strip()

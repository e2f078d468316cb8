"""The plan's messages: a template from ``exercises/outreach.yaml`` filled with the participant's words.

Guarantees (``tests/unit/test_outreach.py`` checks them, the limits over any input with hypothesis):

- No raw ``{placeholder}`` is ever in a draft. Where the participant has not given a value yet, the draft says
  so in words (``placeholder_missing``: „[Ihr Name fehlt]“), and :attr:`Draft.missing` names it, so that the
  page and the take-home mark the draft as incomplete.
- A draft fits its channel's limit (:func:`limit`): an invitation note the characters of the participant's
  account (LinkedIn: 200, with Premium 300), an e-mail fewer than 100 words, whenever any of the template's
  bodies with any number of the goals' topics fits; where none fits, the participant's sentences are cut
  short at a word („…“ for the rest: never half a word). Only if one word of each is still too many (their
  names alone fill it) is it over, the shortest the kit can make, and :func:`check` says by how much.
  Characters are counted as a browser counts them (UTF-16 code units: an emoji is two), so a note the kit
  calls short enough is short enough in the browser too. A message over its limit is never ``ready``
  (:attr:`Check.ready`), however complete.
- A message to someone already in touch (a nudge, a thank-you, an update) is a message, never an invitation
  note: no note limit, and its channel is named as a message (:func:`channel_label`).
- The builder's messages step shows one message at a time (:func:`shown_message`): the one the participant
  chose last if the content still has it, else the first; a choice is checked before it is saved
  (:func:`clean_shown_message`).
- On first-name terms the greeting uses the contact's first name (taken from their name where the participant
  gave none and the name says one: :func:`~coffeechat.models.builder.contact_first_name`), and the plan's own
  texts (the opening, the questions, the closing) say „du“ (``Text.say``).
- The take-home holds each message as the participant will really send it (:func:`home_message`): the request
  on the channel committed to in the wrap-up, and the heading names the channel of the text it holds.

The connection and the participant's situation are whole sentences; the templates put them side by side, so
whatever the relationship, a draft filled with the screen's own example reads right.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from coffeechat.content import FOLLOW_THROUGH_FIELDS, MESSAGE_FIELDS, Channel, MessageKind, MessageTemplate, Workshop
from coffeechat.models import keys
from coffeechat.models.answers import clean_choice
from coffeechat.models.blanks import filled, words_for
from coffeechat.models.blanks import key as blanks_key
from coffeechat.models.builder import (
    PlanRequest,
    carried,
    contact_first_name,
    field_in_sentence,
    first_names_for,
    request_from_answers,
)
from coffeechat.models.short import at_a_word, first_words

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: slots that hold a whole sentence of the participant's (the templates add no full stop after them)
SENTENCE_SLOTS = ("connection", "my_situation")
#: the message fields that hold a phrase or a sentence, not a name or a day (a page shows them in full)
SENTENCE_MESSAGE_FIELDS = frozenset({"learned", "my_next_step", "what_happened", "time_slots", "place"})
#: each message field (what the participant fills in above a draft) and the answer it is saved under
FIELD_KEYS = {
    "learned": keys.THANKS_LEARNED,
    "my_next_step": keys.THANKS_NEXT_STEP,
    "introducer": keys.INTRODUCER,
    "what_happened": keys.UPDATE_WHAT_HAPPENED,
}  # one key for every name in MESSAGE_FIELDS (tests/unit/test_outreach.py)


@dataclass(frozen=True)
class Draft:
    """A filled message: subject (e-mail only) and body, and the values it still lacks (said in words)."""

    template_id: str
    channel: str
    subject: str | None
    body: str
    missing: tuple[str, ...] = ()
    #: the participant's sentences (slot names) cut short at a word to fit the channel („…“ for the rest)
    shortened: tuple[str, ...] = ()

    def as_text(self) -> str:
        return f"{self.subject}\n\n{self.body}" if self.subject else self.body


@dataclass(frozen=True)
class Limit:
    """What a channel allows a message: at most ``most`` characters or words (``advice``: the kit's advice,
    not the platform's rule). Words are the body's, without an e-mail's subject line."""

    most: int
    unit: Literal["characters", "words"]
    advice: bool = False


@dataclass(frozen=True)
class Check:
    """A message as the page reports it: what is still missing (placeholder names) and its length."""

    missing: tuple[str, ...]
    length: int
    limit: Limit | None

    @property
    def over(self) -> int:
        """By how many characters or words the message is over its limit (0: within it)."""
        return max(0, self.length - self.limit.most) if self.limit else 0

    @property
    def ready(self) -> bool:
        """Whether the message can go as it is: nothing missing and within its limit (the page shows it green
        only then; a note over its limit is not ready, however complete)."""
        return not self.missing and not self.over


def informal(workshop: Workshop, request: PlanRequest) -> bool:
    """Whether the messages are on first-name terms: as the participant chose, else as the relationship suggests."""
    return first_names_for(workshop.bank, request)


def channels_for(workshop: Workshop, kind: str) -> list[Channel]:
    """The channels a message of this kind can be sent through (those with a template for it)."""
    used = {t.channel for t in workshop.outreach.templates if t.kind == kind}
    return [c for c in workshop.outreach.channels if c.id in used]


def kind_of(workshop: Workshop, kind: str) -> MessageKind:
    """A kind of message by id: the builder's or one of the weeks after the workshop."""
    return next(k for k in workshop.outreach.all_kinds if k.id == kind)


def message_ids(workshop: Workshop) -> list[str]:
    """The kinds of message the builder drafts, in the content's order (never those only the weeks after the
    workshop use: ``follow_through_kinds``)."""
    return [k.id for k in workshop.outreach.kinds]


def shown_message(kinds: Sequence[str], saved: Any) -> str:
    """The message the builder's messages step shows: the one ``saved`` names if it is one of ``kinds``, else the
    first (a content change, garbage). ``kinds`` is never empty (the content has at least one kind)."""
    return saved if isinstance(saved, str) and saved in kinds else kinds[0]


def clean_shown_message(value: Any, kinds: Sequence[str]) -> str:
    """A message the participant chose, checked before it is saved
    (:class:`~coffeechat.models.answers.AnswerRejected` for one that is not among ``kinds``)."""
    return clean_choice(value, kinds)


def chip_label(kind: MessageKind, language: str) -> str:
    """The message's short name on its chip (the content's ``short``, else its label)."""
    return (kind.short or kind.label)[language]


def channel_label(workshop: Workshop, kind: str, channel_id: str, language: str) -> str:
    """The channel as this kind of message uses it: „LinkedIn-Kontaktanfrage“, or „LinkedIn-Nachricht“ to a
    contact already in touch."""
    chosen = channel(workshop, channel_id)
    as_message = chosen.message_label if kind_of(workshop, kind).existing_contact else None
    return (as_message or chosen.label)[language]


def channel_hint(workshop: Workshop, kind: str, channel_id: str, language: str) -> str:
    chosen = channel(workshop, channel_id)
    as_message = chosen.message_hint if kind_of(workshop, kind).existing_contact else None
    return (as_message or chosen.hint)[language]


def limit(workshop: Workshop, kind: str, channel_id: str, request: PlanRequest) -> Limit | None:
    """What the channel allows this kind of message; None where it sets no bound.

    An invitation note's characters hold only for a first contact; a Premium account (``request.premium``
    names the channels) allows the larger number.
    """
    chosen = channel(workshop, channel_id)
    if chosen.max_chars and not kind_of(workshop, kind).existing_contact:
        premium = chosen.premium_max_chars if chosen.id in request.premium else None
        return Limit(premium or chosen.max_chars, "characters", chosen.limit_is_advice)
    if chosen.fewer_words_than:
        return Limit(chosen.fewer_words_than - 1, "words", advice=True)
    return None


def text_length(text: str) -> int:
    """Characters as a browser's text box counts them (UTF-16 code units: „ü“ is one, 😀 two, 👩‍💻 five)."""
    return len(text.encode("utf-16-le")) // 2


def measure(text: str, bound: Limit, subject: bool = False) -> int:
    """``text``'s length in ``bound``'s unit; words without the subject line when ``subject``."""
    if bound.unit == "characters":
        return text_length(text)
    body = text.split("\n", 1)[1] if subject and "\n" in text else text
    return len(body.split())


def choose_template(
    workshop: Workshop, kind: str, relationship: str, channel: str, first_names: bool = False
) -> MessageTemplate:
    """The template for this kind, channel and register: one written for the relationship, else one for any.

    Without a first-name template for the channel, the formal one is used.
    """
    matching = [t for t in workshop.outreach.templates if t.kind == kind and t.channel == channel]
    if not matching:
        raise LookupError(f"no {kind} template for channel {channel!r}")
    register = [t for t in matching if t.informal == first_names] or [t for t in matching if not t.informal]
    candidates = register or matching
    for template in candidates:
        if relationship in template.relationships:
            return template
    return next((t for t in candidates if not t.relationships), candidates[0])


def topic(workshop: Workshop, goals: tuple[str, ...], language: str, first_names: bool = False) -> str:
    """The chosen goals as the end of "a few questions about ...", joined with "and"."""
    topics = [(g.topic_informal if first_names else g.topic)[language] for g in workshop.bank.goals if g.id in goals]
    if len(topics) <= 1:
        return "".join(topics)
    return f"{', '.join(topics[:-1])} {workshop.t('builder.and', language)} {topics[-1]}"


def sentence(text: str) -> str:
    """A participant's sentence as a template uses it: trimmed, a capital first letter, a full stop at the end."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" or text.endswith(("“", "”", '"', "»")) else f"{text}."


def placeholder_values(
    workshop: Workshop,
    request: PlanRequest,
    language: str,
    fields: Mapping[str, str] | None = None,
    first_names: bool | None = None,
    given: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """What the participant entered, by placeholder name (empty where they have not said yet).

    The connection and the situation are whole sentences; the message fields (what they learned, their next
    step, what happened; the times and place of the weeks after) follow a colon and lose a final full stop,
    because the templates put their own after them. ``given``: values the caller has from elsewhere (the
    weeks after: the contact's organisation, a topic), taken as they are over the request's where not empty.
    """
    phrase = lambda text: " ".join(str(text or "").split()).rstrip(".").rstrip()
    first_names = informal(workshop, request) if first_names is None else first_names
    fields = fields or {}
    return {
        "contact_name": request.contact_name.strip(),
        "contact_first_name": contact_first_name(request),
        # in one line: the fields that may hold a long answer are text areas that wrap
        "contact_role": " ".join(request.contact_role.split()),
        "field": field_in_sentence(request.field, language),  # "in product management", not "in Product …"
        "my_name": request.my_name.strip(),
        "my_situation": sentence(request.my_situation),
        "connection": sentence(request.connection),
        "topic": topic(workshop, request.goals, language, first_names),
        "minutes": str(request.minutes),
        **{name: phrase(fields.get(name)) for name in (*MESSAGE_FIELDS, *FOLLOW_THROUGH_FIELDS)},
        **{name: " ".join(str(value).split()) for name, value in (given or {}).items() if str(value).strip()},
    }


#: a placeholder and the template's full stop after it, if any
_PLACEHOLDER_AND_STOP = re.compile(PLACEHOLDER.pattern + r"(\.?)")
#: what an emoji may end with after its symbol: a variation selector, a skin tone, a joiner
_EMOJI_TAIL = "\ufe0f\u200d" + "".join(chr(code) for code in range(0x1F3FB, 0x1F400))


def _whole(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def stale_names(text: str, earlier: Sequence[str], now: Sequence[str]) -> tuple[str, ...]:
    """The contact's earlier names (``earlier``: as the plan had them before the participant changed them) that a
    draft ``text`` still says as whole words, each once, in order; none that is part of a name the plan has now
    (``now``: the name and the first name: „Schmidt“ in „Frau Schmidt“)."""
    found: list[str] = []
    for name in (" ".join(each.split()) for each in earlier):
        if not name or name in found or any(name in current for current in now if current):
            continue
        if _whole(name).search(text):
            found.append(name)
    return tuple(found)


#: a German greeting's word before a name, as it agrees with „Herr“ and with „Frau“
_GREETING_WORDS = {"geehrte": ("geehrter", "geehrte"), "geehrter": ("geehrter", "geehrte"),
                   "liebe": ("lieber", "liebe"), "lieber": ("lieber", "liebe")}  # fmt: skip


def renamed(text: str, old: str, new: str) -> str:
    """``text`` with every whole-word ``old`` name replaced by ``new``; the rest as it was, but for a German
    greeting's word right before it, which agrees with the new salutation („Sehr geehrte Frau Schmidt“ becomes
    „Sehr geehrter Herr Dvořák“)."""
    salutation = new.split(" ", 1)[0].casefold()
    gender = 0 if salutation in ("herr", "herrn") else 1 if salutation == "frau" else None
    before = "|".join(_GREETING_WORDS)
    pattern = re.compile(rf"(?:(?<!\w)({before}) )?(?<!\w){re.escape(old)}(?!\w)", re.IGNORECASE)

    def swap(match: re.Match[str]) -> str:
        word = match.group(1)
        if not word:
            return new
        if gender is not None:
            agreed = _GREETING_WORDS[word.casefold()][gender]
            word = agreed[:1].upper() + agreed[1:] if word[:1].isupper() else agreed
        return f"{word} {new}"

    return pattern.sub(swap, text)


def ends_sentence(words: str) -> bool:
    """Whether ``words`` end their own sentence: with „!“, „?“, „…“, a full stop, or an emoji (🙂)."""
    last = words.rstrip().rstrip(_EMOJI_TAIL)[-1:]
    return bool(last) and (last in ".!?…" or unicodedata.category(last) == "So")


def fill(text: str, values: Mapping[str, str], missing: Mapping[str, str] | None = None) -> str:
    """Replace every ``{name}``: with its value, else with ``missing[name]`` (the words for what is missing).

    Without ``missing`` an empty value leaves ``{name}`` as it is (a facilitator's printed example). The
    template's full stop after a value that ends its own sentence („… 🙂“, „!“) goes: never „🙂.“ or „!.“.
    """
    missing = missing or {}

    def replace(match: re.Match) -> str:
        value = values.get(match.group(1))
        if value:
            return value + ("" if ends_sentence(value) else match.group(2))
        return (missing.get(match.group(1)) or match.group(0).removesuffix(match.group(2))) + match.group(2)

    return _PLACEHOLDER_AND_STOP.sub(replace, text)


def missing_words(workshop: Workshop, language: str) -> dict[str, str]:
    """What a draft says in place of each value not given yet („[Ihr Name fehlt]“)."""
    return {name: text[language] for name, text in workshop.outreach.placeholder_missing.items()}


#: how much of one value a subject line quotes (a role, a field, a name): a long answer carried in from a fear
#: ran whole into the subject; the body keeps it whole
SUBJECT_SLOT_CHARS = 60


def draft(
    workshop: Workshop, template: MessageTemplate, values: Mapping[str, str], language: str, body: str | None = None
) -> Draft:
    """``template`` (or one of its ``body`` texts) filled with ``values``; what is empty is said in words."""
    words = missing_words(workshop, language)
    subject_text = template.subject[language] if template.subject else None
    body_text = template.body[language] if body is None else body
    used = PLACEHOLDER.findall((subject_text or "") + "\n" + body_text)
    missing = tuple(dict.fromkeys(name for name in used if not values.get(name)))
    short = {name: at_a_word(value, SUBJECT_SLOT_CHARS) for name, value in values.items()}
    subject = fill(subject_text, short, words) if subject_text is not None else None
    return Draft(template.id, template.channel, subject, fill(body_text, values, words), missing)


def _options(
    workshop: Workshop,
    kind: str,
    request: PlanRequest,
    channel_id: str,
    language: str,
    fields: Mapping[str, str] | None = None,
    given: Mapping[str, str] | None = None,
) -> Iterator[tuple[MessageTemplate, str, dict[str, str]]]:
    """The template, body text and values of every draft of :func:`alternatives`, in the same order (a topic
    ``given`` stays as it is: no fewer goals)."""
    first_names = informal(workshop, request)
    template = choose_template(workshop, kind, request.relationship, channel_id, first_names)
    values = placeholder_values(workshop, request, language, fields, first_names, given)
    goals = () if (given or {}).get("topic") else request.goals or ()
    for body in (template.body, *template.shorter):
        for count in range(len(goals), 0, -1) if goals else (0,):
            some = {**values, "topic": topic(workshop, goals[:count], language, first_names)} if goals else values
            yield template, body[language], some


def alternatives(
    workshop: Workshop,
    kind: str,
    request: PlanRequest,
    channel_id: str,
    language: str,
    fields: Mapping[str, str] | None = None,
    given: Mapping[str, str] | None = None,
) -> Iterator[Draft]:
    """Every draft the kit would make for this message, best first: each of the template's bodies (the full
    one, then each ``shorter`` one), each with all the goals' topics and then with fewer (the first goals)."""
    for template, body, values in _options(workshop, kind, request, channel_id, language, fields, given):
        yield draft(workshop, template, values, language, body)


def _cut(
    workshop: Workshop,
    template: MessageTemplate,
    body: str,
    values: Mapping[str, str],
    slot: str,
    words: int,
    language: str,
    cut_slots: tuple[str, ...],
) -> Draft:
    """The draft with the participant's sentence ``slot`` cut to its first ``words`` words."""
    cut = {**values, slot: first_words(values[slot], words)}
    return replace(draft(workshop, template, cut, language, body), shortened=cut_slots)


def _small_word(word: str) -> bool:
    """A word a cut sentence should not end on: a short one in lower case (of, at, the, im, der, zu, und)."""
    return len(word) <= 3 and word.islower()


def _length(option: Draft, bound: Limit) -> int:
    return measure(option.as_text(), bound, option.subject is not None)


def compose(
    workshop: Workshop,
    kind: str,
    request: PlanRequest,
    channel_id: str,
    language: str,
    fields: Mapping[str, str] | None = None,
    given: Mapping[str, str] | None = None,
) -> Draft:
    """The generated draft of a message: the right template, filled, and within the channel's limit.

    ``fields`` are the message's own fields (``learned``, ``my_next_step``, ``introducer``, ``what_happened``;
    in the weeks after also ``time_slots``, ``place`` ...), ``given`` values from elsewhere
    (:func:`placeholder_values`).
    The first of :func:`alternatives` that fits the channel's limit. If none fits, the shortest of them with the
    participant's sentences in it (the connection first, then their situation) cut short at a word, " …" for
    the rest (:func:`coffeechat.models.short.first_words`): the most words that fit, or after a comma if that
    keeps at least half of them. Only if even one word of each is too many (their names alone fill the note) is
    the draft over its limit, the shortest the kit can make.
    """
    bound = limit(workshop, kind, channel_id, request)
    options = list(_options(workshop, kind, request, channel_id, language, fields, given))
    drafts = [draft(workshop, template, values, language, body) for template, body, values in options]
    if bound is None:
        return drafts[0]
    lengths = [_length(option, bound) for option in drafts]
    fitting = next((option for option, length in zip(drafts, lengths, strict=True) if length <= bound.most), None)
    if fitting is not None:
        return fitting
    index = lengths.index(min(lengths))
    template, body, values = options[index]
    best = drafts[index]
    cut_slots: tuple[str, ...] = ()
    for slot in SENTENCE_SLOTS:
        if "{" + slot + "}" not in body or len(values.get(slot, "").split()) < 2:
            continue
        cut_slots += (slot,)
        parts = values[slot].split()
        fits = [
            (words, option)
            for words in range(len(parts) - 1, 0, -1)
            if _length(option := _cut(workshop, template, body, values, slot, words, language, cut_slots), bound)
            <= bound.most
        ]
        if fits:
            # the cut follows a clause where that keeps at least half the words („…, weil“ reads as cut off),
            most = fits[0][0]
            half = [(words, option) for words, option in fits if words * 2 >= most]
            clause = [option for words, option in half if parts[words - 1][-1] in ",;:"]
            # else not after a small word („at the University of …“): it reads as cut in the middle
            whole = [option for words, option in half if not _small_word(parts[words - 1])]
            return (clause or whole or [fits[0][1]])[0]
        values = {**values, slot: first_words(values[slot], 1)}
        best = replace(draft(workshop, template, values, language, body), shortened=cut_slots)
    return best


def missing_parts(workshop: Workshop, text: str, language: str) -> list[str]:
    """What a (possibly edited) message still lacks, in order, each once: the placeholders whose words for
    „missing“ it holds, or that it holds raw (a draft rewritten before the kit said them in words)."""
    words = missing_words(workshop, language)
    found = [(text.find(said), name) for name, said in words.items() if said in text]
    found += [(m.start(), m.group(1)) for m in PLACEHOLDER.finditer(text) if m.group(1) in words]
    return list(dict.fromkeys(name for _, name in sorted(found)))


def unfilled(text: str) -> list[str]:
    """Raw placeholders in a text, in order, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def check(workshop: Workshop, kind: str, channel_id: str, request: PlanRequest, text: str, language: str) -> Check:
    """The message as the participant will send it, checked: what is missing, and its length against its limit."""
    bound = limit(workshop, kind, channel_id, request)
    subject = any(t.subject for t in workshop.outreach.templates if t.kind == kind and t.channel == channel_id)
    length = measure(text, bound, subject) if bound else len(text.split())
    return Check(tuple(missing_parts(workshop, text, language)), length, bound)


def tip_situation(
    workshop: Workshop, kind: str, channel_id: str, text: str, plan: PlanRequest, known: Sequence[str]
) -> dict[str, Any]:
    """What the message tip checks a draft with (:func:`coffeechat.models.message_checks.check_message`'s
    arguments): its body without an e-mail's subject line, its channel, whether it is a first contact, whether the
    channel is one the participant pays for, their name, and the words the draft may hold as they are (``known``:
    names, roles, the field), in the builder and in the weeks after alike."""
    return {
        "body": message_body(workshop, kind, channel_id, text),
        "channel": channel(workshop, channel_id),
        "first_contact": not kind_of(workshop, kind).existing_contact,
        "premium": channel_id in plan.premium,
        "name": plan.my_name,
        "known": list(known),
    }


def message_body(workshop: Workshop, kind: str, channel_id: str, text: str) -> str:
    """``text`` without its first line where the message has a subject line on this channel (an e-mail)."""
    subject = any(t.subject for t in workshop.outreach.templates if t.kind == kind and t.channel == channel_id)
    return text.split("\n", 1)[1].lstrip("\n") if subject and "\n" in text else text


def channel(workshop: Workshop, channel_id: str) -> Channel:
    return next(c for c in workshop.outreach.channels if c.id == channel_id)


def saved_channel(workshop: Workshop, kind: MessageKind | str, answers: Mapping[str, Any]) -> str:
    """The channel the participant chose for a message, or the first one it can go through."""
    kind_id = kind if isinstance(kind, str) else kind.id
    offered = [c.id for c in channels_for(workshop, kind_id)]
    chosen = answers.get(keys.message(kind_id, "channel"))
    return chosen if chosen in offered else offered[0]


def message_fields(answers: Mapping[str, Any]) -> dict[str, str]:
    """The message fields the participant filled in (what they learned, the introducer, ...), by name."""
    return {name: str(answers.get(key) or "") for name, key in FIELD_KEYS.items()}


def current_text(workshop: Workshop, kind: str, answers: Mapping[str, Any], language: str) -> str:
    """The message as the participant will send it on the channel on screen: their own rewrite if they made
    one, else the draft (:func:`text_for_channel`)."""
    return text_for_channel(workshop, kind, saved_channel(workshop, kind, answers), answers, language)


def seen_messages(saved: Any, kinds: Sequence[str]) -> list[str]:
    """The messages the participant had on screen, from what was saved (garbage and kinds the content no longer
    has are left out), in ``kinds``' order."""
    seen = set(saved) if isinstance(saved, list) else set()
    return [kind for kind in kinds if kind in seen]


def with_seen(saved: Any, kind: str, kinds: Sequence[str]) -> list[str]:
    """The messages seen once ``kind`` is on screen too."""
    return seen_messages([*(saved if isinstance(saved, list) else []), kind], kinds)


def refilled(workshop: Workshop, kind: str, text: str, answers: Mapping[str, Any], language: str) -> str:
    """A (rewritten) message with its gaps filled where the participant has said since what goes there: the
    words for „missing“ and a raw ``{placeholder}`` alike (a draft edited before the name was given)."""
    request = request_from_answers(workshop.bank, [f.id for f in workshop.fears], answers)
    values = placeholder_values(workshop, request, language, message_fields(answers))
    for name, said in missing_words(workshop, language).items():
        if values.get(name):
            text = text.replace(said, values[name])
    return fill(text, values)


#: the message the wrap-up's commitment is about: the request to the plan's contact (its channel is the
#: commitment's default, :func:`~coffeechat.models.reminders.commitment`)
REQUEST_KIND = "outreach"


@dataclass(frozen=True)
class TakeHome:
    """The messages that go home: ``messages`` (kind, channel, text as it will be sent, complete), and
    ``incomplete``, the kinds the participant chose or edited that still lack something (left out, named in
    words)."""

    messages: tuple[tuple[str, str, str], ...]
    incomplete: tuple[str, ...]


def committed_channel(workshop: Workshop, kind: str, answers: Mapping[str, Any]) -> str | None:
    """The channel the participant committed to in the wrap-up (``wrapup.commit.channel``) for the request, if
    this kind is the request and has a template for it; else None (another kind, no commitment yet, or a
    channel without a written message: „in-person“)."""
    chosen = answers.get(keys.commitment("channel"))
    if kind != REQUEST_KIND or not isinstance(chosen, str):
        return None
    return chosen if chosen in {c.id for c in channels_for(workshop, kind)} else None


def text_for_channel(workshop: Workshop, kind: str, channel_id: str, answers: Mapping[str, Any], language: str) -> str:
    """The message on ``channel_id`` as the participant would send it: their rewrite for that channel (the one
    on screen if it is the current channel, else the one parked when they switched away), else the draft the kit
    makes for that channel."""
    if channel_id == saved_channel(workshop, kind, answers):
        edited = answers.get(keys.message(kind, "text"))
    else:
        parked = answers.get(keys.message(kind, "drafts"))
        edited = parked.get(channel_id) if isinstance(parked, Mapping) else None
    if isinstance(edited, str) and edited.strip():
        return edited
    request = request_from_answers(workshop.bank, [f.id for f in workshop.fears], answers)
    return compose(workshop, kind, request, channel_id, language, message_fields(answers)).as_text()


def home_message(workshop: Workshop, kind: str, answers: Mapping[str, Any], language: str) -> tuple[str, str] | None:
    """(channel, text) of the message that goes home, its gaps filled from what the participant said; None if it
    still lacks something.

    The request goes on the channel the participant committed to in the wrap-up (:func:`committed_channel`):
    their rewrite for it, current or parked, else the draft for it. Without such a commitment (and for every
    other kind) it is the current channel's text; if that still lacks something while a rewrite parked on
    another channel is complete, that one goes home rather than nothing (the first such in the content's
    order of channels).
    """
    complete = lambda text: not missing_parts(workshop, text, language)
    home = lambda channel_id: refilled(
        workshop, kind, text_for_channel(workshop, kind, channel_id, answers, language), answers, language
    )
    committed = committed_channel(workshop, kind, answers)
    if committed is not None:
        text = home(committed)
        return (committed, text) if complete(text) else None
    current = saved_channel(workshop, kind, answers)
    text = home(current)
    if complete(text):
        return current, text
    parked = answers.get(keys.message(kind, "drafts"))
    parked = parked if isinstance(parked, Mapping) else {}
    for other in (c.id for c in channels_for(workshop, kind) if c.id != current):
        draft_text = parked.get(other)
        if isinstance(draft_text, str) and draft_text.strip():
            text = refilled(workshop, kind, draft_text, answers, language)
            if complete(text):
                return other, text
    return None


@dataclass(frozen=True)
class OtherChannel:
    """The request goes home on another channel than the one its draft in the plan is written for."""

    #: the channel of the draft the plan shows
    written: str
    #: the channel committed to in the wrap-up
    chosen: str
    #: what goes home for it (None: it still has a gap, and stays out of the take-home)
    text: str | None


def other_channel(workshop: Workshop, answers: Mapping[str, Any], language: str) -> OtherChannel | None:
    """Where the participant committed in the wrap-up to another written channel than their plan's draft is for,
    with that draft (not a new message): which channels, and the text that goes home for the one chosen
    (:func:`home_message`: their rewrite for it, else the kit's draft, which they may never have seen)."""
    chosen = committed_channel(workshop, REQUEST_KIND, answers)
    written = saved_channel(workshop, REQUEST_KIND, answers)
    drafted = bool(answers.get(keys.BUILDER_REQUEST))  # no conversation described: no draft of theirs to speak of
    if not drafted or chosen is None or chosen == written or answers.get(keys.commitment("draft")) == "new":
        return None
    home = home_message(workshop, REQUEST_KIND, answers, language)
    return OtherChannel(written, chosen, home[1] if home else None)


def take_home_messages(workshop: Workshop, answers: Mapping[str, Any], language: str) -> TakeHome:
    """The messages a participant takes home: only those they had on screen or worked on (a rewrite, a channel
    of their choice, a field of the message filled in), each with its gaps filled from what they said, on the
    channel :func:`home_message` says (the request: the one committed to in the wrap-up). A message that still
    has a gap stays out of the take-home and is named in ``incomplete``: no „[… fehlt]“ ever goes home (no text
    in ``messages`` holds the words for a missing part, nor one of the kit's placeholders)."""
    kinds = message_ids(workshop)
    chosen = set(seen_messages(answers.get(keys.BUILDER_MESSAGES_SEEN), kinds))
    for kind in workshop.outreach.kinds:
        worked = (
            answers.get(keys.message(kind.id, "text"))
            or answers.get(keys.message(kind.id, "drafts"))
            or answers.get(keys.message(kind.id, "channel"))
            or any(str(answers.get(FIELD_KEYS[name]) or "").strip() for name in kind.fields)
        )
        if worked:
            chosen.add(kind.id)
    messages, incomplete = [], []
    for kind_id in (k for k in kinds if k in chosen):
        found = home_message(workshop, kind_id, answers, language)
        if found is None:
            incomplete.append(kind_id)
        else:
            messages.append((kind_id, *found))
    return TakeHome(tuple(messages), tuple(incomplete))


def opening_lines(workshop: Workshop, request: PlanRequest, answers: Mapping[str, Any], language: str) -> list[str]:
    """What the participant says first: warm-up, their opener and the move to the questions.

    What they wrote in the fear module on opening a conversation comes first (the warm-up lines they
    chose, their two-sentence opener, their transition); the plan's own small talk and transition stand in
    for whatever they have not written. The kit's own lines follow the register („du“ or „Sie“).
    """
    frame, first_names = workshop.bank.frame, informal(workshop, request)
    warm_up = [
        filled(option.label.say(language, first_names), words_for(answers.get(blanks_key(key)), option.id))
        for fear in workshop.fears
        for prompt in fear.exercise.fields
        if prompt.carry == "plan-warm-up"
        for key in [keys.exercise(fear.id, prompt.id)]
        for option in prompt.options
        if option.id in (answers.get(key) or [])
    ]
    lines = warm_up or [frame.small_talk[request.seed % len(frame.small_talk)].say(language, first_names)]
    lines += [" ".join(str(text).split()) for text in carried(workshop, answers, "plan-opener")]
    own_transition = [" ".join(str(text).split()) for text in carried(workshop, answers, "plan-transition")]
    if own_transition:
        return lines + own_transition
    transition = frame.transition_informal if first_names else frame.transition
    values = placeholder_values(workshop, request, language, first_names=first_names)
    return [*lines, fill(transition[language], values)]


def closing_lines(workshop: Workshop, request: PlanRequest, language: str) -> list[str]:
    """What the participant says to close the conversation, in the register of the plan."""
    first_names = informal(workshop, request)
    return [line.say(language, first_names) for line in workshop.bank.frame.closing]


def switched_channel(answers: Mapping[str, Any], kind: str, old: str, new: str) -> dict[str, Any]:
    """The answers to save when the participant switches a message from channel ``old`` to ``new``.

    A rewritten draft is parked under its channel, and a draft rewritten earlier for ``new`` comes back,
    so switching to e-mail and back to LinkedIn never throws the participant's LinkedIn text away.
    """
    parked = {k: v for k, v in (answers.get(keys.message(kind, "drafts")) or {}).items() if isinstance(v, str) and v}
    edited = answers.get(keys.message(kind, "text"))
    if isinstance(edited, str) and edited:
        parked[old] = edited
    restored = parked.pop(new, None)
    return {
        keys.message(kind, "channel"): new,
        keys.message(kind, "drafts"): parked,
        keys.message(kind, "text"): restored,
    }

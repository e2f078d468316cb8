"""Answer keys and limits: the name under which each answer is saved, and every bound on what it may hold.

A participant's answers are a flat map of keys to JSON values (see :mod:`coffeechat.storage.journal`). Views never
spell a key or a limit themselves; they ask this module, and :mod:`coffeechat.models.answers` checks each value
against these limits on the server before it is saved. ``tests/unit/test_keys.py`` keeps this table in step with
:data:`PATTERNS` and checks that a whole journey through the app saves no key outside it.

==============================================  ===============================================================
key                                             value
==============================================  ===============================================================
``language``                                    the participant's language code, e.g. ``"de"``
``position``                                    the module the participant last had open, a module id
``progress.<module-id>``                        whether the participant marked the module done, bool
``step.<module-id>``                            the step of the module the participant is at, int from 1
``header.code-noted``                           whether the participant folded away the code and its hints
``welcome.rating.<fear-id>``                    how strong the fear feels at the start, int 0-10
``<fear-id>.reflection.<prompt-id>``            the answer to a reflection prompt (by prompt kind)
``<fear-id>.exercise.<field-id>``               the answer to an exercise field (by prompt kind)
``<fear-id>.exercise.<field-id>.blanks``        their words for the [blanks] of the lines chosen, {option id: [str]}
``<fear-id>.next_step.action``                  the one concrete next step, str
``<fear-id>.next_step.due``                     its due date, ISO date str such as ``"2026-12-01"``
``builder.request``                             the conversation described in the builder, a PlanRequest dict
``builder.edits``                               the participant's changes to the plan, a PlanEdits dict
``builder.message``                             the message the builder's messages step shows, a kind id
``builder.messages-seen``                       the messages the participant had on screen, a list of kind ids
``builder.<message>.channel``                   the channel of the outreach or thank-you draft, a channel id
``builder.<message>.text``                      the draft as the participant rewrote it, str (null: generated)
``builder.<message>.drafts``                    their rewritten drafts for the other channels, {channel id: str}
``builder.thanks.learned``                      what they learned, for the thank-you note, str
``builder.thanks.my-next-step``                 what they will do next, for the thank-you note, str
``builder.introduction.introducer``             who could introduce them, for the introduction request, str
``builder.update.what-happened``                what came of the advice, for the update, str
``roleplay.mode``                               ``"group"`` or ``"solo"``
``roleplay.round``                              the number of the current group round, int 1-30
``roleplay.role``                               the role for the current round, a role id
``roleplay.group-size``                         2 (pairs) or 3 (trios)
``roleplay.minutes``                            minutes per round, int 1-20
``roleplay.persona``                            the persona the contact plays, a persona id
``roleplay.round-<n>.<answer>``                 a debrief answer of round n (role, nervous-before, ...)
``solo.persona``                                the persona of the solo rehearsal, a persona id
``solo.turns``                                  the rehearsal so far, a list of turn dicts
``wrapup.rating.<fear-id>``                     how strong the fear feels at the end, int 0-10
``wrapup.commit.<field>``                       the commitment: who, due, talk, channel, draft
``followup.contacts``                           the contacts of the weeks after, a list of Contact dicts
``followup.weekly-goal``                        new contacts to write to each week, int 1-10
``followup.state``                              the federal state whose holidays count, a code or null
``followup.after.<contact-id>.<prompt-id>``     the reflection after the conversation with a contact
``followup.draft.<contact-id>.<due-kind>``      the participant's own text of a message of the weeks after, str
``followup.values.<contact-id>``                what they typed into its messages' fields, {placeholder: str}
==============================================  ===============================================================

Values by prompt kind: text → str; scale → int; choice → option id; checklist → list of option ids;
list → list of str; table → list of ``{column id: str}``; date → ISO date str.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- limits ------------------------------------------------------------------------------------------

#: a reflection or exercise text, a next step
TEXT_CHARS = 10_000
#: one item of a list or one cell of a table
CELL_CHARS = 500
#: a question the participant wrote or reworded in the builder
OWN_QUESTION_CHARS = 500
#: a message's own field: "what I learned", "my next step", the introducer, what happened since
MESSAGE_FIELD_CHARS = 300
#: the field a contact works in (the plan's „Berufsfeld“; in the weeks after, a field above a contact's message)
FIELD_CHARS = 200
#: an outreach or thank-you draft
MESSAGE_TEXT_CHARS = 5_000
#: the participant's words for one [blank] of a line they chose to say (a university, a topic)
BLANK_CHARS = 120
#: a follow-up question written in the solo rehearsal
FOLLOW_UP_CHARS = 1_000
#: the longest answer to a persona that asked the participant something in the solo rehearsal
REACTION_REPLY_CHARS = 1_000
#: turns of a solo rehearsal, over all personas
SOLO_TURNS_MAX = 60
#: minutes of one role-play round
ROUND_MINUTES_MIN, ROUND_MINUTES_MAX = 1, 20
#: a date a participant may choose (a due date, a conversation): from a year back to five years ahead
DATE_YEARS_BEFORE, DATE_YEARS_AFTER = 1, 5
#: rounds of the group role-play (a workshop has time for three or four)
ROUNDS_MAX = 30
#: how much of a value that cannot be used (an old date, a garbled code) a message quotes back
QUOTED_CHARS = 40
#: how much of a question a button quotes (the builder's "bring back"): one line on a phone
BUTTON_QUOTED_CHARS = 24
#: a sentence a message tip offers to take out, on its button (longer: cut at a word, „…“)
TIP_SENTENCE_CHARS = 70
#: a fear rating
RATING_MIN, RATING_MAX = 0, 10
#: people in a role-play group
GROUP_SIZES = (2, 3)
#: ways to practise the conversation
ROLEPLAY_MODES = ("group", "solo")
#: contacts kept for the weeks after the workshop
FOLLOWUP_CONTACTS_MAX = 100
#: steps of one contact's history (written, nudged, replied, ...)
FOLLOWUP_HISTORY_MAX = 30
#: a contact's name; their role; their organisation
CONTACT_NAME_CHARS, CONTACT_ROLE_CHARS, CONTACT_ORGANISATION_CHARS = 120, 200, 200
#: how the participant knows a contact, one sentence (as the plan's: :class:`~coffeechat.models.builder.PlanRequest`)
CONTACT_CONNECTION_CHARS = 300
#: new contacts to write to each week (the weekly goal)
WEEKLY_GOAL_MIN, WEEKLY_GOAL_MAX, WEEKLY_GOAL_DEFAULT = 1, 10, 2
#: a step of a contact's history: up to five years back (the weeks after a workshop can become years)
FOLLOWUP_YEARS_BEFORE = 5
#: the weeks the follow-through's chart shows (the last ones)
FOLLOWUP_CHART_WEEKS = 8

# --- keys ----------------------------------------------------------------------------------------------

LANGUAGE = "language"
POSITION = "position"
CODE_NOTED = "header.code-noted"
BUILDER_REQUEST = "builder.request"
BUILDER_EDITS = "builder.edits"
BUILDER_MESSAGE = "builder.message"
#: the messages the participant had on screen (only these, and those they edited, go into the take-home)
BUILDER_MESSAGES_SEEN = "builder.messages-seen"
#: the day the participant last downloaded their take-home (PDF or Markdown): a room's coach sees how many did
TAKE_HOME_DOWNLOADED = "wrapup.take-home-downloaded"
THANKS_LEARNED = "builder.thanks.learned"
THANKS_NEXT_STEP = "builder.thanks.my-next-step"
INTRODUCER = "builder.introduction.introducer"
UPDATE_WHAT_HAPPENED = "builder.update.what-happened"
ROLEPLAY_MODE = "roleplay.mode"
ROLEPLAY_ROUND = "roleplay.round"
ROLEPLAY_ROLE = "roleplay.role"
ROLEPLAY_GROUP_SIZE = "roleplay.group-size"
ROLEPLAY_MINUTES = "roleplay.minutes"
ROLEPLAY_PERSONA = "roleplay.persona"
SOLO_PERSONA = "solo.persona"
SOLO_TURNS = "solo.turns"
FOLLOWUP_CONTACTS = "followup.contacts"
FOLLOWUP_WEEKLY_GOAL = "followup.weekly-goal"
FOLLOWUP_STATE = "followup.state"

#: the message drafts of the builder, by template kind, and the key part each is saved under
MESSAGES = {
    "outreach": "outreach",
    "introduction": "introduction",
    "phone": "phone",
    "nudge": "nudge",
    "thank-you": "thanks",
    "update": "update",
}
#: the commitment's fields, in the order the wrap-up asks for them (due: the day to write; talk: the conversation)
COMMITMENT_FIELDS = ("who", "due", "talk", "channel", "draft")
#: the debrief answers of a role-play round
ROUND_ANSWERS = (
    "role",
    "observed",
    "observer-notes",
    "nervous-before",
    "nervous-after",
    "went-well",
    "change",
    "timer-finished",
)
#: the debrief answers only the asker gives (the contact and the observer were not the nervous ones)
ASKER_ONLY_ANSWERS = ("nervous-before", "nervous-after")


def progress(module_id: str) -> str:
    return f"progress.{module_id}"


def step(module_id: str) -> str:
    """The step of a module with steps (a fear module) the participant is at (:mod:`coffeechat.models.steps`)."""
    return f"step.{module_id}"


def rating(moment: str, fear_id: str) -> str:
    """A fear rating at the ``welcome`` or at the ``wrapup``."""
    if moment not in ("welcome", "wrapup"):
        raise ValueError(f"ratings are taken at the welcome or the wrapup, not {moment!r}")
    return f"{moment}.rating.{fear_id}"


def reflection(fear_id: str, prompt_id: str) -> str:
    return f"{fear_id}.reflection.{prompt_id}"


def exercise(fear_id: str, field_id: str) -> str:
    return f"{fear_id}.exercise.{field_id}"


def next_step(fear_id: str, part: str) -> str:
    """``part`` is ``action`` or ``due``."""
    if part not in ("action", "due"):
        raise ValueError(f"a next step has an action and a due date, not {part!r}")
    return f"{fear_id}.next_step.{part}"


def message(kind: str, part: str) -> str:
    """The ``channel``, ``text`` or parked ``drafts`` of a message (``outreach``, ``thank-you``, ...)."""
    if part not in ("channel", "text", "drafts"):
        raise ValueError(f"a draft has a channel, a text and parked drafts, not {part!r}")
    return f"builder.{MESSAGES.get(kind, kind)}.{part}"


def round_answer(number: int, name: str) -> str:
    """A debrief answer of role-play round ``number``."""
    if name not in ROUND_ANSWERS:
        raise ValueError(f"unknown debrief answer {name!r}")
    return f"roleplay.round-{int(number)}.{name}"


def after_conversation(contact_id: str, prompt_id: str) -> str:
    """The reflection (prompt ``prompt_id``) after the conversation with the follow-through's contact ``contact_id``."""
    return f"followup.after.{contact_id}.{prompt_id}"


def followup_draft(contact_id: str, due_kind: str) -> str:
    """The participant's own text of the message a due item of the weeks after asks for (``None``: the kit's)."""
    return f"followup.draft.{contact_id}.{due_kind}"


def followup_values(contact_id: str) -> str:
    """What the participant typed into the fields of the messages to contact ``contact_id`` (the field they work
    in, the times and place offered after a yes, a second person's name ...), by placeholder."""
    return f"followup.values.{contact_id}"


def commitment(field: str) -> str:
    if field not in COMMITMENT_FIELDS:
        raise ValueError(f"unknown commitment field {field!r}")
    return f"wrapup.commit.{field}"


# --- the documented table, as data ---------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPattern:
    """A row of the table above: a key with ``<placeholders>``, and what its value is."""

    pattern: str
    value: str

    def matches(self, key: str) -> bool:
        parts = re.split(r"(<[a-z-]+>)", self.pattern)
        regex = "".join(
            (r"\d+" if part == "<n>" else r"[a-z0-9][a-z0-9_-]*") if part.startswith("<") else re.escape(part)
            for part in parts
        )
        return re.fullmatch(regex, key) is not None


PATTERNS: tuple[KeyPattern, ...] = tuple(
    KeyPattern(*row)
    for row in (
        ("language", 'the participant\'s language code, e.g. ``"de"``'),
        ("position", "the module the participant last had open, a module id"),
        ("progress.<module-id>", "whether the participant marked the module done, bool"),
        ("step.<module-id>", "the step of the module the participant is at, int from 1"),
        ("header.code-noted", "whether the participant folded away the code and its hints"),
        ("welcome.rating.<fear-id>", "how strong the fear feels at the start, int 0-10"),
        ("<fear-id>.reflection.<prompt-id>", "the answer to a reflection prompt (by prompt kind)"),
        ("<fear-id>.exercise.<field-id>", "the answer to an exercise field (by prompt kind)"),
        (
            "<fear-id>.exercise.<field-id>.blanks",
            "their words for the [blanks] of the lines chosen, {option id: [str]}",
        ),
        ("<fear-id>.next_step.action", "the one concrete next step, str"),
        ("<fear-id>.next_step.due", 'its due date, ISO date str such as ``"2026-12-01"``'),
        ("builder.request", "the conversation described in the builder, a PlanRequest dict"),
        ("builder.edits", "the participant's changes to the plan, a PlanEdits dict"),
        ("builder.message", "the message the builder's messages step shows, a kind id"),
        ("builder.messages-seen", "the messages the participant had on screen, a list of kind ids"),
        ("builder.<message>.channel", "the channel of the outreach or thank-you draft, a channel id"),
        ("builder.<message>.text", "the draft as the participant rewrote it, str (null: generated)"),
        ("builder.<message>.drafts", "their rewritten drafts for the other channels, {channel id: str}"),
        ("builder.thanks.learned", "what they learned, for the thank-you note, str"),
        ("builder.thanks.my-next-step", "what they will do next, for the thank-you note, str"),
        ("builder.introduction.introducer", "who could introduce them, for the introduction request, str"),
        ("builder.update.what-happened", "what came of the advice, for the update, str"),
        ("roleplay.mode", '``"group"`` or ``"solo"``'),
        ("roleplay.round", "the number of the current group round, int 1-30"),
        ("roleplay.role", "the role for the current round, a role id"),
        ("roleplay.group-size", "2 (pairs) or 3 (trios)"),
        ("roleplay.minutes", "minutes per round, int 1-20"),
        ("roleplay.persona", "the persona the contact plays, a persona id"),
        ("roleplay.round-<n>.<answer>", "a debrief answer of round n (role, nervous-before, ...)"),
        ("solo.persona", "the persona of the solo rehearsal, a persona id"),
        ("solo.turns", "the rehearsal so far, a list of turn dicts"),
        ("wrapup.rating.<fear-id>", "how strong the fear feels at the end, int 0-10"),
        ("wrapup.commit.<field>", "the commitment: who, due, talk, channel, draft"),
        ("followup.contacts", "the contacts of the weeks after, a list of Contact dicts"),
        ("followup.weekly-goal", "new contacts to write to each week, int 1-10"),
        ("followup.state", "the federal state whose holidays count, a code or null"),
        ("followup.after.<contact-id>.<prompt-id>", "the reflection after the conversation with a contact"),
        ("followup.draft.<contact-id>.<due-kind>", "the participant's own text of a message of the weeks after, str"),
        ("followup.values.<contact-id>", "what they typed into its messages' fields, {placeholder: str}"),
    )
)


def documented(key: str) -> bool:
    """Whether ``key`` is one of the keys in the table above."""
    return any(row.matches(key) for row in PATTERNS)

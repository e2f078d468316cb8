"""What a participant takes home, as one document model: a title, then sections of blocks.

Each module kind contributes one section (see :mod:`coffeechat.content.kinds`); the conversation plan is a
document of its own (the pocket card). A document is built once and rendered from the same sections to
Markdown (:func:`to_markdown`), plain text (:func:`to_text`) and PDF (:mod:`coffeechat.documents.pdf`), so the
files never disagree and nothing is parsed back out of Markdown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from coffeechat.content import Fear, Persona, Prompt, Workshop
from coffeechat.content.kinds import kind
from coffeechat.documents.charts import Chart, before_after
from coffeechat.models import blanks, keys
from coffeechat.models.builder import CARRIED_FAMILY, Plan, PlanRequest, described_contact, plan_from_answers
from coffeechat.models.dates import readable
from coffeechat.models.ending import faced
from coffeechat.models.outreach import (
    channel_label,
    chip_label,
    closing_lines,
    kind_of,
    opening_lines,
    take_home_messages,
)
from coffeechat.models.reminders import CHANNELS, DRAFTS, commitment, has_calendar, reminder_lines
from coffeechat.models.roleplay import ROLES, Reply, TurnReplies, persona, round_summaries, solo_turns, turn_replies

# --- the model -----------------------------------------------------------------------------------------


#: plain text; ``strong`` for the label of an answer, ``emphasis`` for a subtitle
ParagraphStyle = Literal["plain", "strong", "emphasis"]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``strong`` for the label of an answer, ``emphasis`` for a subtitle."""

    text: str
    style: ParagraphStyle = "plain"


@dataclass(frozen=True)
class Item:
    """A bullet; ``star`` marks a question the participant starred, ``notes`` are indented below it."""

    text: str
    star: bool = False
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: columns of numbers, set right-aligned
    numeric: tuple[int, ...] = ()
    #: on paper, how wide each column is relative to the others (default: numbers narrow, text shares the rest)
    widths: tuple[float, ...] = ()
    #: on paper, a table a little longer than the room left for it is set a little smaller to stay whole,
    #: rather than leave its last rows on a page of their own (the session report's run sheet)
    fit: bool = False


@dataclass(frozen=True)
class Quote:
    """A message the participant will send, kept line by line."""

    text: str


@dataclass(frozen=True)
class Blank:
    """A prompt with room to answer it by hand, on paper (the printed workbook, the plan template).

    ``kind`` says what the room looks like: ``lines`` to write on, a ``scale`` of boxes from ``low`` to
    ``high``, ``choices`` to tick, a ``table`` of empty rows under ``columns``, or a ``date``.
    """

    label: str
    kind: Literal["lines", "scale", "choices", "table", "date"] = "lines"
    help: str = ""
    lines: int = 3
    options: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    #: on paper, how wide each column is relative to the others (default: all alike)
    widths: tuple[float, ...] = ()
    rows: int = 6
    scale: tuple[int, int] = (0, 10)
    low: str = ""
    high: str = ""


@dataclass(frozen=True)
class Figure:
    """A chart among the blocks (the session report's), drawn as vector graphics in the PDF; its description is
    what Markdown and plain text say instead."""

    chart: Chart


Block = Paragraph | Bullets | Table | Quote | Blank | Figure


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()
    #: on paper, the section starts on a new page (each fear of the workbook)
    new_page: bool = False

    @property
    def empty(self) -> bool:
        return not self.blocks and all(s.empty for s in self.subsections)


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str = ""
    sections: tuple[Section, ...] = ()
    #: a chart for the first page (the before/after chart), drawn as vector graphics in the PDF
    chart: Chart | None = field(default=None, repr=False)


# --- the take-home -------------------------------------------------------------------------------------


def take_home(workshop: Workshop, answers: Mapping[str, Any], language: str, subtitle: str = "") -> Document:
    """Everything the participant wrote, module by module; a module with nothing in it says so."""
    sections = []
    for ref in workshop.manifest.modules:
        section = kind(ref.kind).load("export")(workshop, ref.id, answers, language)
        if section.empty:
            nothing = Paragraph(workshop.t("export.nothing_yet", language))
            section = Section(section.heading, (nothing,))
        sections.append(section)
    return Document(workshop.manifest.title[language], subtitle, tuple(sections))


def take_home_with_chart(workshop: Workshop, answers: Mapping[str, Any], language: str, date_text: str) -> Document:
    """The take-home as the PDF shows it: its own title and date, and the before/after chart first."""
    t = lambda key, **values: workshop.t(key, language, **values)
    fears = workshop.fears
    chart = before_after(
        [fear.title[language] for fear in fears],
        [answers.get(keys.rating("welcome", fear.id)) for fear in fears],
        [answers.get(keys.rating("wrapup", fear.id)) for fear in fears],
        t("wrapup.chart_title"),
        (t("wrapup.before"), t("wrapup.after")),
    )
    document = take_home(workshop, answers, language)
    return Document(
        t("wrapup.take_home_title"), t("wrapup.take_home_subtitle", date=date_text), document.sections, chart
    )


def welcome_section(workshop: Workshop, module_id: str, answers: Mapping[str, Any], language: str) -> Section:
    """The fear ratings from the start."""
    items = []
    for fear in workshop.fears:
        value = answers.get(keys.rating("welcome", fear.id))
        if _answered(value):
            items.append(Item(f"{fear.title[language]}: {_scalar(value)}/10"))
    ratings = (Section(workshop.t("export.ratings", language), (Bullets(tuple(items)),)),) if items else ()
    return Section(workshop.welcome.title[language], subsections=ratings)


def fear_section(workshop: Workshop, module_id: str, answers: Mapping[str, Any], language: str) -> Section:
    """Reflection, exercise and the next step of one fear, as answered."""
    fear: Fear = workshop.fear(module_id)
    t = lambda key: workshop.t(key, language)
    parts = []
    reflection = _prompts(answers, fear.reflection, lambda p: keys.reflection(fear.id, p.id), language)
    if reflection:
        parts.append(Section(t("fear.reflection"), reflection))
    exercise = _prompts(answers, fear.exercise.fields, lambda p: keys.exercise(fear.id, p.id), language)
    if exercise:
        parts.append(Section(fear.exercise.title[language], exercise))
    action, due = (answers.get(keys.next_step(fear.id, part)) for part in ("action", "due"))
    step = []
    if _answered(action):
        step.append(Paragraph(_scalar(action)))
    if _answered(due):
        step.append(Paragraph(f"{t('export.due')} {readable(due, workshop, language)}"))
    if step:
        parts.append(Section(t("export.next_step"), tuple(step)))
    return Section(fear.title[language], subsections=tuple(parts))


def builder_section(workshop: Workshop, module_id: str, answers: Mapping[str, Any], language: str) -> Section:
    """The conversation plan and the participant's messages, once they described a conversation."""
    heading = workshop.module_title(module_id, language)
    if not answers.get(keys.BUILDER_REQUEST):
        return Section(heading)
    plan = plan_from_answers(workshop, answers)
    card = plan_document(workshop, plan, language, answers)
    # the messages the participant had on screen or worked on, as they will send them; one that still lacks
    # something stays out, named, so that no „[… fehlt]“ goes home
    chosen = take_home_messages(workshop, answers, language)
    messages = []
    for kind_id, channel_id, text in chosen.messages:
        message = kind_of(workshop, kind_id)
        channel = channel_label(workshop, kind_id, channel_id, language)  # the channel of the text that goes home
        messages.append(Section(f"{message.label[language]} ({channel})", (Quote(text),)))
    if chosen.incomplete:
        names = ", ".join(chip_label(kind_of(workshop, kind_id), language) for kind_id in chosen.incomplete)
        note = Paragraph(workshop.t("builder.take_home_left_out", language, names=names), "emphasis")
        messages.append(Section(workshop.t("builder.take_home_left_out_heading", language), (note,)))
    return Section(heading, (Paragraph(card.subtitle, "emphasis"),), (*card.sections, *messages))


def roleplay_section(workshop: Workshop, module_id: str, answers: Mapping[str, Any], language: str) -> Section:
    """Each group round the participant played, with its round and role; then each solo practice, named as
    practice alone with that persona, each question asked with what followed it (:func:`_conversation`)."""
    t = lambda key, **values: workshop.t(key, language, **values)
    parts = []
    current = answers.get(keys.ROLEPLAY_ROUND)
    rounds = min(current, keys.ROUNDS_MAX) if isinstance(current, int) and not isinstance(current, bool) else 1
    for summary in round_summaries(answers, rounds):
        role = t(f"roleplay.role.{summary.role}") if summary.role in ROLES else ""
        items = []
        if summary.nervous_before is not None or summary.nervous_after is not None:
            before = "–" if summary.nervous_before is None else summary.nervous_before
            after = "–" if summary.nervous_after is None else summary.nervous_after
            items.append(Item(t("roleplay.nervous_summary", before=before, after=after)))
        for name, label in (
            ("went-well", "roleplay.went_well"),
            ("change", "roleplay.change"),
            ("observer-notes", "roleplay.observer_notes"),
        ):
            text = answers.get(keys.round_answer(summary.number, name))
            if isinstance(text, str) and text.strip():
                question = t(label)
                items.append(Item(f"{question}{' ' if question.endswith(('?', ':')) else ': '}{text}"))
        parts.append(
            Section(f"{t('roleplay.round', number=summary.number)} · {role}", (Bullets(tuple(items)),) if items else ())
        )
    by_persona: dict[str, list[dict[str, Any]]] = {}  # in the order the participant first practised with each
    for turn in solo_turns(answers.get(keys.SOLO_TURNS)):
        by_persona.setdefault(persona(workshop, turn["persona"], answers).id, []).append(turn)
    for persona_id, turns in by_persona.items():
        card = persona(workshop, persona_id, answers)
        items = [
            Item(turn["text"], notes=_conversation(workshop, card, turn, replies, language))
            for turn, replies in zip(turns, turn_replies(workshop, card, turns, language), strict=True)
        ]
        heading = t("roleplay.solo_with", name=card.name[language], role=card.role[language])
        parts.append(Section(heading, (Bullets(tuple(items)),)))
    return Section(workshop.module_title(module_id, language), subsections=tuple(parts))


def _conversation(
    workshop: Workshop, card: Persona, turn: Mapping[str, Any], replies: TurnReplies, language: str
) -> tuple[str, ...]:
    """What followed a question of the solo rehearsal, in the order it was said: the persona's answer, the
    question it asked back and the participant's answer to it (only when they answered), the follow-up and the
    persona's answer to it, and so again; a follow-up not sent yet as written, marked so."""
    t = lambda key, **values: workshop.t(key, language, **values)
    name, you = card.name[language], t("roleplay.you")

    def said(reply: Reply, answered: str) -> list[str]:
        lines = [f"{name}: {reply.text}" if reply.text is not None else t("roleplay.nothing_new", name=name)]
        if answered.strip():
            lines += [f"{name}: {reply.reaction.text[language]}"] if reply.reaction else []
            lines.append(f"{you}: {answered}")
        return lines

    notes = said(replies.answer, turn["reaction_reply"])
    follow_up = turn["follow_up"]
    if replies.follow_up is not None:
        notes += [f"{t('roleplay.follow_up')}: {follow_up}", *said(replies.follow_up, turn["follow_up_reaction_reply"])]
    elif follow_up.strip():
        notes.append(f"{t('roleplay.follow_up')} ({t('roleplay.follow_up_not_sent')}): {follow_up}")
    return tuple(notes)


def wrapup_section(workshop: Workshop, module_id: str, answers: Mapping[str, Any], language: str) -> Section:
    """Ratings before and after, and the commitment to a first contact."""
    t = lambda key, **values: workshop.t(key, language, **values)
    blocks: list[Block] = []
    after = {f.id: answers.get(keys.rating("wrapup", f.id)) for f in workshop.fears}
    if any(_is_int(v) for v in after.values()):
        rows = tuple(
            (
                fear.title[language],
                _number_or_dash(answers.get(keys.rating("welcome", fear.id))),
                _number_or_dash(after[fear.id]),
            )
            for fear in workshop.fears
        )
        blocks.append(Table((t("wrapup.fear"), t("wrapup.before"), t("wrapup.after")), rows, numeric=(1, 2)))
    promise = commitment(workshop, answers, language=language)
    # the last word, on courage, after how many of the fears they faced (never "four" for fewer)
    said = (faced(workshop, answers, language), workshop.wrap_up.closing[language])
    closing = Paragraph(" ".join(part for part in said if part), "emphasis")
    parts = []
    # what the page showed filled in (the plan's contact, a fear's dated step) counts as said: it was never saved
    if promise["who"] or promise["due"] or any(answers.get(keys.commitment(name)) for name in keys.COMMITMENT_FIELDS):
        items = []
        for name, value in promise.items():
            if not value:
                continue
            if name in ("due", "talk"):
                shown = readable(value, workshop, language)
            elif (name, value) in {("channel", c) for c in CHANNELS} | {("draft", d) for d in DRAFTS}:
                shown = t(f"wrapup.{name}.{value}")
            else:
                shown = _scalar(value)
            items.append(Item(f"{t(f'wrapup.commit_{name}')} {shown}"))
        items.append(Item(t("wrapup.thanks_reminder")))
        items += [
            Item(line)
            for line in reminder_lines(workshop, answers, language, part=workshop.module_short(module_id, language))
        ]
        parts.append(Section(t("wrapup.commitment"), (Bullets(tuple(items)), closing)))
    else:
        blocks.append(closing)
    return Section(workshop.module_title(module_id, language), tuple(blocks), tuple(parts))


# --- the conversation plan (pocket card) ---------------------------------------------------------------


def plan_document(workshop: Workshop, plan: Plan, language: str, answers: Mapping[str, Any] | None = None) -> Document:
    """The conversation plan: opening, the questions by family, closing and what to do afterwards.

    ``answers`` bring in what the participant wrote in the fear modules about opening the conversation.
    """
    bank, t = workshop.bank, lambda key, **v: workshop.t(key, language, **v)
    request = plan.request
    who = described_contact(workshop, request, language)
    relationship = next((r.label[language] for r in bank.relationships if r.id == request.relationship), "")
    total = t("builder.minutes_total", total=plan.total_minutes, asked=request.minutes)
    subtitle = " · ".join(part for part in (who, relationship, total) if part)
    minutes = lambda n: f"{n} {t('builder.min')}"
    opening = tuple(Item(line) for line in opening_lines(workshop, request, answers or {}, language))
    sections = [Section(f"{t('builder.opening')} ({minutes(plan.opening_minutes)})", (Bullets(opening),))]
    for family, questions in plan.grouped():
        items = tuple(Item(f"{q.text(bank, language)} ({minutes(q.minutes)})", star=q.starred) for q in questions)
        sections.append(Section(family_label(workshop, family, language), (Bullets(items),)))
    if plan.spare:
        spare = Paragraph(t("builder.spare_note"), "emphasis")  # on paper: no button to name
        sections.append(Section(t("builder.spare_heading"), (spare, Bullets(tuple(Item(q) for q in plan.spare)))))
    closing = tuple(Item(line) for line in closing_lines(workshop, request, language))
    sections.append(Section(f"{t('builder.closing')} ({minutes(plan.closing_minutes)})", (Bullets(closing),)))
    follow_up = tuple(Item(line[language]) for line in bank.frame.follow_up)
    sections.append(Section(t("builder.follow_up"), (Bullets(follow_up),)))
    return Document(t("builder.plan_title"), subtitle, tuple(sections))


def family_label(workshop: Workshop, family: str, language: str) -> str:
    """The heading of a group of questions: the bank's family, the carried questions, or the participant's own."""
    labels = {f.id: f.label[language] for f in workshop.bank.families}
    if family in labels:
        return labels[family]
    return workshop.t("builder.carried_questions" if family == CARRIED_FAMILY else "builder.own_questions", language)


#: what the end of a room may offer to take home, in the order the buttons stand
END_FILES = ("pdf", "plan", "ics")


def take_home_files(workshop: Workshop, answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The files the end screen offers this participant, from :data:`END_FILES`: the take-home PDF always, the
    plan's pocket card once they built a plan, the calendar only when a reminder has a date (never an empty
    calendar file)."""
    offered = {
        "pdf": True,
        "plan": bool(answers.get(keys.BUILDER_REQUEST)),
        "ics": has_calendar(workshop, answers),
    }
    return tuple(name for name in END_FILES if offered[name])


def plan_filename(stem: str, request: PlanRequest, extension: str) -> str:
    """``Gespraechsplan-UX-Designerin.pdf``: the file name says whom the plan is for (letters, digits, dashes)."""
    who = re.sub(r"[^\w-]+", "-", request.contact_role or request.field or "").strip("-")[:40]
    return f"{stem}{f'-{who}' if who else ''}.{extension}"


# --- rendering -----------------------------------------------------------------------------------------


def to_markdown(document: Document) -> str:
    """The document as Markdown: ``#`` title, ``##`` sections, ``###`` their subsections."""
    lines = [f"# {_md(document.title)}", ""]
    if document.subtitle:
        lines += [f"*{_md(document.subtitle)}*", ""]
    for section in document.sections:
        lines += list(_markdown_section(section, 2))
    return "\n".join(lines).rstrip() + "\n"


def _markdown_section(section: Section, level: int) -> Iterator[str]:
    yield f"{'#' * level} {_md(section.heading)}"
    yield ""
    for block in section.blocks:
        yield from _markdown_block(block)
        yield ""
    for subsection in section.subsections:
        yield from _markdown_section(subsection, level + 1)


def _markdown_block(block: Block) -> Iterator[str]:
    if isinstance(block, Paragraph):
        text = _md(block.text)
        yield {"strong": f"**{text}**", "emphasis": f"*{text}*"}.get(block.style, text)
    elif isinstance(block, Bullets):
        for item in block.items:
            yield f"- {'★ ' if item.star else ''}{_indented(_md(item.text), '  ')}"
            for note in item.notes:
                yield f"  - {_indented(_md(note), '    ')}"
    elif isinstance(block, Table):
        yield "| " + " | ".join(_cell(cell) for cell in block.header) + " |"
        yield "| " + " | ".join("---:" if i in block.numeric else "---" for i in range(len(block.header))) + " |"
        for row in block.rows:
            yield "| " + " | ".join(_cell(cell) for cell in row) + " |"
    elif isinstance(block, Quote):
        yield from (f"> {line}" for line in _md(block.text).split("\n"))
    elif isinstance(block, Figure):
        yield f"*{_md(block.chart.description)}*"
    elif isinstance(block, Blank):
        yield f"**{_md(block.label)}**"
        if block.help:
            yield ""
            yield f"*{_md(block.help)}*"
        yield ""
        yield from _markdown_blank(block)


def _markdown_blank(blank: Blank) -> Iterator[str]:
    """The room to answer, as Markdown a printer or a text editor keeps: rules, boxes or an empty table."""
    rule = "\\_" * 60
    if blank.kind == "lines":
        for _ in range(blank.lines):
            yield rule
            yield ""
    elif blank.kind == "date":
        yield "\\_" * 20
    elif blank.kind == "choices":
        yield from (f"- ☐ {_md(option)}" for option in blank.options)
    elif blank.kind == "scale":
        low, high = blank.scale
        boxes = "  ".join(f"{n} ☐" for n in range(low, high + 1))
        yield f"{_md(blank.low)} {boxes} {_md(blank.high)}".strip()
    elif blank.kind == "table":
        yield "| " + " | ".join(_cell(cell) for cell in blank.columns) + " |"
        yield "| " + " | ".join("---" for _ in blank.columns) + " |"
        for _ in range(blank.rows):
            yield "| " + " | ".join("   " for _ in blank.columns) + " |"


def to_text(document: Document) -> str:
    """The document as plain text (what the notebooks print and nbval compares), subsections included."""
    out = [document.title]
    if document.subtitle:
        out.append(document.subtitle)
    for section in document.sections:
        out += _text_section(section)
    return "\n".join(out)


def _text_section(section: Section) -> list[str]:
    out = ["", section.heading]
    for block in section.blocks:
        if isinstance(block, Bullets):
            for item in block.items:
                out.append(f"{'★' if item.star else '•'} {item.text}")
                out += [f"  – {note}" for note in item.notes]
        elif isinstance(block, Table):
            out += [" · ".join(row) for row in (block.header, *block.rows)]
        elif isinstance(block, Blank):
            out += [block.label, *(f"☐ {option}" for option in block.options)]
        elif isinstance(block, Figure):
            out.append(block.chart.description)
        else:
            out.append(block.text)
    for subsection in section.subsections:
        out += _text_section(subsection)
    return out


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _indented(text: str, indent: str) -> str:
    """Participant text inside a list item: later lines indented so the list stays intact."""
    return _lines(text).replace("\n", "\n" + indent)


def _cell(text: str) -> str:
    """A table cell: escaped text on one line (a line break becomes ``<br>``, the only markup)."""
    return "<br>".join(_md(line).replace("|", "\\|") for line in _lines(text).strip().split("\n"))


#: ASCII punctuation that starts inline Markdown anywhere in a line (``$`` for viewers that render formulas)
_INLINE = re.compile(r"([\\`*_\[\]<&~$])")


def _md(text: str) -> str:
    """Text as Markdown that shows exactly that text (CommonMark backslash escapes), never as markup.

    Everything a participant wrote goes through here: ``**``, ``<br>``, ``$5``, a line starting with ``#``
    or ``1.`` come out as typed. Spaces at the start or end of a line, which Markdown would drop or turn
    into a code block or a line break, are kept as character references.
    """
    out = []
    for line in _lines(text).split("\n"):
        body = line.lstrip(" \t")
        core = body.rstrip(" \t")
        lead, tail = line[: len(line) - len(body)], body[len(core) :]
        core = _INLINE.sub(r"\\\1", core)
        core = re.sub(r"^([#>+=-])", r"\\\1", core)  # a heading, a quote, a list item, a rule, an underline
        core = re.sub(r"^(\d{1,9})([.)])", r"\1\\\2", core)  # a numbered list item
        out.append(_spaces(lead) + core + _spaces(tail) if core else "")
    return "\n".join(out)


def _spaces(spaces: str) -> str:
    return "".join("&#9;" if char == "\t" else "&#32;" for char in spaces)


# --- answers as blocks ---------------------------------------------------------------------------------


def _prompts(answers: Mapping[str, Any], prompts: tuple[Prompt, ...], key, language: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for prompt in prompts:
        value = answers.get(key(prompt))
        if not _answered(value):
            continue
        rendered = _value_blocks(prompt, value, language, answers.get(blanks.key(key(prompt))))
        if rendered:
            blocks += [Paragraph(prompt.label[language], "strong"), *rendered]
    return tuple(blocks)


def _value_blocks(prompt: Prompt, value: Any, language: str, blank_words: Any = None) -> list[Block]:
    """An answer as blocks; a chosen line with [blanks] is said with the participant's words for them."""
    kind_ = prompt.kind
    if kind_ == "scale" and _is_number(value):
        return [Paragraph(f"{value}/{prompt.scale_max}")]
    if kind_ == "choice":
        return [Paragraph(_label(prompt.options, value, language))]
    if kind_ == "checklist" and isinstance(value, list):
        lines = (
            blanks.filled(_label(prompt.options, item, language), blanks.words_for(blank_words, item))
            for item in value
            if _answered(item)
        )
        return _bullets(lines)
    if kind_ == "table" and isinstance(value, list):
        return _table(prompt, value, language)
    if isinstance(value, list):
        return _bullets(_scalar(item) for item in value if _answered(item))
    return [Paragraph(_scalar(value))]


def _bullets(texts) -> list[Block]:
    items = tuple(Item(text) for text in texts)
    return [Bullets(items)] if items else []


def _table(prompt: Prompt, rows: list, language: str) -> list[Block]:
    body = []
    for row in rows:
        if not isinstance(row, dict) or not _answered(row):
            continue
        cells = []
        for column in prompt.columns:
            cell = row.get(column.id)
            if not _answered(cell):
                cells.append("")
            elif column.kind == "choice":
                cells.append(_label(column.options, cell, language))
            else:
                cells.append(_scalar(cell))
        body.append(tuple(cells))
    if not body:
        return []
    return [Table(tuple(column.label[language] for column in prompt.columns), tuple(body))]


def _answered(value: Any) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return any(_answered(item) for item in (value.values() if isinstance(value, dict) else value))
    return True


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_or_dash(value: Any) -> str:
    return str(value) if _is_int(value) else "–"


def _scalar(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _label(options, option_id: Any, language: str) -> str:
    for option in options:
        if option.id == option_id:
            return option.label[language]
    return _scalar(option_id)  # an option the content no longer has: show what was saved


# --- the weeks after: the contact list -------------------------------------------------------------------


def followup_section(workshop: Workshop, module_id: str, answers: Mapping[str, Any], language: str) -> Section:
    """The contact list (who, the stage reached and since when, what is next) and what the participant noted after
    each conversation. Other people's data: it leaves the kit only in the participant's own take-home."""
    from coffeechat.models.answers import today
    from coffeechat.models.followup import load_contacts, saved_state
    from coffeechat.models.followup_rhythm import due
    from coffeechat.models.followup_words import due_status, first_due, stage_words, who, whom

    t = lambda key, **values: workshop.t(key, language, **values)
    contacts = load_contacts(answers.get(keys.FOLLOWUP_CONTACTS))
    if not contacts:
        return Section(workshop.module_title(module_id, language))
    items = due(contacts, today(), saved_state(answers.get(keys.FOLLOWUP_STATE)))
    rows = []
    for contact in contacts:
        role = ", ".join(part for part in (contact.role, contact.organisation) if part.strip() and part != who(contact))
        stage = t(
            "followup.contact_line",
            stage=stage_words(workshop, contact.stage, language),
            day=readable(contact.since.isoformat(), workshop, language),
        )
        item = first_due(items, contact.id)
        next_step = (
            t("followup.export_next", kind=t(f"followup.kind.{item.kind}"), status=due_status(workshop, item, language))
            if item
            else ""
        )
        rows.append((who(contact) + (f" ({role})" if role else ""), stage, next_step))
    header = (t("followup.csv.name"), t("followup.csv.stage"), t("followup.kind_next"))
    blocks: list[Block] = [Table(header, tuple(rows), widths=(1.2, 1.0, 1.4))]
    reflections = []
    prompts = workshop.follow_through.after_conversation.prompts
    for contact in contacts:
        said = _prompts(answers, prompts, lambda p, c=contact: keys.after_conversation(c.id, p.id), language)
        if said:
            reflections.append(Section(t("followup.after_heading", who=whom(contact, language)), said))
    return Section(workshop.module_title(module_id, language), tuple(blocks), tuple(reflections))

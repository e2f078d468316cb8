"""Materials to print for a room without laptops, made from the same ``exercises/`` as the app.

- the participant workbook: every block of every fear, with room to answer each prompt and exercise by
  hand (the contact map as a table, worst / likely / best case, the opener), the ratings before and after
  and the commitment;
- the question bank by family;
- persona cards for the role-play (one card per page, :func:`coffeechat.documents.pdf.cards_pdf`), each with its
  content note first, and a cue for each question family;
- the observer sheet;
- the conversation plan template;
- the message templates, for a participant without a device (the formal drafts with the gaps in brackets).

Each is a :class:`coffeechat.documents.export.Document`, rendered to Markdown by ``export`` and to PDF by ``pdf``.
"""

from __future__ import annotations

import re

from coffeechat.content import Prompt, Workshop, paragraphs
from coffeechat.documents.export import (
    Blank,
    Block,
    Bullets,
    Document,
    Item,
    Paragraph,
    ParagraphStyle,
    Quote,
    Section,
)
from coffeechat.models.outreach import channels_for, choose_template, fill
from coffeechat.models.reminders import CHANNELS

#: at most this many rows or lines for a list or a table prompt on paper
PAPER_ROWS = 8

#: a persona's answer cue on a card: its first whole sentences up to ``CUE_MIN_CHARS`` characters, never more
#: than ``CUE_CHARS`` (:func:`answer_cue`)
CUE_MIN_CHARS = 60
CUE_CHARS = 150

#: the channels the message sheet prints each message for (in this order, where the message has a template)
SHEET_CHANNELS = ("email", "linkedin", "phone")

#: a sentence ends at a stop after a word of three letters or more (never in „z. B.“ or "Dr.")
_SENTENCE_END = re.compile(r"(?<=\w{3}[.!?…])\s+(?=[„“\"'(]?[A-ZÄÖÜ0-9])")


def blank_for(prompt: Prompt, language: str, example_word: str = "", lines: int = 4) -> Blank:
    """A prompt of the app as room to answer it on paper, by its kind (with the app's example as a hint)."""
    label, help_ = prompt.label[language], prompt.help[language] if prompt.help else ""
    if prompt.placeholder and prompt.kind in ("text", "list"):
        help_ = " ".join(part for part in (help_, f"{example_word} {prompt.placeholder[language]}") if part)
    if prompt.kind == "scale":
        low = prompt.low_label[language] if prompt.low_label else ""
        high = prompt.high_label[language] if prompt.high_label else ""
        return Blank(label, "scale", help_, scale=(prompt.scale_min, prompt.scale_max), low=low, high=high)
    if prompt.kind in ("choice", "checklist"):
        return Blank(label, "choices", help_, options=tuple(option.label[language] for option in prompt.options))
    if prompt.kind == "table":
        columns = tuple(column.label[language] for column in prompt.columns)
        legend = [
            f"{column.label[language]} {' / '.join(o.label[language] for o in column.options)}"
            for column in prompt.columns
            if column.options
        ]
        help_ = " · ".join(part for part in (help_, *legend) if part)
        return Blank(label, "table", help_, columns=columns, rows=min(prompt.max_items, PAPER_ROWS + 2))
    if prompt.kind == "list":
        return Blank(label, "lines", help_, lines=min(prompt.max_items, PAPER_ROWS))
    if prompt.kind == "date":
        return Blank(label, "date", help_)
    return Blank(label, "lines", help_, lines=lines)


def _text(text: str, style: ParagraphStyle = "plain") -> tuple[Block, ...]:
    return tuple(Paragraph(p, style) for p in paragraphs(text))


def workbook(workshop: Workshop, language: str) -> Document:
    """The participant workbook: the whole workshop on paper, with room for every answer."""
    t = lambda key, **values: workshop.t(key, language, **values)
    welcome = workshop.welcome
    ratings = tuple(
        Blank(fear.title[language], "scale", low=welcome.low_label[language], high=welcome.high_label[language])
        for fear in workshop.fears
    )
    sections = [
        Section(
            welcome.title[language],
            (
                Blank(t("print.name_or_code"), "lines", lines=1),
                *_text(welcome.what_is_it[language]),
                Paragraph(t("welcome.rating_heading"), "strong"),
                *_text(welcome.rating_intro[language]),
                *ratings,
            ),
        )
    ]
    for fear in workshop.fears:
        step = fear.next_step
        examples = " · ".join(example[language] for example in step.examples)
        sections.append(
            Section(
                fear.title[language],
                (Paragraph(fear.in_your_words[language], "emphasis"),),
                (
                    Section(t("fear.why_it_feels_true"), _text(fear.why_it_feels_true[language])),
                    Section(t("fear.reframe"), _text(fear.reframe[language])),
                    Section(
                        t("fear.reflection"),
                        tuple(blank_for(prompt, language, t("fear.examples")) for prompt in fear.reflection),
                    ),
                    Section(
                        f"{t('fear.exercise')}: {fear.exercise.title[language]}",
                        (
                            *_text(fear.exercise.instructions[language]),
                            *(blank_for(field, language, t("fear.examples")) for field in fear.exercise.fields),
                        ),
                    ),
                    Section(
                        t("fear.next_step"),
                        (
                            Blank(step.label[language], "lines", f"{t('fear.examples')} {examples}", lines=2),
                            Blank(step.date_label[language], "date"),
                        ),
                    ),
                ),
                new_page=True,
            )
        )
    channels = tuple(t(f"wrapup.channel.{channel}") for channel in CHANNELS)
    sections.append(
        Section(
            workshop.module_title("wrap-up", language) if "wrap-up" in workshop.module_ids else t("wrapup.title"),
            (
                Paragraph(t("wrapup.rate_again"), "strong"),
                *(Blank(b.label, "scale", low=b.low, high=b.high) for b in ratings),
                Paragraph(t("wrapup.commitment"), "strong"),
                Blank(t("wrapup.commit_who"), "lines", lines=1),
                Blank(t("wrapup.commit_due"), "date"),
                Blank(t("wrapup.commit_talk"), "date"),
                Blank(t("wrapup.commit_channel"), "choices", options=channels),
                Paragraph(t("wrapup.thanks_reminder")),
                *_text(workshop.wrap_up.closing[language], "emphasis"),
            ),
            new_page=True,
        )
    )
    return Document(t("print.workbook_title"), workshop.manifest.subtitle[language], tuple(sections))


def question_bank(workshop: Workshop, language: str) -> Document:
    """Every question of the bank, by family; questions for some contacts only say for whom."""
    t = lambda key, **values: workshop.t(key, language, **values)
    bank = workshop.bank
    seniority = {s.id: s.label[language] for s in bank.seniorities}
    relationship = {r.id: r.label[language] for r in bank.relationships}
    sections = []
    for family in bank.families:
        items = []
        for question in (q for q in bank.questions if q.family == family.id):
            only = [seniority[s] for s in question.seniority] + [relationship[r] for r in question.relationships]
            note = f" ({t('print.only_for', who=', '.join(only))})" if only else ""
            items.append(Item(question.text[language] + note))
        sections.append(Section(family.label[language], (Bullets(tuple(items)),)))
    return Document(t("print.question_bank_title"), t("print.question_bank_subtitle"), tuple(sections))


def persona_cards(workshop: Workshop, language: str) -> list[Document]:
    """One card per persona, for whoever plays the contact (the asker never sees it): its content note first (the
    player may choose another card), then who the persona is, how to play it, a cue for each question family,
    what the asker can find out and what to throw in."""
    t = lambda key, **values: workshop.t(key, language, **values)
    styles = {s.id: s.label[language] for s in workshop.role_cards.styles}
    cards = []
    for persona in workshop.role_cards.personas:
        first = (
            (Section(t("roleplay.content_note"), _text(persona.content_note[language])),)
            if persona.content_note
            else ()
        )
        cues = tuple(
            Item(f"{family.label[language]}: {answer_cue(persona.answers[family.id][0][language])}")
            for family in workshop.bank.families
            if persona.answers.get(family.id)
        )
        cards.append(
            Document(
                f"{persona.name[language]} – {persona.role[language]}",
                f"{t('roleplay.style')}: {styles.get(persona.style, persona.style)} · {t('print.card_secret')}",
                (
                    *first,
                    Section(t("print.background"), _text(persona.background[language])),
                    Section(t("roleplay.how_to_play"), _text(persona.how_to_play[language])),
                    Section(t("print.answer_cues"), (Bullets(cues),)),
                    Section(t("roleplay.facts"), (Bullets(tuple(Item(f[language]) for f in persona.facts)),)),
                    Section(t("roleplay.cues"), (Bullets(tuple(Item(r.text[language]) for r in persona.reactions)),)),
                ),
            )
        )
    return cards


def answer_cue(answer: str) -> str:
    """A persona's answer as a cue to say it in one's own words: its first whole sentences, until they make
    ``CUE_MIN_CHARS`` characters and while they stay within ``CUE_CHARS``; a first sentence longer than that is cut
    at a word („…“)."""
    sentences = _SENTENCE_END.split(" ".join(answer.split()))
    cue = sentences[0]
    for sentence in sentences[1:]:
        if len(cue) >= CUE_MIN_CHARS or len(cue) + 1 + len(sentence) > CUE_CHARS:
            break
        cue = f"{cue} {sentence}"
    if len(cue) <= CUE_CHARS:
        return cue
    return cue[:CUE_CHARS].rsplit(" ", 1)[0].rstrip(",;:–- ") + " …"


def observer_sheet(workshop: Workshop, language: str) -> Document:
    """What the observer of a role-play round ticks and notes, and the debrief questions."""
    t = lambda key, **values: workshop.t(key, language, **values)
    checklist = tuple(option.label[language] for option in workshop.role_cards.observer_checklist)
    debrief = workshop.facilitator("role-play").debrief_questions if "role-play" in workshop.module_ids else ()
    blocks: list[Block] = [
        Blank(t("print.round_and_asker"), "lines", lines=1),
        Blank(t("roleplay.observer_heading"), "choices", options=checklist),
        Blank(t("roleplay.went_well"), "lines", lines=3),
        Blank(t("print.one_tip"), "lines", lines=3),
    ]
    if debrief:
        blocks += [Paragraph(t("guide.debrief"), "strong"), Bullets(tuple(Item(q[language]) for q in debrief))]
    return Document(
        t("print.observer_title"), t("print.observer_subtitle"), (Section(t("roleplay.debrief"), tuple(blocks)),)
    )


def plan_template(workshop: Workshop, language: str) -> Document:
    """The conversation plan on paper: whom, why, the opening, the questions, the close and afterwards."""
    t = lambda key, **values: workshop.t(key, language, **values)
    bank = workshop.bank
    frame = bank.frame
    describe = Section(
        t("builder.step_describe"),
        (
            Blank(t("print.who"), "lines", lines=1),
            Blank(t("builder.relationship"), "choices", options=tuple(r.label[language] for r in bank.relationships)),
            Blank(t("builder.goals"), "choices", options=tuple(g.label[language] for g in bank.goals)),
            Blank(t("builder.minutes"), "choices", options=tuple(f"{m} {t('builder.min')}" for m in bank.durations)),
        ),
    )
    opening = Section(
        t("builder.opening"),
        (
            Paragraph(t("fear.examples"), "strong"),
            Bullets(tuple(Item(line[language]) for line in frame.small_talk)),
            Blank(t("print.my_opener"), "lines", lines=3),
            Blank(
                t("print.my_transition"),
                "lines",
                t(
                    "print.transition_example",
                    example=fill(frame.transition[language], {"minutes": "20", "topic": "…"}),
                ),
                2,
            ),
        ),
    )
    questions = Section(
        t("print.my_questions"),
        (
            Blank(
                t("print.questions_hint"),
                "table",
                columns=(t("print.question"), t("builder.min")),
                widths=(9, 1),
                rows=8,
            ),
        ),
    )
    closing = Section(
        t("builder.closing"),
        (Bullets(tuple(Item(line[language]) for line in frame.closing)),),
    )
    after = Section(
        t("builder.follow_up"),
        (Bullets(tuple(Item(line[language]) for line in frame.follow_up)), Blank(t("print.thanks_by"), "date")),
    )
    return Document(t("builder.plan_title"), t("print.plan_subtitle"), (describe, opening, questions, closing, after))


def message_sheet(workshop: Workshop, language: str) -> Document:
    """The builder's messages on paper, for a participant without a device: each formal draft for e-mail, a
    LinkedIn note and the phone (where the message has one), with what to fill in as „[Ihr Name]“, and the channel's
    advice where the channel first appears."""
    t = lambda key, **values: workshop.t(key, language, **values)
    gaps = {name: f"[{label[language]}]" for name, label in workshop.outreach.placeholder_labels.items()}
    example = {"minutes": "20"}  # the kit's advice: 20 to 30 minutes
    sections = []
    advised: set[str] = set()
    for kind in workshop.outreach.kinds:
        blocks: list[Block] = [Paragraph(kind.hint[language], "emphasis")]
        channels = {channel.id: channel for channel in channels_for(workshop, kind.id)}
        for channel_id in (c for c in SHEET_CHANNELS if c in channels):
            channel = channels[channel_id]
            template = choose_template(workshop, kind.id, "", channel_id)
            label = channel.message_label if kind.existing_contact and channel.message_label else channel.label
            hint = channel.message_hint if kind.existing_contact and channel.message_hint else channel.hint
            blocks.append(Paragraph(label[language], "strong"))
            if label[language] not in advised:
                blocks.append(Paragraph(hint[language]))
                advised.add(label[language])
            if template.subject:
                blocks.append(Quote(f"{t('print.subject')}: {fill(template.subject[language], example, gaps)}"))
            # an invitation note with a character limit: its shorter body (a note filled in by hand runs long)
            short = channel.max_chars and not kind.existing_contact and template.shorter
            body = template.shorter[0] if short else template.body
            blocks.append(Quote(fill(body[language], example, gaps)))
        sections.append(Section(kind.label[language], tuple(blocks)))
    subtitle = f"{t('print.messages_subtitle')} {t('print.messages_informal')}"
    return Document(t("print.messages_title"), subtitle, tuple(sections))


def every_printable(workshop: Workshop, language: str) -> dict[str, Document | list[Document]]:
    """Each printable by the stem of its file name (persona cards: a list of cards)."""
    return {
        "workbook": workbook(workshop, language),
        "question-bank": question_bank(workshop, language),
        "persona-cards": persona_cards(workshop, language),
        "observer-sheet": observer_sheet(workshop, language),
        "plan-template": plan_template(workshop, language),
        "message-templates": message_sheet(workshop, language),
    }

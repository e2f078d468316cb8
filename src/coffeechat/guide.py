"""The facilitator guide for one format, as a document (rendered to Markdown by ``export``, to PDF by ``pdf``).

Everything comes from ``exercises/``: the run sheet from ``workshop.yaml``, the learning goals, notes, timed
steps and debrief questions from each module's ``facilitator:`` block, the checklist, the data and privacy
texts for each way of use and the online variant from ``guide.yaml``.
"""

from __future__ import annotations

import datetime as dt

from .agenda import DEFAULT_START, run_sheet
from .content import Workshop, paragraphs
from .export import Blank, Bullets, Document, Item, Paragraph, Section, Table


def facilitator_guide(
    workshop: Workshop, format_id: str, language: str, start: dt.time | None = DEFAULT_START
) -> Document:
    """The guide for running ``format_id``: run sheet, goals, notes per module, checklist, privacy, online."""
    t = lambda key, **values: workshop.t(key, language, **values)  # noqa: E731
    guide, fmt = workshop.guide, workshop.workshop_format(format_id)
    sheet = run_sheet(workshop, format_id, language, start)
    rows = tuple(
        (sheet.clock(slot.start), t("agenda.minutes", minutes=slot.minutes), slot.title, slot.detail)
        for slot in sheet.slots
    ) + ((sheet.clock(sheet.total_minutes), "", t("agenda.end"), ""),)
    header = (t("guide.time"), t("guide.length"), t("guide.what"), t("guide.how"))
    run = Section(
        t("guide.run_sheet"),
        (Paragraph(fmt.notes[language]), Table(header, rows, numeric=(1,), widths=(1.1, 1.2, 3.2, 4.5))),
    )
    goals = Section(
        t("guide.goals"),
        subsections=tuple(
            Section(
                workshop.module_title(module_id, language),
                (Bullets(tuple(Item(goal[language]) for goal in workshop.facilitator(module_id).goals)),),
            )
            for module_id in fmt.modules
            if workshop.facilitator(module_id).goals
        ),
    )
    modules = tuple(_module_section(workshop, module_id, language) for module_id in fmt.modules)
    checklist = Section(
        t("guide.checklist"),
        tuple(
            Blank(group.title[language], "choices", options=tuple(item[language] for item in group.items))
            for group in guide.checklist
        ),
        (Section(t("guide.printing"), tuple(Paragraph(p) for p in paragraphs(guide.printing[language]))),),
    )
    privacy = Section(
        t("guide.privacy"),
        (Paragraph(guide.privacy_intro[language]),),
        tuple(
            Section(way.title[language], (Paragraph(way.where[language]), Paragraph(way.say[language], "emphasis")))
            for way in guide.ways
        ),
    )
    online = Section(
        t("guide.online"),
        (Paragraph(guide.online_intro[language]), Bullets(tuple(Item(step[language]) for step in guide.online_steps))),
    )
    subtitle = f"{fmt.title[language]} · {t('agenda.minutes', minutes=fmt.minutes)}"
    return Document(
        t("guide.title"),
        subtitle,
        (
            Section(t("guide.about"), (Paragraph(guide.intro[language]),)),
            run,
            goals,
            *modules,
            checklist,
            privacy,
            online,
        ),
    )


def _module_section(workshop: Workshop, module_id: str, language: str) -> Section:
    """One module for the coach: minutes, notes, the exercise step by step, the debrief questions."""
    t = lambda key, **values: workshop.t(key, language, **values)  # noqa: E731
    ref, facilitator = workshop.module_ref(module_id), workshop.facilitator(module_id)
    minutes = t("guide.module_minutes", teach=ref.teach_minutes, exercise=ref.exercise_minutes)
    parts = [Section(t("guide.notes"), tuple(Paragraph(p) for p in paragraphs(facilitator.notes[language])))]
    if facilitator.steps:
        steps = tuple(
            Item(f"{t('agenda.minutes', minutes=step.minutes)}: {step.text[language]}") for step in facilitator.steps
        )
        parts.append(Section(t("guide.steps"), (Bullets(steps),)))
    if facilitator.debrief_questions:
        questions = tuple(Item(question[language]) for question in facilitator.debrief_questions)
        parts.append(Section(t("guide.debrief"), (Bullets(questions),)))
    return Section(f"{workshop.module_title(module_id, language)} · {minutes}", subsections=tuple(parts))

"""The facilitator guide for one format, as a document (rendered to Markdown by ``export``, to PDF by ``pdf``).

Everything comes from ``exercises/``: the run sheet from ``workshop.yaml``, the learning goals, notes, timed
steps and debrief questions from each module's ``facilitator:`` block, the checklist, the data and privacy
texts for each way of use, the online variant and what to do on the console in each row from ``guide.yaml``.

Every row of the run sheet says what to do on the console: the projector's mode, the timer's presets for the
row (the same minutes the console offers, from the run sheet) and the step from ``guide.yaml``. A role-play run
in rounds is described from its run sheet rows, so its rounds, minutes and roles are the run sheet's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coffeechat.content import ConsoleStep, Workshop, paragraphs
from coffeechat.documents.agenda import DEFAULT_START, RunSheet, Slot, run_sheet
from coffeechat.documents.export import Blank, Bullets, Document, Item, Paragraph, Section, Table


def console_step(workshop: Workshop, slot: Slot | None) -> ConsoleStep:
    """The console step for a run sheet row (``None``: the end of the workshop)."""
    console = workshop.guide.console
    if slot is None:
        return console.end
    if slot.kind == "round":
        return console.first_round if slot.round == 1 else console.next_round
    if slot.kind == "module" and slot.module_id:
        return console.modules[slot.module_id]
    return {"arrival": console.arrival, "debrief": console.debrief, "break": console.pause}.get(
        slot.kind, console.buffer
    )


def console_text(workshop: Workshop, slot: Slot | None, language: str) -> str:
    """What the coach does on the console in a row: projector mode(s), the timer's presets, then the step."""
    label = lambda key: workshop.guide.labels[key][language]
    step = console_step(workshop, slot)
    # the console's own button labels, so the guide names what the coach will see
    mode_label = lambda mode: label("mode.thanks") if mode == "thanks" else workshop.t(f"room.mode.{mode}", language)
    modes = " → ".join(mode_label(mode) for mode in step.projector)
    head = f"{label('projector')}: {modes}"
    if slot is not None and slot.kind == "module" and slot.module_id:
        module = label("module").format(title=workshop.module_title(slot.module_id, language))
        head = f"{module} · {head}"
    if slot is not None and slot.timers:
        minutes = [workshop.t("agenda.minutes", language, minutes=m) for m in slot.timers]
        then = f" {label('timer_then')} "
        head += f" · {label('timer')}: {then.join(minutes)}"
    return f"{head}\n{step.text[language]}"


def facilitator_guide(
    workshop: Workshop, format_id: str, language: str, start: dt.time | None = DEFAULT_START
) -> Document:
    """The guide for running ``format_id``: run sheet, goals, notes per module, checklist, privacy, online."""
    t = lambda key, **values: workshop.t(key, language, **values)
    guide, fmt = workshop.guide, workshop.workshop_format(format_id)
    sheet = run_sheet(workshop, format_id, language, start)
    label = lambda key: guide.labels[key][language]
    rows = (
        *(
            (
                sheet.clock(slot.start),
                t("agenda.minutes", minutes=slot.minutes),
                f"{slot.title}\n{slot.detail}" if slot.detail else slot.title,
                console_text(workshop, slot, language),
            )
            for slot in sheet.slots
        ),
        (sheet.clock(sheet.total_minutes), "", t("agenda.end"), console_text(workshop, None, language)),
    )
    header = (t("guide.time"), t("guide.length"), t("guide.what"), label("console_column"))
    if fmt.self_paced:  # nobody leads: no console, the run sheet says how each part runs
        rows = tuple((row[0], row[1], slot.title, slot.detail) for row, slot in zip(rows, sheet.slots, strict=False))
        rows += ((sheet.clock(sheet.total_minutes), "", t("agenda.end"), ""),)
        header = (t("guide.time"), t("guide.length"), t("guide.what"), t("guide.how"))
    run = Section(
        t("guide.run_sheet"),
        (Paragraph(fmt.notes[language]), Table(header, rows, numeric=(1,), widths=(1.35, 1.3, 2.75, 5.4))),
    )
    console = Section(label("console_heading"), tuple(Paragraph(p) for p in paragraphs(guide.console_intro[language])))
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
    modules = tuple(_module_section(workshop, sheet, module_id, language) for module_id in fmt.modules)
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
            *(() if fmt.self_paced else (console,)),
            run,
            goals,
            *modules,
            checklist,
            privacy,
            online,
        ),
    )


@dataclass(frozen=True)
class ModuleNotes:
    """What the guide tells the coach of one module: the notes (paragraphs), the timed steps ("5 Minuten: ..."),
    the debrief questions. The printed guide and the console's presenter view both show these, from here."""

    notes: tuple[str, ...]
    steps: tuple[str, ...]
    debrief: tuple[str, ...]


def module_notes(workshop: Workshop, sheet: RunSheet, module_id: str, language: str) -> ModuleNotes:
    """The coach's notes, timed steps and debrief questions of ``module_id`` as run in ``sheet``'s format (a
    role-play run in rounds takes its steps from the run sheet's rows; a module the format does not plan, its
    content's own steps)."""
    t = lambda key, **values: workshop.t(key, language, **values)
    facilitator = workshop.facilitator(module_id)
    entry = next((e for e in sheet.format.schedule if e.module == module_id), None)
    steps: tuple[str, ...] = ()
    if entry is not None and entry.rounds is not None:
        slots = [slot for slot in sheet.slots if slot.module_id == module_id and slot.kind == "round"]
        steps = tuple(_round_step(workshop, slot, entry, language) for slot in slots)
        if entry.debrief_minutes:
            debrief_step = workshop.guide.labels["debrief_step"][language]
            steps += (f"{t('agenda.minutes', minutes=entry.debrief_minutes)}: {debrief_step}",)
    elif facilitator.steps:
        steps = tuple(
            f"{t('agenda.minutes', minutes=step.minutes)}: {step.text[language]}" for step in facilitator.steps
        )
    return ModuleNotes(
        tuple(paragraphs(facilitator.notes[language])),
        steps,
        tuple(question[language] for question in facilitator.debrief_questions),
    )


def _module_section(workshop: Workshop, sheet: RunSheet, module_id: str, language: str) -> Section:
    """One module for the coach: minutes, notes, the console, the exercise step by step, the debrief questions.

    A role-play run in rounds in this format takes its minutes and steps from the run sheet's rows.
    """
    t = lambda key, **values: workshop.t(key, language, **values)
    label = lambda key, **values: workshop.guide.labels[key][language].format(**values)
    ref = workshop.module_ref(module_id)
    told = module_notes(workshop, sheet, module_id, language)
    entry = next(e for e in sheet.format.schedule if e.module == module_id)
    exercise = entry.roleplay_minutes if entry.roleplay_minutes is not None else ref.exercise_minutes
    minutes = t("guide.module_minutes", teach=ref.teach_minutes, exercise=exercise)
    parts = [Section(t("guide.notes"), tuple(Paragraph(p) for p in told.notes))]
    if ref.kind == "follow-through":  # a session weeks later: what everyone brings along
        brought = tuple(Item(thing[language]) for thing in workshop.follow_through.session.bring)
        parts.insert(0, Section(t("guide.bring"), (Bullets(brought),)))
    slots = [slot for slot in sheet.slots if slot.module_id == module_id]
    if not sheet.format.self_paced:
        console = tuple(
            Paragraph(
                console_text(workshop, slot, language)
                if slot.kind == "module"
                else f"{slot.title} · " + console_text(workshop, slot, language)
            )
            for slot in slots
        )
        parts.append(Section(label("module_console"), console))
    if told.steps:
        parts.append(Section(t("guide.steps"), (Bullets(tuple(Item(step) for step in told.steps)),)))
    if told.debrief:
        parts.append(Section(t("guide.debrief"), (Bullets(tuple(Item(question) for question in told.debrief)),)))
    return Section(f"{workshop.module_title(module_id, language)} · {minutes}", subsections=tuple(parts))


def _round_step(workshop: Workshop, slot: Slot, entry, language: str) -> str:
    """One role-play round as a step: its minutes, who plays which role, the conversation and the changeover."""
    who = slot.detail.rsplit(" · ", 1)[0]  # "A: asks · B: contact · C: observes", as on the run sheet
    text = workshop.guide.labels["round_step"][language].format(
        number=slot.round, who=who, minutes=entry.round_minutes, changeover=entry.changeover_minutes
    )
    return f"{workshop.t('agenda.minutes', language, minutes=slot.minutes)}: {text}"

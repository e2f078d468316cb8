"""The facilitator's run sheets and the README's module table, both made from ``exercises/workshop.yaml``.

A run sheet gives every part of a format its clock time from a start time the coach chooses: arrival and
setup, each module (teaching, exercise, sharing in groups), breaks, the role-play rounds with who plays
which role, and the buffer. It adds up to the format's length exactly; ``coffeechat check`` refuses a
format that does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from coffeechat.content import ScheduleEntry, Workshop, WorkshopFormat
from coffeechat.room.model import role

DEFAULT_START = dt.time(9, 0)
#: the people of a role-play group as the run sheet names them
PEOPLE = ("A", "B", "C")


@dataclass(frozen=True)
class Slot:
    """One row of a run sheet: when it starts (minutes from the start), how long, what, and how it runs.

    ``timers`` are the shared timer's lengths for the row, in the order the coach starts them (an exercise
    then its sharing; a round's conversation then its changeover; a debrief; a break): the console offers
    them as presets and the guide names them. ``round`` numbers a role-play round (1 for the first).
    """

    start: int
    minutes: int
    kind: Literal["arrival", "module", "round", "debrief", "break", "buffer"]
    title: str
    detail: str = ""
    module_id: str | None = None
    timers: tuple[int, ...] = ()
    round: int | None = None


@dataclass(frozen=True)
class RunSheet:
    format: WorkshopFormat
    slots: tuple[Slot, ...]
    start: dt.time | None

    @property
    def total_minutes(self) -> int:
        return sum(slot.minutes for slot in self.slots)

    def clock(self, minutes_from_start: int) -> str:
        """``09:35`` for a clock format; ``0:35`` (hours:minutes from the start) for a self-paced one."""
        if self.start is None:
            return f"{minutes_from_start // 60}:{minutes_from_start % 60:02d}"
        moment = dt.datetime.combine(dt.date(2000, 1, 1), self.start) + dt.timedelta(minutes=minutes_from_start)
        return moment.strftime("%H:%M")


def run_sheet(workshop: Workshop, format_id: str, language: str, start: dt.time | None = DEFAULT_START) -> RunSheet:
    """The run sheet of a format, with clock times from ``start`` (none for a self-paced format)."""
    fmt = workshop.workshop_format(format_id)
    t = lambda key, **values: workshop.t(key, language, **values)
    slots: list[Slot] = []

    def add(minutes: int, kind, title: str, detail: str = "", module_id: str | None = None, **more) -> None:
        begin = slots[-1].start + slots[-1].minutes if slots else 0
        slots.append(Slot(begin, minutes, kind, title, detail, module_id, **more))

    if fmt.arrival_minutes:
        # a session without the welcome is one people come back to (two weeks later): they open their own code
        returning = all(entry.module != "welcome" for entry in fmt.schedule)
        detail = t("agenda.arrival_detail_returning" if returning else "agenda.arrival_detail")
        add(fmt.arrival_minutes, "arrival", t("agenda.arrival"), detail)
    for entry in fmt.schedule:
        if entry.pause:
            add(entry.pause, "break", t("agenda.break"), timers=(entry.pause,))
        elif entry.rounds is not None:
            _roleplay_slots(workshop, entry, language, add)
        else:
            ref = workshop.module_ref(_module_of(entry))
            parts = [t("agenda.teach", minutes=ref.teach_minutes), t("agenda.exercise", minutes=ref.exercise_minutes)]
            if entry.share_minutes:
                group = t(f"agenda.group.{entry.group_size}")
                parts.append(t("agenda.share", minutes=entry.share_minutes, group=group))
            minutes = ref.minutes + entry.share_minutes
            timers = tuple(m for m in (ref.exercise_minutes, entry.share_minutes) if m)
            title = workshop.module_title(ref.id, language)
            add(minutes, "module", title, " · ".join(parts), ref.id, timers=timers)
            if entry.debrief_minutes:
                add(
                    entry.debrief_minutes,
                    "debrief",
                    t("agenda.debrief"),
                    title,
                    ref.id,
                    timers=(entry.debrief_minutes,),
                )
    if fmt.buffer_minutes:
        add(fmt.buffer_minutes, "buffer", t("agenda.buffer"))
    return RunSheet(fmt, tuple(slots), None if fmt.self_paced else start)


def _module_of(entry: ScheduleEntry) -> str:
    """The module of an entry that is not a break (the content's schema lets no entry have neither)."""
    if entry.module is None:
        raise ValueError("a schedule entry is a module or a break")
    return entry.module


def _roleplay_slots(workshop: Workshop, entry: ScheduleEntry, language: str, add) -> None:
    """The role-play in rounds: an introduction, each round with who plays which role, then the debrief."""
    t = lambda key, **values: workshop.t(key, language, **values)
    ref = workshop.module_ref(_module_of(entry))
    title = workshop.module_title(ref.id, language)
    add(
        ref.teach_minutes,
        "module",
        title,
        t("agenda.roleplay_intro", groups=t(f"agenda.groups.{entry.group_size}")),
        ref.id,
    )
    people = PEOPLE[: entry.group_size]
    for number in range(1, (entry.rounds or 0) + 1):
        # the roles as the room assigns them (coffeechat.room.model.role), so the run sheet and every page agree
        who = " · ".join(
            f"{person}: {t(f'agenda.role.{role(position, number, len(people))}')}"
            for position, person in enumerate(people)
        )
        detail = t("agenda.round_detail", minutes=entry.round_minutes, changeover=entry.changeover_minutes)
        add(
            entry.round_minutes + entry.changeover_minutes,
            "round",
            t("roleplay.round", number=number),
            f"{who} · {detail}",
            ref.id,
            timers=tuple(m for m in (entry.round_minutes, entry.changeover_minutes) if m),
            round=number,
        )
    if entry.debrief_minutes:
        add(entry.debrief_minutes, "debrief", t("agenda.debrief"), title, ref.id, timers=(entry.debrief_minutes,))


def run_sheet_text(workshop: Workshop, sheet: RunSheet, language: str) -> str:
    """The run sheet as plain text: a heading, one line per slot, the end, and the format's notes."""
    t = lambda key, **values: workshop.t(key, language, **values)
    fmt = sheet.format
    when = "" if sheet.start is None else f" · {sheet.clock(0)}–{sheet.clock(sheet.total_minutes)}"
    lines = [f"{fmt.title[language]} · {t('agenda.minutes', minutes=sheet.total_minutes)}{when}"]
    for slot in sheet.slots:
        detail = f" ({slot.detail})" if slot.detail else ""
        lines.append(
            f"{sheet.clock(slot.start):>5}  {t('agenda.minutes', minutes=slot.minutes):>8}  {slot.title}{detail}"
        )
    lines.append(f"{sheet.clock(sheet.total_minutes):>5}  {'':>8}  {t('agenda.end')}")
    lines += ["", fmt.notes[language]]
    return "\n".join(lines)


def agenda_text(
    workshop: Workshop, format_id: str | None = None, language: str = "de", start: dt.time | None = DEFAULT_START
) -> str:
    """The run sheet of a format as text; without a format, the modules with their minutes."""
    if format_id:
        return run_sheet_text(workshop, run_sheet(workshop, format_id, language, start), language)
    t = lambda key, **values: workshop.t(key, language, **values)
    rows = [
        f"{t('agenda.minutes', minutes=ref.minutes):>8}  {workshop.module_title(ref.id, language)}"
        for ref in workshop.manifest.modules
    ]
    total = sum(ref.minutes for ref in workshop.manifest.modules)
    return "\n".join([workshop.manifest.title[language], *rows, f"{t('agenda.minutes', minutes=total):>8}"])


def module_table(workshop: Workshop) -> str:
    """A Markdown table of the modules: German and English title, teaching and exercise minutes."""
    lines = [
        "| # | Modul (de) | Module (en) | teach | exercise | total |",
        "|---|---|---|---:|---:|---:|",
    ]
    for number, ref in enumerate(workshop.manifest.modules):
        de, en = (workshop.module_title(ref.id, lang) for lang in ("de", "en"))
        lines.append(
            f"| {number} | {de} | {en} | {ref.teach_minutes} min | {ref.exercise_minutes} min | {ref.minutes} min |"
        )
    total = sum(ref.minutes for ref in workshop.manifest.modules)
    lines.append(f"|   | **Summe** | **Total** |  |  | **{total} min** |")
    return "\n".join(lines)


def format_table(workshop: Workshop) -> str:
    """A Markdown table of the formats: title, length, and the modules each runs."""
    lines = ["| format | title | minutes | modules |", "|---|---|---:|---|"]
    for fmt in workshop.manifest.formats:
        length = f"{fmt.minutes} min" + (", own pace" if fmt.self_paced else "")
        modules = ", ".join(fmt.modules)
        lines.append(f"| `{fmt.id}` | {fmt.title['en']} | {length} | {modules} |")
    return "\n".join(lines)

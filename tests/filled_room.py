"""A room as a coach leaves it at the end of a session, made straight in the journal: members with ratings before
and after, modules done, commitments with dates, word-wall answers, feedback, and the coach's moves. The session
report's tests and ``benchmarks/bench_report.py`` share it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coffeechat.content import Workshop
from coffeechat.models import keys
from coffeechat.room.live import Console, Membership
from coffeechat.storage.journal import Journal

#: what the identifying-data tests look for: a name in a commitment, a comment the coach never approved
SECRET_NAME = "Ottilie Zwirnemann"
SECRET_COMMENT = "Unfreigegeben: Frau Zwirnemann war unhöflich"
APPROVED_COMMENT = "Die Rollenspiele haben mir am meisten geholfen."


@dataclass
class FilledRoom:
    room_id: str
    codes: list[str]
    members: list[Membership]


def fill_room(workshop: Workshop, journal: Journal, coach: Console, people: int = 6, end: bool = True) -> FilledRoom:
    """A room of ``people`` participants; the first one's commitment names :data:`SECRET_NAME`, the second one's
    comment (:data:`SECRET_COMMENT`) waits unapproved, the third one's (:data:`APPROVED_COMMENT`) is approved."""
    room_id = coach.start_room("Netzwerken ohne Angst", dt.date(2026, 12, 7))
    fears = [fear.id for fear in workshop.fears]
    modules = workshop.module_ids
    coach.follow(modules[0])
    coach.timer_start(5)
    coach.ask("Ein Wort für Ihren Mut heute?")
    codes, members = [], []
    for index in range(people):
        code = journal.create_participant("de")
        member = Membership(journal, code)
        member.refresh()
        for number, fear_id in enumerate(fears):
            journal.save(code, keys.rating("welcome", fear_id), (index + number * 2) % 11)
            journal.save(code, keys.rating("wrapup", fear_id), max(0, (index + number * 2) % 11 - 3))
        for module_id in modules[: 2 + index % (len(modules) - 1)]:
            journal.save(code, keys.progress(module_id), True)
        journal.save(code, keys.commitment("who"), SECRET_NAME if index == 0 else f"Kontakt {index}")
        journal.save(code, keys.commitment("due"), (dt.date(2026, 12, 8) + dt.timedelta(days=4 * index)).isoformat())
        member.answer(["Mut", "Neugier", "Ruhe", "Zuversicht", "Geduld", "Lust"][index % 6])
        comment = {1: SECRET_COMMENT, 2: APPROVED_COMMENT}.get(index, "")
        member.give_feedback(3 + index % 3, comment)
        codes.append(code)
        members.append(member)
    coach.approve_waiting()
    coach.reveal(True)
    for entry in coach.feedback():
        if entry.comment == APPROVED_COMMENT:
            coach.moderate_feedback(entry.entry_id, approved=True)
    coach.follow(modules[-1])
    if end:
        coach.end()
    return FilledRoom(room_id, codes, members)

"""Module kinds: does one table say, for every kind, which view, take-home section and summary serve it?"""

from __future__ import annotations

import inspect
import typing

from coffeechat import content
from coffeechat.content import kinds
from coffeechat.documents.export import Section
from coffeechat.room.summaries import ModuleSummary


def test_the_content_schema_accepts_exactly_the_kinds_of_the_table():
    field = content.ModuleRef.model_fields["kind"]
    assert set(typing.get_args(field.annotation)) == set(kinds.KINDS)


def test_every_kind_has_a_view_an_export_section_and_a_summary_of_one_shape(workshop, session):
    answers = session.answers()
    for ref in workshop.manifest.modules:
        kind = kinds.kind(ref.kind)
        view = kind.load("view")
        assert list(inspect.signature(view).parameters)[:3] == ["session", "module_id", "on_erased"]
        assert view(session, ref.id).widget is not None
        section = kind.load("export")(workshop, ref.id, answers, "de")
        assert isinstance(section, Section) and section.heading == workshop.module_title(ref.id, "de")
        summary = kind.load("summary")(workshop, ref.id, answers)
        assert isinstance(summary, ModuleSummary) and summary.done is False


def test_the_workshop_uses_every_kind_the_table_offers(workshop):
    assert {ref.kind for ref in workshop.manifest.modules} == set(kinds.KINDS)


def test_a_summary_never_carries_what_the_participant_wrote(workshop, session):
    secret = "Mein Geheimnis 🤫"
    for ref in workshop.manifest.modules:
        session.set(f"progress.{ref.id}", True)
    session.set("regret.reflection.worst", secret)
    session.set("wrapup.commit.who", secret)
    session.set("welcome.rating.regret", 7)
    for ref in workshop.manifest.modules:
        summary = kinds.kind(ref.kind).load("summary")(workshop, ref.id, session.answers())
        assert summary.done is True
        assert all(isinstance(value, int) for value in summary.figures.values())
        assert secret not in repr(summary)

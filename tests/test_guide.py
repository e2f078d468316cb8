"""Could a coach run tomorrow's workshop from the guide alone, in German or English?"""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat import cli
from coffeechat.content import load_workshop, paragraphs
from coffeechat.export import to_markdown
from coffeechat.guide import facilitator_guide
from coffeechat.pdf import document_pdf

from .readback import markdown_text
from .test_printables import layout_problems, pdf_pages

WORKSHOP = load_workshop()
CASES = [(f.id, language) for f in WORKSHOP.manifest.formats for language in WORKSHOP.languages]


@pytest.mark.parametrize(("format_id", "language"), CASES)
def test_the_guide_has_the_run_sheet_and_every_note_and_debrief_question_of_its_modules(format_id, language):
    document = facilitator_guide(WORKSHOP, format_id, language, dt.time(9, 0))
    text = " ".join(pdf_pages(document_pdf(document)))
    fmt = WORKSHOP.workshop_format(format_id)
    for module_id in fmt.modules:
        facilitator = WORKSHOP.facilitator(module_id)
        for paragraph in paragraphs(facilitator.notes[language]):
            assert " ".join(paragraph.split()) in text, (module_id, paragraph[:40])
        for question in facilitator.debrief_questions:
            assert question[language] in text
        for goal in facilitator.goals:
            assert " ".join(goal[language].split()) in text
        for step in facilitator.steps:
            assert " ".join(step.text[language].split()) in text
    if not fmt.self_paced:
        assert "09:00" in text
    assert WORKSHOP.t("agenda.end", language) in text
    assert layout_problems(document) == []


@pytest.mark.parametrize("language", WORKSHOP.languages)
def test_the_guide_covers_materials_room_technology_privacy_for_each_way_of_use_and_online(language):
    markdown = markdown_text(to_markdown(facilitator_guide(WORKSHOP, "half-day", language)))  # as a reader sees it
    guide = WORKSHOP.guide
    for group in guide.checklist:
        assert group.title[language] in markdown
        assert all(item[language] in markdown for item in group.items)
    for way in guide.ways:
        assert way.title[language] in markdown and way.where[language] in markdown and way.say[language] in markdown
    assert guide.online_intro[language] in markdown
    assert all(step[language] in markdown for step in guide.online_steps)
    projector = {"de": "Beamer", "en": "projector"}[language]
    assert projector in markdown and ("QR" in markdown)


def test_the_guide_command_writes_pdf_and_markdown(tmp_path, capsys):
    assert (
        cli.main(["guide", "--format", "taster", "--language", "de", "--start", "12:15", "--out", str(tmp_path)]) == 0
    )
    pdf, markdown = tmp_path / "leitfaden-taster-de.pdf", tmp_path / "leitfaden-taster-de.md"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "| 12:15 |" in markdown.read_text(encoding="utf-8")
    assert str(pdf) in capsys.readouterr().out


def test_the_guide_refuses_an_unknown_format_with_the_known_ones(capsys):
    assert cli.main(["guide", "--format", "full-day"]) == 2
    assert "half-day" in capsys.readouterr().err

"""The PDFs a participant takes home: the one-page pocket card and the take-home, searchable, in their words."""

from __future__ import annotations

import io

import pypdf

from coffeechat.builder import PlanEdits, build_plan
from coffeechat.export import Bullets, Document, Item, Section, plan_document, take_home_with_chart
from coffeechat.pdf import document_pdf, pocket_card_pdf, printable

from .conftest import REQUEST


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")


def test_pocket_card_is_one_page_with_the_participants_own_question(workshop):
    edits = PlanEdits().add_own("Wie gehen Sie mit Bürgerbeteiligung um – ärgerlich oder großartig?", "day-to-day")
    plan = build_plan(workshop.bank, REQUEST, edits)
    pages, text = pdf_text(pocket_card_pdf(plan_document(workshop, plan, "de")))
    assert pages == 1
    assert "Bürgerbeteiligung" in text and "Frau Ölmez" in text
    assert workshop.t("builder.plan_title", "de") in text


def test_a_long_plan_still_fits_on_one_page(workshop):
    edits = PlanEdits()
    for number in range(12):
        edits = edits.add_own(f"Eine sehr ausführliche eigene Frage Nummer {number} " + "mit Überlänge " * 20, "advice")
    plan = build_plan(workshop.bank, REQUEST.model_copy(update={"minutes": 45}), edits)
    pages, text = pdf_text(pocket_card_pdf(plan_document(workshop, plan, "en")))
    assert pages == 1
    assert "Nummer 11" in text


def test_take_home_pdf_has_the_chart_and_the_participants_own_words(workshop, finished_answers):
    answers = finished_answers
    pdf = document_pdf(take_home_with_chart(workshop, answers, "de", "25.11.2026"))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert "Frau Öztürk schreiben" in text and ":slightly smiling face:" in text
    assert "Jörg Übel" in text
    assert reader.metadata.title == workshop.t("wrapup.take_home_title", "de")
    first_page = reader.pages[0].extract_text()
    chart_title = workshop.t("wrapup.chart_title", "de")
    assert chart_title in first_page, "the before/after chart is on the first page, its text set as text"
    assert workshop.t("wrapup.before", "de") in first_page and workshop.t("wrapup.after", "de") in first_page


def test_participant_text_is_set_as_text_never_as_markup():
    hostile = "<b>fett</b> & <font size=40>groß</font> <br/> Kaffee kostet $5, das Mittagessen $12"
    document = Document("Titel", sections=(Section("Abschnitt", (Bullets((Item(hostile),)),)),))
    _, text = pdf_text(document_pdf(document))
    assert "<b>fett</b> & <font size=40>groß</font> <br/>" in text
    assert "Kaffee kostet $5, das Mittagessen $12" in text


def test_emoji_the_pdf_font_lacks_are_spelled_out_not_dropped():
    assert printable("Ärger 🙂") == "Ärger :slightly smiling face:"
    assert printable("straße – „gut“") == "straße – „gut“"

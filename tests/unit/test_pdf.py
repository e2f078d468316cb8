"""The PDFs a participant takes home: the one-page pocket card and the take-home, searchable, in their words."""

from __future__ import annotations

import io

import pypdf

from coffeechat.documents.export import Bullets, Document, Item, Section, plan_document, take_home_with_chart
from coffeechat.documents.pdf import (
    REPORTLAB_TO_UNICODE_CMAP,
    _fonts,
    _to_unicode_cmap,
    document_pdf,
    pocket_card_pdf,
    printable,
)
from coffeechat.models.builder import PlanEdits, build_plan
from tests.conftest import REQUEST


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
    assert "Frau Öztürk schreiben, trotz Bauchgrummeln 🙂" in text and "slightly smiling" not in text
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


#: emoji as participants type them: plain, with a skin tone, joined, a flag, with a variation selector, a keycap
EMOJI = ("🙂", "👍🏽", "👩\u200d💻", "🇩🇪", "❤️", "1️⃣", "☕", "🫨")


def test_does_an_emoji_in_a_participants_text_stay_that_emoji_in_the_pdf():
    """The walk: 🙂 came out as ':slightly smiling face:'. Now it is drawn from an emoji font and copied out as 🙂."""
    text = "Danke " + " ".join(EMOJI) + " – bis bald"
    document = Document("Titel 🙂", sections=(Section("Abschnitt 👍", (Bullets((Item(text),)),)),))
    reader = pypdf.PdfReader(io.BytesIO(document_pdf(document)))
    page = reader.pages[0]
    extracted = page.extract_text()
    assert text in extracted.replace("\n", " ") and "Abschnitt 👍" in extracted
    assert ":" not in extracted, "no character spelled out"
    fonts = {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any("NotoEmoji" in name for name in fonts), f"drawn from the emoji font, not as a box: {fonts}"
    emoji_font = _fonts().emoji
    assert all(ord(char) in emoji_font for char in "".join(EMOJI)), "the emoji font has a glyph for every one"
    assert reader.metadata.title == "Titel 🙂"


def test_does_the_pocket_card_keep_an_emoji_in_an_own_question(workshop):
    edits = PlanEdits().add_own("Was hat Sie zuletzt zum Lachen gebracht? 😄", "culture")
    plan = build_plan(workshop.bank, REQUEST, edits)
    _, text = pdf_text(pocket_card_pdf(plan_document(workshop, plan, "de")))
    assert "Was hat Sie zuletzt zum Lachen gebracht? 😄" in text


def test_is_a_character_neither_font_can_draw_spelled_out_not_dropped():
    document = Document("Titel", sections=(Section("Abschnitt", (Bullets((Item("Kaffee 中 und 🙂"),)),)),))
    _, text = pdf_text(document_pdf(document))
    assert "Kaffee :cjk unified ideograph-4e2d: und 🙂" in text
    assert printable("straße – „gut“") == "straße – „gut“"
    assert printable("Ärger 🙂") == "Ärger :slightly smiling face:", "only in the chart's labels, set in one font"


def test_fence_does_reportlab_still_write_a_character_beyond_uffff_into_tounicode_as_one_code():
    """Upstream fence: when this fails, ReportLab writes UTF-16 itself; drop ``pdf._to_unicode_cmap``."""
    assert "<00> <1F642>" in REPORTLAB_TO_UNICODE_CMAP("F", [0x1F642])
    fixed = _to_unicode_cmap("F", [0x41, 0x1F642])
    assert "<00> <0041>" in fixed and "<01> <D83DDE42>" in fixed

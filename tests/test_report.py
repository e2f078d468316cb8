"""The take-home plan: readable Markdown and a one-page PDF pocket card with the participant's own words."""

from __future__ import annotations

import io

import pypdf

from coffeechat.builder import PlanEdits, PlanRequest, build_plan
from coffeechat.report import plan_markdown, plan_pdf, plan_text

REQUEST = PlanRequest(contact_name="Frau Ölmez", contact_role="Stadtplanerin", field="Verkehrswende",
                      relationship="alumni", goals=("understand-role", "get-in"), minutes=30)


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")


def test_markdown_plan_has_every_part_and_the_questions(workshop):
    plan = build_plan(workshop.bank, REQUEST)
    markdown = plan_markdown(workshop, plan, "de")
    for key in ("builder.opening", "builder.closing", "builder.follow_up"):
        assert workshop.t(key, "de") in markdown
    for question in plan.questions:
        assert question.text(workshop.bank, "de") in markdown
    assert "Frau Ölmez" in markdown


def test_pocket_card_is_one_page_with_the_participants_own_question(workshop):
    edits = PlanEdits().add_own("Wie gehen Sie mit Bürgerbeteiligung um – ärgerlich oder großartig?", "day-to-day")
    plan = build_plan(workshop.bank, REQUEST, edits)
    pages, text = pdf_text(plan_pdf(workshop, plan, "de"))
    assert pages == 1
    assert "Bürgerbeteiligung" in text and "Frau Ölmez" in text
    assert workshop.t("builder.plan_title", "de") in text


def test_a_long_plan_still_fits_on_one_page(workshop):
    edits = PlanEdits()
    for number in range(12):
        edits = edits.add_own(f"Eine sehr ausführliche eigene Frage Nummer {number} " + "mit Überlänge " * 20, "advice")
    plan = build_plan(workshop.bank, REQUEST.model_copy(update={"minutes": 45}), edits)
    pages, text = pdf_text(plan_pdf(workshop, plan, "en"))
    assert pages == 1
    assert "Nummer 11" in text


def test_plan_text_is_in_the_chosen_language(workshop):
    plan = build_plan(workshop.bank, REQUEST)
    english = plan_text(workshop, plan, "en")
    assert workshop.t("builder.plan_title", "en") in english
    assert workshop.t("builder.plan_title", "de") not in english


def test_take_home_pdf_has_the_chart_and_the_participants_own_words(workshop):
    from coffeechat.report import take_home_markdown, take_home_pdf

    answers = {
        "welcome.rating.regret": 8, "wrapup.rating.regret": 3,
        "regret.next_step.action": "Frau Öztürk schreiben, trotz Bauchgrummeln 🙂",
        "wrapup.commit.who": "Jörg Übel", "wrapup.commit.due": "2026-12-04", "wrapup.commit.channel": "email",
        "builder.request": REQUEST.model_dump(mode="json"),
    }
    markdown = take_home_markdown(workshop, answers, "de")
    assert "Frau Öztürk schreiben, trotz Bauchgrummeln 🙂" in markdown
    assert "| 8 | 3 |" in markdown
    pdf = take_home_pdf(workshop, answers, "de", "2026-11-25")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert "Frau Öztürk schreiben" in text and ":slightly smiling face:" in text
    assert "Jörg Übel" in text
    assert any(page.images for page in reader.pages[:1]), "the before/after chart is on the first page"


def test_emoji_the_pdf_font_lacks_are_spelled_out_not_dropped():
    from coffeechat.report import printable

    assert printable("Ärger 🙂") == "Ärger :slightly smiling face:"
    assert printable("straße – „gut“") == "straße – „gut“"


def test_tables_in_the_pdf_keep_their_header_apart_from_the_rows():
    from coffeechat.report import markdown_sections

    title, sections = markdown_sections("# T\n\n## A\n\n| Angst | vorher |\n|---|---:|\n| „Bereuen“ | 8 |\n\ntext\n")
    assert title == "T"
    assert sections[0].lines == ("Angst · vorher", "• „Bereuen“ · 8", "text")

"""Can a coach print the whole workshop for a room without laptops, in both languages?"""

from __future__ import annotations

import io
import itertools
import math

import pypdf
import pytest

from coffeechat import cli
from coffeechat.content import load_workshop
from coffeechat.documents import pdf
from coffeechat.documents.export import Blank, Document, Paragraph, Section, to_markdown
from coffeechat.documents.pdf import cards_pdf, document_pdf, page_layout
from coffeechat.documents.printables import observer_sheet, persona_cards, plan_template, question_bank, workbook

WORKSHOP = load_workshop()
LANGUAGES = WORKSHOP.languages


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, with whitespace normalised (a label may wrap over two lines)."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def every_prompt(language: str) -> list[str]:
    """Every prompt a participant answers in the app: reflection, exercise fields, next steps, ratings."""
    labels = []
    for fear in WORKSHOP.fears:
        labels += [prompt.label[language] for prompt in (*fear.reflection, *fear.exercise.fields)]
        labels += [fear.next_step.label[language], fear.exercise.title[language]]
    return labels


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_prompt_appears_in_the_workbook_with_room_to_answer(language):
    document = workbook(WORKSHOP, language)
    text = " ".join(pdf_pages(document_pdf(document)))
    markdown = to_markdown(document)
    for label in every_prompt(language):
        assert " ".join(label.split()) in text, label
        assert label in markdown, label
    for fear in WORKSHOP.fears:
        assert fear.title[language] in text and fear.reframe[language].split("\n")[0][:60] in text


def layout_problems(document) -> list[str]:
    """Prompts split from their answer space, and headings left alone at the foot of a page."""
    placed = page_layout(document)
    problems = []
    blanks: dict[int, set[int]] = {}
    for part in placed:
        if part.blank is not None:
            blanks.setdefault(part.blank, set()).add(part.page)
    problems += [f"prompt {number} spans pages {pages}" for number, pages in blanks.items() if len(pages) > 1]
    for here, following in itertools.pairwise(placed):
        if here.heading and here.text and following.page != here.page:
            problems.append(f"{here.text!r} ends page {here.page}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("make", [workbook, plan_template, observer_sheet])
def test_no_page_break_splits_a_prompt_from_its_answer_space_or_a_heading_from_its_text(make, language):
    document = make(WORKSHOP, language)
    assert sum(1 for p in page_layout(document) if p.blank is not None) > 0
    assert layout_problems(document) == []


def pages_of_prompts_after_filler() -> list:
    """Documents where a heading and its prompt fall at every height of the first page's foot."""
    filler = "Ein Absatz, der die Seite füllt, bis die Überschrift ganz unten steht. " * 3
    return [
        Document(
            "Titel",
            sections=(
                Section("Text", tuple(Paragraph(filler) for _ in range(count))),
                Section("Ihr nächster Schritt", (Blank("Welchen Schritt gehen Sie?", lines=4),)),
            ),
        )
        for count in range(5, 40)
    ]


def test_a_heading_never_ends_a_page_and_the_check_would_see_it(monkeypatch):
    """ReportLab's keepWithNext does not reach into a prompt kept together with its space: the heading
    "Ihr nächster Schritt" ended a page of the workbook until headings joined the prompt after them."""
    documents = pages_of_prompts_after_filler()
    assert all(layout_problems(document) == [] for document in documents)
    monkeypatch.setattr(pdf, "_keep_headings_with_answers", lambda story: story)
    assert any("'Ihr nächster Schritt' ends page" in " ".join(layout_problems(d)) for d in documents)


def test_each_fear_starts_on_a_page_of_its_own():
    pages = pdf_pages(document_pdf(workbook(WORKSHOP, "de")))
    for fear in WORKSHOP.fears:
        starting = [n for n, page in enumerate(pages) if page.startswith(fear.title["de"])]
        assert len(starting) == 1, fear.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_workbook_keeps_umlauts_and_typographic_quotes_as_searchable_text(language):
    text = " ".join(pdf_pages(document_pdf(workbook(WORKSHOP, language))))
    if language == "de":
        assert "„Ich bin noch nicht bereit.“" in text and "Übung" in text and "ß" in text
    else:
        assert "“I’m not ready yet.”" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_persona_cards_one_per_card_two_to_a_page(language):
    cards = persona_cards(WORKSHOP, language)
    pages = pdf_pages(cards_pdf("Karten", cards))
    assert len(pages) == math.ceil(len(cards) / 2)
    for index, persona in enumerate(WORKSHOP.role_cards.personas):
        page = pages[index // 2]
        assert persona.name[language] in page
        assert " ".join(persona.facts[0][language].split()) in page, "the whole card, not cut off"
        assert all(persona.name[language] not in other for n, other in enumerate(pages) if n != index // 2)


def test_the_cards_carry_cut_marks_at_every_corner():
    data = cards_pdf("Karten", persona_cards(WORKSHOP, "de")[:2])
    content = pypdf.PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("latin-1")
    assert content.count(" l\n") + content.count(" l S") >= 16, "two strokes at each of 4 corners of 2 cards"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_question_bank_prints_every_question_by_family(language):
    text = " ".join(pdf_pages(document_pdf(question_bank(WORKSHOP, language))))
    for family in WORKSHOP.bank.families:
        assert family.label[language] in text
    for question in WORKSHOP.bank.questions:
        assert " ".join(question.text[language].split()) in text, question.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_observer_sheet_and_plan_template_fit_on_paper(language):
    sheet = pdf_pages(document_pdf(observer_sheet(WORKSHOP, language)))
    assert len(sheet) == 1, "one round, one page"
    for item in WORKSHOP.role_cards.observer_checklist:
        assert item.label[language] in sheet[0]
    plan = " ".join(pdf_pages(document_pdf(plan_template(WORKSHOP, language))))
    assert all(line[language] in plan for line in WORKSHOP.bank.frame.closing)
    assert WORKSHOP.t("print.my_questions", language) in plan


def test_the_printables_command_writes_every_file_in_both_formats(tmp_path, capsys):
    assert cli.main(["printables", "--language", "en", "--out", str(tmp_path)]) == 0
    names = sorted(path.name for path in tmp_path.iterdir())
    for stem in ("workbook", "question-bank", "persona-cards", "observer-sheet", "plan-template"):
        assert f"{stem}-en.pdf" in names and f"{stem}-en.md" in names
    assert str(tmp_path / "workbook-en.pdf") in capsys.readouterr().out

"""Can a coach print the whole workshop for a room without laptops, in both languages?"""

from __future__ import annotations

import io
import itertools
import re

import pypdf
import pytest

from coffeechat import cli
from coffeechat.content import load_workshop
from coffeechat.documents import pdf
from coffeechat.documents.export import Blank, Document, Paragraph, Quote, Section, to_markdown
from coffeechat.documents.pdf import cards_pdf, document_pdf, page_layout
from coffeechat.documents.printables import (
    CUE_CHARS,
    answer_cue,
    every_printable,
    message_sheet,
    observer_sheet,
    persona_cards,
    plan_template,
    question_bank,
    workbook,
)

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


def text_heights(data: bytes) -> list[float]:
    """For each page, how far down its text goes, as a share of the page's height (0: empty, 1: to the edge)."""
    shares = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        lowest = [float(page.mediabox.height)]

        def seen(text, cm, tm, _font, _size, lowest=lowest):
            if text.strip():
                lowest.append(tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=seen)
        shares.append(1 - min(lowest) / float(page.mediabox.height))
    return shares


def test_each_fear_has_its_heading_once_and_no_page_holds_only_the_end_of_the_one_before():
    document = workbook(WORKSHOP, "de")
    layout = page_layout(document)
    heights = text_heights(document_pdf(document))
    for fear in WORKSHOP.fears:
        starts = [p for p in layout if p.heading and p.blank is None and p.text == fear.title["de"]]
        assert len(starts) == 1, fear.id
    assert all(height > 0.3 for height in heights[:-1]), [round(height, 2) for height in heights]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_printable_has_a_near_empty_page(language):
    """A fear's "Bis wann?" alone on a page, the question bank's last question alone: wasted paper."""
    for name, document in every_printable(WORKSHOP, language).items():
        data = cards_pdf("Karten", document) if isinstance(document, list) else document_pdf(document)
        heights = text_heights(data)
        assert all(height > 0.3 for height in heights[:-1]) and (len(heights) == 1 or heights[-1] > 0.2), (
            name,
            [round(height, 2) for height in heights],
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_workbook_keeps_umlauts_and_typographic_quotes_as_searchable_text(language):
    text = " ".join(pdf_pages(document_pdf(workbook(WORKSHOP, language))))
    if language == "de":
        assert "„Ich bin noch nicht bereit.“" in text and "Übung" in text and "ß" in text
    else:
        assert "“I’m not ready yet.”" in text


def smallest_text_size(data: bytes) -> float:
    """The smallest size in points any text of the PDF is drawn at, scaling included."""
    sizes = []

    def seen(text, cm, tm, _font, size):
        if text.strip():
            sizes.append(size * abs(tm[3]) * abs(cm[3]))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=seen)
    return min(sizes)


@pytest.mark.parametrize("language", LANGUAGES)
def test_persona_cards_one_whole_card_per_page_readable_across_a_table(language):
    cards = persona_cards(WORKSHOP, language)
    data = cards_pdf("Karten", cards)
    pages = pdf_pages(data)
    assert len(pages) == len(cards), "each card on a page of its own, none going on over the next"
    for page, persona in zip(pages, WORKSHOP.role_cards.personas, strict=True):
        assert persona.name[language] in page
        assert " ".join(persona.reactions[-1].text[language].split())[-30:] in " ".join(page.split()), "whole"
    assert smallest_text_size(data) >= 9.5, "issue 30: persona cards at 9.5 pt or larger"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_persona_card_gives_an_answer_cue_for_every_question_family(language):
    for card, persona in zip(persona_cards(WORKSHOP, language), WORKSHOP.role_cards.personas, strict=True):
        cues = next(s for s in card.sections if s.heading == WORKSHOP.t("print.answer_cues", language))
        texts = [item.text for item in cues.blocks[0].items]
        assert [text.split(": ", 1)[0] for text in texts] == [f.label[language] for f in WORKSHOP.bank.families]
        assert all(len(text.split(": ", 1)[1]) <= CUE_CHARS + 2 for text in texts), persona.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_printed_card_says_its_content_note_before_anything_else(language):
    noted = [p for p in WORKSHOP.role_cards.personas if p.content_note]
    assert noted, "the youth-welfare card has a content note"
    for card, persona in zip(persona_cards(WORKSHOP, language), WORKSHOP.role_cards.personas, strict=True):
        first = card.sections[0]
        if persona.content_note:
            assert first.heading == WORKSHOP.t("roleplay.content_note", language)
            assert persona.content_note[language] in first.blocks[0].text
        else:
            assert first.heading == WORKSHOP.t("print.background", language)


def test_an_answer_cue_is_whole_sentences_never_cut_at_an_abbreviation():
    assert answer_cue("Ganz geradlinig war das nicht. Ich habe z. B. erst Soziologie studiert. Dann kam mehr.") == (
        "Ganz geradlinig war das nicht. Ich habe z. B. erst Soziologie studiert."
    )
    long = "Ich " + "arbeite sehr gern mit Menschen " * 10 + "zusammen."
    cue = answer_cue(long)
    assert cue.endswith(" …") and len(cue) <= CUE_CHARS + 2 and long.startswith(cue[:-2])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_message_sheet_prints_every_message_with_its_gaps_in_brackets(language):
    sheet = message_sheet(WORKSHOP, language)
    assert [s.heading for s in sheet.sections] == [k.label[language] for k in WORKSHOP.outreach.kinds]
    text = " ".join(pdf_pages(document_pdf(sheet)))
    assert "{" not in text and "}" not in text, "no raw placeholder"
    assert f"[{WORKSHOP.outreach.placeholder_labels['my_name'][language]}]" in text
    assert "20" in text, "the ask names its minutes"
    linkedin = next(c for c in WORKSHOP.outreach.channels if c.id == "linkedin")
    blocks = sheet.sections[0].blocks
    label = next(n for n, b in enumerate(blocks) if getattr(b, "text", "") == linkedin.label[language])
    note = next(b for b in blocks[label:] if isinstance(b, Quote))
    fixed = re.sub(r"\[[^\]]*\]", "", note.text)
    assert len(fixed) < linkedin.max_chars / 2, "half of the 200 characters left for what the participant fills in"
    email = next(c for c in WORKSHOP.outreach.channels if c.id == "email")
    assert text.count(" ".join(email.hint[language].split())[:40]) == 1, "each channel's advice once"


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
    for stem in ("workbook", "question-bank", "persona-cards", "observer-sheet", "plan-template", "message-templates"):
        assert f"{stem}-en.pdf" in names and f"{stem}-en.md" in names
    assert str(tmp_path / "workbook-en.pdf") in capsys.readouterr().out

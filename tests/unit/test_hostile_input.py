"""Hostile and awkward input through the real widgets in the kernel: is it saved exactly and returned
literally in every download, or refused with a clear message while nothing else is lost?

Each input goes into every kind of text field a participant has (a reflection, a list item, a next step,
the builder's contact and own question, a message draft, the thank-you note, a role-play debrief, a
follow-up question of the solo rehearsal, the commitment), then the take-home is made as Markdown (read
back by a CommonMark parser), plain text and PDF (read back by pypdf). Dates and numbers go through the
date pickers and sliders, past their ends.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pytest

from coffeechat.documents.export import take_home, take_home_with_chart, to_markdown, to_text
from coffeechat.documents.pdf import as_set, document_pdf
from coffeechat.models import keys
from coffeechat.models.answers import replace_unstorable
from coffeechat.models.dates import long_date
from coffeechat.models.reminders import has_calendar
from coffeechat.models.session import Session
from coffeechat.storage.journal import Journal
from coffeechat.views.builder import BuilderView
from coffeechat.views.fear import FearView
from coffeechat.views.roleplay import RolePlayView
from coffeechat.views.wrapup import WrapUpView
from tests.conftest import TEST_TODAY
from tests.readback import markdown_text, pdf_text

TEXTS = {
    "script-tag": "<script>alert('x')</script>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "svg-onload": '"><svg/onload=alert(1)>',
    "iframe": "<iframe src='javascript:alert(1)'></iframe>",
    "style-tag": "<style>body{display:none}</style>Text",
    "javascript-url": "javascript:alert(document.cookie)",
    "html-entities": "&lt;b&gt; &amp; &nbsp; &#x41; &copy;",
    "reportlab-markup": "<para><font color='red' size='40'>rot</font><br/><b>fett</b></para>",
    "cdata": "]]><![CDATA[x]]> <!-- Kommentar -->",
    "format-braces": "{name} {contact_name} {0} {{doppelt}} {code!r} {learned}",
    "percent-format": "%s %(name)s %d %%",
    "template-syntax": "{{ 7*7 }} {% for x in y %} ${user} #{1+1}",
    "markdown-emphasis": "**fett** __auch__ *kursiv* _kursiv_ ~~durch~~",
    "markdown-heading": "# Überschrift\n## zweite\n###### sechste",
    "markdown-lists": "- eins\n* zwei\n+ drei\n1. vier\n2) fünf",
    "markdown-quote-rule": "> Zitat\n---\n***\n===",
    "markdown-link-image": "[Link](https://example.invalid) ![Bild](x.png) <https://example.invalid>",
    "markdown-code": "`code` ```python\nprint(1)\n```",
    "markdown-table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "markdown-html-break": "Zeile<br>weiter<br/>und <b>weiter</b>",
    "markdown-indent": "    vier Leerzeichen\n\teine Tabulatur\nEnde  ",
    "latex-display": "$$\\begin{x} \\frac{a}{b} $$",
    "latex-inline-money": "Kaffee kostet $5, das Mittagessen $12",
    "backslashes": "C:\\Users\\name\\ und \\\\server\\ \\n \\t",
    "quotes": "„Deutsch“ ‚einfach‘ «Guillemets» \"ASCII\" 'single'",
    "sql": "'); DROP TABLE answers; --",
    "path": "../../../etc/passwd %00 ~/.ssh/id_rsa",
    "calendar-injection": "Frau Ölmez\r\nBEGIN:VEVENT\r\nSUMMARY:eingeschleust\r\nEND:VEVENT",
    "csv-formula": '=HYPERLINK("https://example.invalid","klick")',
    "json": '{"code": "ABCDE-FGHJK", "answers": [1, 2]}',
    "nul": "vor\x00nach",
    "control-characters": "a\x01b\x07c\x08d\x0be\x0cf\x1b[31mrot\x1b[0m",
    "carriage-returns": "eins\r\nzwei\rdrei\nvier",
    "rtl-override": "Rechnung\u202egnp.exe\u202c bezahlt",
    "bidi-isolates": "\u2067مرحبا\u2069 und \u2066שלום\u2069",
    "arabic-hebrew": "مرحبا بالعالم — שלום עולם",
    "cjk": "你好，世界。こんにちは 안녕하세요",
    "emoji-zwj-family": "👩‍👩‍👧‍👦 Familie",
    "emoji-flags-skin": "🏳️‍🌈 🇩🇪 👍🏽 ✌🏿",
    "emoji-only": "🙂🙂🙂",
    "combining-marks": "Z̴̡̛a̷͔͝l̸̰̈g̶̙̾o̵̢̓ e\u0301",
    "zero-width": "null\u200bbreite\u200c\u200dzeichen\ufeff",
    "line-separators": "eins\u2028zwei\u2029drei",
    "noncharacters": "a\ufffeb\uffffc",
    "lone-high-surrogate": "halb \ud83d Emoji",
    "lone-low-surrogate": "halb \ude42 Emoji",
    "reversed-surrogates": "\ude42\ud83d verdreht",
    "only-spaces": "   ",
    "surrounding-spaces": "   mit Rand   ",
    "long-words-line": "Wort " * 1000,
    "just-over-a-cell": "c" * (keys.CELL_CHARS + 1),
    "just-over-a-name": "N" * 121,
    "text-limit": "t" * keys.TEXT_CHARS,
    "just-over-the-text-limit": "t" * (keys.TEXT_CHARS + 1),
    "single-word-100k": "a" * 100_000,
    "one-megabyte": "Das ist viel Text. " * 55_189,
}


@dataclass(frozen=True)
class Field:
    """A text field of the app: where a participant types, what it saves under, its limit, its downloads."""

    name: str
    limit: int
    in_take_home: bool = True
    stripped: bool = False  # the app keeps the text without the spaces around it (an own question)
    blank_is_nothing: bool = False  # a blank item is no item


FIELDS = (
    Field("reflection", keys.TEXT_CHARS),
    Field("list-item", keys.CELL_CHARS, blank_is_nothing=True),
    Field("next-step", keys.TEXT_CHARS),
    Field("contact-name", 120),
    Field("own-question", keys.OWN_QUESTION_CHARS, stripped=True, blank_is_nothing=True),
    Field("message-draft", keys.MESSAGE_TEXT_CHARS),
    Field("thanks-learned", keys.MESSAGE_FIELD_CHARS, in_take_home=False),  # it goes into the draft, reworded
    Field("debrief", keys.TEXT_CHARS),
    Field("solo-follow-up", keys.FOLLOW_UP_CHARS),
    Field("solo-reaction-reply", keys.REACTION_REPLY_CHARS, in_take_home=False),  # shown in the debrief
    Field("commitment-who", keys.TEXT_CHARS),
)


class App:
    """One participant with every view open, typing through the widgets; remembers each status message."""

    def __init__(self, workshop, journal: Journal):
        self.session = Session(workshop, journal)
        self.session.start_new()
        self.journal = journal
        self.messages: list[tuple[str, str]] = []
        self.session.on_status(lambda kind, message: self.messages.append((kind, message)))
        self.fear = FearView(self.session, "not-ready")
        self.builder = BuilderView(self.session, "question-builder")
        self.roleplay = RolePlayView(self.session, "role-play", in_room=True)  # the group round, as in a room
        self.wrapup = WrapUpView(self.session, "wrap-up")
        self.session.set(keys.ROLEPLAY_MODE, "solo")  # the solo rehearsal, with one question asked
        self.solo = RolePlayView(self.session, "role-play").part
        for _ in range(3):  # the first persona asks back with its third answer
            self.solo.ask()
        fear = workshop.fear("not-ready")
        self.reflection_key = keys.reflection(fear.id, next(p.id for p in fear.reflection if p.kind == "text"))
        list_prompt = next(p for p in fear.exercise.fields if p.kind == "list")
        self.list_key = keys.exercise(fear.id, list_prompt.id)

    def type(self, field: str, text: str) -> None:
        """Type ``text`` into ``field`` as the participant would (through the widget's value)."""
        if field == "reflection":
            self.fear.fields[self.reflection_key].input.value = text
        elif field == "list-item":
            cell = next(
                node
                for node in _walk(self.fear.fields[self.list_key].widget)
                if hasattr(node, "value") and node.__class__.__name__ in ("Text", "Textarea")
            )
            cell.value = text
        elif field == "next-step":
            self.fear.next_step.action.value = text
        elif field == "contact-name":
            self.builder.inputs["contact_name"].value = text
        elif field == "own-question":
            self.builder.own_text.value = text
            self.builder._add_own()  # the "add" button's handler
        elif field == "message-draft":
            next(e for e in self.builder.editors if e.kind == "outreach").text.value = text
        elif field == "thanks-learned":
            next(n for n in _walk(self.builder.widget) if "cc-thanks-learned" in n._dom_classes).value = text
        elif field == "debrief":
            self.roleplay.part.debrief_fields["went-well"].input.value = text
        elif field == "solo-follow-up":
            next(n for n in _walk(self.solo.transcript) if "cc-solo-follow-up" in n._dom_classes).value = text
        elif field == "solo-reaction-reply":
            next(n for n in _walk(self.solo.transcript) if "cc-solo-reaction-reply" in n._dom_classes).value = text
        elif field == "commitment-who":
            self.wrapup.fields["who"].input.value = text

    def saved(self, field: str):
        """What the journal holds for ``field`` (None: nothing)."""
        answers = self.journal.load(self.session.code)
        if field == "reflection":
            return answers.get(self.reflection_key)
        if field == "list-item":
            items = answers.get(self.list_key) or []
            return items[0] if items else None
        if field == "next-step":
            return answers.get(keys.next_step("not-ready", "action"))
        if field == "contact-name":
            return (answers.get(keys.BUILDER_REQUEST) or {}).get("contact_name") or None
        if field == "own-question":
            own = (answers.get(keys.BUILDER_EDITS) or {}).get("own") or []
            return own[-1]["text"] if own else None
        if field == "message-draft":
            return answers.get(keys.message("outreach", "text"))
        if field == "thanks-learned":
            return answers.get(keys.THANKS_LEARNED)
        if field == "debrief":
            return answers.get(keys.round_answer(1, "went-well"))
        if field == "solo-follow-up":
            turns = answers.get(keys.SOLO_TURNS) or []
            return turns[0].get("follow_up") or None if turns else None
        if field == "solo-reaction-reply":
            turns = answers.get(keys.SOLO_TURNS) or []
            return turns[2].get("reaction_reply") or None if len(turns) > 2 else None
        return answers.get(keys.commitment("who"))


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def _no_space(text: str) -> str:
    return "".join(text.split())


def _blocks_text(text: str) -> str:
    """Text as a Markdown reader sees it: line breaks as typed, a blank line only between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n\s*\n", "\n", text)


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_is_hostile_text_saved_exactly_and_returned_literally_or_refused_clearly(text, workshop, journal):
    app = App(workshop, journal)
    app.type("reflection", "Vorher gespeichert")  # must survive whatever comes next
    expected: dict[str, str] = {}
    for field in FIELDS:
        before = app.saved(field.name)
        app.messages.clear()
        app.type(field.name, text)
        kind, message = app.messages[-1] if app.messages else ("", "")
        typed = text.strip() if field.stripped else text
        if len(typed) > field.limit:
            assert (kind, message) == (
                "rejected",
                app.session.t("field.too_long", limit=field.limit, length=len(typed)),
            ), f"{field.name}: the message names this field's own limit"
            assert app.saved(field.name) == before, f"{field.name}: nothing half-saved"
            continue
        if field.blank_is_nothing and not text.strip():
            continue
        want = replace_unstorable(typed)
        assert app.saved(field.name) == want, f"{field.name}: saved exactly (unstorable characters as U+FFFD)"
        if want != text and not field.stripped:
            assert message == app.session.t("field.replaced_characters"), f"{field.name}: the page says so"
        if field.in_take_home and want.strip():
            expected[field.name] = want
    if app.saved("reflection") != replace_unstorable(text):
        assert app.saved("reflection") == "Vorher gespeichert", "a refused text leaves the saved one alone"

    answers = app.session.answers()
    markdown = markdown_text(to_markdown(take_home(workshop, answers, "de")))
    plain = to_text(take_home(workshop, answers, "de"))
    pdf = _no_space(pdf_text(document_pdf(take_home_with_chart(workshop, answers, "de", "1. Dezember 2026"))))
    for field, want in expected.items():
        assert _blocks_text(want).strip() in markdown, f"{field}: the Markdown reads back literally"
        assert want.strip() in plain, f"{field}: the plain text holds it"
        in_pdf = _no_space(as_set(_lines(want)))
        if _right_to_left(want):
            # ReportLab sets text left to right, without bidi reordering: the letters are all there, in
            # the order a left-to-right reader sees them (a known limit, in docs/tutorials/participant-tour.md)
            assert Counter(in_pdf) <= Counter(pdf), f"{field}: every letter is in the PDF"
        else:
            assert in_pdf in pdf, f"{field}: the PDF holds it (emoji as emoji)"


DATES = {
    "end-of-calendar": dt.date(9999, 12, 31),
    "start-of-calendar": dt.date(1, 1, 1),
    "a-day-before-the-window": TEST_TODAY.replace(year=TEST_TODAY.year - 1) - dt.timedelta(days=1),
    "a-day-after-the-window": TEST_TODAY.replace(year=TEST_TODAY.year + 5) + dt.timedelta(days=1),
    "first-day-of-the-window": TEST_TODAY.replace(year=TEST_TODAY.year - 1),
    "last-day-of-the-window": TEST_TODAY.replace(year=TEST_TODAY.year + 5),
}


@pytest.mark.parametrize("day", DATES.values(), ids=DATES.keys())
def test_is_an_extreme_date_saved_only_inside_the_window_and_every_download_still_works(day, workshop, journal):
    app = App(workshop, journal)
    app.type("commitment-who", "Frau Ölmez")
    inside = TEST_TODAY.replace(year=TEST_TODAY.year - 1) <= day <= TEST_TODAY.replace(year=TEST_TODAY.year + 5)
    for name in ("due", "talk"):
        app.messages.clear()
        app.wrapup.fields[name].input.value = day
        saved = journal.load(app.session.code).get(keys.commitment(name))
        if inside and day >= TEST_TODAY:
            assert saved == day.isoformat()
        elif inside:  # the commitment plans ahead: a day already past is refused, naming it
            past = app.session.t("field.date_past", day=long_date(day, workshop, app.session.language))
            assert saved is None and app.messages[-1] == ("rejected", past)
        else:
            assert saved is None and app.messages[-1][0] == "rejected"
            assert app.messages[-1][1].startswith(app.session.t("field.date_out_of_range", earliest="", latest="")[:20])
    app.fear.next_step.due.value = day
    for kind in ("pdf", "md", "json"):
        assert app.wrapup.download(kind), f"the {kind} download works"
    dated = has_calendar(workshop, app.session.answers())
    assert app.wrapup.download("ics") == dated, "a calendar file when a day was saved, never an empty one"
    assert journal.load(app.session.code)[keys.commitment("who")] == "Frau Ölmez", "nothing else is lost"


NUMBERS = {
    "minutes-zero": ("minutes", 0),
    "minutes-past-the-end": ("minutes", 21),
    "minutes-huge": ("minutes", 99_999),
    "minutes-negative": ("minutes", -1),
    "rating-eleven": ("rating", 11),
    "rating-negative": ("rating", -3),
}


@pytest.mark.parametrize("where, number", NUMBERS.values(), ids=NUMBERS.keys())
def test_is_a_number_past_the_sliders_ends_refused_with_its_range(where, number, workshop, journal):
    """A visitor's script can widen a slider (its min and max are widget state) before sending a value."""
    app = App(workshop, journal)
    app.type("reflection", "bleibt")
    if where == "minutes":
        slider, key, low, high = app.roleplay.part.minutes, keys.ROLEPLAY_MINUTES, 1, 20
    else:
        slider, key, low, high = app.wrapup.sliders["regret"], keys.rating("wrapup", "regret"), 0, 10
    slider.max, slider.min = 1_000_000, -1_000_000
    app.messages.clear()
    slider.value = number
    assert app.messages[-1] == ("rejected", app.session.t("field.number_out_of_range", low=low, high=high))
    answers = journal.load(app.session.code)
    assert key not in answers and answers[app.reflection_key] == "bleibt"
    assert app.wrapup.download("pdf") and app.wrapup.download("md")


def test_are_there_at_least_fifty_hostile_inputs():
    assert len(TEXTS) + len(DATES) + len(NUMBERS) >= 50

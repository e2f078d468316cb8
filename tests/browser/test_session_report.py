"""The coach's session report, as issue 29's "Done when" asks: a room of five (one phone, four laptops) rates the
fears at the welcome and again at the wrap-up and gives feedback at the end, two with a comment; the coach
approves one comment and hides the other, makes the report with one click (a real download), ends and erases
the room. Is the zip whole (a PDF with the figures and the approved comment, never the hidden one; no code
anywhere), is it offered again after the erase, the same files, and is nothing of the participants left, on
their pages or in the journal?

Everything through the people-like harness (person.py); waits on what pages show or the journal holds.
"""

from __future__ import annotations

import io
import os
import sqlite3
import zipfile
from pathlib import Path
from statistics import mean

import pytest

from coffeechat.content import load_workshop, plural
from coffeechat.storage.journal import Journal
from tests.readback import pdf_text

from .conftest import LAPTOP, PHONE, Visitor, wait_saved
from .journey import FEAR_IDS, go_to, to_ratings, to_step
from .roomserver import RoomServer, coach_pages, open_the_room, wait_text
from .test_room_end import PAGE_TEXT

WORKSHOP = load_workshop()
READY_MS = 120_000
#: where to keep screenshots and the report for a person to look at (COFFEECHAT_SCREENSHOTS=folder)
SCREENSHOTS = Path(os.environ["COFFEECHAT_SCREENSHOTS"]) if os.environ.get("COFFEECHAT_SCREENSHOTS") else None
#: five people: a phone and four laptops, one of them in English; each one's feedback rating (mean 4.2)
PEOPLE = ((PHONE, "de", 5), (LAPTOP, "de", 4), (LAPTOP, "en", 4), (LAPTOP, "de", 3), (LAPTOP, "de", 5))
APPROVED = "Die Rollenspiele haben mir Mut gemacht."
#: a comment naming someone, which the coach hides: it may appear nowhere
HIDDEN = "Frau Zwirnemann aus dem Einkauf war unmöglich"
COMMENTS = {1: APPROVED, 3: HIDDEN}
#: how far each person drags a slider, by place in the room and fear (the handles start at 0)
PULLS = (60, 110, 160, 210)


def t(key: str, language: str = "de", **values) -> str:
    return WORKSHOP.t(key, language, **values)


def rate_every_fear(visitor: Visitor, prefix: str, shift: int) -> dict[str, int]:
    """Drag each fear's slider as a person does; the ratings the page then shows, by fear."""
    shown = {}
    for number, fear_id in enumerate(FEAR_IDS):
        readout = f".{prefix}-{fear_id}-value"
        visitor.person.drag_sideways(f".{prefix}-{fear_id} .noUi-handle", PULLS[(number + shift) % len(PULLS)])
        visitor.page.wait_for_function("(s) => Number(document.querySelector(s).textContent) > 0", arg=readout)
        shown[fear_id] = int(visitor.page.inner_text(readout))
    return shown


def give_feedback(visitor: Visitor, language: str, rating: int, comment: str) -> None:
    """At the end of the wrap-up: a rating chip, and a comment if there is one, sent."""
    label = t(f"feedback.rating.{rating}", language)
    visitor.person.click(visitor.page.locator(".cc-feedback-rating button", has_text=label))
    wait_text(visitor, ".cc-feedback-status", t("feedback.saved_rating", language))
    if comment:
        visitor.person.type(".cc-feedback-comment textarea", comment)
        visitor.person.click(".cc-feedback-send")
        wait_text(visitor, ".cc-feedback-status", t("feedback.saved", language))


def number(value: float) -> str:
    """A mean as the German report writes it: one decimal, a decimal comma."""
    return f"{value:.1f}".replace(".", ",")


def zip_files(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None, "every file of the zip reads back"
        return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def journal_dump(folder: Path) -> str:
    """Every row of the room's journal as SQL text (a kept report's zip is one hex blob in it)."""
    connection = sqlite3.connect(folder / "data" / "journal.sqlite3")
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


@pytest.mark.browser
def test_does_the_report_of_a_room_of_five_outlive_the_erase_and_nothing_of_the_people(browser, tmp_path):
    shots = SCREENSHOTS or tmp_path
    server = RoomServer(tmp_path)
    console, projector = coach_pages(browser, server, LAPTOP, "de")
    projector.context.close()
    console.context.set_default_timeout(60_000)
    visitors: list[Visitor] = []
    try:
        open_the_room(console, "Netzwerken ohne Angst")
        codes, before, after = [], [], []
        for place, (window, language, _rating) in enumerate(PEOPLE):
            visitor = Visitor(
                browser, f"{server.join}?lang={language}", phone=window is PHONE, viewport=window, locale=language
            )
            visitor.context.set_default_timeout(60_000)
            visitors.append(visitor)
            visitor.page.goto(visitor.server, timeout=READY_MS)
            visitor.page.wait_for_selector(".cc-start-new", timeout=READY_MS)
            visitor.person.click(".cc-start-new")
            visitor.page.wait_for_selector(".cc-room-bar", state="visible")
            codes.append(visitor.page.inner_text(".cc-code").strip())
            to_ratings(visitor)
            before.append(rate_every_fear(visitor, "cc-rating", place))
        wait_text(console, ".cc-room-count", t("room.joined", count=len(PEOPLE)))

        # the wrap-up: the fears again, then the feedback at its end
        for place, (visitor, (_window, language, rating)) in enumerate(zip(visitors, PEOPLE, strict=True)):
            go_to(visitor, "wrap-up")
            to_step(visitor, "wrap-up", 1)
            after.append(rate_every_fear(visitor, "cc-wrapup-rating", place + 2))
            to_step(visitor, "wrap-up", 4)
            give_feedback(visitor, language, rating, COMMENTS.get(place, ""))
        for code, said_before, said_after in zip(codes, before, after, strict=True):
            for fear_id in FEAR_IDS:  # the kernels have had every drag: the report reads the journal
                wait_saved(tmp_path / "data", code, f"welcome.rating.{fear_id}", said_before[fear_id])
                wait_saved(tmp_path / "data", code, f"wrapup.rating.{fear_id}", said_after[fear_id])

        # the coach: five ratings, two comments waiting; approve one, hide the other
        counted = plural(WORKSHOP, "room.feedback_count", len(PEOPLE), "de")
        wait_text(console, ".cc-room-feedback-count", counted)
        wait_text(console, ".cc-room-feedback-count", plural(WORKSHOP, "room.feedback_waiting", 2, "de"))
        wait_text(console, ".cc-room-feedback-ratings", t("room.feedback_mean", mean="4,2"))
        for comment, button, status in ((APPROVED, "approve", "approved"), (HIDDEN, "hide", "hidden")):
            row = console.page.locator(".cc-room-comment", has_text=comment)
            console.person.click(row.locator(f".cc-room-comment-{button}"))
            console.page.wait_for_selector(f".cc-room-comment:has-text('{comment}') .cc-room-comment-{status}")
        wait_text(console, ".cc-room-feedback-count", plural(WORKSHOP, "room.feedback_waiting", 0, "de"))
        shown = console.page.evaluate(PAGE_TEXT)
        assert not any(code in shown for code in codes), "the console shows no participant's code"
        console.person.bring_to_top(".cc-room-feedback")
        console.person.screenshot(shots / "report-console-feedback-1280x800.png")

        # the report, with one click: a real download
        with console.page.expect_download(timeout=60_000) as made:
            console.person.click(".cc-room-report-make")
        content = Path(made.value.path()).read_bytes()
        assert made.value.suggested_filename.endswith(".zip")
        (shots / made.value.suggested_filename).write_bytes(content)
        wait_text(console, ".cc-room-report-note", t("room.report_made"))
        wait_text(console, ".cc-room-report-line", "Netzwerken ohne Angst")
        console.person.bring_to_top(".cc-room-report")
        console.person.screenshot(shots / "report-console-report-1280x800.png")

        files = zip_files(content)
        assert {"report.pdf", "overview.csv", "fears.csv", "feedback-comments.csv"} <= set(files), sorted(files)
        assert any(name.endswith(".png") for name in files), sorted(files)
        text = " ".join(pdf_text(files["report.pdf"]).split())
        assert plural(WORKSHOP, "report.participants", len(PEOPLE), "de") in text, text[:500]
        assert t("report.ratings_mean", mean="4,2", count=len(PEOPLE)) in text
        for fear_id in FEAR_IDS:  # each fear's mean before and after, over the five
            row = f"{WORKSHOP.fear(fear_id).title['de']} {number(mean(p[fear_id] for p in before))} "
            row += f"{number(mean(p[fear_id] for p in after))} {len(PEOPLE)}"
            assert row in text, (row, text)
        assert APPROVED in text, "the approved comment is in the report"
        everything = text + "".join(data.decode("utf-8", "replace") for data in files.values())
        assert "Zwirnemann" not in everything, "the hidden comment is nowhere in the zip"
        for code in codes:
            assert code not in everything and code.replace("-", "") not in everything, "no code in the zip"
        assert APPROVED in files["feedback-comments.csv"].decode("utf-8-sig")

        # the end, then "erase all data of this room"
        console.person.click(".cc-room-end")
        console.person.click(".cc-room-end-yes")
        for visitor in visitors:
            visitor.page.wait_for_selector(".cc-room-end-screen", state="visible")
        console.person.click(".cc-room-erase")
        console.person.click(".cc-room-erase-yes")
        for visitor, code, place in zip(visitors, codes, range(len(PEOPLE)), strict=True):
            visitor.page.wait_for_selector(".cc-erased-note", state="visible")
            assert visitor.page.locator(".cc-status-error:visible").count() == 0, "no error anywhere"
            left = visitor.page.evaluate(PAGE_TEXT)
            assert code not in left and COMMENTS.get(place, code) not in left, "nothing of theirs on the page"

        # the console still offers the report: the same zip
        console.page.wait_for_selector(".cc-room-report-download", state="visible")
        assert not console.page.locator(".cc-room-report-make").is_visible(), "no room to report on"
        with console.page.expect_download(timeout=60_000) as again:
            console.person.click(".cc-room-report-download")
        assert Path(again.value.path()).read_bytes() == content, "the kept report is the one made"
        assert again.value.suggested_filename == made.value.suggested_filename

        # and the journal holds nothing of the participants: no code, no answer, no comment (SQL text of every row)
        with Journal(tmp_path / "data" / "journal.sqlite3") as journal:
            for code in codes:
                assert not journal.participant_exists(code), f"{code} is still a participant"
        dump = journal_dump(tmp_path)
        for code in codes:
            assert code not in dump, "a participant's code is left in the journal"
        assert APPROVED not in dump and "Zwirnemann" not in dump, "a comment is left in the journal"
        assert 'INSERT INTO "room_reports"' in dump, "the report is the one thing kept"
        log = server.log.read_text()
        assert "Traceback" not in log, log[-3000:]
    finally:
        for visitor in visitors:
            visitor.context.close()
        console.context.close()
        server.stop()
    for each in (console, *visitors):
        assert each.foreign_hosts - server.hosts == set(), f"a page asked third-party hosts: {each.foreign_hosts}"

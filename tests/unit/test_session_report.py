"""The coach's session report: does it count only what may be counted (3 or more), say so for a room of fewer than 3,
hold nothing that identifies a person, and outlive "erase all data of this room"?"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from PIL import Image

from coffeechat.documents.session_report import report_csv, session_report
from coffeechat.models import keys
from coffeechat.room import model as room
from coffeechat.room.model import FeedbackEntry, RoomState, WordEntry
from coffeechat.room.report import session_figures
from tests.filled_room import APPROVED_COMMENT, SECRET_COMMENT, SECRET_NAME, fill_room
from tests.readback import pdf_text

FEARS = ("a", "b")
MODULES = ("m1", "m2")


def person(before: int, after: int, done: tuple[str, ...] = (), who: str = "", due: str = "") -> dict:
    answers = {keys.rating("welcome", "a"): before, keys.rating("wrapup", "a"): after}
    answers |= {keys.progress(m): True for m in done}
    if who:
        answers[keys.commitment("who")] = who
    if due:
        answers[keys.commitment("due")] = due
    return answers


def figures_of(people: list[dict], feedback=(), state: RoomState | None = None, words=None):
    answers = {f"member{i}": p for i, p in enumerate(people)}
    return session_figures(answers, FEARS, MODULES, state or RoomState(), words or {}, list(feedback))


def test_does_every_aggregate_need_three_contributions():
    people = [
        person(8, 3, ("m1", "m2"), "X", "2026-12-08"),
        person(6, 2, ("m1",), "Y", "2026-12-09"),
        person(4, 4, ("m1",), "Z", "2026-12-16"),
        {keys.rating("welcome", "b"): 5},
    ]
    figures = figures_of(people)
    assert figures.participants == 4 and not figures.too_few
    assert figures.finished == {"m1": 3}, "a module 1 person finished is left out"
    assert figures.before["a"].total == 3 and figures.before["b"] is None
    assert figures.change["a"].people == 3 and figures.change["a"].before == pytest.approx(6.0)
    assert figures.change["b"] is None
    assert figures.committed == 3
    assert figures.due_weeks == ((dt.date(2026, 12, 7), 2), (dt.date(2026, 12, 14), 1))


def test_are_commitments_below_three_left_out():
    people = [person(1, 1, who="X", due="2026-12-08"), person(1, 1, who="Y"), person(1, 1)]
    figures = figures_of(people)
    assert figures.committed is None and figures.due_weeks is None


def test_does_a_room_of_fewer_than_three_get_no_figures(workshop):
    people = [person(8, 3, ("m1",), "X", "2026-12-08"), person(6, 2, ("m1",), "Y", "2026-12-09")]
    feedback = [FeedbackEntry("e1", 5, "gut", approved=True), FeedbackEntry("e2", 4, "")]
    figures = figures_of(people, feedback)
    assert figures.too_few and figures.finished is None and figures.ratings is None and not figures.comments
    real = session_figures(
        {"x": {}, "y": {}}, [f.id for f in workshop.fears], workshop.module_ids, RoomState(), {}, feedback
    )
    for language in ("de", "en"):
        files = session_report(workshop, real, language, "Raum", "2026-12-07", ())
        text = pdf_text(files.files["report.pdf"])
        assert workshop.t("report.too_few", language, min=3).split(":")[0] in text.replace("\n", " ")
        assert not [name for name in files.files if name.endswith(".png")], "no chart of two people"
        assert "gut" not in text


def test_are_the_ratings_shown_from_three_and_only_approved_comments():
    two = [FeedbackEntry("e1", 5, "ja", approved=True), FeedbackEntry("e2", 4, "nein")]
    assert room.rating_distribution(two) is None
    three = [*two, FeedbackEntry("e3", 2, "versteckt", approved=True, hidden=True), FeedbackEntry("e4", None, "")]
    ratings = room.rating_distribution(three)
    assert ratings.counts == (0, 1, 0, 1, 1) and ratings.total == 3 and ratings.mean == pytest.approx(11 / 3)
    assert room.published_comments(three) == ["ja"]
    assert [e.entry_id for e in three if e.waiting] == ["e2"]


def test_does_the_report_list_only_walls_the_coach_revealed_with_three_answers():
    state = RoomState().ask("Frage eins").ask("Frage zwei").ask("Frage drei")
    state = state.noted(1.0, "reveal", "1").noted(2.0, "reveal", "3")
    words = {
        1: [WordEntry(f"e{i}", f"Wort{i}", approved=True) for i in range(3)],
        2: [WordEntry(f"f{i}", f"Nie{i}", approved=True) for i in range(3)],
        3: [WordEntry("g1", "Eins", approved=True), WordEntry("g2", "Zwei"), WordEntry("g3", "Drei", approved=True)],
    }
    figures = figures_of([person(1, 1)] * 3, state=state, words=words)
    assert [(q.number, q.shown) for q in figures.wall] == [(1, ("Wort0", "Wort1", "Wort2")), (3, None)]


def test_does_the_room_record_the_run_sheet_as_it_was_run(workshop, coach):
    coach.start_room("Workshop", dt.date(2026, 12, 7))
    coach.follow(workshop.module_ids[1])
    coach.timer_start(6)
    coach.timer_pause()
    coach.timer_resume()
    coach.ask("Was nehmen Sie mit?")
    coach.reveal(True)
    coach.end()
    state = coach.current()[1]
    kinds = [(kind, detail) for _at, kind, detail in state.events]
    assert kinds[1:] == [
        ("follow", workshop.module_ids[1]),
        ("timer", "6"),
        ("ask", "1"),
        ("reveal", "1"),
        ("end", ""),
    ], "a pause and its resume are no new timer"
    assert kinds[0][0] == "start"
    assert RoomState.from_json(state.to_json()).events == state.events


def test_does_the_report_hold_nothing_that_identifies_a_person(workshop, journal, coach):
    filled = fill_room(workshop, journal, coach, people=5)
    record, figures = coach.report_figures()
    for language in ("de", "en"):
        files = session_report(
            workshop, figures, language, record.name, record.held_on, RoomState.from_json(record.state).asked
        )
        text = pdf_text(files.files["report.pdf"])
        assert APPROVED_COMMENT in text.replace("\n", " ")
        csv_text = "".join(data.decode("utf-8-sig") for name, data in files.files.items() if name.endswith(".csv"))
        pngs = [data for name, data in files.files.items() if name.endswith(".png")]
        assert len(pngs) == 4
        metadata = " ".join(f"{k}={v}" for data in pngs for k, v in Image.open(io.BytesIO(data)).info.items())
        everything = " ".join([text, csv_text, metadata, str(zipfile.ZipFile(io.BytesIO(files.zip())).namelist())])
        for secret in (
            SECRET_NAME,
            SECRET_COMMENT,
            "Zwirnemann",
            *filled.codes,
            *(m.member_id for m in filled.members),
        ):
            assert secret not in everything


def test_are_the_report_csv_files_in_the_consoles_language(workshop, journal, coach):
    fill_room(workshop, journal, coach, people=4)
    _record, figures = coach.report_figures()
    files = report_csv(workshop, figures, "en", ())
    rows = list(csv.reader(io.StringIO(files["overview.csv"].decode("utf-8-sig"))))
    assert rows[0] == ["Measure", "Value"] and rows[1] == ["Participants", "4"]
    german = report_csv(workshop, figures, "de", ())
    assert german["modules.csv"].decode("utf-8-sig").startswith("Modul,abgeschlossen")


def test_does_the_report_outlive_erasing_the_room_and_nothing_else(workshop, journal, coach):
    filled = fill_room(workshop, journal, coach, people=3)
    record, figures = coach.report_figures()
    files = session_report(workshop, figures, "de", record.name, record.held_on, ())
    coach.keep_report(record, "de", files.filename, files.zip())
    assert coach.erase() > 0
    kept = coach.last_report()
    assert kept is not None and kept.content == files.zip() and kept.filename == files.filename
    assert zipfile.ZipFile(io.BytesIO(kept.content)).testzip() is None
    assert all(not journal.participant_exists(code) for code in filled.codes)
    assert journal.rooms.feedback(filled.room_id) == []
    with pytest.raises(room_not_allowed()):
        type(coach)(journal, workshop, "a-guess").last_report()


def room_not_allowed():
    from coffeechat.room.live import NotAllowed

    return NotAllowed


@pytest.mark.parametrize("text, over", [("kurz", 0), ("x" * 300, 0), ("x" * 301, 1), ("  a  \n\n b ", 0)])
def test_is_a_comment_over_its_limit_said_by_how_much(text, over):
    assert room.comment_over(text) == over
    assert room.clean_comment("  a   b \n\n c ") == "a b\nc"


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_a_run_sheet_a_little_longer_than_its_page_stay_on_it_not_spill_two_rows_onto_a_last_page(
    workshop, journal, coach, language
):
    """A coach's walk: the report's last two run-sheet rows stood alone on a near-empty last page."""
    import pypdf

    fill_room(workshop, journal, coach, end=False)
    for move in range(32):  # a busy session's pacing and timers: a run sheet a little longer than a page
        coach.timer_start(3) if move % 2 else coach.follow(workshop.module_ids[move % len(workshop.module_ids)])
    coach.end()
    record, figures = coach.report_figures()
    files = session_report(workshop, figures, language, record.name, record.held_on, ())
    pages = pypdf.PdfReader(io.BytesIO(files.files["report.pdf"])).pages
    last = pages[-1].extract_text()
    heading = workshop.t("report.run_sheet_heading", language)
    assert heading in last, "the run sheet, heading and all, on one page: nothing of it left over for another"
    assert workshop.t("report.event.end", language) in last

"""Feedback at the end, in the kernels: does a participant in a room find the rating and the comment at the end
of the wrap-up (and a self-paced one not), is a comment over its limit refused with a clear message, and does the
coach see the ratings from 3 on and approve or hide each comment, never seeing who wrote it?"""

from __future__ import annotations

import datetime as dt
import re

from coffeechat.pages.app import WorkshopApp
from coffeechat.pages.facilitator import FacilitatorPage
from coffeechat.room.model import FEEDBACK_CHARS
from tests.conftest import TOKEN, all_text, find, walk


def participant(workshop, journal) -> WorkshopApp:
    each = WorkshopApp(workshop, journal)
    find(each.root, "cc-start-new").click()
    each.room_tick(force=True)
    return each


def at_the_end(person: WorkshopApp) -> None:
    person.go("wrap-up")
    view = person.navigation.module_object
    view.show_step(len(view.steps))


def feedback_cards(page) -> list:
    return [node for node in walk(page.root) if "cc-feedback" in node._dom_classes]


def test_does_only_a_participant_in_a_room_get_the_feedback_card(workshop, journal, coach):
    alone = WorkshopApp(workshop, journal)
    find(alone.root, "cc-start-new").click()
    alone.room_tick(force=True)
    at_the_end(alone)
    assert not feedback_cards(alone), "self-paced: no coach to read it"
    coach.start_room("Workshop", dt.date(2026, 12, 7))
    person = participant(workshop, journal)
    at_the_end(person)
    assert len(feedback_cards(person)) == 1
    chips = find(person.root, "cc-feedback-rating")
    assert next(label for label, _ in chips.options) == workshop.t("feedback.rating.1", "de")


def test_is_a_comment_over_its_limit_refused_and_said_and_the_rest_stored(workshop, journal, coach):
    coach.start_room("Workshop", dt.date(2026, 12, 7))
    person = participant(workshop, journal)
    at_the_end(person)
    find(person.root, "cc-feedback-rating").value = 4
    comment = find(person.root, "cc-feedback-comment")
    comment.value = "x" * (FEEDBACK_CHARS + 7)
    find(person.root, "cc-feedback-send").click()
    status = find(person.root, "cc-feedback-status").value
    assert "7" in status and str(FEEDBACK_CHARS) in status and "alert" in status
    [entry] = coach.feedback()
    assert (entry.rating, entry.comment) == (4, ""), "the rating is kept, the long comment is not"
    comment.value = "Hat geholfen."
    find(person.root, "cc-feedback-send").click()
    assert coach.feedback()[0].comment == "Hat geholfen."


def test_does_the_coach_see_ratings_from_three_and_approve_each_comment(workshop, journal, coach):
    coach.start_room("Workshop", dt.date(2026, 12, 7))
    console = FacilitatorPage(workshop, journal, "console", TOKEN, "de")
    people = [participant(workshop, journal) for _ in range(3)]
    for number, person in enumerate(people[:2]):
        at_the_end(person)
        find(person.root, "cc-feedback-rating").value = 5
        find(person.root, "cc-feedback-comment").value = f"Kommentar {number}"
        find(person.root, "cc-feedback-send").click()
    console.tick(force=True)
    text = all_text(console.root)
    assert workshop.t("room.feedback_fewer", "de", min=3) in text, "two ratings: no distribution"
    assert "Kommentar 0" in text and "Kommentar 1" in text
    assert not any(person.session.code in text for person in people), "no code on the console"
    at_the_end(people[2])
    find(people[2].root, "cc-feedback-rating").value = 3
    console.tick(force=True)
    assert workshop.t("room.feedback_mean", "de", mean="4,3") in all_text(console.root)
    bars = re.findall(r"<li>.*?</li>", find(console.root, "cc-room-feedback-ratings").value)
    assert len(bars) == 5 and sum("cc-room-rating-bar" in bar for bar in bars) == 2, "a count of 0 draws no bar"
    approve = [node for node in walk(console.root) if "cc-room-comment-approve" in node._dom_classes]
    approve[0].click()
    waiting = next(
        node
        for node in walk(console.root)
        if "cc-room-comment" in node._dom_classes
        and any("cc-room-comment-approve" in n._dom_classes for n in walk(node))
    )
    next(node for node in walk(waiting) if "cc-room-comment-hide" in node._dom_classes).click()
    entries = {entry.comment: entry for entry in coach.feedback()}
    assert sorted((e.approved, e.hidden) for e in entries.values() if e.comment) == [(False, True), (True, False)]


def test_does_the_console_make_the_report_and_offer_it_again_after_the_erase(workshop, journal, coach):
    coach.start_room("Workshop", dt.date(2026, 12, 7))
    console = FacilitatorPage(workshop, journal, "console", TOKEN, "en")
    for _ in range(3):
        participant(workshop, journal)
    console.tick(force=True)
    find(console.root, "cc-room-report-make").click()
    kept = coach.last_report()
    assert kept is not None and kept.language == "en" and kept.filename.startswith("session-report")
    find(console.root, "cc-room-erase").click()
    find(console.root, "cc-room-erase-yes").click()
    console.tick(force=True)
    download = find(console.root, "cc-room-report-download")
    assert download.layout.display is None, "the last report is still offered after the erase"
    assert find(console.root, "cc-room-report-make").layout.display == "none"
    download.click()


def test_do_the_comments_keep_their_order_when_the_coach_approves_one_and_can_an_approved_one_be_hidden(
    workshop, journal, coach
):
    """A coach's walk: after „Freigeben“ the next waiting comment jumped to the top, under the next click; and an
    approved comment could be hidden only by taking the approval back first."""
    coach.start_room("Workshop", dt.date(2026, 12, 7))
    console = FacilitatorPage(workshop, journal, "console", TOKEN, "de")
    people = [participant(workshop, journal) for _ in range(3)]
    for number, person in enumerate(people):
        at_the_end(person)
        find(person.root, "cc-feedback-rating").value = 4
        find(person.root, "cc-feedback-comment").value = f"Kommentar {number}"
        find(person.root, "cc-feedback-send").click()
    console.tick(force=True)

    def rows() -> list[str]:
        return [all_text(node) for node in walk(console.root) if "cc-room-comment" in node._dom_classes]

    before = [re.search(r"Kommentar \d", row).group(0) for row in rows()]
    [node for node in walk(console.root) if "cc-room-comment-approve" in node._dom_classes][1].click()
    console.tick(force=True)
    assert [re.search(r"Kommentar \d", row).group(0) for row in rows()] == before, "the rows stay where they were"
    [node for node in walk(console.root) if "cc-room-comment-hide" in node._dom_classes][1].click()
    approved_hidden = {entry.comment: entry for entry in coach.feedback()}[before[1]]
    assert approved_hidden.hidden and not approved_hidden.published

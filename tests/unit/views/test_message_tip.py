"""The tip under a message draft the participant edits (issue 30), in the kernel: does it wait for a pause, say
one thing at a time, stay quiet on the kit's own draft and on one with gaps, leave the length to the builder's
check line, go away for good with „Passt so“, and never wait for a dictionary?"""

from __future__ import annotations

import datetime as dt
import html
import re
import threading

import pytest

from coffeechat.models import keys, message_checks
from coffeechat.models.message_checks import without_sentence
from coffeechat.models.session import Session
from coffeechat.views import message_tip
from coffeechat.views.builder import BuilderView, MessageEditor
from coffeechat.views.common import widget_tree
from coffeechat.views.followup import FollowThroughView
from coffeechat.views.message_tip import MessageTip
from tests.conftest import find

needs_dictionaries = pytest.mark.skipif(
    message_checks.dictionary_file("de_DE") is None, reason="Debian's hunspell-de-de is installed by .ci/run"
)


def said(tip: MessageTip) -> str:
    """What the tip's live region says, as text."""
    return html.unescape(re.sub("<[^>]+>", "", tip.note.value)).strip()


def shown(tip: MessageTip) -> bool:
    return bool(tip.note.value) and "cc-hidden" not in tip.actions._dom_classes


@pytest.fixture(autouse=True)
def checked_at_once(monkeypatch):
    """No pause in these tests: the check runs as the text changes (an event loop another test left running
    would otherwise put every check off until it turns)."""
    monkeypatch.setattr(message_tip, "kernel_later", lambda: None)


@pytest.fixture
def view(session: Session) -> BuilderView:
    view = BuilderView(session, "question-builder")
    view.inputs["contact_name"].value = "Frau Özdemir"
    view.inputs["contact_role"].value = "UX-Designerin"
    view.inputs["field"].value = "öffentlicher Nahverkehr"
    view.inputs["my_name"].value = "Kim Becker"
    view.inputs["connection"].value = "Wir haben beide an der TU Dresden Stadtplanung studiert."
    view.inputs["my_situation"].value = "Ich schließe gerade meinen Master in Stadtplanung ab."
    return view


def outreach(view: BuilderView) -> MessageEditor:
    return next(e for e in view.editors if e.kind == "outreach")


def before_name(draft: str, added: str, name: str = "Kim Becker") -> str:
    """``draft`` with ``added`` as a paragraph before its closing name (the last time the name stands)."""
    start = draft.rindex(name)
    return f"{draft[:start]}{added}\n\n{draft[start:]}"


def reason(session: Session, flag: str) -> str:
    return session.workshop.message_checks.reasons[flag].say(session.language)


def test_does_the_kits_own_draft_and_one_with_gaps_get_no_tip(view: BuilderView):
    editor = outreach(view)
    assert not shown(editor.tip), "the kit's own draft is clean"
    editor.text.value = editor.text.value + " "  # one space more: still the kit's words, still clean
    assert not shown(editor.tip)
    find(view.widget, "cc-outreach-reset").click()
    view.inputs["my_name"].value = ""  # the kit's draft now says the name is missing
    editor.text.value = "Können Sie mir eine Stelle geben?\n" + editor.text.value
    assert "cc-status-warn" in editor.check.value, "the gap is said"
    assert not shown(editor.tip), "a draft with gaps: the check line says the gaps first"


def test_does_an_edited_draft_that_asks_for_a_job_get_one_tip_that_goes_with_passt_so(view: BuilderView):
    refocused: list[str] = []
    editor = outreach(view)
    editor.tip.refocus = lambda: refocused.append("field")
    kit = editor.text.value
    editor.text.value = before_name(kit, "Haben Sie vielleicht eine Stelle für mich?")
    assert shown(editor.tip)
    assert reason(view.session, "job-ask") in said(editor.tip), said(editor.tip)
    assert "Stelle" in said(editor.tip), "what was found, in the participant's words"
    editor.tip.keep.click()
    assert refocused == ["field"], "the keys go back to the draft"
    assert not shown(editor.tip), "waved off: no tip for the draft (no other flag)"
    editor.text.value = editor.text.value + " "
    assert not shown(editor.tip), "and it stays away while the participant writes on"
    assert keys.message("outreach", "text") in view.session.answers(), "the draft itself is saved as typed"


def test_does_the_check_line_stop_saying_all_is_set_while_a_tip_says_something_is_off(view: BuilderView):
    """A walk read „Alles Nötige ist eingetragen“ in green above a tip that something was off. While a tip
    shows, the green line is away; „Passt so“ brings it back."""
    editor = outreach(view)
    all_set = view.session.t("builder.all_filled")
    assert all_set in editor.check.value, "the kit's own draft: all set"
    editor.text.value = before_name(editor.text.value, "Haben Sie vielleicht eine Stelle für mich?")
    assert shown(editor.tip)
    assert all_set not in html.unescape(editor.check.value), "green above a tip that says otherwise"
    for _ in range(5):  # „Passt so“ on each tip there is (spelling may follow once the dictionaries are in)
        if shown(editor.tip):
            editor.tip.keep.click()
    assert not shown(editor.tip)
    assert all_set in html.unescape(editor.check.value), "the tips waved off: all set again"


def test_does_the_tip_leave_the_length_to_the_check_line(view: BuilderView):
    editor = outreach(view)
    editor.channel.value = "linkedin"
    editor.text.value = before_name(editor.text.value, "Ich freue mich sehr. " * 12)
    assert "cc-status-error" in editor.check.value, "the check line says it is over"
    assert "too-long" not in (editor.tip.flag.id if editor.tip.flag else "")


def test_is_the_draft_checked_only_once_the_participant_pauses(view: BuilderView):
    armed: list[list] = []

    class Handle:
        def __init__(self, callback):
            self.callback, self.cancelled = callback, False

        def cancel(self) -> None:
            self.cancelled = True

    def later(_seconds, callback):
        armed.append(Handle(callback))
        return armed[-1]

    editor = outreach(view)
    editor.tip.later = later
    kit = editor.text.value
    editor.text.value = before_name(kit, "Haben Sie eine Stelle?")
    editor.text.value = before_name(kit, "Haben Sie eine Stelle für mich?")
    assert not shown(editor.tip), "nothing while the participant types"
    assert len(armed) == 2 and armed[0].cancelled and not armed[1].cancelled, "each key puts the check off"
    armed[1].callback()
    assert shown(editor.tip) and reason(view.session, "job-ask") in said(editor.tip)
    editor.text.value = kit
    assert not shown(editor.tip), "back to the kit's draft: the tip goes at once"


@needs_dictionaries
def test_does_a_typo_get_named_and_a_new_one_come_back_after_passt_so(view: BuilderView):
    assert message_checks.load_dictionaries("de", view.session.workshop.message_checks)
    editor = outreach(view)
    kit = editor.text.value
    editor.text.value = before_name(kit, "Ich freue mich auf das Gesprähc.")
    assert shown(editor.tip) and "Gesprähc" in said(editor.tip), said(editor.tip)
    editor.tip.keep.click()
    assert not shown(editor.tip)
    editor.text.value = editor.text.value.replace("freue", "frue")
    assert shown(editor.tip) and "frue" in said(editor.tip), "a new typo is news"


def test_does_a_keystroke_never_wait_for_a_dictionary_still_loading(view: BuilderView, monkeypatch):
    def never(*_args, **_kwargs):
        raise AssertionError("spelling looked up while the dictionaries load")

    monkeypatch.setattr(message_tip, "dictionaries_loaded", lambda *_: False)
    monkeypatch.setattr(message_checks, "misspelt_words", never)
    editor = outreach(view)
    editor.text.value = before_name(editor.text.value, "Ich frue mich.")
    assert not shown(editor.tip), "the other checks ran; spelling waits for its dictionary"


def test_does_the_first_edit_load_the_dictionaries_in_a_thread_once_and_look_again(view: BuilderView, monkeypatch):
    """The dictionaries cost a kernel 85-160 MB: only a participant who edits a draft loads them, in a thread; the
    tip looks once without spelling and again when they are in."""
    loaded: dict[str, bool] = {}
    monkeypatch.setattr(message_tip, "_preloading", set())
    monkeypatch.setattr(message_tip, "load_dictionaries", lambda language, _rules: loaded.update({language: True}))
    monkeypatch.setattr(message_tip, "dictionaries_loaded", lambda language, _rules: loaded.get(language, False))
    spelled: list[bool] = []
    real = message_tip.check_message

    def check(*args, spelling: bool, **options):
        spelled.append(spelling)
        return real(*args, spelling=False, **options)

    monkeypatch.setattr(message_tip, "check_message", check)
    editor = outreach(view)
    view.show_step(3)
    assert loaded == {}, "showing the drafts loads nothing"
    editor.text.value = before_name(editor.text.value, "Ich freue mich.")
    for thread in threading.enumerate():
        if thread.name == "coffeechat-dictionaries":
            thread.join(5)
    assert loaded == {"de": True}
    assert spelled == [False, True], "at once without spelling, again with it once they are in"
    editor.text.value = editor.text.value + " "
    assert spelled[-1] is True and len(loaded) == 1


def weeks_after_with_a_contact(session: Session, monkeypatch) -> FollowThroughView:
    """„Dranbleiben“ on 7 December with a contact just added at Stadtwerke Leipzig, for a plan by Lena Berg."""
    monkeypatch.setattr("coffeechat.models.answers._today", lambda: dt.date(2026, 12, 7))
    request = {"my_name": "Lena Berg", "field": "Einkauf", "my_situation": "Ich lerne gerade Einkauf und Logistik."}
    session.set(keys.BUILDER_REQUEST, request)
    view = FollowThroughView(session, "follow-through")
    view.name.value, view.organisation.value, view.role.value = "Frau Yılmaz", "Stadtwerke Leipzig", "Einkäuferin"
    view.add_contact()
    return view


def test_does_an_edited_message_of_the_weeks_after_get_a_tip(session: Session, monkeypatch):
    view = weeks_after_with_a_contact(session, monkeypatch)
    show = next(n for n in widget_tree(view.due_box) if "cc-followup-show" in n._dom_classes)
    show.click()
    # the plan's field is where its own contact works: this contact's is entered above the draft
    field = next(n for n in widget_tree(view.due_box) if "cc-followup-field-field" in n._dom_classes)
    field.value = "Einkauf"
    draft = next(n for n in widget_tree(view.due_box) if "cc-followup-message" in n._dom_classes)
    tip = next(n for n in widget_tree(view.due_box) if "cc-message-tip" in n._dom_classes)
    note = tip.children[0]
    assert note.value == "", "the kit's own request gets no tip"
    assert "fehlt]" in draft.value, "how they know each other is a gap: the card says so, no tip"
    filled = re.sub(r"\[Satz[^]]*fehlt\]", "Wir haben uns beim Karrieretag in Leipzig gesehen.", draft.value)
    filled = filled.replace("[Berufsfeld fehlt]", "Einkauf")  # a contact of one's own: no field from the plan
    draft.value = filled
    assert note.value == "", "filled in by hand, nothing to say"
    draft.value = before_name(filled, "Haben Sie vielleicht eine Stelle für mich?", "Lena Berg")
    assert reason(session, "job-ask") in html.unescape(note.value)


def never_later(_seconds, _callback):
    """A pause that has not passed yet: what the tip says now is all it says."""

    class Handle:
        def cancel(self) -> None:
            pass

    return Handle()


def test_does_a_saved_draft_with_a_job_request_show_its_tip_when_the_plan_is_opened_again(
    view: BuilderView, monkeypatch
):
    """A walk came back to the plan's messages: the draft it had written still asked for a job and said nothing,
    the tip came only with the next key. The check's state shows with the message, without a key and without
    loading the dictionaries (spelling comes with the first edit)."""
    editor = outreach(view)
    written = before_name(editor.text.value, "Haben Sie vielleicht eine Stelle für mich?")
    editor.text.value = written
    assert view.session.get(keys.message("outreach", "text")) == written
    monkeypatch.setattr(message_tip, "kernel_later", lambda: never_later)
    monkeypatch.setattr(message_tip, "preload", lambda *_args, **_options: pytest.fail("dictionaries loaded"))
    again = outreach(BuilderView(view.session, "question-builder"))
    assert again.text.value == written
    assert shown(again.tip) and reason(view.session, "job-ask") in said(again.tip), said(again.tip)
    assert "cc-hidden" not in again.tip.remove._dom_classes, "its sentence one tap away"


def test_does_a_message_of_the_weeks_after_that_asks_for_a_job_show_its_tip_when_opened(session: Session, monkeypatch):
    """The same in „Dranbleiben“: a draft changed earlier, opened again, says its tip at once."""
    view = weeks_after_with_a_contact(session, monkeypatch)
    next(n for n in widget_tree(view.due_box) if "cc-followup-show" in n._dom_classes).click()
    draft = next(n for n in widget_tree(view.due_box) if "cc-followup-message" in n._dom_classes)
    filled = re.sub(r"\[Satz[^]]*fehlt\]", "Wir haben uns beim Karrieretag in Leipzig gesehen.", draft.value)
    filled = filled.replace("[Berufsfeld fehlt]", "Einkauf")  # a contact of one's own: no field from the plan
    draft.value = before_name(filled, "Haben Sie vielleicht eine Stelle für mich?", "Lena Berg")
    monkeypatch.setattr(message_tip, "kernel_later", lambda: never_later)
    monkeypatch.setattr(message_tip, "preload", lambda *_args, **_options: pytest.fail("dictionaries loaded"))
    again = FollowThroughView(session, "follow-through")
    next(n for n in widget_tree(again.due_box) if "cc-followup-show" in n._dom_classes).click()
    tip = next(n for n in widget_tree(again.due_box) if "cc-message-tip" in n._dom_classes)
    assert reason(session, "job-ask") in html.unescape(tip.children[0].value)


def test_does_a_job_request_offer_to_take_its_sentence_out(view: BuilderView):
    """A keyboard walk agreed with the tip and had to find and delete the sentence by hand, in several tries."""
    refocused: list[str] = []
    editor = outreach(view)
    editor.tip.refocus = lambda: refocused.append("field")
    kit = editor.text.value
    editor.text.value = before_name(kit, "Haben Sie vielleicht eine Stelle für mich? Das wäre toll.", "Viele Grüße")
    remove = editor.tip.remove
    assert remove is not None and "cc-hidden" not in remove._dom_classes
    assert remove.description == "Satz streichen: „Haben Sie vielleicht eine Stelle für mich?“"
    remove.click()
    assert "Stelle für mich" not in editor.text.value and "\n\nDas wäre toll.\n\nViele Grüße" in editor.text.value
    assert refocused == ["field"] and not shown(editor.tip), "the sentence is out, nothing else to say"
    assert "Stelle für mich" not in str(view.session.get(keys.message("outreach", "text"))), "saved as typed"


@pytest.mark.parametrize(
    ("text", "sentence", "left"),
    [
        ("Hallo. Haben Sie eine Stelle? Danke.", "Haben Sie eine Stelle?", "Hallo. Danke."),
        ("Haben Sie eine Stelle? Danke.", "Haben Sie eine Stelle?", "Danke."),
        ("Hallo.\n\nHaben Sie eine Stelle?\n\nGruß", "Haben Sie eine Stelle?", "Hallo.\n\nGruß"),
        ("Hallo. Haben Sie eine Stelle?", "Haben Sie eine Stelle?", "Hallo."),
        # a walk: the sentence went and its emoji stayed, a lone „😊“ line after the signature's greeting
        ("Hallo.\n\nHaben Sie eine Stelle? 😊\n\nGrüße\nKim", "Haben Sie eine Stelle?", "Hallo.\n\nGrüße\nKim"),
        ("Hallo. Haben Sie eine Stelle?\n😊\n\nGrüße\nKim", "Haben Sie eine Stelle?", "Hallo.\n\nGrüße\nKim"),
        ("Hallo.\n\nHaben Sie eine Stelle?\n\n🙂 👍\n\nGruß", "Haben Sie eine Stelle?", "Hallo.\n\nGruß"),
        ("Hallo.\n\nHaben Sie eine Stelle 😊\n\nGruß", "Haben Sie eine Stelle 😊", "Hallo.\n\nGruß"),
        ("Hallo. Haben Sie eine Stelle? 😊 Danke.", "Haben Sie eine Stelle?", "Hallo. Danke."),
        ("Hallo. Haben Sie eine Stelle? !!\nGruß", "Haben Sie eine Stelle?", "Hallo.\nGruß"),
        # the sentence as the check reads it (single spaces), written over a line break or with two spaces
        ("Hallo. Haben Sie eine\nStelle? Danke.", "Haben Sie eine Stelle?", "Hallo. Danke."),
        ("Hallo. Haben Sie  eine Stelle? Danke.", "Haben Sie eine Stelle?", "Hallo. Danke."),
        # blank lines with a space in them count as blank: never two in a row
        ("Hallo.\n \nHaben Sie eine Stelle?\n \nGruß", "Haben Sie eine Stelle?", "Hallo.\n\nGruß"),
        # a signature's dashes are no stray punctuation, and a sentence not there leaves the text as it was
        ("Hallo. Haben Sie eine Stelle?\n--\nKim", "Haben Sie eine Stelle?", "Hallo.\n--\nKim"),
        ("Hallo.", "Haben Sie eine Stelle?", "Hallo."),
    ],
)
def test_does_taking_a_sentence_out_leave_no_doubled_space_or_blank_line(text, sentence, left):
    """No doubled space, no two blank lines, and no line of only an emoji or punctuation where it stood."""
    assert without_sentence(text, sentence) == left


@pytest.mark.parametrize(
    ("asked", "left"),
    [
        ("Haben Sie eine Stelle für mich? 😊", ""),
        ("Haben Sie eine\nStelle für mich? Das wäre toll.", "Das wäre toll."),
        ("Haben Sie  eine Stelle für mich?", ""),
        ("Haben Sie eine Stelle für mich?\n😊", ""),
        ("Haben Sie eine Stelle für mich? Oder kennen Sie eine offene Stelle?", ""),
    ],
)
def test_does_every_offered_removal_take_the_job_request_out(view: BuilderView, asked: str, left: str):
    """A walk tapped „Satz streichen“ and once nothing happened (the check reads a sentence with single spaces,
    the draft had it over a line break), and once a lone „😊“ stayed behind. Each offer works, tap after tap,
    until no job request is left, and leaves no stray line."""
    editor = outreach(view)
    kit = editor.text.value
    editor.text.value = before_name(kit, asked, "Viele Grüße")
    taps = 0
    while editor.tip.flag is not None and editor.tip.flag.id == "job-ask":
        remove = editor.tip.remove
        assert remove is not None and "cc-hidden" not in remove._dom_classes, f"offered: {editor.tip.flag}"
        before = editor.text.value
        remove.click()
        assert editor.text.value != before, "the tap did something"
        taps += 1
        assert taps < 4
    text = editor.text.value
    assert "Stelle für mich" not in text and "offene" not in text and "😊" not in text and "\n\n\n" not in text
    assert text == before_name(kit, left, "Viele Grüße") if left else text == kit


def test_does_a_job_request_that_runs_into_the_signature_leave_the_signature(view: BuilderView):
    """A sentence without a full stop before the closing: the check's sentence ran on into „Viele Grüße Kim
    Becker“, and taking it out would have taken the signature (so it was never offered)."""
    editor = outreach(view)
    kit = editor.text.value
    closing = kit.rindex("Viele Grüße")
    editor.text.value = f"{kit[:closing]}Haben Sie eine Stelle für mich 😊\n{kit[closing:]}"
    assert editor.tip.flag is not None and editor.tip.flag.sentence == "Haben Sie eine Stelle für mich 😊"
    editor.tip.remove.click()
    assert editor.text.value == kit


def test_does_a_message_with_two_questions_in_one_sentence_offer_to_split_them(view: BuilderView):
    """A walk caught two questions in one in the question lists, but not in the message it sent: the draft's
    tip catches them by the same rule and splits the sentence into two questions at a tap."""
    refocused: list[str] = []
    editor = outreach(view)
    editor.tip.refocus = lambda: refocused.append("field")
    asked = "Haben Sie 20 Minuten Zeit, und wie sind Sie zur UX gekommen?"
    editor.text.value = before_name(editor.text.value, asked, "Viele Grüße")
    assert reason(view.session, "double") in said(editor.tip)
    split = editor.tip.remove
    assert split is not None and "cc-hidden" not in split._dom_classes
    two = "Haben Sie 20 Minuten Zeit? Wie sind Sie zur UX gekommen?"
    assert split.description == f"In zwei Sätze teilen: „{two}“"
    split.click()
    assert two in editor.text.value and asked not in editor.text.value
    assert refocused == ["field"] and "double" not in str(editor.tip.flag), "split, nothing more to say about it"
    assert two in str(view.session.get(keys.message("outreach", "text"))), "saved as typed"

"""The session: answers saved on every change, and a failed write that loses nothing."""

from __future__ import annotations

import pytest

from coffeechat.models.session import Session
from coffeechat.storage.journal import Journal
from coffeechat.views.fear import FearView
from coffeechat.views.status import StatusBar


def test_full_disk_is_shown_and_the_text_stays_then_saves_later(workshop, store):
    journal = store.open()
    session = Session(workshop, journal)
    session.start_new()
    status = StatusBar(session)
    view = FearView(session, "not-ready")
    key = next(k for k, f in view.fields.items() if f.prompt.kind == "text")
    store.fill_disk(journal, room_bytes=0)
    long_text = "Was ich lernen möchte … " * 200
    view.fields[key].input.value = long_text
    assert status.kind == "failed"
    assert session.t("journal.full") in status.widget.value
    assert view.fields[key].input.value == long_text
    assert session.unsaved_keys == [key]
    store.free_disk(journal)
    view.next_step.action.value = "morgen anrufen"
    assert status.kind == "saved"
    fresh = store.open().load(session.code)
    assert fresh[key] == long_text and fresh["not-ready.next_step.action"] == "morgen anrufen"


class Timers:
    """The kernel's event loop as a test drives it: armed timers wait until the test lets one go off."""

    def __init__(self):
        self.armed: list[tuple[float, object]] = []

    def later(self, seconds, callback):
        self.armed.append((seconds, callback))
        return self

    def cancel(self):
        self.armed.clear()

    def go_off(self):
        _seconds, callback = self.armed.pop(0)
        callback()


def test_does_text_typed_on_a_full_disk_save_itself_once_space_is_freed(workshop, store):
    """No key is pressed after the disk was freed: the page tries again by itself (1, 2, 4 ... s apart), says
    so meanwhile, saves the newest text (never an older one over it) and then stops trying."""
    journal = store.open()
    session = Session(workshop, journal)
    session.start_new()
    timers = Timers()
    status = StatusBar(session, later=timers.later, draw=lambda: 0.5)
    view = FearView(session, "not-ready")
    key = next(k for k, f in view.fields.items() if f.prompt.kind == "text")
    store.fill_disk(journal, room_bytes=0)
    view.fields[key].input.value = "erste Fassung " + "z" * 4_000
    view.fields[key].input.value = "zweite Fassung " + "z" * 4_000  # typed on while the first waits
    assert status.kind == "failed" and session.t("save.retrying") in status.widget.value
    assert [seconds for seconds, _ in timers.armed] == [1.0]  # one timer, however many keys failed
    timers.go_off()  # still full: the next try waits longer
    assert [seconds for seconds, _ in timers.armed] == [2.0]
    assert status.kind == "failed"
    store.free_disk(journal)
    timers.go_off()
    assert status.kind == "saved" and timers.armed == []
    assert session.unsaved_keys == []
    assert store.open().load(session.code)[key] == "zweite Fassung " + "z" * 4_000
    assert view.fields[key].input.value == "zweite Fassung " + "z" * 4_000


def test_language_switch_keeps_the_answers(workshop, session: Session, journal: Journal):
    session.set("not-ready.reflection.x", "bleibt")
    session.set_language("en")
    assert session.get("not-ready.reflection.x") == "bleibt"
    assert Session(workshop, journal, code=session.code).language == "en"


def test_unknown_language_is_refused(session: Session):
    with pytest.raises(ValueError):
        session.set_language("xx")


def test_two_tabs_on_the_same_answer_are_flagged_and_nothing_is_lost(workshop, session: Session, journal: Journal):
    other_tab = Session(workshop, Journal(journal.path), code=session.code)
    session.set("regret.reflection.why", "erste Fassung")
    messages = []
    other_tab.on_status(lambda kind, message: messages.append(kind))
    other_tab.set("regret.reflection.why", "zweite Fassung")
    assert messages == ["conflict"]
    assert journal.load(session.code)["regret.reflection.why"] == "zweite Fassung"
    assert "erste Fassung" in journal.export_json(session.code)


def test_is_half_an_emoji_from_a_paste_saved_as_a_replacement_and_said_so(session: Session, journal: Journal):
    """A lone surrogate cannot be stored as UTF-8; the rest of the text is saved and the status says so."""
    status = StatusBar(session)
    view = FearView(session, "not-ready")
    key = next(k for k, f in view.fields.items() if f.prompt.kind == "text")
    view.fields[key].input.value = "Ich freue mich \ud83d auf das Gespräch"
    assert journal.load(session.code)[key] == "Ich freue mich \ufffd auf das Gespräch"
    assert status.kind == "saved"
    assert session.t("field.replaced_characters") in status.widget.value
    assert session.unsaved_keys == []


def test_is_a_save_after_the_participants_data_was_erased_elsewhere_calm_and_not_retried(
    workshop, session: Session, journal: Journal
):
    """The coach erased the room while this page was open: no "not saved" alarm, nothing kept to retry."""
    bar = StatusBar(session)
    heard = []
    session.on_status(lambda kind, message: heard.append(kind))
    journal.erase(session.code)
    assert session.set("regret.reflection.why", "nach dem Löschen") is False
    assert session.erased
    assert heard == ["erased"]
    assert bar.kind == "erased" and "cc-status-error" not in bar.widget.value
    assert session.unsaved_keys == [], "nothing waits to be saved into a participant who is gone"
    session.set("regret.reflection.why", "noch einmal")
    assert heard == ["erased"], "said once"
    session.detach()
    assert not session.erased and session.answers() == {}

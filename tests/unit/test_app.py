"""The single-page app in the kernel: start, resume with a code, move between modules, switch language."""

from __future__ import annotations

import html
import sqlite3
from urllib.parse import unquote

import ipywidgets as w
import pytest

from coffeechat.models import keys
from coffeechat.pages import app as app_module
from coffeechat.pages.app import WorkshopApp, app, lasting_address_path
from coffeechat.pages.navigation import step_count
from coffeechat.storage import codes, database
from coffeechat.storage.journal import Journal, JournalReadError
from coffeechat.widgets.download import Downloader
from tests.conftest import all_text, find, open_widgets, walk


@pytest.fixture
def fresh_app(workshop, journal) -> WorkshopApp:
    return WorkshopApp(workshop, journal)


def started(workshop, journal, **kwargs) -> WorkshopApp:
    workshop_app = WorkshopApp(workshop, journal, **kwargs)
    find(workshop_app.root, "cc-start-new").click()
    return workshop_app


def test_a_new_visitor_can_start_and_gets_a_code_to_write_down(fresh_app: WorkshopApp, journal: Journal):
    assert not fresh_app.session.attached
    find(fresh_app.root, "cc-start-new").click()
    code = fresh_app.session.code
    assert journal.participant_exists(code)
    assert fresh_app.device.code == code
    assert code in all_text(fresh_app.root)
    assert find(fresh_app.root, "cc-welcome")


def test_the_start_page_is_german_by_default_and_english_on_request(workshop, journal: Journal):
    assert workshop.t("code.start_new", "de") in all_text(WorkshopApp(workshop, journal).root)
    assert workshop.t("code.start_new", "en") in all_text(WorkshopApp(workshop, journal, language="en").root)


def test_a_wrong_or_unknown_code_gets_a_clear_message(fresh_app: WorkshopApp, workshop):
    fresh_app.start.code_input.value = "hello"
    find(fresh_app.root, "cc-resume").click()
    assert workshop.t("code.invalid", "de") in fresh_app.start.code_message.value
    fresh_app.start.code_input.value = "ABCDE-FGHJK"
    find(fresh_app.root, "cc-resume").click()
    assert workshop.t("code.unknown", "de") in fresh_app.start.code_message.value
    assert not fresh_app.session.attached


def test_a_page_that_keeps_guessing_codes_has_to_wait_longer_and_longer(workshop, journal: Journal):
    owner = started(workshop, journal)
    real_code = owner.session.code
    guesser = WorkshopApp(workshop, journal)
    now = [1000.0]
    guesser.start.throttle.clock = lambda: now[0]
    resume = find(guesser.root, "cc-resume")
    for guess in ("ABCDE-FGHJK", "ABCDE-FGHJM", "ABCDE-FGHJN", "ABCDE-FGHJP", "ABCDE-FGHJQ"):
        guesser.start.code_input.value = guess
        resume.click()
        assert workshop.t("code.unknown", "de") in guesser.start.code_message.value
    guesser.start.code_input.value = real_code
    resume.click()
    assert workshop.t("code.wait_seconds.one", "de", count=1) in guesser.start.code_message.value, (
        "the sixth comes too soon"
    )
    assert not guesser.session.attached, "and its code is not even looked up"
    now[0] += 1.0
    resume.click()
    assert guesser.session.attached and guesser.session.code == real_code


def test_codes_guessed_through_the_browsers_memory_are_throttled_too(workshop, journal: Journal):
    owner = started(workshop, journal)
    guesser = WorkshopApp(workshop, journal)
    guesser.start.throttle.clock = lambda: 1000.0
    for guess in ("ABCDE-FGHJK", "ABCDE-FGHJM", "ABCDE-FGHJN", "ABCDE-FGHJP", "ABCDE-FGHJQ"):
        guesser.device.stored_code = guess
    guesser.device.stored_code = owner.session.code
    assert not guesser.session.attached


@pytest.mark.parametrize("language", ["de", "en"])
def test_start_new_on_a_full_disk_says_so_and_gives_no_code(workshop, journal: Journal, monkeypatch, language):
    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")  # what SQLite reports for ENOSPC

    monkeypatch.setattr(journal, "_insert_participant", full)
    visitor = WorkshopApp(workshop, journal, language=language)
    find(visitor.root, "cc-start-new").click()
    assert not visitor.session.attached
    assert workshop.t("code.start_full", language) in all_text(visitor.status.widget)
    assert visitor.current == workshop.module_ids[0]


def test_typing_the_code_in_another_form_resumes(workshop, journal: Journal):
    first = started(workshop, journal)
    first.session.set("not-ready.reflection.hope", "Einblick")
    second = WorkshopApp(workshop, journal)
    second.start.code_input.value = " " + first.session.code.lower().replace("-", " ") + " "
    find(second.root, "cc-resume").click()
    assert second.session.code == first.session.code
    assert second.session.get("not-ready.reflection.hope") == "Einblick"


def test_a_reload_with_the_code_in_the_address_returns_to_the_same_module(workshop, journal: Journal):
    first = started(workshop, journal)
    first.go("regret")
    reloaded = WorkshopApp(workshop, journal, code=first.session.code)
    assert reloaded.current == "regret"
    assert find(reloaded.root, "cc-fear-regret")


def test_the_code_remembered_by_the_browser_resumes(workshop, journal: Journal):
    first = started(workshop, journal)
    visit = WorkshopApp(workshop, journal)
    visit.device.stored_code = first.session.code
    assert visit.session.code == first.session.code


def test_stepper_moves_between_modules_and_marks_progress(workshop, journal: Journal):
    workshop_app = started(workshop, journal)
    find(workshop_app.root, "cc-step-not-connected").click()
    assert workshop_app.current == "not-connected"
    done = find(workshop_app.root, "cc-module-done")
    done.value = True
    assert journal.load(workshop_app.session.code)["progress.not-connected"] is True
    assert "cc-step-done" in find(workshop_app.root, "cc-step-not-connected")._dom_classes
    total = len(workshop.module_ids)
    assert workshop.t("app.progress", "de", done=1, total=total) in all_text(workshop_app.root)
    for _ in range(4):  # through the fear module's four steps
        find(workshop_app.root, "cc-next").click()
    assert workshop_app.current == "not-good-at-networking"
    find(workshop_app.root, "cc-back").click()
    assert workshop_app.current == "not-connected"


def test_switching_language_keeps_every_answer(workshop, journal: Journal):
    workshop_app = started(workshop, journal)
    workshop_app.go("not-ready")
    workshop_app.session.set("not-ready.next_step.action", "Alumni-Gruppe durchsehen")
    find(workshop_app.root, "cc-language").value = "en"
    text = all_text(workshop_app.root)
    assert workshop.fear("not-ready").title["en"] in text
    assert "Alumni-Gruppe durchsehen" in text
    assert journal.load(workshop_app.session.code)["language"] == "en"


def test_a_participant_never_receives_another_participants_answers(workshop, journal: Journal):
    alice = started(workshop, journal)
    alice.go("regret")
    alice.session.set("regret.next_step.action", "Geheimnis von Alice 🤫")
    bob = started(workshop, journal)
    for module_id in workshop.module_ids:
        bob.go(module_id)
        assert "Geheimnis von Alice" not in all_text(bob.root)


def test_broken_content_shows_a_friendly_message_without_details(monkeypatch, tmp_path):
    monkeypatch.setenv("COFFEECHAT_CONTENT_DIR", str(tmp_path))
    (tmp_path / "workshop.yaml").write_text("schema_version: [", encoding="utf-8")
    widget = app("")
    assert isinstance(widget, w.HTML)
    assert "Workshopleitung" in widget.value and "facilitator" in widget.value
    assert "workshop.yaml" not in widget.value and str(tmp_path) not in widget.value


def test_the_entry_point_reads_code_and_language_from_the_address(workshop, monkeypatch, tmp_path):
    journal = Journal()
    code = journal.create_participant("de")
    root = app(f"code={code.lower()}&lang=en")
    assert code in all_text(root)
    english = app("lang=en")
    assert workshop.t("code.start_new", "en") in all_text(english)
    assert app_module.CONTENT_BROKEN not in all_text(english)


def test_an_unexpected_error_in_a_click_is_shown_kindly(workshop, journal: Journal, monkeypatch):
    workshop_app = started(workshop, journal)

    def broken(_module_id):
        raise RuntimeError("boom /secret/path")

    monkeypatch.setattr(workshop_app.navigation, "go", broken)
    workshop_app.navigation.show_step(2)  # the welcome's last step: Next opens the next module
    find(workshop_app.root, "cc-next").click()
    assert workshop.t("app.error", "de") in workshop_app.status.widget.value
    assert "boom" not in all_text(workshop_app.root)


def test_after_erasing_the_old_code_finds_nothing(workshop, journal: Journal):
    workshop_app = started(workshop, journal)
    code = workshop_app.session.code
    workshop_app.session.set("regret.next_step.action", "privat")
    workshop_app.go("wrap-up")
    find(workshop_app.root, "cc-erase").click()
    find(workshop_app.root, "cc-erase-yes").click()
    assert not workshop_app.session.attached
    assert find(workshop_app.root, "cc-start-new")
    assert workshop.t("wrapup.erased", "de") in workshop_app.status.widget.value
    reloaded = WorkshopApp(workshop, journal, code=code)
    assert not reloaded.session.attached
    assert "privat" not in all_text(reloaded.root)
    find(workshop_app.root, "cc-code-input").value = "falsch"
    find(workshop_app.root, "cc-resume").click()
    assert workshop.t("code.invalid", "de") in all_text(workshop_app.root), "the start page still works after erasing"


def test_a_long_session_does_not_pile_up_widgets(workshop, journal: Journal):
    """Each screen closes the widgets of the one before, so neither the kernel nor the browser fills up."""
    workshop_app = started(workshop, journal)

    def tour() -> None:
        for module_id in workshop.module_ids:
            workshop_app.go(module_id)
        find(workshop_app.root, "cc-language").value = "en"
        find(workshop_app.root, "cc-language").value = "de"
        workshop_app.go("welcome")

    tour()
    after_one_tour = open_widgets()
    left_behind = find(workshop_app.root, "cc-welcome")
    for _ in range(3):
        tour()
    assert open_widgets() == after_one_tour
    assert left_behind.comm is None, "the view of a module that was left is closed"


def test_ticking_done_changes_only_that_step_and_redraws_nothing(workshop, journal: Journal):
    """A tick must not rebuild the module: the page would jump to the top and a running timer would reset."""
    workshop_app = started(workshop, journal)
    workshop_app.go("role-play")
    find(workshop_app.root, "cc-roleplay-mode").value = "group"  # alone, the solo practice comes first
    shown = find(workshop_app.root, "cc-roleplay")
    timer = next(node for node in walk(shown) if type(node).__name__ == "RoundTimer")
    find(workshop_app.root, "cc-module-done").value = True
    assert find(workshop_app.root, "cc-roleplay") is shown and shown.comm is not None, "the module was rebuilt"
    assert timer.comm is not None, "the running timer was replaced"
    assert "cc-step-done" in find(workshop_app.root, "cc-step-role-play")._dom_classes
    assert journal.get(workshop_app.session.code, "progress.role-play") is True
    assert workshop.t("app.progress", "de", done=1, total=len(workshop.module_ids)) in all_text(workshop_app.root)
    find(workshop_app.root, "cc-module-done").value = False
    assert "cc-step-done" not in find(workshop_app.root, "cc-step-role-play")._dom_classes


def test_the_frame_stays_while_the_module_changes(workshop, journal: Journal):
    """Stepper, back and next are the same widgets on every module, so a click made during a change lands."""
    workshop_app = started(workshop, journal)
    frame = [find(workshop_app.root, css) for css in ("cc-next", "cc-back", "cc-step-regret", "cc-module-done")]
    for _ in range(2 + 4):  # the welcome's two steps, then the first fear's four
        find(workshop_app.root, "cc-next").click()
    assert workshop_app.current == workshop.module_ids[2]
    assert [find(workshop_app.root, css) for css in ("cc-next", "cc-back", "cc-step-regret", "cc-module-done")] == frame
    assert all(widget.comm is not None for widget in frame)
    assert find(workshop_app.root, "cc-module-done").value is False, "the tick shows this module's state"
    assert journal.get(workshop_app.session.code, f"progress.{workshop.module_ids[2]}") is None


def test_the_focus_goes_to_the_heading_of_the_module_being_opened(workshop, journal: Journal, monkeypatch):
    """While the next module is drawn the old one is still on screen: the focus request must not match its heading."""
    workshop_app = started(workshop, journal)
    workshop_app.navigation.show_step(2)  # the welcome's last step
    asked: list[str] = []
    monkeypatch.setattr(workshop_app.page, "focus", asked.append)
    find(workshop_app.root, "cc-next").click()
    opened = workshop.module_ids[1]
    assert asked == [f".cc-module .cc-shows-{opened} h2"]
    assert any(f"cc-shows-{opened}" in child._dom_classes for child in workshop_app.navigation.module.children)


def test_the_current_step_is_marked_and_every_step_is_named(workshop, journal: Journal):
    workshop_app = started(workshop, journal, language="en")
    workshop_app.go("regret")
    steps = [node for node in walk(workshop_app.root) if "cc-step" in node._dom_classes]
    assert [s for s in steps if "cc-step-current" in s._dom_classes] == [find(workshop_app.root, "cc-step-regret")]
    for number, (step, module_id) in enumerate(zip(steps, workshop.module_ids, strict=True), start=1):
        assert step.tooltip == workshop.t("app.step", "en", number=number, title=workshop.module_title(module_id, "en"))


def test_hiding_a_part_never_hides_the_layouts_that_many_widgets_share(workshop, journal: Journal):
    from coffeechat.views.common import SHARED_LAYOUTS

    workshop_app = started(workshop, journal)
    find(workshop_app.root, "cc-code-toggle").click()
    for module_id in workshop.module_ids:
        workshop_app.go(module_id)
    assert [(layout.display, layout.visibility) for layout in SHARED_LAYOUTS] == [(None, None)] * len(SHARED_LAYOUTS)


def test_behind_jupyterhub_the_address_a_participant_keeps_outlives_their_server():
    assert lasting_address_path({}) == "", "served by coffeechat serve: the page's own address"
    assert lasting_address_path({"JUPYTERHUB_BASE_URL": "/"}) == "/hub/user-redirect/"
    assert lasting_address_path({"JUPYTERHUB_BASE_URL": "/kurs/"}) == "/kurs/hub/user-redirect/"


@pytest.mark.parametrize("url", ["postgresql://coffeechat@/nothing?host=/nonexistent", "postgresql://x@db/y"])
def test_a_journal_database_that_cannot_be_used_shows_a_friendly_message(monkeypatch, url):
    """An unreachable server, or a PostgreSQL URL on a machine without the driver, never shows a traceback."""
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", url)
    if "db/y" in url:

        def no_driver(self, url, *, busy_timeout_ms):
            raise database.MissingDriver("psycopg is not installed")

        monkeypatch.setattr(database.PostgresDatabase, "__init__", no_driver)
    widget = app("")
    assert isinstance(widget, w.HTML) and widget.value == app_module.CONTENT_BROKEN


def test_does_an_arrival_while_the_database_is_away_get_the_friendly_message(monkeypatch):
    """A kernel opened its journal before the database went away (a pooled kernel): the visitor who arrives
    with their code is told kindly, with no traceback; the journal has logged the outage once."""
    journal = Journal()
    code = journal.create_participant("de")

    def away(*_args, **_kwargs):
        raise JournalReadError("other")

    monkeypatch.setattr(Journal, "participant_exists", away)
    widget = app(f"code={code}")
    assert isinstance(widget, w.HTML) and widget.value == app_module.CONTENT_BROKEN


@pytest.mark.parametrize("address_code", ["ABCDE-FGHJK", "%3Cscript%3Ealert(1)%3C/script%3E", "x" * 5000, "🙂🙂"])
def test_does_an_unknown_or_garbled_code_in_the_address_get_a_clear_message(workshop, address_code):
    root = app(f"code={address_code}&lang=en")
    shown = all_text(root)
    quoted = unquote(address_code)[:40]
    message = workshop.t("code.unknown_address", "en", code=quoted)
    assert html.escape(message) in shown, "the start screen says the code in the link is unknown"
    assert workshop.t("code.start_new", "en") in shown, "and the visitor can still start or type their code"
    assert "<script>" not in shown


def test_a_language_switch_gives_the_page_its_language_and_title_in_one_message(workshop, journal, monkeypatch):
    """Sent one after the other, a busy page showed <html lang="de"> under the English title for a while."""
    workshop_app = started(workshop, journal)
    sent: list[set[str]] = []
    monkeypatch.setattr(
        workshop_app.page, "send_state", lambda key=None: sent.append({key} if isinstance(key, str) else set(key or ()))
    )
    workshop_app.header.language.value = "en"
    assert [keys for keys in sent if keys & {"lang", "title"}] == [
        {"lang", "title", "steps_label", "save_texts", "field_texts"}
    ]


def test_opening_a_module_sends_each_new_widget_whole(workshop, journal: Journal, monkeypatch):
    """A room that follows the coach opens a module in thirty kernels at once, and each widget message costs
    the kernel, the server and the page: a new widget comes with its classes, label and style in its first
    message, and controls that look alike share one style model. (Before: 229 messages to open a fear module,
    among them 51 class, 8 label and 8 label-width updates and 27 styles of their own; now about 120.)"""
    import comm

    from coffeechat.views.common import PLAIN_HTML

    sent: list[tuple[str, str, dict]] = []
    monkeypatch.setattr(
        comm.DummyComm,
        "publish_msg",
        lambda self, msg_type, data=None, **_: sent.append((msg_type, self.comm_id, data)),
    )
    workshop_app = started(workshop, journal)
    styles_on_the_second_tour = []
    for tour, module_id in [*((1, m) for m in workshop.module_ids[1:]), *((2, m) for m in workshop.module_ids)]:
        sent.clear()
        workshop_app.go(module_id)
        opened = {comm_id for msg_type, comm_id, _ in sent if msg_type == "comm_open"}
        updates = [
            (set(data["state"]), data["state"].get("_dom_classes"))
            for msg_type, comm_id, data in sent
            if msg_type == "comm_msg" and comm_id in opened and data.get("method") == "update"
        ]
        late = [names for names, classes in updates if names & {"_dom_classes", "description", "description_width"}]
        # the one class set afterwards names the view after its module (see WorkshopApp._show_module)
        assert late == [{"_dom_classes"}], (module_id, updates)
        models = [data["state"]["_model_name"] for msg_type, _, data in sent if msg_type == "comm_open"]
        assert "HTMLStyleModel" not in models, module_id
        styles_on_the_second_tour += [name for name in models if name.endswith("StyleModel") and tour == 2]
    assert styles_on_the_second_tour == [], "each control's style is made once and shared"
    assert PLAIN_HTML.comm is not None, "the shared style is never closed with a view"


def participants(journal: Journal) -> list[str]:
    """Every code the journal holds (the tests' own look into its table)."""
    return [row[0] for row in journal.database.execute("SELECT code FROM participants").fetchall()]


def test_after_erasing_start_now_gives_one_new_code_and_a_working_workshop(workshop, journal: Journal):
    workshop_app = started(workshop, journal)
    workshop_app.go("wrap-up")
    find(workshop_app.root, "cc-erase").click()
    find(workshop_app.root, "cc-erase-yes").click()
    find(workshop_app.root, "cc-start-new").click()
    assert workshop_app.session.attached, "Start now works on the same page after erasing"
    assert workshop.t("app.error", "de") not in workshop_app.status.widget.value
    assert find(workshop_app.root, "cc-welcome"), "the workshop opens at its first module"
    for _ in range(2):  # the welcome's two steps
        find(workshop_app.root, "cc-next").click()
    assert find(workshop_app.root, "cc-fear-not-ready")


def test_a_double_click_on_start_now_makes_one_participant(workshop, journal: Journal):
    workshop_app = WorkshopApp(workshop, journal)
    button = find(workshop_app.root, "cc-start-new")
    button.click()
    button.click()
    assert journal.participant_exists(workshop_app.session.code)
    assert len(participants(journal)) == 1, "one click too many leaves no unused code behind"


def test_forget_on_this_device_takes_every_answer_off_the_screen(workshop, journal: Journal):
    workshop_app = started(workshop, journal)
    code = workshop_app.session.code
    workshop_app.go("not-ready")
    workshop_app.session.set("not-ready.next_step.action", "Frau Ölmez anrufen 🙂")
    workshop_app.go("regret")
    find(workshop_app.root, "cc-forget").click()
    find(workshop_app.root, "cc-forget-yes").click()
    note = find(workshop_app.root, "cc-erased-note")
    shown = all_text(workshop_app.root).replace(note.value, "")
    assert not workshop_app.session.attached, "the page no longer works for that participant"
    assert code not in shown and "Ölmez" not in shown, "nothing of theirs is left on the page"
    assert find(workshop_app.root, "cc-start-new"), "the next person finds the start screen"
    assert workshop_app.device.code == "" or workshop_app.device.forget_count == 1
    said = html.unescape(note.value)
    assert workshop.t("code.forgotten", "de") in said and code in said and "Ölmez" not in said, "the code once more"
    find(workshop_app.root, "cc-forgotten-hide").click()
    assert code not in all_text(workshop_app.root), "and gone for the next person at this computer"
    again = WorkshopApp(workshop, journal, code=code)
    assert again.session.get("not-ready.next_step.action") == "Frau Ölmez anrufen 🙂", "their answers are kept"


def test_does_forget_on_this_device_ask_first_and_say_what_it_does_and_does_not(workshop, journal: Journal):
    """A walk pressed „Auf diesem Gerät vergessen“ by mistake, 8 px from „Notiert – einklappen“: it acted at once.
    It now asks, saying what happens (this device forgets the code) and what does not (the answers stay on the
    server under the code); „Abbrechen“ leaves everything as it was, the focus back on the button."""
    workshop_app = started(workshop, journal)
    code = workshop_app.session.code
    focused: list[str] = []
    workshop_app.page.focus = lambda selector, **_options: focused.append(selector)
    workshop_app.code_box.focus = workshop_app.start.focus = workshop_app.page.focus
    forget = find(workshop_app.root, "cc-forget")
    forget.click()
    assert workshop_app.session.attached and workshop_app.device.forget_count == 0, "nothing forgotten yet"
    confirm = find(workshop_app.root, "cc-forget-confirm")
    assert confirm.layout.display is None
    asked = html.unescape(all_text(confirm))
    assert workshop.t("code.forget_confirm", "de", code=code) in asked and code in asked
    assert focused[-1] == ".cc-forget-confirm-text p", "the focus on what it asks"
    assert "cc-hidden" in forget._dom_classes, "asked once: the button waits behind the question"
    find(workshop_app.root, "cc-forget-cancel").click()
    assert confirm.layout.display == "none" and "cc-hidden" not in forget._dom_classes
    assert focused[-1] == ".cc-forget", "back on the button"
    assert workshop_app.session.attached and workshop_app.device.forget_count == 0
    forget.click()
    find(workshop_app.root, "cc-forget-yes").click()
    assert not workshop_app.session.attached and workshop_app.device.forget_count == 1
    assert focused[-1] == ".cc-forgotten-note h2", "the focus on the notice with the code"
    for language in ("de", "en"):
        assert "{code}" in workshop.ui.strings["code.forget_confirm"][language], "the question names the code"


def test_the_start_page_does_not_say_what_the_welcome_module_says_next(workshop, journal: Journal):
    workshop_app = WorkshopApp(workshop, journal)
    first_paragraph = workshop.welcome.what_is_it["de"].split("\n")[0][:60]
    assert first_paragraph not in all_text(workshop_app.root)
    find(workshop_app.root, "cc-start-new").click()
    assert all_text(workshop_app.root).count(first_paragraph) == 1


@pytest.mark.parametrize(
    ("browser", "shown"),
    [
        (["en-GB", "en"], "en"),
        (["en-US"], "en"),
        (["fr-FR", "de-AT", "en"], "de"),
        (["fr-FR", "it"], "de"),  # neither: German, the workshop's first language
        ([], "de"),
        (["x" * 400, "EN"], "en"),  # a tag too long to be real is passed over
    ],
)
def test_a_first_visit_opens_in_the_browsers_language(workshop, journal: Journal, browser, shown):
    workshop_app = WorkshopApp(workshop, journal)
    workshop_app.page.browser_languages = browser
    assert workshop.t("code.start_new", shown) in all_text(workshop_app.root)
    assert workshop_app.page.lang == shown


def test_the_language_in_the_address_or_a_saved_one_wins_over_the_browsers(workshop, journal: Journal):
    asked = WorkshopApp(workshop, journal, language="de")
    asked.page.browser_languages = ["en-GB"]
    assert asked.session.language == "de", "?lang=de in the address"
    chosen = WorkshopApp(workshop, journal)
    chosen.header.language.value = "en"  # the participant pressed "English" before the browser's list came
    chosen.page.browser_languages = ["de-DE"]
    assert chosen.session.language == "en"
    code = started(workshop, journal).session.code
    returning = WorkshopApp(workshop, journal, code=code)
    returning.page.browser_languages = ["en-GB"]
    assert returning.session.language == "de", "a returning participant keeps their saved language"


def test_does_a_part_count_as_done_only_once_its_last_steps_next_is_pressed_and_may_be_undone(workshop, journal):
    """Issue 27's walks: a part counted as done as soon as its last step was on screen, before anything there was
    done (and a part opened at its last step, after a reload, too). Next on the last step counts it; the tick
    undoes it, and the untick holds also through Next."""
    workshop_app = started(workshop, journal)
    workshop_app.go("not-ready")
    for _ in range(3):
        find(workshop_app.root, "cc-next").click()
    tick = find(workshop_app.root, "cc-module-done")
    assert tick.layout.display != "none" and tick.value is True, "ticked: Next will count it done"
    assert workshop_app.session.get("progress.not-ready") is None, "the last step on screen: not done yet"
    assert "cc-step-done" not in find(workshop_app.root, "cc-step-not-ready")._dom_classes
    find(workshop_app.root, "cc-next").click()
    assert workshop_app.session.get("progress.not-ready") is True, "Next on the last step: done"
    find(workshop_app.root, "cc-back").click()
    tick = find(workshop_app.root, "cc-module-done")
    assert tick.value is True, "back on its last step, the tick says done"
    tick.value = False  # they undo it
    find(workshop_app.root, "cc-next").click()
    assert workshop_app.session.get("progress.not-ready") is False, "their untick holds"
    workshop_app.session.set("step.role-play", 3)  # the role-play left at its last step, without Next
    workshop_app.go("role-play")
    assert workshop_app.session.get("progress.role-play") is None, "a part opened at its last step is not done yet"
    find(workshop_app.root, "cc-next").click()
    assert workshop_app.session.get("progress.role-play") is True


def test_leaving_a_part_from_its_last_step_by_the_stepper_keeps_what_its_tick_says(workshop, journal):
    """Issue 27's walk: the role-play's last step showed „Dieser Teil ist erledigt“ ticked, the participant went on
    by the stepper (or the room moved on), and the finish said the part was still open. Leaving a part from its
    last step keeps what the tick showed; an untick holds, and a step before the last counts nothing."""
    workshop_app = started(workshop, journal)
    workshop_app.session.set("step.role-play", 3)
    workshop_app.go("role-play")
    assert find(workshop_app.root, "cc-module-done").value is True, "the tick shows the part done"
    find(workshop_app.root, "cc-step-wrap-up").click()
    assert workshop_app.session.get("progress.role-play") is True, "left by the stepper: done, as the tick said"
    workshop_app.session.set("step.question-builder", 4)
    workshop_app.go("question-builder")
    find(workshop_app.root, "cc-module-done").value = False  # they keep it open
    find(workshop_app.root, "cc-step-wrap-up").click()
    assert workshop_app.session.get("progress.question-builder") is False, "their untick holds"
    workshop_app.go("not-ready")
    find(workshop_app.root, "cc-next").click()  # its second step of four
    find(workshop_app.root, "cc-step-wrap-up").click()
    assert workshop_app.session.get("progress.not-ready") is None, "left before its end: not done"


def test_next_counts_a_part_as_done_and_finish_ends_the_journey_with_a_moment_that_says_so(workshop, journal):
    workshop_app = started(workshop, journal)
    for module_id in workshop.module_ids[:-1]:
        assert workshop_app.current == module_id
        steps = step_count(module_id, workshop_app.session.workshop)  # a fear's four steps, the builder's four
        for _ in range(steps - 2):
            find(workshop_app.root, "cc-next").click()
            assert workshop_app.session.get(f"progress.{module_id}") is None, "a step inside marks nothing done"
        find(workshop_app.root, "cc-next").click()
        ended = module_id == "wrap-up"  # its last step is the end screen: reaching it is finishing it
        assert workshop_app.session.get(f"progress.{module_id}") is (True if ended else None), module_id
        find(workshop_app.root, "cc-next").click()
        assert workshop_app.session.get(f"progress.{module_id}") is True, f"Next on its last step: {module_id} done"
    last = workshop.module_ids[-1]
    for _ in range(step_count(last, workshop_app.session.workshop) - 1):  # the weeks after, to their last step
        find(workshop_app.root, "cc-next").click()
    assert workshop_app.session.get(f"progress.{last}") is None, "Finish, not the last step, finishes the last part"
    assert workshop_app.navigation.forward.layout.display == "none", "no Next on the last part"
    workshop_app.session.set("wrapup.commit.who", "Frau Ölmez <b>")  # typed over the plan's contact
    workshop_app.session.set("wrapup.commit.due", "2026-12-04")
    find(workshop_app.root, "cc-finish").click()
    card, said = workshop_app.navigation.complete_card, workshop_app.navigation.complete_text
    assert card.layout.display != "none"
    assert workshop.t("app.complete_heading", "de") in said.value
    assert "Frau Ölmez &lt;b&gt;" in said.value and "4. Dezember 2026" in said.value
    # every fear passed with Next and nothing written: the moment claims no fear faced (a walk read „jede der vier“)
    assert "Ängste" not in html.unescape(said.value) and "Ängsten" not in html.unescape(said.value)
    forget = workshop.t("code.forget_device", "de")
    assert f"„{forget}“" in html.unescape(said.value), "where a shared device forgets the code (a phone walk)"
    # the take-home on the moment itself (a keyboard walk went back to the wrap-up for it)
    pdf = find(card, "cc-complete-pdf")
    assert pdf.description == f"⤓ {workshop.t('wrapup.download_pdf', 'de')}"
    downloader = next(child for child in card.children if isinstance(child, Downloader))
    sent = {}
    downloader.offer = lambda name, data, mime: sent.update(name=name, data=data)
    pdf.click()
    assert sent["name"].endswith(".pdf") and sent["data"].startswith(b"%PDF")
    assert workshop_app.session.get("progress.wrap-up") is True
    total = len(workshop.module_ids)
    assert workshop.t("app.progress", "de", done=total, total=total) in workshop_app.navigation.progress.value
    workshop_app.header.language.value = "en"
    assert workshop.t("app.complete_heading", "en") in said.value, "the moment follows the language"
    assert pdf.description == f"⤓ {workshop.t('wrapup.download_pdf', 'en')}"
    workshop_app.go("welcome")
    assert card.layout.display == "none"


def test_finishing_with_parts_left_open_says_which_and_asks_for_the_first_step(workshop, journal):
    workshop_app = started(workshop, journal)
    workshop_app.go("wrap-up")
    find(workshop_app.root, "cc-finish").click()
    text = html.unescape(workshop_app.navigation.complete_text.value)
    assert workshop.t("app.complete_heading_partly", "de") in text and "alle" not in text, "no 'all' with parts open"
    assert workshop.t("app.complete_commit", "de", step=workshop.t("wrapup.step.commit", "de")) in text
    assert workshop.module_title("not-ready", "de") in text, "the open parts are named"
    assert "„Ihr erster Schritt“" in text and "weiter oben" not in text, "it names the step, not a page long gone"


def test_finishing_counts_the_contact_the_wrap_up_took_from_the_plan(workshop, journal, finished_answers):
    """The walk: the wrap-up showed the plan's contact, the moment said the contact was still missing."""
    workshop_app = started(workshop, journal)
    workshop_app.session.set("builder.request", finished_answers["builder.request"])
    workshop_app.session.set("wrapup.commit.due", "2026-12-04")
    workshop_app.go("wrap-up")
    find(workshop_app.root, "cc-finish").click()
    text = html.unescape(workshop_app.navigation.complete_text.value)
    assert "Frau Ölmez" in text and "4. Dezember 2026" in text
    assert "Fehlt nur noch eins" not in text
    assert "„Mitnehmen“" in text and "weiter oben" not in text, "the take-home's step is named"


def test_does_a_reload_bring_a_guesser_no_fresh_tries(workshop, journal: Journal):
    """Pages from the same client address share the throttle (a room behind one address may make a typo each
    first), a page from another address does not wait, and the right code still works once the wait is over
    (the message says how long)."""
    owner_code = started(workshop, journal).session.code
    now = [1000.0]

    def page(client: str) -> WorkshopApp:
        visitor = WorkshopApp(workshop, journal, client=client)
        visitor.start.throttle.clock = lambda: now[0]
        return visitor

    guesses = iter(f"ABCDE-{number:05d}".translate(str.maketrans("0123456789", "ABCDEFGHJK")) for number in range(99))
    for _ in range(codes.ADDRESS_FREE_ATTEMPTS // codes.FREE_ATTEMPTS):  # a reload after every few guesses
        guesser = page("203.0.113.7")
        for _ in range(codes.FREE_ATTEMPTS):
            guesser.start.code_input.value = next(guesses)
            find(guesser.root, "cc-resume").click()
            assert workshop.t("code.unknown", "de") in guesser.start.code_message.value
    reloaded = page("203.0.113.7")
    reloaded.start.code_input.value = owner_code
    find(reloaded.root, "cc-resume").click()
    assert not reloaded.session.attached, "the reload's first try comes too soon as well"
    assert html.escape(workshop.t("code.wait_seconds.one", "de", count=1)) in reloaded.start.code_message.value
    neighbour = page("198.51.100.4")
    neighbour.start.code_input.value = owner_code
    find(neighbour.root, "cc-resume").click()
    assert neighbour.session.attached, "another address is not held up"
    now[0] += 1.0
    find(reloaded.root, "cc-resume").click()
    assert reloaded.session.attached and reloaded.session.code == owner_code


def test_does_the_code_sit_in_the_header_beside_the_languages_once_there_is_one_and_fold_there(workshop, journal):
    """The code box lives in the header's row (on a phone: one line of code and languages, kit.css); hidden on
    the start page, shown with its hints after the start, folded (a class the CSS lays out by) once noted, and
    gone again when the participant lets go of this device."""
    workshop_app = WorkshopApp(workshop, journal)
    row = find(workshop_app.root, "cc-header-row")
    box = find(workshop_app.root, "cc-code-box")
    assert box in row.children and box not in workshop_app.frame.children
    assert box.layout.display == "none", "no code on the start page"
    find(workshop_app.root, "cc-start-new").click()
    assert box.layout.display is None and "cc-code-shown" in box._dom_classes
    assert "cc-code-folded" not in box._dom_classes, "the first time, the code comes with what to do with it"
    find(workshop_app.root, "cc-code-toggle").click()
    assert "cc-code-folded" in box._dom_classes and workshop_app.session.code in all_text(box)
    find(workshop_app.root, "cc-code-toggle").click()
    find(workshop_app.root, "cc-forget").click()
    find(workshop_app.root, "cc-forget-yes").click()
    assert box.layout.display == "none" and "cc-code-shown" not in box._dom_classes


def test_does_finishing_under_the_end_screen_say_something_new_rather_than_you_made_it_twice(workshop):
    """The wrap-up's last step is headed „Geschafft“; the card Finish adds below it said „Geschafft!“ again."""
    for language in ("de", "en"):
        assert workshop.t("app.complete_heading", language) != workshop.t("wrapup.step.end", language) + "!"
        assert workshop.t("wrapup.step.end", language) not in workshop.t("app.complete_heading", language)


def test_does_enter_in_the_code_field_resume_as_the_button_does(workshop, journal: Journal):
    """A walk: Enter after typing the code did nothing; the button beside it was the only way in."""
    first = started(workshop, journal)
    second = WorkshopApp(workshop, journal)
    second.start.code_input.value = first.session.code
    second.start.code_input._handle_custom_msg({"event": "submit"}, [])  # Enter, as the page says it
    assert second.session.code == first.session.code


def test_finishing_after_writing_says_so_and_names_one_step_where_the_take_home_is(workshop, journal):
    """A German walk finished after recording its message in the weeks after and was told to write to Frau Ölmez;
    and „im Schritt „Mitnehmen““ named two steps (the plan's and the wrap-up's). The moment follows what is
    recorded, and names the wrap-up's step with its part."""
    workshop_app = started(workshop, journal)
    workshop_app.session.set("wrapup.commit.who", "Frau Ölmez")
    workshop_app.session.set("wrapup.commit.due", "2026-12-14")
    workshop_app.go("wrap-up")
    find(workshop_app.root, "cc-finish").click()
    text = html.unescape(workshop_app.navigation.complete_text.value)
    assert "„Abschluss“ › „Mitnehmen“" in text, text
    history = [{"stage": "to-write", "day": "2026-12-07"}, {"stage": "written", "day": "2026-12-07"}]
    workshop_app.session.set(keys.FOLLOWUP_CONTACTS, [{"id": "c-1", "name": "Frau Ölmez", "history": history}])
    find(workshop_app.root, "cc-finish").click()
    text = html.unescape(workshop_app.navigation.complete_text.value)
    assert "7. Dezember 2026" in text and "bis 14. Dezember" not in text and "„Dranbleiben“" in text, text

"""Hostile and awkward input through the real page, and a save status that tells the truth about it.

Typed into the page in Chromium: does any script run, is the text saved exactly, does the page show it as
text? Sent straight over the kernel's websocket (as anyone with the link can): does the kernel stay alive,
say what is wrong, and lose nothing else? And does the status line say "saving …", "saved" and "not saved
yet: offline" when each is true?
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time

import pytest

from coffeechat.content import load_workshop
from coffeechat.models import keys
from coffeechat.storage.journal import Journal

from .conftest import wait_saved
from .journey import css, go_to_field, start, text_prompt, to_step
from .test_builder import open_builder

WORKSHOP = load_workshop()

#: records every state of <html data-cc-save> from now on, in window.ccSaveStates, read from the mutation
#: records (each one's old value is the value before it): a "saving" that is "saved" again before the observer
#: runs is still counted
RECORD_SAVE_STATES = """() => {
  window.ccSaveStates = [];
  const push = (state) => {
    if (state && window.ccSaveStates[window.ccSaveStates.length - 1] !== state) window.ccSaveStates.push(state);
  };
  new MutationObserver((records) => {
    const values = records.filter((r) => r.attributeName === "data-cc-save").map((r) => r.oldValue);
    values.slice(1).forEach(push);
    if (values.length) push(document.documentElement.getAttribute("data-cc-save"));
  }).observe(document.documentElement, { attributes: true, attributeOldValue: true });
}"""

#: text that would run script, or change the page, if anything put it into HTML unescaped
SCRIPTS = (
    "<script>window.ccPwned = 1</script>",
    '<img src=x onerror="window.ccPwned = 2">',
    '"><svg onload="window.ccPwned = 3">',
    "{code} {name} {0} %s $$\\frac{a}{b}$$ **fett** <br> # Titel",
    "‮gnirts desrever‬ 👩‍👩‍👧‍👦 🏳️‍🌈 Ölmez",
)


def watch_for_script(page) -> list[str]:
    """Collect every dialog the page opens (an alert would be script the participant's text ran)."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def saved_value(data_dir, code: str, key: str):
    journal = Journal(data_dir / "journal.sqlite3")
    try:
        return journal.get(code, key)
    finally:
        journal.close()


def open_fear(page, fear_id: str = "not-ready") -> str:
    page.click(f".cc-step-{fear_id}")
    key = text_prompt(fear_id)
    page.wait_for_selector(f".cc-shows-{fear_id} .cc-module-step", state="attached")
    if page.locator(f"{css(key)} textarea").is_hidden():
        page.click(".cc-next")  # the reflection is the fear's step 2 (it opens where it was left)
    page.wait_for_selector(f"{css(key)} textarea")
    return f"{css(key)} textarea"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_does_the_status_say_saving_until_the_kernel_confirms_each_change_then_saved(visitor, data_dir, language):
    participant = visitor()
    code = start(participant, f"?lang={language}")
    page = participant.page
    box = open_fear(page)
    page.evaluate(RECORD_SAVE_STATES)
    page.click(box)
    page.keyboard.type("Erst neugierig, dann bereit")
    page.wait_for_function("document.documentElement.dataset.ccSave === 'saved'")
    states = page.evaluate("window.ccSaveStates")
    assert states[0] == "saving" and states[-1] == "saved", states
    assert saved_value(data_dir, code, text_prompt("not-ready")) == "Erst neugierig, dann bereit"
    shown = page.inner_text(".cc-status")
    assert WORKSHOP.t("app.saved", language) in shown
    assert len(shown.rsplit("(", 1)[-1].rstrip(")").split(":")) == 3, "the time of the save, to the second"
    page.keyboard.type(" heute")
    page.wait_for_function("document.documentElement.dataset.ccSave === 'saved'")
    states = page.evaluate("window.ccSaveStates")
    assert states.count("saving") >= 2 and states[-1] == "saved", f"every change is saving, then saved: {states}"
    wait_saved(data_dir, code, text_prompt("not-ready"), "Erst neugierig, dann bereit heute")


@pytest.mark.browser
def test_does_the_status_say_not_saved_yet_offline_and_save_once_back_online(visitor, data_dir):
    participant = visitor()
    code = start(participant)
    page = participant.page
    box = open_fear(page)
    key = text_prompt("not-ready")
    page.click(box)
    page.keyboard.type("Vor dem Funkloch")
    page.wait_for_function("document.documentElement.dataset.ccSave === 'saved'")
    participant.context.set_offline(True)
    page.keyboard.type(" und im Funkloch")
    # polled on a timer: Chromium's offline emulation held back animation-frame polling here
    page.wait_for_function("document.documentElement.dataset.ccSave === 'offline'", polling=250)
    assert page.inner_text(".cc-status") == WORKSHOP.t("status.offline", "de")
    assert WORKSHOP.t("app.saved", "de") not in page.inner_text(".cc-status"), "no 'saved' over unsaved text"
    assert saved_value(data_dir, code, key) == "Vor dem Funkloch", "the server has not got it yet"
    participant.context.set_offline(False)
    page.wait_for_function("document.documentElement.dataset.ccSave === 'saved'", timeout=90_000)
    assert saved_value(data_dir, code, key) == "Vor dem Funkloch und im Funkloch"
    assert WORKSHOP.t("app.saved", "de") in page.inner_text(".cc-status")


@pytest.mark.browser
def test_does_a_failed_save_say_so_under_the_field_and_save_by_itself_once_it_can(visitor, data_dir):
    """The journal cannot be written (here: locked for longer than a save waits, as when the database is away):
    "not saved, trying again" stands right under the field typed into low on a phone's page, in view while
    typing and read out politely; once the journal can be written the page saves the text by itself, with no
    key pressed, and the words go."""
    participant = visitor(phone=True)
    code = start(participant)
    page, person = participant.page, participant.person
    key = keys.next_step("not-ready", "action")
    go_to_field(participant, key)
    field = f"{css(key)} textarea"
    person.type(field, "Morgen rufe ich ")
    wait_saved(data_dir, code, key, "Morgen rufe ich ")
    blocker = sqlite3.connect(data_dir / "journal.sqlite3", isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        page.keyboard.insert_text("Frau Berger an")  # one change (a paste): one wait for the lock, not one a key
        note = page.wait_for_selector(".cc-retry-note:not(:empty)", timeout=30_000)
        assert WORKSHOP.t("save.retrying", "de") in note.inner_text()
        assert note.get_attribute("aria-live") == "polite"
        assert person.in_view(field) and person.in_view(".cc-retry-note"), "the words are where the person types"
        assert saved_value(data_dir, code, key) == "Morgen rufe ich "
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    page.wait_for_selector(".cc-retry-note", state="detached", timeout=60_000)  # no key pressed since
    assert saved_value(data_dir, code, key) == "Morgen rufe ich Frau Berger an"


@pytest.mark.browser
def test_is_hostile_text_typed_into_the_page_saved_exactly_and_shown_as_text(visitor, data_dir):
    participant = visitor()
    code = start(participant)
    page = participant.page
    dialogs = watch_for_script(page)
    box = open_fear(page)
    key = text_prompt("not-ready")
    text = "\n".join(SCRIPTS)
    page.fill(box, text)
    wait_saved(data_dir, code, key, text)
    # the builder shows what was typed in its plan card and its drafts: as text, never as markup
    open_builder(participant)
    name = SCRIPTS[1]
    page.fill(".cc-builder-contact-name input", name)
    page.press(".cc-builder-contact-name input", "Enter")
    page.wait_for_function(
        "(name) => document.querySelector('.cc-outreach-text textarea').value.includes(name)", arg=name
    )
    journal = Journal(data_dir / "journal.sqlite3")
    try:
        assert journal.get(code, "builder.request")["contact_name"] == name
    finally:
        journal.close()
    # the wrap-up writes the contact into its reminders, as HTML: the characters typed, as text
    page.click(".cc-step-wrap-up")
    page.wait_for_selector(".cc-wrapup")
    to_step(participant, "wrap-up", 2)  # the commitment
    page.fill(".cc-commitment input[type=date] >> nth=0", (dt.date.today() + dt.timedelta(days=3)).isoformat())
    page.wait_for_function(
        "(name) => [...document.querySelectorAll('.cc-commitment li')].some(li => li.textContent.includes(name))",
        arg=name,
    )
    participant.reload()
    open_builder(participant)
    assert page.input_value(".cc-builder-contact-name input") == name
    page.click(".cc-step-not-ready")
    page.wait_for_selector(box)
    assert page.input_value(box) == text, "a reload brings back exactly what was typed"
    assert page.evaluate("window.ccPwned") is None and dialogs == [], "no script ran"
    assert page.locator("img[src=x], svg[onload]").count() == 0, "no element was made of the text"


def send_to_widget(page, css_class: str, state: dict) -> None:
    """Send a widget state change over the kernel's websocket, as a visitor's own script could."""
    page.evaluate(
        """async ([cssClass, state]) => {
          const manager = window.jupyterapp.widgetManager;
          for (const promise of Object.values(manager._models)) {
            const model = await promise;
            if ((model.get("_dom_classes") || []).includes(cssClass)) {
              model.send_sync_message(state);
              return;
            }
          }
          throw new Error("no widget with class " + cssClass);
        }""",
        [css_class, state],
    )


@pytest.mark.browser
@pytest.mark.parametrize(
    "states, message",
    [
        (
            [
                {"value": 12345},
                {"value": ["a", "list"]},
                {"value": None},
                {"disabled": "yes", "value": {"nested": True}},
            ],
            None,
        ),
        ([{"value": "N" * 1_000_000}], "field.too_long"),
        ([{"value": "Frau \x00Ölmez\x1b[31m"}], "field.replaced_characters"),
    ],
    ids=["wrong-types", "1MB", "control-characters"],
)
def test_does_a_forged_widget_message_leave_the_kernel_alive_and_lose_nothing(visitor, data_dir, states, message):
    """The four values of a wrong type (a number, a list, null, wrong types of two traits) meet the same check
    (ipywidgets' own, which drops them): one page sends them one after the other; they were four cases with a
    page each. The kernel handles them in order, so the change saved after them proves all four handled."""
    participant = visitor()
    code = start(participant)
    page = participant.page
    box = open_fear(page)
    key = text_prompt("not-ready")
    page.fill(box, "Das bleibt")
    wait_saved(data_dir, code, key, "Das bleibt")
    open_builder(participant)
    page.fill(".cc-builder-contact-name input", "Frau Ölmez")
    page.press(".cc-builder-contact-name input", "Enter")
    page.wait_for_function("document.documentElement.dataset.ccSave === 'saved'")
    for state in states:
        send_to_widget(page, "cc-builder-contact-name", state)
    if message:
        expected = WORKSHOP.t(message, "de", limit=120, length=len(states[0]["value"]))
        # a value the kernel refuses (a wrong type) is dropped by ipywidgets' own checks, and logged
        page.wait_for_function("(text) => document.querySelector('.cc-status').innerText.includes(text)", arg=expected)
    # no wait for the kernel here: the forged messages and the participant's next change go over the same
    # socket to the same comm, and the kernel handles them in order; the next change saved proves them handled
    # the kernel is alive and answers: the next change of the participant is saved
    page.click(".cc-builder-contact-role textarea")
    page.fill(".cc-builder-contact-role textarea", "Stadtplanerin")
    page.press(".cc-builder-contact-role textarea", "Enter")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        request = saved_value(data_dir, code, "builder.request") or {}
        if request.get("contact_role") == "Stadtplanerin":
            break
        time.sleep(0.2)
    assert request.get("contact_role") == "Stadtplanerin", "the kernel still saves"
    if message == "field.replaced_characters":  # a string is a name like any other, its controls replaced
        assert request.get("contact_name") == "Frau \ufffdÖlmez\ufffd[31m"
    else:
        assert request.get("contact_name") == "Frau Ölmez", "the forged value replaced nothing"
    assert saved_value(data_dir, code, key) == "Das bleibt", "nothing else is lost"
    assert "Traceback" not in page.inner_text("body")
    for state in states:
        assert json.dumps(state)[:50] not in page.inner_text("body")


@pytest.mark.browser
def test_does_text_typed_after_the_kernel_died_never_show_as_saved(visitor, data_dir):
    from .test_resilience import kernel_processes, page_kernel_id

    participant = visitor()
    code = start(participant)
    page = participant.page
    box = open_fear(page)
    page.click(box)
    page.keyboard.type("Gesichert")
    page.wait_for_function("document.documentElement.dataset.ccSave === 'saved'")
    for process in kernel_processes(page_kernel_id(page)):
        process.kill()  # the kernel dies, as when the machine runs out of memory
    page.keyboard.type(" und verloren")
    page.wait_for_function(  # "offline" while the socket is away, "lost" once the page knows the kernel is gone
        "['offline', 'lost'].includes(document.documentElement.dataset.ccSave)", polling=250, timeout=60_000
    )
    assert WORKSHOP.t("app.saved", "de") not in page.inner_text(".cc-status")
    assert saved_value(data_dir, code, text_prompt("not-ready")) == "Gesichert"

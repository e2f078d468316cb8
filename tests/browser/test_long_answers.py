"""A long answer where a short one was expected: „Bereich oder Branche“ shows it whole, on a phone and a laptop,
and Enter there moves on to the next field as it does in a one-line input (page.js's enterInGrowingField)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from coffeechat.storage.journal import Journal

from .journey import start
from .test_builder import open_builder

LONG = {
    "de": "Wie Verkehrsunternehmen ihre Fahrgastinformation für Menschen mit Sehbehinderung planen und wer darüber "
    "entscheidet 🙂",
    "en": "How transport companies plan passenger information for people with visual impairments, and who decides "
    "on it 🙂",
}


def saved_request(data_dir, code: str, name: str, value: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        journal = Journal(data_dir / "journal.sqlite3")
        try:
            request = journal.get(code, "builder.request") or {}
        finally:
            journal.close()
        if request.get(name) == value:
            return
        time.sleep(0.2)
    raise AssertionError(f"{name} was not saved as {value!r}: {request.get(name)!r}")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "window"),
    [("de", {"phone": True}), ("en", {"viewport": {"width": 1280, "height": 800}, "locale": "en-GB"})],
)
def test_a_long_field_is_seen_whole_and_enter_moves_on(visitor, data_dir, language, window):
    participant = visitor(**window)
    code = start(participant, f"?lang={language}")
    open_builder(participant)
    person, page = participant.person, participant.page
    field = page.locator(".cc-builder-field textarea")
    person.type(field, LONG[language])
    person.press("Enter")
    expect(field).not_to_be_focused()  # Enter moved on, as in a one-line input, and the words were sent
    saved_request(data_dir, code, "field", LONG[language])
    expect(field).to_have_value(LONG[language])  # no line break typed into it
    shown = field.evaluate("box => ({inner: box.clientHeight, whole: box.scrollHeight})")
    assert shown["whole"] <= shown["inner"] + 1, f"part of the answer is hidden: {shown}"
    assert shown["inner"] > 40, "more than one line: the answer wraps in view"

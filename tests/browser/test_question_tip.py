"""The tips under what I write (issue 30), in Chromium as a person uses them: I type a yes/no question into my
plan, a tip appears under it, I take the open rewrite with one press, and my question now reads the open way;
then I write my first message myself, ask for a job in it, and a tip says why not; „Passt so“ puts it away."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .journey import start
from .test_builder import builder_step, edits_saved, open_builder, question_ids
from .walks import Tree, serious_violations

YES_NO = {"de": "Ist die Arbeit abwechslungsreich?", "en": "Is the work varied?"}
OPEN = {"de": "Was macht die Arbeit abwechslungsreich, und was nicht?", "en": "What makes the work varied, or not?"}
USE = {"de": "Übernehmen: „{}“", "en": "Use: “{}”"}
LEAD = {"de": "Ein Tipp:", "en": "A tip:"}
#: a first message as a person writes it whole, with a job request in it
MY_MESSAGE = {
    "de": "Guten Tag Frau Özdemir,\n\nwir haben uns letzte Woche beim Karrieretag in Leipzig gesehen. Hätten Sie "
    "20 Minuten für ein Gespräch über Ihre Arbeit? Und haben Sie vielleicht eine Stelle für mich? 🙂\n\n"
    "Viele Grüße\nKim Wąsowski",
    "en": "Dear Ms Okafor,\n\nWe met at the careers fair in Leeds last week. Could you spare 20 minutes for a call "
    "about your work? And do you have a job for me? 🙂\n\nBest wishes,\nKim Wąsowski",
}
JOB_TIP = {"de": "Nach einer Stelle zu fragen", "en": "Asking for a job"}
KEEP = {"de": "Passt so", "en": "Keep mine"}


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "window"),
    [("de", {}), ("en", {"phone": True, "locale": "en-GB"})],
    ids=["de-1280x800-wheel", "en-390x844-touch"],
)
def test_a_yes_no_question_in_my_plan_gets_a_tip_and_i_take_its_open_rewrite(visitor, data_dir, language, window):
    participant = visitor(**window)
    code = start(participant, f"?lang={language}")
    open_builder(participant)
    builder_step(participant, 2)
    page, person = participant.page, participant.person
    first = question_ids(page)[0]
    field = page.locator(f".cc-question-{first} .cc-question-text textarea")
    block = page.locator(f".cc-question-block:has(.cc-question-{first})")
    tip, use = block.locator(".cc-question-tip-note"), block.locator("button.cc-question-tip-use")
    expect(tip).to_have_text("")

    person.type(field, YES_NO[language], clear=True)
    expect(use).to_be_hidden()  # nothing while I am still in the field
    person.press("Tab")  # a plan's question is sent when I leave it
    expect(tip).to_contain_text(LEAD[language])
    # read out as it appears: the part that stays on the page is the polite live region (page.js)
    expect(block.locator(".cc-question-tip-note > .widget-html-content")).to_have_attribute("role", "status")
    expect(use).to_have_text(USE[language].format(OPEN[language]))
    expect(block.locator("button.cc-question-tip-keep")).to_be_visible()
    assert person.in_view(use), "the tip shows right under my question"
    if window.get("phone"):
        for button in (use, block.locator("button.cc-question-tip-keep")):
            box = button.bounding_box()
            assert box is not None and box["height"] >= 44, f"a finger's target: {box}"
    assert serious_violations(page) == [], "axe with the tip on screen"
    assert Tree.of(page).unnamed_controls() == []

    person.click(use)
    expect(field).to_have_value(OPEN[language])
    expect(field).to_be_focused()  # back in my question, to go on writing
    expect(use).to_be_hidden()
    expect(tip).to_have_text("")  # the open question needs no tip
    edits_saved(data_dir, code, lambda edits: OPEN[language] in str(edits.get("reworded")))

    # --- my first message, written by me -------------------------------------------------------------------
    builder_step(participant, 3)
    draft = page.locator(".cc-outreach-text textarea")
    message_tip = page.locator(".cc-message-outreach .cc-message-tip-note")
    keep = page.locator(".cc-message-outreach button.cc-message-tip-keep")
    expect(message_tip).to_have_text("")  # the kit's own draft: nothing to say
    person.type(draft, MY_MESSAGE[language], clear=True)
    expect(message_tip).to_contain_text(JOB_TIP[language])  # once I pause: no key waits for it
    expect(message_tip).to_contain_text(LEAD[language])
    person.reach(keep)
    assert person.in_view(message_tip), "the tip is on screen with its button"
    if window.get("phone"):
        box = keep.bounding_box()
        assert box is not None and box["height"] >= 44, f"a finger's target: {box}"
    assert serious_violations(page) == [], "axe with the message tip on screen"
    expect(keep).to_have_text(KEEP[language])
    person.click(keep)
    expect(message_tip).to_have_text("")  # nothing else to say of my message: names are names, no typo
    expect(draft).to_be_focused()  # back in my message
    expect(draft).to_have_value(MY_MESSAGE[language])

"""A participant who types what the screen itself suggests: every module filled with its own examples, in
Chromium, in both languages. Do the drafts read right, and does the take-home hold every word?"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from coffeechat.content import load_workshop
from coffeechat.storage.journal import Journal
from tests.unit.test_outreach import reading_problems, screen_example

from .conftest import wait_saved
from .journey import go_to_field, start, to_step
from .test_builder import builder_step, open_builder

WORKSHOP = load_workshop()
NAMES = {"de": "Anna Berg", "en": "Anna Berg"}


def fill_fear(participant, fear, language: str) -> dict[str, str]:
    """Every text prompt with its own placeholder (the screen's example), and the next step with its first example,
    taken by a tap (each on its step of the fear module)."""
    page = participant.page
    typed = {}
    for prompt in (*fear.reflection, *fear.exercise.fields):
        if prompt.kind == "text" and prompt.placeholder:
            key = f"{fear.id}.{'reflection' if prompt in fear.reflection else 'exercise'}.{prompt.id}"
            go_to_field(participant, key)
            page.fill(f".cc-key-{key.replace('.', '-')} textarea", prompt.placeholder[language])
            typed[key] = prompt.placeholder[language]
    if fear.next_step.examples:  # taken with a tap (a click), as the screen offers, and the focus goes there
        key = f"{fear.id}.next_step.action"
        go_to_field(participant, key)
        field = f".cc-key-{key.replace('.', '-')}"
        participant.person.click(page.locator(f"{field} .cc-example").first)
        expect(page.locator(f"{field} textarea")).to_be_focused()
        expect(page.locator(f"{field} textarea")).to_have_value(fear.next_step.examples[0][language])
        typed[key] = fear.next_step.examples[0][language]
    return typed


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_screens_own_examples_make_drafts_and_a_take_home_that_read_right(visitor, data_dir, tmp_path, language):
    participant = visitor()
    code = start(participant, "?lang=en" if language == "en" else "")
    page = participant.page
    typed: dict[str, str] = {}
    for fear in WORKSHOP.fears:
        page.click(f".cc-step-{fear.id}")
        page.wait_for_selector(f".cc-fear-{fear.id}")
        typed |= fill_fear(participant, fear, language)
    for key, text in typed.items():
        wait_saved(data_dir, code, key, text)

    open_builder(participant)  # at its first step: the conversation
    relationship = next(r for r in WORKSHOP.bank.relationships if r.id == "alumni")
    page.select_option(".cc-builder-relationship select", label=relationship.label[language])
    page.wait_for_function(
        "(example) => document.querySelector('.cc-builder-connection label').textContent.includes(example)",
        arg=relationship.connection_example[language],
    )
    for name in ("contact_name", "contact_role", "field", "my_situation"):
        page.fill(
            f".cc-builder-{name.replace('_', '-')} :is(input, textarea)", screen_example(f"builder.{name}", language)
        )
        page.press(f".cc-builder-{name.replace('_', '-')} :is(input, textarea)", "Tab")
    page.fill(".cc-builder-my-name input", NAMES[language])
    page.press(".cc-builder-my-name input", "Tab")
    page.fill(".cc-builder-connection textarea", relationship.connection_example[language])
    page.press(".cc-builder-connection textarea", "Tab")
    builder_step(participant, 3)  # the messages, by Next past the plan, as a person goes
    # every draft follows what was typed (they are updated one after another): none says a value is missing
    typed_names = ("my_name", "contact_name", "contact_role", "field", "my_situation", "connection")
    missing = [WORKSHOP.outreach.placeholder_missing[name][language] for name in typed_names]
    try:
        page.wait_for_function(
            "(missing) => Array.from(document.querySelectorAll('.cc-messages textarea'))"
            ".every(box => !missing.some(words => box.value.includes(words)))",
            arg=missing,
            timeout=90_000,  # six fields, each redrawing the plan and every draft
        )
    except PlaywrightTimeoutError:
        left = page.eval_on_selector_all(".cc-messages textarea", "boxes => boxes.map(b => b.value)")
        fields = page.eval_on_selector_all(".cc-builder input", "xs => xs.map(x => x.value)")
        saved = {k: v for k, v in Journal(data_dir / "journal.sqlite3").load(code).items() if k.startswith("builder")}
        stale = [d for d in left if any(words in d for words in missing)]
        raise AssertionError(f"a draft ignores what was typed: {stale}; fields {fields}; saved {saved}") from None
    drafts = {kind.id: page.input_value(f".cc-{kind.id}-text textarea") for kind in WORKSHOP.outreach.kinds}
    for kind, text in drafts.items():
        # what happened in the conversation, and who introduces them, is the participant's to write later
        later = text
        for name in ("learned", "my_next_step", "introducer", "what_happened"):
            later = later.replace(WORKSHOP.outreach.placeholder_missing[name][language], "X")
        assert not re.search(r"[{][a-z_]+[}]", text), (kind, "no raw placeholder")
        assert reading_problems(later, language, False) == [], (kind, text)
    assert relationship.connection_example[language] in drafts["outreach"]

    page.click(".cc-step-wrap-up")
    page.wait_for_selector(".cc-wrapup")
    to_step(participant, "wrap-up", 3)  # take it home
    with page.expect_download() as download:
        participant.person.click(".cc-take-home-md")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    take_home = path.read_text(encoding="utf-8")
    for text in typed.values():
        assert " ".join(text.split()) in " ".join(take_home.split()), text
    assert " ".join(drafts["outreach"].split()[:12]) in " ".join(take_home.replace("> ", "").split()), "the request"
    assert screen_example("builder.contact_name", language) in take_home

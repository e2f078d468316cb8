"""The guard in a real browser: does the page still work under its strict policy, bound to its browser?"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .journey import answer_every_fear, start
from .test_builder import builder_step, open_builder, type_and_enter


@pytest.mark.browser
def test_the_page_works_under_its_security_policy_without_a_single_violation(visitor, data_dir, tmp_path):
    participant = visitor(enforce_csp=True)
    messages: list[str] = []
    participant.page.on("console", lambda message: messages.append(message.text))
    participant.page.on("pageerror", lambda error: messages.append(str(error)))
    code = start(participant)
    answer_every_fear(participant, data_dir, code, "de")  # every fear module's widgets, saved on the server
    open_builder(participant)
    type_and_enter(participant.page, ".cc-builder-contact-name input", "Frau Okafor")
    draft = participant.page.locator(".cc-outreach-text textarea")
    # no wait_for_function here (its string predicate is an eval the policy forbids): Playwright's own assertion
    expect(draft).to_have_value(re.compile("Frau Okafor"))
    builder_step(participant, 4)  # the take-home step, by Next as a person goes
    with participant.page.expect_download() as download:  # a download from a blob: address
        participant.page.click(".cc-download-markdown")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert "Frau Okafor" in path.read_text(encoding="utf-8")
    participant.reload()  # resume under the policy too
    participant.page.wait_for_selector(".cc-body")
    # resumed, and every resource the page asks for has come (a refused one would be a violation)
    expect(participant.page.locator(".cc-code")).to_have_text(code)
    participant.page.wait_for_load_state("networkidle")
    violations = [text for text in messages if "Content Security Policy" in text or "Refused to" in text]
    assert violations == []


@pytest.mark.browser
def test_the_browsers_secret_is_out_of_reach_of_the_pages_scripts(visitor):
    participant = visitor(enforce_csp=True)
    start(participant)
    cookies = {cookie["name"]: cookie for cookie in participant.context.cookies()}
    secret = cookies["coffeechat-browser"]
    assert secret["httpOnly"] and secret["sameSite"] == "Strict"
    assert "coffeechat-browser" not in participant.page.evaluate("document.cookie")


@pytest.mark.browser
def test_markup_that_slipped_into_the_page_could_not_run_script(visitor):
    """Defence in depth: an <img onerror> inside the page (as a hijacked HTML widget once put there) stays inert."""
    participant = visitor(enforce_csp=True)
    start(participant)
    participant.page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.ccInjected = 1\">')"
    )
    # until the image has failed: its error event (and the inline handler, were it allowed) has been dispatched
    participant.page.evaluate(
        """() => new Promise((done) => {
          const image = document.querySelector('img[src="x"]');
          if (image.complete) done();
          else image.addEventListener("error", () => done(), { once: true });
        })"""
    )
    assert participant.page.evaluate("window.ccInjected") is None

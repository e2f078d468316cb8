"""The guard in a real browser: does the page still work under its strict policy, bound to its browser?"""

from __future__ import annotations

import pytest

from .test_journey import start


@pytest.mark.browser
def test_the_page_works_under_its_security_policy_without_a_single_violation(visitor):
    participant = visitor()
    messages: list[str] = []
    participant.page.on("console", lambda message: messages.append(message.text))
    participant.page.on("pageerror", lambda error: messages.append(str(error)))
    start(participant)
    participant.page.wait_for_timeout(1000)
    violations = [text for text in messages if "Content Security Policy" in text or "Refused to" in text]
    assert violations == []


@pytest.mark.browser
def test_the_browsers_secret_is_out_of_reach_of_the_pages_scripts(visitor):
    participant = visitor()
    start(participant)
    cookies = {cookie["name"]: cookie for cookie in participant.context.cookies()}
    secret = cookies["coffeechat-browser"]
    assert secret["httpOnly"] and secret["sameSite"] == "Strict"
    assert "coffeechat-browser" not in participant.page.evaluate("document.cookie")


@pytest.mark.browser
def test_markup_that_slipped_into_the_page_could_not_run_script(visitor):
    """Defence in depth: an <img onerror> inside the page (as a hijacked HTML widget once put there) stays inert."""
    participant = visitor()
    start(participant)
    participant.page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.ccInjected = 1\">')"
    )
    participant.page.wait_for_timeout(500)
    assert participant.page.evaluate("window.ccInjected") is None

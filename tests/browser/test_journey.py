"""A participant in Chromium: start, rate, work through all four fears, reload, and find everything back."""

from __future__ import annotations

import pytest

from coffeechat.content import load_workshop

from .conftest import Visitor, wait_saved

WORKSHOP = load_workshop()
FEAR_IDS = [fear.id for fear in WORKSHOP.fears]


def text_prompt(fear_id: str):
    fear = WORKSHOP.fear(fear_id)
    prompt = next(p for p in fear.reflection if p.kind == "text")
    return f"{fear_id}.reflection.{prompt.id}"


def css(key: str) -> str:
    return ".cc-key-" + key.replace(".", "-")


def start(visitor: Visitor, query: str = "") -> str:
    visitor.open(query)
    visitor.page.click(".cc-start-new")
    visitor.page.wait_for_selector(".cc-code")
    code = visitor.page.inner_text(".cc-code").strip()
    assert f"code={code}" in visitor.page.url, "the address carries the code so that a reload resumes"
    return code


def answer_every_fear(visitor: Visitor, data_dir, code: str, language: str) -> dict[str, str]:
    typed = {}
    for fear_id in FEAR_IDS:
        visitor.page.click(f".cc-step-{fear_id}")
        visitor.page.wait_for_selector(f".cc-fear-{fear_id}")
        assert WORKSHOP.fear(fear_id).title[language] in visitor.page.inner_text(".cc-body")
        key = text_prompt(fear_id)
        text = f"{language}: Ärger & Übermut <b>fett</b> 🙂 {fear_id}"
        visitor.page.fill(f"{css(key)} textarea", text)
        wait_saved(data_dir, code, key, text)
        typed[key] = text
    return typed


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_answers_in_all_four_fears_survive_a_reload(visitor, data_dir, language):
    participant = visitor()
    code = start(participant, "" if language == "de" else "?lang=en")
    body = participant.page.inner_text(".cc-body")
    assert WORKSHOP.welcome.title[language] in body
    assert participant.page.locator(".cc-chart").is_hidden(), "no empty chart before the first rating"
    handle = participant.page.locator(".cc-rating-regret .noUi-handle")
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    wait_saved(data_dir, code, "welcome.rating.regret", 3)
    participant.page.wait_for_selector(".cc-chart", state="visible")
    participant.page.locator(".cc-keep-value").first.click()  # "not ready" at 0, without moving the slider
    wait_saved(data_dir, code, f"welcome.rating.{FEAR_IDS[0]}", 0)
    typed = answer_every_fear(participant, data_dir, code, language)
    participant.page.fill(".cc-next-step textarea", "Frau Ölmez anschreiben")
    wait_saved(data_dir, code, f"{FEAR_IDS[-1]}.next_step.action", "Frau Ölmez anschreiben")

    participant.reload()
    page = participant.page
    assert page.inner_text(".cc-code").strip() == code
    assert WORKSHOP.fear(FEAR_IDS[-1]).title[language] in page.inner_text(".cc-body"), "back where I left off"
    assert page.input_value(".cc-next-step textarea") == "Frau Ölmez anschreiben"
    for key, text in typed.items():
        fear_id = key.split(".")[0]
        page.click(f".cc-step-{fear_id}")
        page.wait_for_selector(f".cc-fear-{fear_id}")
        assert page.input_value(f"{css(key)} textarea") == text
    page.click(".cc-step-welcome")
    page.wait_for_selector(".cc-welcome")
    assert page.inner_text(".cc-rating-regret .widget-readout").strip() == "3"
    shown = page.inner_text("body")
    assert "Traceback" not in shown and "/work/" not in shown and "import " not in shown


@pytest.mark.browser
def test_switching_language_in_the_browser_keeps_what_was_typed(visitor, data_dir):
    participant = visitor()
    code = start(participant)
    key = text_prompt("not-ready")
    participant.page.click(".cc-step-not-ready")
    participant.page.fill(f"{css(key)} textarea", "Was ich wissen will: der Alltag")
    wait_saved(data_dir, code, key, "Was ich wissen will: der Alltag")
    participant.page.click(".cc-language >> text=English")
    participant.page.wait_for_selector(f"text={WORKSHOP.fear('not-ready').title['en']}")
    assert participant.page.input_value(f"{css(key)} textarea") == "Was ich wissen will: der Alltag"
    participant.reload()
    assert WORKSHOP.t("app.next", "en") in participant.page.inner_text(".cc-body")


@pytest.mark.browser
def test_a_wrong_code_is_explained_and_the_right_one_resumes(visitor, data_dir):
    first = visitor()
    code = start(first)
    other = visitor()
    other.open()
    other.page.fill(".cc-code-input input", "nonsense")
    other.page.click(".cc-resume")
    other.page.wait_for_selector(f"text={WORKSHOP.t('code.invalid', 'de')}")
    other.page.fill(".cc-code-input input", code.lower().replace("-", " "))
    other.page.click(".cc-resume")
    other.page.wait_for_selector(".cc-code")
    assert other.page.inner_text(".cc-code").strip() == code


@pytest.mark.browser
def test_coming_back_without_the_link_resumes_until_the_device_forgets(visitor, data_dir):
    participant = visitor()
    code = start(participant)
    participant.open()  # the bare address, as typed next day on the same device
    participant.page.wait_for_selector(".cc-code")
    assert participant.page.inner_text(".cc-code").strip() == code
    participant.page.click(".cc-forget")
    participant.page.wait_for_selector(f"text={WORKSHOP.t('code.forgotten', 'de')[:40]}")
    assert "code=" not in participant.page.url
    participant.open()
    participant.page.wait_for_selector(".cc-start-new")
    assert participant.page.locator(".cc-code").count() == 0

"""The steps of a participant's journey every browser test shares, taken as a person takes them (person.py)."""

from __future__ import annotations

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
    """Open the link, reach "Start now" as a person does and press it; the new code."""
    visitor.open(query)
    visitor.person.click(".cc-start-new")
    visitor.page.wait_for_selector(".cc-code")
    code = visitor.page.inner_text(".cc-code").strip()
    assert f"code={code}" in visitor.page.url, "the address carries the code so that a reload resumes"
    return code


def go_to(visitor: Visitor, module_id: str) -> None:
    """Press a module's step in the stepper (scrolling up to it first, as a person would)."""
    visitor.person.click(f".cc-step-{module_id}")
    visitor.page.wait_for_selector(f".cc-step-{module_id}.cc-step-current")


def answer_every_fear(visitor: Visitor, data_dir, code: str, language: str) -> dict[str, str]:
    typed = {}
    for fear_id in FEAR_IDS:
        go_to(visitor, fear_id)
        visitor.page.wait_for_selector(f".cc-fear-{fear_id}")
        assert WORKSHOP.fear(fear_id).title[language] in visitor.page.inner_text(".cc-body")
        key = text_prompt(fear_id)
        text = f"{language}: Ärger & Übermut <b>fett</b> 🙂 {fear_id}"
        visitor.person.type(f"{css(key)} textarea", text)
        wait_saved(data_dir, code, key, text)
        typed[key] = text
    return typed

"""The steps of a participant's journey every browser test shares, taken as a person takes them (person.py)."""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from coffeechat.content import load_workshop
from coffeechat.pages.navigation import MODULE_HEADING, MODULE_STEP_HEADING

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
    # as a person sees the first part open: its heading takes the focus (page.js, once the kernel asks); a test
    # that went on before it arrived had the focus taken from the control it had just moved to
    visitor.page.wait_for_function("() => document.activeElement && document.activeElement.matches('.cc-module h2')")
    code = visitor.page.inner_text(".cc-code").strip()
    assert f"code={code}" in visitor.page.url, "the address carries the code so that a reload resumes"
    return code


def go_to(visitor: Visitor, module_id: str) -> None:
    """Press a module's step in the stepper (scrolling up to it first, as a person would)."""
    visitor.person.click(f".cc-step-{module_id}")
    visitor.page.wait_for_selector(f".cc-step-{module_id}.cc-step-current")
    wait_heading_focus(visitor, module_id)


def wait_heading_focus(visitor: Visitor, module_id: str) -> None:
    """Wait, as a person sees the part open, until its heading has the focus (navigation.MODULE_HEADING): a
    test that went on before it arrived had the focus taken from where it had just clicked."""
    visitor.page.wait_for_function(
        "(s) => document.activeElement && document.activeElement.matches(s)",
        arg=MODULE_HEADING.format(module_id=module_id),
    )


#: the step of a fear module that holds an answer, by the answer key's middle part (views/fear.py)
STEP_OF_PART = {"reflection": 2, "exercise": 3, "next_step": 4}


def step_of(key: str) -> int:
    """The step of its fear module where the field of answer ``key`` is (``not-ready.reflection.x``: 2)."""
    return STEP_OF_PART[key.split(".")[1]]


def step_shown(visitor: Visitor, module_id: str) -> int:
    """The step of the open module a person sees (1 for a module without steps)."""
    return visitor.page.evaluate(
        """(m) => { const steps = [...document.querySelectorAll(`.cc-shows-${m} .cc-module-step`)];
           const shown = steps.findIndex((s) => s.offsetParent !== null); return shown < 0 ? 1 : shown + 1; }""",
        module_id,
    )


#: counts the clicks that reach a button of the pager (once per page; page.js has its own listeners)
COUNT_PAGER_CLICKS_JS = """() => {
  if (!window.ccPagerClicks) {
    window.ccPagerClicks = { count: 0 };
    document.addEventListener("click", (event) => {
      if (event.target.closest && event.target.closest(".cc-pager")) window.ccPagerClicks.count += 1;
    }, true);
  }
  return window.ccPagerClicks.count;
}"""


def press(visitor: Visitor, selector: str) -> None:
    """Tap or click a button of the pager (Next, Back) as a person does, and again if the page took no click.

    A tap while the page still glides from the last swipe only stops it: Chrome sends no click (seen on a
    phone's short steps, after a swipe to the end). A person then taps again; so does this."""
    page = visitor.page
    before = page.evaluate(COUNT_PAGER_CLICKS_JS)
    for _ in range(3):
        visitor.person.click(selector)
        try:
            page.wait_for_function("(n) => window.ccPagerClicks.count > n", arg=before, timeout=1_500)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"{selector} took no tap or click in three tries")


def to_step(visitor: Visitor, module_id: str, step: int) -> None:
    """Press Next or Back below the open module, as a person does, until its step ``step`` is on screen."""
    for _ in range(8):
        shown = step_shown(visitor, module_id)
        if shown == step:
            break
        press(visitor, ".cc-next" if shown < step else ".cc-back")
        visitor.page.wait_for_selector(
            f".cc-shows-{module_id} .cc-module-step-{shown + (1 if shown < step else -1)}", state="visible"
        )
    visitor.page.wait_for_selector(f".cc-shows-{module_id} .cc-module-step-{step}", state="visible")


def choose_practice(visitor: Visitor, mode: str) -> None:
    """On the role-play's first step, press the practice ``mode`` ("group" or "solo"), as a person does (alone,
    the page offers the solo practice first; in a room, the group)."""
    to_step(visitor, "role-play", 1)
    page = visitor.page
    choice = page.locator(".cc-roleplay-mode button").nth(0 if mode == "group" else 1)
    if "mod-active" not in (choice.get_attribute("class") or ""):
        visitor.person.click(choice)
    page.wait_for_selector(".cc-role" if mode == "group" else ".cc-solo-persona", state="attached")


def to_ratings(visitor: Visitor) -> None:
    """From the welcome's first step (what this is) press Next, as a person does, to its second, the ratings of
    the four fears, and wait until that step's heading has the focus (as a person sees the step open)."""
    to_step(visitor, "welcome", 2)
    visitor.page.wait_for_function(
        "(s) => document.activeElement && document.activeElement.matches(s)",
        arg=MODULE_STEP_HEADING.format(module_id="welcome", step=2),
    )


def go_to_field(visitor: Visitor, key: str) -> None:
    """Open the fear module and the step where the field of answer ``key`` is."""
    module_id = key.split(".")[0]
    if visitor.page.locator(f".cc-step-{module_id}.cc-step-current").count() == 0:
        go_to(visitor, module_id)
    visitor.page.wait_for_selector(f".cc-shows-{module_id} .cc-module-step", state="attached")
    to_step(visitor, module_id, step_of(key))


def answer_every_fear(visitor: Visitor, data_dir, code: str, language: str) -> dict[str, str]:
    typed = {}
    for fear_id in FEAR_IDS:
        go_to(visitor, fear_id)
        visitor.page.wait_for_selector(f".cc-fear-{fear_id}")
        assert WORKSHOP.fear(fear_id).title[language] in visitor.page.inner_text(".cc-body")
        key = text_prompt(fear_id)
        go_to_field(visitor, key)
        text = f"{language}: Ärger & Übermut <b>fett</b> 🙂 {fear_id}"
        visitor.person.type(f"{css(key)} textarea", text)
        wait_saved(data_dir, code, key, text)
        typed[key] = text
    return typed

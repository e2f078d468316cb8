"""Can everyone use it? axe-core (WCAG 2.2 A/AA) on every module, in both languages, on a laptop and a phone,
and every form control named in Chromium's own accessibility tree (axe alone misses some).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from coffeechat.content import load_workshop

from .journey import start

WORKSHOP = load_workshop()
AXE = Axe()
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
#: roles whose nodes a participant operates; each needs a name a screen reader can say
CONTROL_ROLES = {
    "textbox",
    "combobox",
    "slider",
    "checkbox",
    "radio",
    "button",
    "spinbutton",
    "listbox",
    "switch",
    "searchbox",
    "togglebutton",
    "menuitem",
    "tab",
    "option",
}


def serious_violations(page) -> list[str]:
    results = AXE.run(page, context={"include": [".cc-app"]}, options=WCAG).response
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:160]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"][:4]
    ]


def unnamed_controls(page) -> list[str]:
    """Controls in Chromium's accessibility tree whose name is empty (or only an invisible character)."""
    client = page.context.new_cdp_session(page)
    try:
        nodes = client.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        client.detach()
    missing = []
    for node in nodes:
        role = (node.get("role") or {}).get("value", "")
        if node.get("ignored") or role not in CONTROL_ROLES:
            continue
        name = str((node.get("name") or {}).get("value", "")).replace("\u200b", "").strip()
        if not name:
            missing.append(f"{role} (backend node {node.get('backendDOMNodeId')})")
    return missing


def screens(page):
    """Every screen a participant meets: the modules, and the role-play's other roles and solo mode."""
    for module_id in WORKSHOP.module_ids:
        page.click(f".cc-step-{module_id}")
        page.wait_for_selector(f".cc-step-{module_id}.cc-step-current")
        page.wait_for_timeout(400)
        yield module_id
        if module_id == "role-play":
            for role in ("contact", "observer"):
                page.locator(".cc-role button").nth(["asker", "contact", "observer"].index(role)).click()
                page.wait_for_selector(".cc-persona-card" if role == "contact" else ".cc-observer-checklist")
                yield f"{module_id}/{role}"
            page.locator(".cc-roleplay-mode button").nth(1).click()
            page.wait_for_selector(".cc-solo-ask")
            page.click(".cc-solo-ask")
            page.wait_for_selector(".cc-solo-turn")
            yield f"{module_id}/solo"


@pytest.mark.browser
@pytest.mark.parametrize(("language", "width"), [("de", 1280), ("en", 1280), ("de", 375), ("en", 375)])
def test_every_screen_passes_axe_and_names_every_control(visitor, language, width):
    participant = visitor()
    participant.page.set_viewport_size({"width": width, "height": 900})
    participant.open("" if language == "de" else "?lang=en")
    page = participant.page
    found = {"start": serious_violations(page) + unnamed_controls(page)}
    start(participant, "" if language == "de" else "?lang=en")
    page.wait_for_selector(".cc-welcome")
    handle = page.locator(".cc-rating-regret .noUi-handle")
    handle.focus()
    handle.press("ArrowRight")  # the chart appears: its picture needs a text alternative
    page.wait_for_selector(".cc-chart svg[role=img][aria-label]")
    for screen in screens(page):
        found[screen] = serious_violations(page) + unnamed_controls(page)
    assert {screen: problems for screen, problems in found.items() if problems} == {}


@pytest.mark.browser
def test_the_page_speaks_the_participants_language(visitor):
    participant = visitor()
    start(participant, "?lang=en")
    page = participant.page
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.title() == WORKSHOP.manifest.title["en"]
    assert page.locator("main").count() == 1 and page.locator("h1:visible").count() == 1
    page.click(".cc-language button:has-text('Deutsch')")
    page.wait_for_function("document.documentElement.lang === 'de'")
    assert page.title() == WORKSHOP.manifest.title["de"]
    assert page.evaluate("document.activeElement.textContent.trim()") == "Deutsch", "the focus stays on the switch"

"""One walk through the whole workshop per window and language, as a person takes it, seen by several tests.

A participant opens the link, reads the start page, starts, and reads every module from its top to its end by
wheel (laptop, 1280x800) or swipe (phone, 390x844), pressing Next at the end of each, the way test_scrolling.py
has always asked; a fear module and the plan are four steps each, each read to its end and left by Next (their
screens are named ``<module> step <n>`` after the first). On every screen the walk also takes what test_screens.py and
test_accessibility.py need:

- ``looks``: the window at the top of each module (and at the steps 2-4 of the modules in
  :data:`LOOKED_STEPS`) against its baseline (screens.py), with what differs by design masked;
- ``scrolls``: whether the heading is in view when the screen opens, and whether the page moves and reaches its
  end (and its top again) by wheel or swipe;
- ``found``: axe-core (WCAG 2.2 A/AA), controls without a name, editable boxes that are no named textbox, radio
  buttons without a named group, buttons alike, faint outlines, widgets cut off, dropdowns cut.

Once every screenshot is taken, the walk changes what the pages show (it sets a rating, so the welcome's chart and
the wrap-up's comparison appear, and takes the role-play's other roles and solo mode) and looks at those screens
too. Each (language, window) is walked once per test run and kept in memory: the root conftest.py's
``SHARED_WORKER`` gives the three modules that read the walks to one pytest-xdist worker, one after another, so no
worker walks again or waits for another's walk.
Nothing here raises on a finding: the tests assert on what the walk saw, and name the screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from coffeechat.content import load_workshop
from coffeechat.pages.navigation import step_count

from .conftest import LAPTOP, PHONE, Visitor
from .journey import choose_practice, go_to, press, to_step
from .person import MAX_SCROLLS, Person
from .roomserver import RoomServer, coach_pages, open_the_room

WORKSHOP = load_workshop()
AXE = Axe()
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
WINDOWS = {"1280x800": LAPTOP, "390x844": PHONE}
LANGUAGES = ("de", "en")
#: every walk, as the tests' parameters (language, window)
WALKS = [(language, window) for window in WINDOWS for language in LANGUAGES]
#: the modules whose steps 2-4 are compared with a baseline too (the first fear: a slider, radios, a list; the
#: second: the contact map's table; the plan: its questions, one message, the take-home; the welcome: the
#: ratings; the role-play: the round and the debrief; the wrap-up: the commitment, the downloads, the end of the
#: journey; the weeks after: the contacts form, finding people, the weekly goal); the other two fears' steps are
#: only read and checked, to keep the walk short
LOOKED_STEPS = ("not-ready", "not-connected", "question-builder", "welcome", "role-play", "wrap-up", "follow-through")

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
#: roles an editable box can have that a screen reader announces as a place to type
TEXT_ROLES = {"textbox", "searchbox", "combobox", "spinbutton"}

#: colour helpers shared by the checks that run in the page (relative luminance as WCAG defines it)
COLOUR_JS = r"""
const colour = (text) => {
  const m = /rgba?\(([^)]+)\)/.exec(text || "");
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
};
const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
const ratio = (a, b) => {
  const x = luminance(a), y = luminance(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};
const backgroundOf = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const c = colour(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0.5) return c;
  }
  return { r: 255, g: 255, b: 255, a: 1 };
};
const shown = (el) => {
  const box = el.getBoundingClientRect();
  return box.width > 1 && box.height > 1 && getComputedStyle(el).visibility !== "hidden";
};
const describe = (el) => {
  const named = Array.from(el.classList).filter((c) => c.startsWith("cc-") || c.startsWith("widget-")).slice(0, 3);
  const label = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 40);
  return `${el.tagName.toLowerCase()}${named.length ? "." + named.join(".") : ""}${label ? " «" + label + "»" : ""}`;
};
"""

#: controls whose boundary must be seen: fields, slider tracks, unpressed toggle buttons
FAINT_BORDERS_JS = (
    "() => {"
    + COLOUR_JS
    + r"""
  const kinds = [
    ["field", ".cc-app :is(input:not([type=checkbox], [type=radio], [type=hidden]), textarea, select)"],
    ["slider track", ".cc-app .noUi-target"],
    ["toggle", ".cc-app .widget-toggle-button:not(.mod-active)"],
  ];
  const found = [];
  for (const [kind, selector] of kinds) {
    for (const el of document.querySelectorAll(selector)) {
      if (!shown(el)) continue;
      const style = getComputedStyle(el);
      const around = backgroundOf(el.parentElement);
      let best = 0;
      if (parseFloat(style.borderTopWidth) >= 1 && style.borderTopStyle !== "none") {
        best = ratio(colour(style.borderTopColor), around);
      }
      const fill = colour(style.backgroundColor);
      if (fill && fill.a > 0.5) best = Math.max(best, ratio(fill, around));
      if (best < 3) {
        found.push(`${kind} ${describe(el)}: ${best.toFixed(2)}:1 (${style.borderTopColor} ${style.borderTopWidth})`);
      }
    }
  }
  return found;
}"""
)

#: widgets cut by a box around them, or a box scrolled sideways (its first pixels hidden)
CLIPPED_JS = r"""() => {
  const found = [];
  for (const el of document.querySelectorAll(".cc-app, .cc-app *")) {
    if (el.scrollLeft !== 0 && !el.matches("textarea, input")) {
      const name = `${el.tagName.toLowerCase()}.${Array.from(el.classList).slice(-2).join(".")}`;
      found.push(`${name} is scrolled sideways by ${el.scrollLeft}px`);
    }
  }
  const parts = ".cc-app :is(input, textarea, select, button, .widget-label, .noUi-target, h2, h3, h4, p, li)";
  for (const el of document.querySelectorAll(parts)) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || el.closest(".cc-sr-label > .widget-label, .cc-status")) continue;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === "visible") continue;
      const around = a.getBoundingClientRect();
      const left = around.left + parseFloat(style.borderLeftWidth);
      const right = around.right - parseFloat(style.borderRightWidth);
      if (box.left < left - 0.5 || box.right > right + 0.5) {
        const what = (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 30);
        const by = `${a.tagName.toLowerCase()}.${Array.from(a.classList).slice(-2).join(".")}`;
        const at = `[${box.left.toFixed(1)}, ${box.right.toFixed(1)}]`;
        const edge = `[${left.toFixed(1)}, ${right.toFixed(1)}]`;
        found.push(`${el.tagName.toLowerCase()} «${what}» ${at} is cut by ${by} ${edge}`);
      }
      break;
    }
  }
  return found.slice(0, 8);
}"""

#: dropdowns whose chosen text does not fit the closed box (one that wraps its text must not overflow either)
CUT_DROPDOWNS_JS = r"""() => {
  const pen = document.createElement("canvas").getContext("2d");
  const found = [];
  for (const select of document.querySelectorAll(".cc-app select")) {
    if (select.getBoundingClientRect().width <= 1) continue;
    const style = getComputedStyle(select);
    const chosen = (select.selectedOptions.length ? select.selectedOptions[0].text : "").replace(/\u00a0/g, " ");
    if (style.appearance === "base-select") {
      if (select.scrollWidth > select.clientWidth + 1 || select.scrollHeight > select.clientHeight + 1) {
        found.push(`«${chosen}» overflows its box (${select.scrollWidth} px in ${select.clientWidth})`);
      }
      continue;
    }
    pen.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const need = pen.measureText(chosen).width;
    if (need > room + 0.5) found.push(`«${chosen}» needs ${need.toFixed(0)} px, the box shows ${room.toFixed(0)}`);
  }
  return found;
}"""


# --- what differs by design, and how far a person scrolls ---------------------------------------------------


def varying(page) -> list:
    """What differs from run to run by design: the code, the save status (its time), dates of today."""
    return [
        page.locator(".cc-code"),
        page.locator(".cc-status"),
        page.locator(".widget-datepicker input"),
    ]


def page_size(person: Person) -> tuple[float, float, float]:
    """The page's full height, the window's height and where the window is scrolled to."""
    return tuple(
        person.page.evaluate("() => [document.scrollingElement.scrollHeight, window.innerHeight, window.scrollY]")
    )


#: how far each scroll of a read-through goes, as a share of the window: a reader keeps a line or two of the last
#: view (a phone's whole workshop took 79 swipes of 0.6 windows, half of the walk's time)
READING_SHARE = 0.85


def scroll_to(person: Person, end: bool, what: str) -> None:
    """Scroll the way this person does until the page is at its end (or its top); every scroll must move it.

    (``Person.scroll_to_end`` goes on until three turns in a row do not move the page: a walk through
    every screen on a phone spent half a minute on those turns at the ends.)"""
    where = "end" if end else "top"
    for _ in range(MAX_SCROLLS):
        total, window, at = page_size(person)
        if (at >= total - window - 2) if end else (at <= 0):
            return
        moved = person.scroll(down=end, share=READING_SHARE)
        assert moved > 0, f"{what}: {person.by} stopped at {at:.0f} of {total - window:.0f} on the way to the {where}"
    raise AssertionError(f"{what}: {person.by} did not reach the {where} in {MAX_SCROLLS} scrolls")


def assert_a_person_sees_all_of_it(person: Person, what: str, back_to_top: bool = True) -> None:
    """Down to the end (and back to the top), the way this person scrolls; a page that fits needs no scrolling."""
    total, window, at = page_size(person)
    if total <= window + 1:
        return
    if at < total - window - 2:
        assert person.scroll(down=True, share=READING_SHARE) > 0, (
            f"{what}: {person.by} does not move a page {total:.0f} px high"
        )
    scroll_to(person, True, what)
    total, window, at = page_size(person)
    assert at >= total - window - 2, f"{what}: {person.by} stopped at {at:.0f} of {total - window:.0f}"
    if back_to_top:
        scroll_to(person, False, what)
        assert page_size(person)[2] == 0, f"{what}: {person.by} does not bring the page back to the top"


# --- the walk -------------------------------------------------------------------------------------------


@dataclass
class Walk:
    """What one participant saw on every screen, by kind: ``looks`` (baselines), ``scrolls``, and ``found`` by
    accessibility check; each maps a screen's name to its problems (an empty map: nothing wrong)."""

    language: str
    window: str
    screens: list[str] = field(default_factory=list)
    looks: dict[str, list[str]] = field(default_factory=dict)
    scrolls: dict[str, list[str]] = field(default_factory=dict)
    found: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    foreign_hosts: list[str] = field(default_factory=list)
    #: where and why the walk stopped before its end (every test then fails with it)
    broken: str | None = None

    def note(self, check: str, screen: str, problems: list[str]) -> None:
        if problems:
            self.found.setdefault(check, {})[screen] = problems

    def of(self, check: str) -> dict[str, list[str]]:
        """The accessibility check's findings by screen (and where the walk stopped, if it did)."""
        return self._with_broken(self.found.get(check, {}))

    def looked(self) -> dict[str, list[str]]:
        return self._with_broken(self.looks)

    def scrolled(self) -> dict[str, list[str]]:
        return self._with_broken(self.scrolls)

    def _with_broken(self, found: dict[str, list[str]]) -> dict[str, list[str]]:
        return {**found, "the walk itself": [self.broken]} if self.broken else found

    def attempt(self, kind: dict[str, list[str]], screen: str, action) -> bool:
        """Do ``action``; an assertion or a browser error becomes a problem of ``screen``. Whether it went well."""
        try:
            action()
        except (AssertionError, PlaywrightError) as error:
            kind.setdefault(screen, []).append(str(error).strip().splitlines()[0][:600])
            return False
        return True


def say(found: dict[str, list[str]], what: str) -> str:
    """A failure message that names every screen and what was wrong there."""
    lines = [f"{what} on {len(found)} screen(s):"]
    for screen, problems in found.items():
        lines += [f"  {screen}: {problem}" for problem in problems]
    return "\n".join(lines)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings in the app (axe is put into the page once, then run again)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.axe_script)
    results = page.evaluate("([context, options]) => axe.run(context, options)", [{"include": [".cc-app"]}, WCAG])
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:160]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"][:4]
    ]


def _value(node: dict, part: str) -> str:
    return str((node.get(part) or {}).get("value", "")).replace("\u200b", "").strip()


def _properties(node: dict) -> dict:
    return {p["name"]: (p.get("value") or {}).get("value") for p in node.get("properties", [])}


@dataclass
class Tree:
    """Chromium's accessibility tree of the page, and which of its buttons are the page's own (not a date
    field's built-in picker button, which lives in the browser's shadow DOM)."""

    nodes: list[dict]
    own_buttons: set[int]

    @classmethod
    def of(cls, page, tries: int = 3) -> Tree:
        """The tree as the page has it now; taken again if the page redrew a button while it was read (a late
        message from the kernel: the node found a moment ago is gone, and the tree with it)."""
        client = page.context.new_cdp_session(page)
        try:
            for attempt in range(tries):
                try:
                    nodes = client.send("Accessibility.getFullAXTree")["nodes"]
                    root = client.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
                    query = {"nodeId": root, "selector": ".cc-app button"}
                    found = client.send("DOM.querySelectorAll", query)["nodeIds"]
                    own = {client.send("DOM.describeNode", {"nodeId": n})["node"]["backendNodeId"] for n in found}
                    return cls(nodes, own)
                except PlaywrightError as error:
                    if "Could not find node" not in str(error) or attempt == tries - 1:
                        raise
        finally:
            client.detach()
        raise AssertionError("unreachable")

    def live(self):
        return [node for node in self.nodes if not node.get("ignored")]

    def unnamed_controls(self) -> list[str]:
        """Controls whose name is empty (or only an invisible character)."""
        return [
            f"{_value(node, 'role')} (backend node {node.get('backendDOMNodeId')})"
            for node in self.live()
            if _value(node, "role") in CONTROL_ROLES and not _value(node, "name")
        ]

    def unnamed_editables(self) -> list[str]:
        """Boxes a participant can type into (a slider's value box among them) that are no named textbox."""
        by_id = {node["nodeId"]: node for node in self.nodes}
        found = []
        for node in self.live():
            if not _properties(node).get("editable"):
                continue
            parent = by_id.get(node.get("parentId"))
            if parent and _properties(parent).get("editable"):
                continue  # the text inside an editable box, not the box
            role, name = _value(node, "role"), _value(node, "name")
            if role not in TEXT_ROLES or not name:
                found.append(
                    f"an editable {role or 'box'} named «{name}» (backend node {node.get('backendDOMNodeId')})"
                )
        return found

    def radios_without_a_named_group(self) -> list[str]:
        by_id = {node["nodeId"]: node for node in self.nodes}
        found = []
        for node in self.live():
            if _value(node, "role") != "radio":
                continue
            parent, group = by_id.get(node.get("parentId")), None
            while parent is not None:
                if _value(parent, "role") == "radiogroup":
                    group = _value(parent, "name")
                    break
                parent = by_id.get(parent.get("parentId"))
            if not group:
                found.append(
                    f"radio «{_value(node, 'name')}» "
                    + ("in no radiogroup" if group is None else "in an unnamed group")
                )
        return found

    def buttons_alike(self) -> list[str]:
        """Buttons that share their name and their description: a screen reader cannot tell them apart."""
        said: dict[tuple[str, str], int] = {}
        for node in self.live():
            if _value(node, "role") != "button" or node.get("backendDOMNodeId") not in self.own_buttons:
                continue
            key = (_value(node, "name"), _value(node, "description"))
            said[key] = said.get(key, 0) + 1
        return [
            f"{count} buttons «{name}»" + (f" described «{d}»" if d else "")
            for (name, d), count in said.items()
            if count > 1
        ]


def look(page, walk: Walk, screen: str) -> None:
    """The accessibility checks on the screen as it is now."""
    tree = Tree.of(page)
    walk.note("axe", screen, serious_violations(page) + tree.unnamed_controls())
    walk.note("editable", screen, tree.unnamed_editables())
    walk.note("radiogroup", screen, tree.radios_without_a_named_group())
    walk.note("alike", screen, tree.buttons_alike())
    walk.note("borders", screen, page.evaluate(FAINT_BORDERS_JS))
    walk.note("clipped", screen, page.evaluate(CLIPPED_JS))
    walk.note("dropdowns", screen, page.evaluate(CUT_DROPDOWNS_JS))


#: a text box's own scroll position depends on whether a swipe's first moves came down on it (the browser decides
#: in a few milliseconds, so on a busy machine sometimes the box scrolls, sometimes the page): each picture shows
#: every box from its first line
TEXT_BOXES_FROM_THE_TOP_JS = "() => document.querySelectorAll('.cc-app textarea').forEach((box) => (box.scrollTop = 0))"


def take_a_look(walk: Walk, person: Person, screen: str, name: str) -> None:
    """The window against the baseline ``name``; a difference is noted under the screen, the walk goes on."""
    person.page.evaluate(TEXT_BOXES_FROM_THE_TOP_JS)
    walk.attempt(walk.looks, screen, lambda: person.expect_screen(name, varying(person.page)))


def arrive(walk: Walk, participant: Visitor, module_id: str) -> None:
    """The module is the current step, its heading is drawn and, once the kernel's focus request follows the new
    screen, in view and focused."""
    page, person = participant.page, participant.person
    page.wait_for_selector(f".cc-step-{module_id}.cc-step-current")
    heading = page.locator(f".cc-shows-{module_id} h2").first
    heading.wait_for()

    def heading_in_view() -> None:
        expect(heading).to_be_in_viewport(timeout=10_000)
        assert person.in_view(heading), f"{module_id}: its heading is in view when it opens"

    walk.attempt(walk.scrolls, module_id, heading_in_view)
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('.cc-module h2')")


def later_steps(module_id: str) -> range:
    """The numbers of a module's steps after the first (none for a module without steps)."""
    return range(2, step_count(module_id, WORKSHOP) + 1)


def screens_of(module_id: str) -> list[str]:
    """The walk's names of a module's screens: the module, then each of its steps after the first."""
    return [module_id, *(f"{module_id} step {step}" for step in later_steps(module_id))]


def arrive_at_step(walk: Walk, participant: Visitor, module_id: str, step: int) -> None:
    """After Next, the module's step ``step`` is shown, and its heading (which says where the participant is)
    has the keyboard focus and is in view."""
    page, person = participant.page, participant.person
    selector = f".cc-shows-{module_id} .cc-module-step-{step} .cc-module-step-heading h3"
    heading = page.locator(selector)
    heading.wait_for()

    def heading_in_view() -> None:
        expect(heading).to_be_in_viewport(timeout=10_000)
        assert person.in_view(heading), f"{module_id} step {step}: its heading is in view when it opens"
        top = heading.bounding_box()["y"]
        assert top >= 8, f"{module_id} step {step}: its heading is cut at the window's top ({top:.0f} px)"
        title = page.locator(f".cc-shows-{module_id} h2")  # above it, the part's title says where one is
        title_top = title.bounding_box()["y"]
        assert title_top >= 8, f"{module_id} step {step}: the part's title is cut at the top ({title_top:.0f} px)"

    walk.attempt(walk.scrolls, f"{module_id} step {step}", heading_in_view)
    page.wait_for_function("(s) => document.activeElement && document.activeElement.matches(s)", arg=selector)


def walk_the_steps(walk: Walk, participant: Visitor, module_id: str, number: int, prefix: str) -> None:
    """A module's steps after the first (a fear's, the plan's), each reached by Next, looked at (and, for
    :data:`LOOKED_STEPS`, compared at its heading) and read to its end."""
    page, person = participant.page, participant.person
    for step in later_steps(module_id):
        screen = f"{module_id} step {step}"
        walk.screens.append(screen)
        press(participant, ".cc-next")  # again if a tap only stopped the page gliding from the last swipe
        arrive_at_step(walk, participant, module_id, step)
        if module_id in LOOKED_STEPS:
            heading = page.locator(f".cc-shows-{module_id} .cc-module-step-{step} .cc-module-step-heading h3")
            if walk.attempt(walk.looks, screen, lambda heading=heading: person.bring_to_top(heading)):
                take_a_look(walk, person, screen, f"{prefix}-{number}-{module_id}-step-{step}")
        look(page, walk, screen)
        walk.attempt(
            walk.scrolls,
            screen,
            lambda screen=screen: assert_a_person_sees_all_of_it(person, screen, back_to_top=False),
        )


def walk_the_workshop(browser, server: str, language: str, window: str) -> Walk:
    """Start page, every module top to end with Next between them, then the screens a rating and the role-play's
    other roles bring (see the module's docstring)."""
    walk = Walk(language, window)
    size = WINDOWS[window]
    participant = Visitor(
        browser, server, phone=size is PHONE, viewport=size, locale="de-DE" if language == "de" else "en-GB"
    )
    page, person = participant.page, participant.person
    prefix = f"participant-{language}-{window}"
    screen = "the start page"
    try:
        participant.open(f"?lang={language}")
        walk.screens.append(screen)
        take_a_look(walk, person, screen, f"{prefix}-start")
        look(page, walk, "start")
        walk.attempt(walk.scrolls, screen, lambda: assert_a_person_sees_all_of_it(person, "the start page"))
        person.click(".cc-start-new")
        page.wait_for_selector(".cc-code")
        code = page.inner_text(".cc-code").strip()
        assert f"code={code}" in page.url, "the address carries the code so that a reload resumes"
        last = WORKSHOP.module_ids[-1]
        for number, module_id in enumerate(WORKSHOP.module_ids):
            screen = module_id
            walk.screens.append(screen)
            arrive(walk, participant, module_id)
            walk.attempt(walk.scrolls, screen, lambda module_id=module_id: scroll_to(person, False, module_id))
            take_a_look(walk, person, screen, f"{prefix}-{number}-{module_id}")
            if module_id != last:  # looked at once a rating shows its chart (below; the welcome's is on its step 2)
                look(page, walk, module_id)
            walk.attempt(
                walk.scrolls,
                screen,
                lambda module_id=module_id: assert_a_person_sees_all_of_it(
                    person, module_id, back_to_top=module_id == last
                ),
            )
            if later_steps(module_id):
                screen = f"{module_id} step 2"
                walk_the_steps(walk, participant, module_id, number, prefix)
                screen = module_id
            if module_id != last and not walk.attempt(walk.scrolls, screen, lambda: press(participant, ".cc-next")):
                go_to(participant, WORKSHOP.module_ids[number + 1])  # on by the stepper, to see the other screens
        # every screenshot is taken: now what changes the pages (a rating; the role-play's roles and solo mode)
        screen = "welcome"
        go_to(participant, "welcome")
        page.wait_for_selector(".cc-welcome")
        to_step(participant, "welcome", 2)  # the ratings (the welcome opens at the step it was left on)
        person.click(".cc-rating-regret .noUi-handle")
        person.press("ArrowRight")  # the chart appears: its picture needs a text alternative
        page.wait_for_selector(".cc-chart svg[role=img][aria-label]")
        look(page, walk, screen)
        screen = last
        go_to(participant, last)
        page.wait_for_selector(f".cc-shows-{last} h2")
        look(page, walk, screen)
        screen = "role-play"
        go_to(participant, "role-play")
        page.wait_for_selector(".cc-shows-role-play h2")
        choose_practice(participant, "group")  # alone, the solo practice comes first
        to_step(participant, "role-play", 2)  # the round, where the role is chosen
        for number, role in ((1, "contact"), (2, "observer")):
            screen = f"role-play/{role}"
            person.click(page.locator(".cc-role button").nth(number))
            page.wait_for_selector(".cc-persona-card" if role == "contact" else ".cc-observer-checklist")
            look(page, walk, screen)
        screen = "role-play/solo"
        to_step(participant, "role-play", 1)  # the choice between a group and practising alone
        person.click(page.locator(".cc-roleplay-mode button").nth(1))
        to_step(participant, "role-play", 2)
        page.wait_for_selector(".cc-solo-ask")
        person.click(".cc-solo-ask")
        page.wait_for_selector(".cc-solo-turn")
        look(page, walk, screen)
        screen = "role-play/solo debrief"
        to_step(participant, "role-play", 3)
        page.wait_for_selector(".cc-solo-look-back li")
        look(page, walk, screen)
    except (AssertionError, PlaywrightError) as error:
        walk.broken = f"stopped at {screen}: {str(error).strip().splitlines()[0][:600]}"
    finally:
        participant.context.close()
    walk.foreign_hosts = sorted(participant.foreign_hosts)
    return walk


def walk_the_room(browser, room: RoomServer, language: str, window: str) -> Walk:
    """The coach's console and the projector in one window and language: each against its baseline (the room's
    name, the join address and its QR code masked: today's date and the machine's address), then read to its end
    and back to the top by wheel or swipe."""
    walk = Walk(language, window)
    console, projector = coach_pages(browser, room, WINDOWS[window], language)
    screen = "the console"
    try:
        open_the_room(console)
        walk.screens.append(screen)
        walk.attempt(walk.scrolls, screen, lambda: scroll_to(console.person, False, screen))
        addresses = [console.page.locator(".cc-room-title")]  # the room is named with the date of today
        addresses.append(console.page.locator(".cc-room-presenter-clock strong"))  # the time now, the minutes ahead
        mask = varying(console.page) + addresses
        walk.attempt(walk.looks, screen, lambda: console.person.expect_screen(f"console-{language}-{window}", mask))
        walk.attempt(
            walk.scrolls, screen, lambda: assert_a_person_sees_all_of_it(console.person, f"the console at {window}")
        )
        screen = "the projector"
        projector.page.goto(projector.server)
        projector.page.wait_for_selector(".cc-projector .cc-qr svg", timeout=120_000)
        walk.screens.append(screen)
        join = [projector.page.locator(".cc-qr"), projector.page.locator(".cc-projector-address strong")]
        mask = varying(projector.page) + join
        walk.attempt(walk.looks, screen, lambda: projector.person.expect_screen(f"projector-{language}-{window}", mask))
        walk.attempt(
            walk.scrolls,
            screen,
            lambda: assert_a_person_sees_all_of_it(projector.person, f"the projector at {window}"),
        )
    except (AssertionError, PlaywrightError) as error:
        walk.broken = f"stopped at {screen}: {str(error).strip().splitlines()[0][:600]}"
    finally:
        console.context.close()
        projector.context.close()
    return walk


#: the walks this process has walked, by what was walked, language and window
WALKED: dict[tuple[str, str, str], Walk] = {}
#: the room server the coach's walks share (started on first use, stopped at the end of the session)
ROOMS: list[RoomServer] = []


def _once(key: tuple[str, str, str], make) -> Walk:
    """The walk ``key``, made by ``make()`` the first time in this process."""
    if key not in WALKED:
        WALKED[key] = make()
    return WALKED[key]


@pytest.fixture(scope="session", name="walked")
def walked_fixture(browser, server):
    """``walked(language, window)``: that walk's :class:`Walk`, walked on first use, once per run.

    Each test module that imports this fixture gets a fixture of its own (pytest keeps a module's fixtures to
    it): the walks are kept in this module's ``WALKED`` so that the three modules share them."""

    def get(language: str, window: str) -> Walk:
        return _once(("workshop", language, window), lambda: walk_the_workshop(browser, server, language, window))

    return get


def _room(tmp_path_factory) -> RoomServer:
    if not ROOMS:
        ROOMS.append(RoomServer(tmp_path_factory.mktemp("walks-room")))
    return ROOMS[0]


@pytest.fixture(scope="session", name="coach_room")
def coach_room_fixture(tmp_path_factory):
    """The room server the coach's walks share (started on first use, stopped at the end of the session)."""
    yield _room(tmp_path_factory)
    while ROOMS:
        ROOMS.pop().stop()


@pytest.fixture(scope="session", name="coached")
def coached_fixture(browser, tmp_path_factory):
    """``coached(language, window)``: the console's and the projector's :class:`Walk` (one room server for all)."""

    def get(language: str, window: str) -> Walk:
        return _once(
            ("room", language, window), lambda: walk_the_room(browser, _room(tmp_path_factory), language, window)
        )

    yield get
    while ROOMS:
        ROOMS.pop().stop()

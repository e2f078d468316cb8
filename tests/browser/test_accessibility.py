"""Can everyone use it? axe-core (WCAG 2.2 A/AA) on every module, in both languages, on a laptop and a phone,
and what axe does not check, measured in the page:

- every control named in Chromium's own accessibility tree, every editable box a named textbox, every group of
  radio buttons a named radiogroup, and no two buttons on a screen that a screen reader cannot tell apart;
- what shows a control's boundary (a field's border, a slider's track, an unpressed toggle) at 3:1 or more
  against what is around it (WCAG 1.4.11), and a keyboard focus that changes pixels at 3:1 or more around
  each kind of control (2.4.7, 1.4.11; measured as WCAG 2.4.13 defines it: focused against unfocused pixels);
- nothing cut off: no widget clipped or scrolled sideways by a box around it, no dropdown whose chosen text is
  cut, every step and both language buttons on a 320 px phone;
- what changes without moving the focus is announced (the progress, the "downloaded" note, a message's length),
  the chart's text alternative says what the slider says, and the "saved" note gets out of the way.

The walk through every screen happens once per language and window size; its findings serve several tests.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from coffeechat.content import load_workshop
from coffeechat.models import keys

from .conftest import Visitor, wait_saved
from .journey import css, go_to, start, text_prompt

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
#: roles an editable box can have that a screen reader announces as a place to type
TEXT_ROLES = {"textbox", "searchbox", "combobox", "spinbutton"}
#: the least contrast of what identifies a control, and of a focus indicator (WCAG 1.4.11)
LEAST = 3.0
CONFIGS = [("de", 1280), ("en", 1280), ("de", 375), ("en", 375)]

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


def serious_violations(page) -> list[str]:
    results = AXE.run(page, context={"include": [".cc-app"]}, options=WCAG).response
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
    def of(cls, page) -> Tree:
        client = page.context.new_cdp_session(page)
        try:
            nodes = client.send("Accessibility.getFullAXTree")["nodes"]
            root = client.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
            found = client.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".cc-app button"})["nodeIds"]
            own = {client.send("DOM.describeNode", {"nodeId": n})["node"]["backendNodeId"] for n in found}
        finally:
            client.detach()
        return cls(nodes, own)

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


@dataclass
class Walk:
    """What one participant's page showed on every screen, by check."""

    found: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def note(self, check: str, screen: str, problems: list[str]) -> None:
        if problems:
            self.found.setdefault(check, {})[screen] = problems

    def of(self, check: str) -> dict[str, list[str]]:
        return self.found.get(check, {})


def screens(participant: Visitor):
    """Every screen a participant meets, reached as a person reaches it: the modules, and the role-play's other
    roles and solo mode."""
    page, person = participant.page, participant.person
    for module_id in WORKSHOP.module_ids:
        go_to(participant, module_id)
        page.wait_for_selector(f".cc-shows-{module_id} h2")
        page.wait_for_function("() => document.activeElement && document.activeElement.matches('.cc-module h2')")
        yield module_id
        if module_id == "role-play":
            for role in ("contact", "observer"):
                person.click(page.locator(".cc-role button").nth(["asker", "contact", "observer"].index(role)))
                page.wait_for_selector(".cc-persona-card" if role == "contact" else ".cc-observer-checklist")
                yield f"{module_id}/{role}"
            person.click(page.locator(".cc-roleplay-mode button").nth(1))
            page.wait_for_selector(".cc-solo-ask")
            person.click(".cc-solo-ask")
            page.wait_for_selector(".cc-solo-turn")
            yield f"{module_id}/solo"


def look(page, walk: Walk, screen: str) -> None:
    tree = Tree.of(page)
    walk.note("axe", screen, serious_violations(page) + tree.unnamed_controls())
    walk.note("editable", screen, tree.unnamed_editables())
    walk.note("radiogroup", screen, tree.radios_without_a_named_group())
    walk.note("alike", screen, tree.buttons_alike())
    walk.note("borders", screen, page.evaluate(FAINT_BORDERS_JS))
    walk.note("clipped", screen, page.evaluate(CLIPPED_JS))
    walk.note("dropdowns", screen, page.evaluate(CUT_DROPDOWNS_JS))


def walk_every_screen(browser, server, language: str, width: int) -> Walk:
    participant = Visitor(
        browser, server, viewport={"width": width, "height": 900}, locale="de-DE" if language == "de" else "en-GB"
    )
    walk = Walk()
    try:
        query = "" if language == "de" else "?lang=en"
        participant.open(query)
        look(participant.page, walk, "start")
        start(participant, query)
        page, person = participant.page, participant.person
        page.wait_for_selector(".cc-welcome")
        person.click(".cc-rating-regret .noUi-handle")
        person.press("ArrowRight")  # the chart appears: its picture needs a text alternative
        page.wait_for_selector(".cc-chart svg[role=img][aria-label]")
        for screen in screens(participant):
            look(page, walk, screen)
        assert participant.foreign_hosts == set(), f"the page asked third-party hosts: {participant.foreign_hosts}"
    finally:
        participant.context.close()
    return walk


@pytest.fixture(scope="module")
def walks(browser, server):
    """Each language and window size walked once, on first use; the tests below read its findings."""
    done: dict[tuple[str, int], Walk] = {}

    def get(language: str, width: int) -> Walk:
        if (language, width) not in done:
            done[(language, width)] = walk_every_screen(browser, server, language, width)
        return done[(language, width)]

    return get


@pytest.mark.browser
@pytest.mark.parametrize(("language", "width"), CONFIGS)
def test_every_screen_passes_axe_and_names_every_control(walks, language, width):
    assert walks(language, width).of("axe") == {}


@pytest.mark.browser
@pytest.mark.parametrize(("language", "width"), CONFIGS)
def test_is_every_box_one_can_type_into_a_named_textbox(walks, language, width):
    """The slider's value box can be typed into: a screen reader must say what it is and what it is for."""
    assert walks(language, width).of("editable") == {}


@pytest.mark.browser
@pytest.mark.parametrize(("language", "width"), CONFIGS)
def test_does_every_group_of_radio_buttons_say_what_it_asks(walks, language, width):
    assert walks(language, width).of("radiogroup") == {}


@pytest.mark.browser
@pytest.mark.parametrize(("language", "width"), CONFIGS)
def test_can_a_screen_reader_tell_every_button_on_a_screen_from_the_others(walks, language, width):
    """Six "Redo the draft" buttons on one page must each say which draft they redo."""
    assert walks(language, width).of("alike") == {}


@pytest.mark.browser
@pytest.mark.parametrize(("language", "width"), CONFIGS)
def test_are_fields_slider_tracks_and_toggles_outlined_at_3_to_1(walks, language, width):
    assert walks(language, width).of("borders") == {}


@pytest.mark.browser
@pytest.mark.parametrize(("language", "width"), CONFIGS)
def test_is_no_widget_cut_off_or_shifted_sideways_by_a_box_around_it(walks, language, width):
    """Once, the app's own box scrolled 2 px sideways when a module opened: the first letter of every label
    and the left border of every field were cut off."""
    assert walks(language, width).of("clipped") == {}


@pytest.mark.browser
@pytest.mark.parametrize(("language", "width"), CONFIGS)
def test_does_every_dropdown_show_its_whole_choice(walks, language, width):
    assert walks(language, width).of("dropdowns") == {}


# --- the keyboard focus ---------------------------------------------------------------------------------

#: one control of each kind, by screen: what a keyboard user lands on
FOCUSED = {
    "welcome": [
        ".cc-language button",
        ".cc-code-toggle",
        ".cc-step-not-ready",
        ".cc-rating-regret .noUi-handle",
        ".cc-rating-regret .widget-readout",
        ".cc-keep-value",
        ".cc-module-done input",
        ".cc-next",
    ],
    "not-ready": [
        f"{css(text_prompt('not-ready'))} textarea",
        ".cc-field-choice input[type=radio]",
        ".cc-field-list input",
        ".cc-field-date input",
    ],
    "question-builder": [".cc-builder-relationship select", ".cc-builder-minutes button", ".cc-question .cc-swap"],
}


def pixels(page, box: dict, margin: int = 8) -> tuple[Image.Image, dict]:
    """The window's pixels around ``box``."""
    clip = {
        "x": max(0, box["x"] - margin),
        "y": max(0, box["y"] - margin),
        "width": box["width"] + 2 * margin,
        "height": box["height"] + 2 * margin,
    }
    shot = page.screenshot(clip=clip, animations="disabled", caret="hide", scale="css")
    return Image.open(io.BytesIO(shot)).convert("RGB"), clip


def _luminance(pixel) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = pixel
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def changed_at_contrast(before: Image.Image, after: Image.Image) -> int:
    """How many pixels changed between the two pictures with a contrast of at least 3:1."""
    count = 0
    width = before.width
    pixels_before, pixels_after = before.load(), after.load()
    pairs = (
        (pixels_before[i % width, i // width], pixels_after[i % width, i // width])
        for i in range(width * before.height)
    )
    for a, b in pairs:
        if a != b:
            x, y = _luminance(a), _luminance(b)
            if (max(x, y) + 0.05) / (min(x, y) + 0.05) >= LEAST:
                count += 1
    return count


def focus_by_keyboard(page, element) -> None:
    """The focus arrives by the keys, as a keyboard user brings it: on to the next control and back (or back to
    the one before and on again, where back does not return, as into a group of radio buttons)."""
    for away, back in (("Tab", "Shift+Tab"), ("Shift+Tab", "Tab")):
        element.evaluate("(el) => el.focus({ preventScroll: true })")
        page.keyboard.press(away)
        page.keyboard.press(back)
        if element.evaluate("(el) => el === document.activeElement"):
            return


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_does_the_keyboard_focus_show_at_3_to_1_around_every_kind_of_control(visitor, language):
    """Focused against unfocused, the pixels around a control change at 3:1 or more, over at least the area of a
    2 px line around it (the measure of WCAG 2.4.13); once, a slider's handle did not change at all, and
    buttons and fields got a 1 px line at about 2:1."""
    participant = visitor(viewport={"width": 1280, "height": 800}, locale="de-DE" if language == "de" else "en-GB")
    start(participant, "" if language == "de" else "?lang=en")
    page, person = participant.page, participant.person
    weak = []
    for screen, selectors in FOCUSED.items():
        if screen != "welcome":
            go_to(participant, screen)
            page.wait_for_selector(f".cc-shows-{screen} h2")
        for selector in selectors:
            element = person.reach(page.locator(selector).first)
            focus_by_keyboard(page, element)
            assert element.evaluate("(el) => el === document.activeElement && el.matches(':focus-visible')"), selector
            person._settled_scroll()
            box = element.bounding_box()
            after, _ = pixels(page, box)
            page.evaluate("() => document.activeElement.blur()")
            before, _ = pixels(page, box)
            changed = changed_at_contrast(before, after)
            needed = 0.75 * 4 * (box["width"] + box["height"])  # a 2 px line around it, corners rounded off
            if changed < needed:
                weak.append(f"{screen} {selector}: {changed} px changed at 3:1, needs {needed:.0f}")
    assert weak == []


# --- what changes, and is said --------------------------------------------------------------------------

LIVE_REGION_JS = """(el) => {
  for (let e = el; e; e = e.parentElement) {
    const live = e.getAttribute("aria-live");
    if (live === "polite" || live === "assertive" || ["status", "alert", "log"].includes(e.getAttribute("role"))) {
      window.ccRegions = window.ccRegions || [];
      window.ccRegions.push(e);
      return window.ccRegions.length - 1;
    }
  }
  return -1;
}"""
REGION_SAYS_JS = "([index]) => { const e = window.ccRegions[index]; return e.isConnected ? e.textContent : null; }"


def live_region(page, selector: str) -> int:
    """The live region around ``selector`` (a number to ask it by later); it must be there before it changes."""
    index = page.locator(selector).first.evaluate(LIVE_REGION_JS)
    assert index >= 0, f"{selector} is in no live region: a change there is not announced"
    return index


def region_changes(page, index: int, before: str) -> None:
    """The same region, still on the page, now says something else."""
    page.wait_for_function(
        "([index, before]) => window.ccRegions[index].isConnected && window.ccRegions[index].textContent !== before",
        arg=[index, before],
    )


def region_says(page, index: int, text: str) -> None:
    """The same region, still on the page, now says ``text`` (a region put in with its text is not announced)."""
    page.wait_for_function(
        "([index, text]) => window.ccRegions[index].isConnected && window.ccRegions[index].textContent.includes(text)",
        arg=[index, text],
    )


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_are_the_progress_the_downloaded_note_and_the_length_of_a_message_announced(visitor, language):
    participant = visitor(locale="de-DE" if language == "de" else "en-GB")
    start(participant, "" if language == "de" else "?lang=en")
    page, person, t = participant.page, participant.person, WORKSHOP.t
    progress = live_region(page, ".cc-progress-text .widget-html-content")
    person.click(".cc-next")
    title = WORKSHOP.module_title(WORKSHOP.module_ids[1], language)
    region_says(page, progress, t("app.position", language, number=2, total=len(WORKSHOP.module_ids), title=title))

    go_to(participant, "question-builder")
    kind = WORKSHOP.outreach.kinds[0].id
    length = live_region(page, f".cc-{kind}-check .widget-html-content")
    before = page.evaluate(REGION_SAYS_JS, [length])
    person.type(f".cc-{kind}-text textarea", " Danke!")
    region_changes(page, length, before)

    downloaded = live_region(page, ".widget-hbox:has(> .cc-download-markdown) + .widget-html .widget-html-content")
    with page.expect_download():
        person.click(".cc-download-markdown")
    region_says(page, downloaded, t("builder.downloaded", language))


CHART_SAYS_JS = """() => {
  const svg = document.querySelector('.cc-chart svg[aria-label]');
  const handle = document.querySelector('.cc-rating-regret .noUi-handle');
  return [svg ? svg.getAttribute('aria-label') : '', handle.getAttribute('aria-valuetext'),
          document.querySelector('.cc-rating-regret .widget-readout').textContent.trim()];
}"""


@pytest.mark.browser
def test_does_the_charts_text_say_what_the_slider_says_once_the_page_says_saved(visitor, data_dir):
    """Five quick presses of the arrow key: when the page says the change is saved, the chart's words say 5,
    as the slider does (once they said 1 while the slider said 5, and 5 was saved)."""
    participant = visitor()
    code = start(participant)
    page, person = participant.page, participant.person
    person.tab_to(".cc-rating-regret .noUi-handle")
    for _ in range(5):
        person.press("ArrowRight")
    page.wait_for_function("() => ['saved', 'settled'].includes(document.documentElement.dataset.ccSave)")
    chart, slider, readout = page.evaluate(CHART_SAYS_JS)
    fear = WORKSHOP.fear("regret").title["de"]
    assert slider == readout == "5"
    assert WORKSHOP.t("welcome.chart_value", "de", fear=fear, value=5) in chart, chart
    wait_saved(data_dir, code, "welcome.rating.regret", 5)


# --- small screens, and the save status -----------------------------------------------------------------

#: the phone's width comes from outside: a page wider than the phone widens the window and its innerWidth with it
ON_SCREEN_JS = """(width) => {
  const found = [];
  for (const el of document.querySelectorAll('.cc-step, .cc-language button')) {
    const box = el.getBoundingClientRect();
    const text = el.textContent.trim() || el.getAttribute('aria-label');
    if (box.left < 0 || box.right > width) {
      found.push(`«${text}» at [${box.left.toFixed(0)}, ${box.right.toFixed(0)}] of ${width}`);
    }
    if (el.scrollWidth > el.clientWidth + 1) found.push(`«${text}» is cut (${el.scrollWidth} px in ${el.clientWidth})`);
  }
  const wide = document.scrollingElement.scrollWidth;
  if (wide > width) found.push(`the page is ${wide} px wide`);
  return found;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_on_a_320px_phone_every_step_and_both_language_buttons_are_whole_on_screen(visitor, language):
    participant = visitor(
        phone=True, viewport={"width": 320, "height": 640}, locale="de-DE" if language == "de" else "en-GB"
    )
    start(participant, "" if language == "de" else "?lang=en")
    participant.page.wait_for_selector(".cc-step-wrap-up")
    participant.page.wait_for_selector(".cc-welcome")
    assert participant.page.evaluate(ON_SCREEN_JS, 320) == []


NOTE_JS = """(selector) => {
  const note = document.querySelector(selector);
  if (!note) return null;
  const style = getComputedStyle(note);
  const box = note.getBoundingClientRect();
  return {opacity: style.opacity, animation: style.animationName, top: box.top, bottom: box.bottom,
          left: box.left, right: box.right, shown: style.display !== 'none' && style.visibility !== 'hidden'};
}"""


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["x"] + b["width"]
        and b["x"] < a["right"]
        and a["top"] < b["y"] + b["height"]
        and b["y"] < a["bottom"]
    )


@pytest.mark.browser
def test_on_a_phone_the_saved_note_goes_away_and_a_problem_stays_without_covering_the_field(visitor, data_dir):
    """The note is announced politely, covers neither the field typed in nor the end of the page, and "saved"
    fades after a few seconds; a problem stays until it is solved."""
    participant = visitor(phone=True)
    code = start(participant)
    page, person = participant.page, participant.person
    go_to(participant, "not-ready")
    key = text_prompt("not-ready")
    field_ = f"{css(key)} textarea"
    person.type(field_, "Ich warte auf ein gutes Gefühl")
    page.wait_for_function("() => document.documentElement.dataset.ccSave === 'saved'")
    wait_saved(data_dir, code, key, "Ich warte auf ein gutes Gefühl")
    live_region(page, ".cc-status .cc-status-ok")
    saved = page.evaluate(NOTE_JS, ".cc-status .cc-status-ok")
    assert saved["shown"] and not overlaps(saved, page.locator(field_).bounding_box()), saved
    faded = "() => getComputedStyle(document.querySelector('.cc-status .cc-status-ok')).opacity === '0'"
    page.wait_for_function(faded, timeout=15_000)
    assert page.evaluate("() => document.documentElement.dataset.ccSave") == "saved", "the page still knows it is saved"

    name = ".cc-builder-contact-name input"
    go_to(participant, "question-builder")
    person.type(name, "x" * (keys.MESSAGE_FIELD_CHARS + 1))
    person.press("Enter")
    page.wait_for_selector(".cc-status .cc-status-error")
    problem = page.evaluate(NOTE_JS, ".cc-status .cc-status-error")
    assert problem["shown"] and problem["opacity"] == "1" and problem["animation"] == "none", problem
    assert not overlaps(problem, page.locator(name).bounding_box()), "the problem covers the field it is about"
    person.scroll_to_end()
    problem = page.evaluate(NOTE_JS, ".cc-status .cc-status-error")
    pager = person.box(".cc-pager")
    assert pager.y + pager.height <= problem["top"], "it covers the end of the page, where Next is"


@pytest.mark.browser
def test_the_page_speaks_the_participants_language(visitor):
    participant = visitor()
    start(participant, "?lang=en")
    page = participant.page
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.title() == WORKSHOP.manifest.title["en"]
    assert page.locator("main").count() == 1 and page.locator("h1:visible").count() == 1
    participant.person.click(".cc-language button:has-text('Deutsch')")
    page.wait_for_function("document.documentElement.lang === 'de'")
    assert page.title() == WORKSHOP.manifest.title["de"]
    assert page.evaluate("document.activeElement.textContent.trim()") == "Deutsch", "the focus stays on the switch"

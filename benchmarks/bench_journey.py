"""A participant's whole journey, measured like a product team would (issue 27): screens, steps, taps, time.

A scripted participant, driven by the tests' people-like harness (``tests/browser/person.py``: the wheel on a
laptop, a swipe on a phone, never Playwright's auto-scroll), opens the link, presses the start button, works
through every module in order (the plan, the role-play, the wrap-up) and downloads the take-home, in each
language (de, en) and window (1280x800, 390x844). On every screen it does what the journey needs: it types the
screen's own example into each empty text field (a field's example, the "(z. B. …)" of its label, or a fear's
first example of a next step; with umlauts in German), a date two weeks ahead into each empty date field, moves
each rating slider by two steps and picks the first answer of each choice nobody made yet. Then it presses the
primary action, found by its accessible name ("Weiter"/"Next", at the end "Workshop abschließen"/"Finish" when
the take-home is not offered before it), never by the page's layout, so the walk keeps working when modules
become steps.

A *step* is what the participant sees between two presses of the primary action. For each module it records:
steps; screens (the sum over its steps of ceil(step height / window height), a step's height being the page's
full height, settled, as the step opens or as the participant leaves it, whichever is larger); its tallest step,
in px and in windows; the taps or clicks made (into fields too); the keys typed; the scroll gestures (wheel turns,
swipes). For the journey: the taps from the start page to the downloaded take-home (a real download, its size
> 0) and the wall time of the scripted participant (no think time; the page's first load, which waits for a
kernel, is given apart). On the phone also the header: the height above the first module's content, as the page
opens and with the code's hints folded (one tap, if they can be folded; counted with the welcome's taps). The
participant types their own name where the plan asks for it (Jörg Weiß, Sam Taylor): no screen gives an example.

Run (never part of ``make test``): ``python benchmarks/bench_journey.py [--json-out FILE]``; a run takes about
five minutes on two cores. ``--languages en --windows 390x844`` walks a part; ``--keep-take-home DIR``
keeps the downloaded PDFs, to read what the walk typed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import record  # the benchmarks' own helper, beside this script
import repo  # the repository's root on sys.path (tests.harness), before the harness's imports

from coffeechat.content import load_workshop
from tests.browser.person import Person
from tests.browser.screens import font_environment
from tests.harness import chromium
from tests.harness.ports import free_port
from tests.harness.serve import LIMITS_OFF, Server, coffeechat_command

WORKSHOP = load_workshop()
WINDOWS = {"1280x800": {"width": 1280, "height": 800}, "390x844": {"width": 390, "height": 844}}
LANGUAGES = ("de", "en")
LOCALES = {"de": "de-DE", "en": "en-GB"}  # both write a date day first: the keys typed into a date field agree
READY_MS = 120_000
#: a step that has not stopped changing after this long is measured as it is
SETTLE_SECONDS = 8.0
#: at most this many presses of the primary action in one journey (a loop that never ends is a failure)
MOST_STEPS = 120
#: at most this many things done on one screen
MOST_ACTIONS = 80

#: what identifies the screen: the current module (the stepper's marked step, or the module view's class), and
#: the visible headings of the module's content (a step inside a module changes them)
SIGNATURE_JS = r"""() => {
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1; };
  const module = [...document.querySelectorAll('[class*="cc-shows-"]')].map((el) =>
    [...el.classList].find((c) => c.startsWith('cc-shows-'))).filter(Boolean).join(',');
  const headings = [...document.querySelectorAll('.cc-module :is(h2, h3)')].filter(visible)
    .map((h) => h.textContent.trim()).join('|');
  const done = document.querySelector('.cc-complete');
  return module + '#' + headings + '#' + (done && visible(done) ? 'complete' : '');
}"""

#: the module on screen: from the module view's class (navigation.py names it cc-shows-ID), else the stepper's
#: current step (cc-step-ID cc-step-current)
MODULE_JS = r"""() => {
  const named = (selector, prefix, skip) => {
    for (const el of document.querySelectorAll(selector)) {
      const c = [...el.classList].find((c) => c.startsWith(prefix) && !skip.includes(c));
      if (c) return c.slice(prefix.length);
    }
    return '';
  };
  return named('[class*="cc-shows-"]', 'cc-shows-', []) ||
    named('.cc-step-current', 'cc-step-', ['cc-step-current', 'cc-step-done']);
}"""

#: the page's full height, and where the first module content begins (the header is what lies above it)
SIZE_JS = r"""() => {
  const module = document.querySelector('.cc-module');
  const top = module ? module.getBoundingClientRect().top + window.scrollY : null;
  return [document.scrollingElement.scrollHeight, top];
}"""

#: the first thing on the screen the journey still needs done, marked data-bench for the walk to reach it:
#: {kind, name, text}; null when nothing is left. ``done`` holds the names already done on this screen.
NEXT_TODO_JS = r"""([examples, done]) => {
  const root = document.querySelector('.cc-module') || document.querySelector('.cc-app');
  if (!root) return null;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden' && !el.disabled && !el.readOnly;
  };
  const keyOf = (el) => {
    for (let p = el; p && p !== root; p = p.parentElement) {
      const key = [...(p.classList || [])].find((c) => c.startsWith('cc-key-') || c.startsWith('cc-builder-'));
      if (key) return key;
    }
    return '';
  };
  const labelOf = (el) => {
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    return ((label && label.textContent) || el.getAttribute('aria-label') || '').trim();
  };
  const example = (el, key, label) => {
    if (examples[key]) return examples[key];
    const inLabel = /\((?:z\.\s?B\.|e\.g\.)\s*(.+)\)\s*$/.exec(label);
    if (inLabel) return inLabel[1].replace(/^[„“"‘']+|[“”"’']+$/g, '').trim();
    const placeholder = (el.placeholder || '').trim();
    if (!placeholder || /(…|\.\.\.)$/.test(placeholder)) return '';
    return placeholder.replace(/^(?:z\.\s?B\.|e\.g\.)\s*/, '');
  };
  const seen = {};
  const todo = [];
  const add = (el, kind, name, text) => {
    seen[name] = (seen[name] || 0) + 1;
    const unique = `${name}#${seen[name]}`;
    if (!done.includes(unique)) todo.push({ el, kind, name: unique, text });
  };
  const selector = [
    'textarea', 'input[type=text]', 'input:not([type])', 'input[type=date]',
    '.noUi-target', '.widget-radio-box', '[role=radiogroup]',
  ].join(', ');
  for (const el of root.querySelectorAll(selector)) {
    if (!shown(el)) continue;
    if (el.matches('input[type=date]')) {
      if (!el.value) add(el, 'date', `date:${keyOf(el)}:${labelOf(el)}`, '');
    } else if (el.matches('textarea, input')) {
      const key = keyOf(el), label = labelOf(el);
      const text = el.value.trim() ? '' : example(el, key, label);
      if (text) add(el, 'text', `text:${key}:${label}`, text);
    } else if (el.matches('.noUi-target')) {
      const handle = el.querySelector('.noUi-handle');
      if (handle) add(handle, 'slider', `slider:${keyOf(el)}:${handle.getAttribute('aria-label') || ''}`, '');
    } else {
      const options = [...el.querySelectorAll('input[type=radio], [role=radio]')];
      const chosen = options.some((o) => o.checked || o.getAttribute('aria-checked') === 'true');
      if (options.length && !chosen) {
        const first = options[0];
        const name = `choice:${keyOf(el)}:${el.getAttribute('aria-label') || ''}`;
        add(first.closest('label') || first, 'choice', name, '');
      }
    }
  }
  if (!todo.length) return null;
  document.querySelectorAll('[data-bench]').forEach((el) => el.removeAttribute('data-bench'));
  const { el, kind, name, text } = todo[0];
  el.setAttribute('data-bench', 'next');
  return { kind, name, text };
}"""


class CountingPerson(Person):
    """A :class:`Person` who keeps count of their taps (clicks), keys and scroll gestures."""

    def __init__(self, page, by: str):
        super().__init__(page, by=by)
        self.taps = self.keys = self.scrolls = 0

    def scroll(self, down: bool = True, share: float = 0.6) -> float:
        self.scrolls += 1
        return super().scroll(down=down, share=share)

    def click(self, target) -> None:
        super().click(target)
        self.taps += 1

    tap = click

    def press(self, key: str) -> None:
        super().press(key)
        self.keys += 1

    def type(self, target, text: str, *, clear: bool = False) -> None:
        super().type(target, text, clear=clear)  # one tap into the field, then the keys
        self.keys += len(text)

    def tap_near_left(self, target) -> None:
        """Tap a field near its left edge (a date field's first part, the day), after reaching it."""
        element = self.reach(target)
        box = self.box(element)
        x, y = box.x + min(14, box.width / 4), box.y + box.height / 2
        covered = self._hit(element, x, y)
        if covered:
            raise AssertionError(f"{target} is covered at ({x:.0f}, {y:.0f}) by {covered}")
        if self.by == "touch":
            self.page.touchscreen.tap(x, y)
        else:
            self.page.mouse.click(x, y)
        self.taps += 1


@dataclass
class Module:
    """What the participant did and saw in one module (or on the start page)."""

    id: str
    heights: list[int] = field(default_factory=list)
    taps: int = 0
    keys: int = 0
    scrolls: int = 0

    def screens(self, window_height: int) -> int:
        return sum(math.ceil(height / window_height) for height in self.heights)


@dataclass
class Journey:
    language: str
    window: str
    modules: list[Module] = field(default_factory=list)
    load_seconds: float = 0.0
    journey_seconds: float = 0.0
    take_home_bytes: int = 0
    take_home_name: str = ""
    header_px: float | None = None
    header_folded_px: float | None = None

    def module(self, module_id: str) -> Module:
        if not self.modules or self.modules[-1].id != module_id:
            self.modules.append(Module(module_id))
        return self.modules[-1]


#: the participant's own name, where the plan asks for it (no screen gives an example of it)
OWN_NAME = {"de": "Jörg Weiß", "en": "Sam Taylor"}


def examples(language: str) -> dict[str, str]:
    """What is typed where the content gives its example beside a field rather than in it (each fear's first
    next step), and the participant's own name."""
    known = {
        f"cc-key-{fear.id}-next_step-action": fear.next_step.examples[0][language]
        for fear in WORKSHOP.fears
        if fear.next_step.examples
    }
    return {**known, "cc-builder-my-name": OWN_NAME[language]}


def button(page, text: str, exact: bool = False):
    """The visible button whose accessible name is ``text`` (with an arrow or a mark beside it, unless exact)."""
    name = text if exact else re.compile(rf"^\W*{re.escape(text)}\W*$")
    return page.get_by_role("button", name=name).filter(visible=True)


def settle(page, seconds: float = SETTLE_SECONDS) -> None:
    """Wait until the page's height and the screen's identity stop changing (a module still being drawn)."""
    deadline = time.monotonic() + seconds
    last, steady = None, 0
    while time.monotonic() < deadline and steady < 6:
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        now = (page.evaluate(SIZE_JS)[0], page.evaluate(SIGNATURE_JS))
        steady = steady + 1 if now == last else 0
        last = now


def height(page) -> int:
    return int(page.evaluate(SIZE_JS)[0])


def date_keys(context, day: dt.date) -> str:
    """The keys that type ``day`` into a date field of this browser: Chromium orders a date field's parts by its
    own language, not by the page's locale, so a blank page of the same context is asked first (not counted)."""
    probe = context.new_page()
    try:
        probe.set_content("<input type=date>")
        probe.focus("input")
        probe.keyboard.type("01022027")
        month_first = probe.input_value("input") == "2027-01-02"
    finally:
        probe.close()
    return day.strftime("%m%d%Y" if month_first else "%d%m%Y")


def do_what_the_screen_needs(person: CountingPerson, language: str, due: str) -> None:
    """Type, date, rate and choose until nothing on the screen is left that the journey needs."""
    page = person.page
    done: list[str] = []
    known = examples(language)
    for _ in range(MOST_ACTIONS):
        todo = page.evaluate(NEXT_TODO_JS, [known, done])
        if todo is None:
            return
        done.append(todo["name"])
        target = page.locator("[data-bench=next]").first
        if todo["kind"] == "text":
            person.type(target, todo["text"])
        elif todo["kind"] == "date":
            person.tap_near_left(target)
            page.keyboard.type(due)
            person.keys += len(due)
        elif todo["kind"] == "slider":
            person.click(target)
            person.press("ArrowRight")
            person.press("ArrowRight")
        else:
            person.click(target)
        settle(page, 2.0)
    raise AssertionError(f"more than {MOST_ACTIONS} things to do on one screen: {done[-5:]}")


def take_home(person: CountingPerson, journey: Journey, keep: Path | None) -> bool:
    """Download the take-home (PDF) if the screen offers it: a real download event, its size."""
    offered = button(person.page, WORKSHOP.t("wrapup.download_pdf", journey.language))
    if offered.count() == 0:
        return False
    with person.page.expect_download(timeout=120_000) as event:
        person.click(offered.first)
    download = event.value
    path = download.path()
    journey.take_home_bytes = Path(path).stat().st_size if path else 0
    journey.take_home_name = download.suggested_filename
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        download.save_as(keep / f"{journey.language}-{journey.window}-{download.suggested_filename}")
    return True


def walk(browser, url: str, language: str, window: str, keep: Path | None = None) -> Journey:
    journey = Journey(language, window)
    size = WINDOWS[window]
    phone = size["width"] < 600
    context = browser.new_context(
        viewport=size,
        locale=LOCALES[language],
        has_touch=phone,
        is_mobile=phone,
        accept_downloads=True,
        bypass_csp=True,  # wait_for_function's predicates are evaluated by eval, which the page's policy forbids
    )
    context.set_default_timeout(60_000)
    due = date_keys(context, dt.date.today() + dt.timedelta(days=14))
    page = context.new_page()
    person = CountingPerson(page, by="touch" if phone else "wheel")
    t = lambda key: WORKSHOP.t(key, language)
    try:
        began = time.monotonic()
        page.goto(f"{url}?lang={language}")
        start = button(page, t("code.start_new"), exact=True)
        start.first.wait_for(timeout=READY_MS)
        settle(page)
        journey.load_seconds = time.monotonic() - began
        began = time.monotonic()
        counted = (0, 0, 0)

        def close(module: Module) -> None:
            nonlocal counted
            now = (person.taps, person.keys, person.scrolls)
            module.taps += now[0] - counted[0]
            module.keys += now[1] - counted[1]
            module.scrolls += now[2] - counted[2]
            counted = now

        front = journey.module("start")
        front.heights.append(height(page))
        person.click(start.first)
        page.wait_for_selector(".cc-code")
        page.wait_for_function(f"() => ({MODULE_JS})() !== ''")
        settle(page)
        close(front)
        if phone:
            journey.header_px = page.evaluate(SIZE_JS)[1]
            fold = button(page, t("code.noted"))
            if fold.count():
                person.click(fold.first)
                page.locator(".cc-code-details").wait_for(state="hidden")
                settle(page)
            journey.header_folded_px = page.evaluate(SIZE_JS)[1]
        finished = False
        for _ in range(MOST_STEPS):
            module = journey.module(page.evaluate(MODULE_JS))
            # a step's height: the page's, settled, as it opens and as the participant leaves it (a chart or a
            # note may have appeared); not in between, while a change is being drawn
            step = [height(page)]
            do_what_the_screen_needs(person, language, due)
            settle(page, 2.0)
            step.append(height(page))
            if take_home(person, journey, keep):
                module.heights.append(max(step))
                close(module)
                finished = True
                break
            forward = button(page, t("app.next"))
            if forward.count() == 0:
                forward = button(page, t("app.finish"))
            if forward.count() == 0:
                raise AssertionError(f"{module.id}: neither Next nor Finish nor the take-home on this screen")
            before = page.evaluate(SIGNATURE_JS)
            person.click(forward.first)
            module.heights.append(max(step))
            close(module)
            page.wait_for_function(f"(before) => ({SIGNATURE_JS})() !== before", arg=before)
            settle(page)
        if not finished:
            raise AssertionError(f"no take-home after {MOST_STEPS} presses of the primary action")
        journey.journey_seconds = time.monotonic() - began
        if journey.take_home_bytes <= 0:
            raise AssertionError("the take-home downloaded is empty")
    finally:
        context.close()
    return journey


# --- the report -------------------------------------------------------------------------------------------


def figures_of(journey: Journey) -> dict:
    window_height = WINDOWS[journey.window]["height"]
    modules = []
    for module in journey.modules:
        tallest = max(module.heights) if module.heights else 0
        modules.append(
            {
                "module": module.id,
                "steps": len(module.heights),
                "screens": module.screens(window_height),
                "tallest_step_px": tallest,
                "tallest_step_screens": round(tallest / window_height, 1),
                "taps": module.taps,
                "keys": module.keys,
                "scrolls": module.scrolls,
            }
        )
    worked = [m for m in modules if m["module"] != "start"]
    return {
        "language": journey.language,
        "window": journey.window,
        "modules": modules,
        "steps": sum(m["steps"] for m in worked),
        "screens": sum(m["screens"] for m in worked),
        "tallest_step_px": max(m["tallest_step_px"] for m in worked),
        "tallest_step_screens": max(m["tallest_step_screens"] for m in worked),
        "taps_to_take_home": sum(m["taps"] for m in modules),
        "keys": sum(m["keys"] for m in modules),
        "scrolls": sum(m["scrolls"] for m in modules),
        "journey_seconds": round(journey.journey_seconds, 1),
        "first_load_seconds": round(journey.load_seconds, 1),
        "take_home_bytes": journey.take_home_bytes,
        "take_home_file": journey.take_home_name,
        "header_px": None if journey.header_px is None else round(journey.header_px),
        "header_folded_px": None if journey.header_folded_px is None else round(journey.header_folded_px),
    }


MODULE_COLUMNS = ["language", "window", "module", "steps", "screens", "tallest step [px]", "tallest [screens]"]
MODULE_COLUMNS += ["taps", "keys", "scrolls"]
SUMMARY_COLUMNS = ["language", "window", "steps", "screens", "tallest step [px]", "tallest [screens]"]
SUMMARY_COLUMNS += ["taps to take-home", "keys", "scrolls", "journey [s]", "first load [s]", "take-home [bytes]"]
SUMMARY_COLUMNS += ["header [px]", "header folded [px]"]


def dash(value) -> str:
    return "–" if value is None else str(value)


def module_rest(module: dict) -> list:
    return [module["tallest_step_screens"], module["taps"], module["keys"], module["scrolls"]]


def tables(runs: list[dict]) -> list[dict]:
    summary = [
        [
            run["language"],
            run["window"],
            run["steps"],
            run["screens"],
            run["tallest_step_px"],
            run["tallest_step_screens"],
            run["taps_to_take_home"],
            run["keys"],
            run["scrolls"],
            run["journey_seconds"],
            run["first_load_seconds"],
            run["take_home_bytes"],
            dash(run["header_px"]),
            dash(run["header_folded_px"]),
        ]
        for run in runs
    ]
    per_module = [
        [run["language"], run["window"], m["module"], m["steps"], m["screens"], m["tallest_step_px"], *module_rest(m)]
        for run in runs
        for m in run["modules"]
    ]
    return [
        record.table("The journey from the start page to the downloaded take-home", SUMMARY_COLUMNS, summary),
        record.table(
            "Each module (start: the start page, up to the press of the start button)", MODULE_COLUMNS, per_module
        ),
    ]


def show(table: dict) -> None:
    widths = [
        max(len(str(cell)) for cell in [column, *(row[i] for row in table["rows"])])
        for i, column in enumerate(table["columns"])
    ]
    print(f"\n{table['title']}")
    for row in [table["columns"], *table["rows"]]:
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True)))


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo.ROOT, capture_output=True, text=True).stdout.strip()


#: what the figures depend on: the app (package, content, notebooks), this benchmark and the tests' harness
MEASURED = ("src", "exercises", "notebooks", "benchmarks/bench_journey.py", "tests/browser", "tests/harness")


def revision() -> str:
    """The commit checked out (marked when what the figures depend on differs from it)."""
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", *MEASURED)
    return git("rev-parse", "--short", "HEAD") + (" (with changes)" if dirty else "")


def app_revision() -> str:
    """The last commit that changed what the participant sees (the package, the content, the notebooks)."""
    return git("log", "-1", "--format=%h", "--", "src", "exercises", "notebooks")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", nargs="+", choices=LANGUAGES, default=list(LANGUAGES))
    parser.add_argument("--windows", nargs="+", choices=list(WINDOWS), default=list(WINDOWS))
    parser.add_argument("--data-dir", type=Path, help="the server's data directory (default: a temporary one)")
    parser.add_argument("--keep-take-home", metavar="DIR", type=Path, help="save each take-home downloaded in DIR")
    record.add_option(parser)
    args = parser.parse_args(argv)
    assert chromium.installed(), chromium.MISSING
    from playwright.sync_api import sync_playwright

    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-journey-") as folder:
        folder = Path(folder)
        server = Server(
            coffeechat_command(free_port(), args.data_dir or folder / "data", "--pool-size", "1", *LIMITS_OFF),
            folder / "serve.log",
        )
        try:
            with sync_playwright() as playwright:
                browser = chromium.launch(playwright, env=font_environment(folder / "fonts"))
                try:
                    for window in args.windows:
                        for language in args.languages:
                            print(f"walking {language} {window} ...", file=sys.stderr)
                            runs.append(figures_of(walk(browser, server.url, language, window, args.keep_take_home)))
                finally:
                    browser.close()
        finally:
            server.stop(tree=True)
    made = tables(runs)
    print("bench_journey: a scripted participant from the start page to the downloaded take-home")
    for table in made:
        show(table)
    settings = {
        "revision": revision(),
        "app_revision": app_revision(),
        "windows": args.windows,
        "languages": args.languages,
        "pool_size": 1,
    }
    record.write(args.json_out, "bench_journey", made, figures=runs, **settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())

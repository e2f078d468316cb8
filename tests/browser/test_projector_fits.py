"""The projector as a slide: does whatever the coach puts on it fit one screen without scrolling, from 1024x768
to 1920x1080 (4:3 and 16:9), readable from the back of the room (no text under 24 px at 1280x800)? Does the
coach switch it from the console, and does it stop the timer and say thanks after "End"?

The room's content (seven people's ratings before and after, a word wall with one 80-character word, groups)
is put into the journal by the test, as the participants' pages would have saved it; what is tested is what
the projector draws. Screenshots of the window are taken for a person to look at only when asked for:
``COFFEECHAT_PROJECTOR_SHOTS=folder`` (they assert nothing, and 80 of them took a good share of the test's time;
what is asserted is measured in the page itself, once its fonts are in).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from coffeechat.content import group_name, load_workshop
from coffeechat.room import model as room_model
from coffeechat.room.live import Console
from coffeechat.storage.journal import Journal
from coffeechat.storage.paths import JOURNAL_FILE

from .roomserver import RoomServer, coach_pages, open_the_room

SIZES = [(1024, 768), (1280, 800), (1366, 768), (1920, 1080)]
#: the mean as each language writes it, with the count of people
MEAN = {"de": r"Mittel \d,\d · 7 Personen", "en": r"mean \d\.\d · 7 people"}
DECIMAL = {"de": r"\n\d,\d\n", "en": r"\n\d\.\d\n"}
SHOTS = Path(os.environ["COFFEECHAT_PROJECTOR_SHOTS"]) if os.environ.get("COFFEECHAT_PROJECTOR_SHOTS") else None
LONG_WORD = "Informationsgesprächsvorbereitungsunsicherheitsgefühlsverstärkungsmechanismuss"[:80].ljust(80, "x")
WORDS = ["Zeit", "Scham", "Ausreden", "Angst vor Absagen", "keine Kontakte", "Perfektionismus", LONG_WORD]

#: what the page reports about itself: scrolling, boxes outside the window, text under 24 px
MEASURE = """() => {
  const root = document.querySelector('.cc-projector');
  const out = {
    scrollHeight: Math.max(document.documentElement.scrollHeight, document.body.scrollHeight),
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    innerHeight: window.innerHeight, innerWidth: window.innerWidth,
    mode: [...root.classList].filter(c => c.startsWith('cc-projector-mode-')).join(' '),
    outside: [], small: [], visibleText: root.innerText,
  };
  const describe = (el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' "' +
    (el.innerText || '').trim().slice(0, 40) + '" ' +
    ['left', 'top', 'right', 'bottom'].map(side => Math.round(el.getBoundingClientRect()[side])).join(',');
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || el.closest('[hidden]')) continue;
    if (box.left < -1 || box.top < -1 || box.right > innerWidth + 1 || box.bottom > innerHeight + 1) {
      out.outside.push(describe(el));
    }
    // inside the slide, nothing may be cut off by the part that holds it (it would hide behind the corner)
    const part = el.parentElement && el.parentElement.closest('.cc-projector-part, .cc-projector-timer');
    if (part) {
      const frame = part.getBoundingClientRect();
      if (box.left < frame.left - 1 || box.top < frame.top - 1 || box.right > frame.right + 1 ||
          box.bottom > frame.bottom + 1) {
        out.outside.push('cut off: ' + describe(el));
      }
    }
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (ownText && root.contains(el) && parseFloat(style.fontSize) < 24) {
      out.small.push(describe(el) + ' ' + style.fontSize);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def room_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("projector-fits")
    server = RoomServer(folder)
    server.folder = folder
    yield server
    server.stop()


def seed_the_room(folder: Path, token: str) -> None:
    """Seven people in the room, as their pages would have saved it: ratings at the welcome and at the
    wrap-up, the welcome ticked done, one answer each on the word wall, and groups for the role-play."""
    workshop = load_workshop()
    journal = Journal(folder / "data" / JOURNAL_FILE)
    try:
        coach = Console(journal, workshop, token)
        record, _ = coach.current()
        fears = [fear.id for fear in workshop.fears]
        coach.ask("Was hält Sie am meisten davon ab, jemanden um ein Gespräch zu bitten?")
        state = coach.current()[1]
        for number in range(7):
            code = journal.create_participant("de")
            journal.rooms.join(record.id, code)
            for index, fear in enumerate(fears):
                journal.save(code, f"welcome.rating.{fear}", (number * 3 + index * 2) % 11)
                journal.save(code, f"wrapup.rating.{fear}", max(0, (number * 3 + index * 2) % 11 - 3))
            journal.save(code, "progress.welcome", True)
            journal.rooms.save_word(record.id, code, state.question_number, WORDS[number])
        coach.approve_waiting()  # the coach approves the queue (answers wait for it since the wall is moderated)
        coach.reveal(True)
        coach.follow("not-ready")  # the module slide shows the coach's module: the longest slide of all
        coach.release()
        coach.form_groups()  # after leading the fear: leading another module than the role-play ends groups
        coach.timer_start(10)
    finally:
        journal.close()


def crowd_the_room(folder: Path, token: str, people: int) -> None:
    """A lecture hall: ``people`` more in the room, a new question everyone answers (long answers among them),
    and groups formed again."""
    workshop = load_workshop()
    journal = Journal(folder / "data" / JOURNAL_FILE)
    try:
        coach = Console(journal, workshop, token)
        record, _ = coach.current()
        question = "Welche Frage würden Sie gern als Erstes stellen, wenn Sie morgen jemanden aus Ihrer Wunschbranche "
        coach.ask((question + "treffen, der genau die Arbeit macht, die Sie sich wünschen, und Zeit hat?")[:160])
        state = coach.current()[1]
        codes = [journal.create_participant("de") for _ in range(people)]
        for code in codes:
            journal.rooms.join(record.id, code)
        for number, code in enumerate(codes):
            text = LONG_WORD if number % 3 == 0 else f"Wie sieht ein ganz normaler Arbeitstag bei Ihnen aus? ({number})"
            journal.rooms.save_word(record.id, code, state.question_number, text[:80])
        coach.approve_waiting()
        coach.reveal(True)
        coach.form_groups()
    finally:
        journal.close()


def measure(projector) -> dict:
    projector.page.evaluate("() => document.fonts.ready.then(() => true)")  # the type the room reads
    return projector.page.evaluate(MEASURE)


def shot(visitor, name: str) -> None:
    """A screenshot of the window for a person to look at, if asked for (``COFFEECHAT_PROJECTOR_SHOTS``)."""
    if SHOTS:
        visitor.person.screenshot(SHOTS / name)


def wait_for_mode(projector, mode: str) -> None:
    projector.page.wait_for_selector(f".cc-projector.cc-projector-mode-{mode}", timeout=30_000)


def at_every_size(projector, name: str, check) -> list[str]:
    """Each screen size in turn: a screenshot, and what does not fit (``check(seen, where)`` adds its own)."""
    problems = []
    for width, height in SIZES:
        projector.page.set_viewport_size({"width": width, "height": height})
        projector.page.wait_for_function("([w, h]) => innerWidth === w && innerHeight === h", arg=[width, height])
        shot(projector, f"{name}-{width}x{height}.png")
        seen = measure(projector)
        where = f"{name} at {width}x{height}"
        if seen["scrollHeight"] > seen["innerHeight"] or seen["scrollWidth"] > seen["innerWidth"]:
            problems.append(f"{where}: the page scrolls {seen['scrollWidth']}x{seen['scrollHeight']}")
        problems += [f"{where}: outside the screen: {each}" for each in seen["outside"]]
        if (width, height) == (1280, 800):
            problems += [f"{where}: under 24 px: {each}" for each in seen["small"]]
        problems += check(seen, where)
    projector.page.set_viewport_size({"width": 1280, "height": 800})
    return problems


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_every_projector_mode_fit_every_screen_and_end_with_thanks(browser, room_server, language):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
    workshop = load_workshop()
    t = lambda key, **values: workshop.t(key, language, **values)
    console, projector = coach_pages(browser, room_server, {"width": 1280, "height": 900}, language)
    for each in (console, projector):
        each.context.set_default_timeout(120_000)  # a shared machine: generous waits, nothing timed
    try:
        open_the_room(console)
        token = parse_qs(urlsplit(room_server.console).query)["token"][0]
        seed_the_room(room_server.folder, token)
        projector.page.goto(projector.server)
        projector.page.wait_for_selector(".cc-projector .cc-qr svg", timeout=120_000)
        assert projector.page.locator(".cc-projector button:visible").count() == 0, "no control on the beamer"
        problems = []
        expected = {
            "join": lambda text: room_server.join in text and t("room.joined", count=7) in text,
            "module": lambda text: workshop.module_title("not-ready", language) in text,
            "profile": lambda text: re.search(MEAN[language], text) and all(str(n) in text.split() for n in range(11)),
            "change": lambda text: t("room.before") in text and re.search(DECIMAL[language], text),
            "wall": lambda text: "Perfektionismus" in text and "Was hält Sie am meisten" in text,
            "groups": lambda text: group_name(workshop, 3, language) in text and t("room.round", round=1) in text,
            "timer": lambda text: re.search(r"\d+:\d\d", text),
        }
        for mode in room_model.PROJECTOR_MODES:
            console.person.click(f".cc-room-projector-mode button:has-text('{t(f'room.mode.{mode}')}')")
            wait_for_mode(projector, mode)

            def check(seen, where, mode=mode):
                found = []
                if not expected[mode](seen["visibleText"]):
                    found.append(f"{where}: not what this mode shows: {seen['visibleText'][:200]!r}")
                if mode != "wall" and "Was hält Sie am meisten" in seen["visibleText"]:
                    found.append(f"{where}: the wall's question outside the wall")
                if mode == "join":
                    qr = projector.page.locator(".cc-projector-join .cc-qr svg").bounding_box()
                    if not qr or qr["width"] < 200:
                        found.append(f"{where}: the QR code is not large: {qr}")
                return found

            problems += at_every_size(projector, f"{language}-{mode}", check)
        assert problems == [], "\n".join(problems)

        # a lecture hall of 100: the wall and the groups still fit, and say what they leave out
        crowd_the_room(room_server.folder, token, 93)
        for mode in ("wall", "groups"):
            console.person.click(f".cc-room-projector-mode button:has-text('{t(f'room.mode.{mode}')}')")
            wait_for_mode(projector, mode)
            projector.page.wait_for_function(
                "(text) => document.querySelector('.cc-projector').innerText.includes(text)",
                arg=group_name(workshop, 30, language) if mode == "groups" else "Arbeitstag",
            )

            def crowded(seen, where, mode=mode):
                said = (
                    t("room.wall_more", count=0).split()[-1] if mode == "wall" else group_name(workshop, 34, language)
                )
                return [] if said in seen["visibleText"] else [f"{where}: {said!r} missing"]

            problems += at_every_size(projector, f"{language}-{mode}-crowded", crowded)
        assert problems == [], "\n".join(problems)

        # the coach hides the corner: the address leaves the slide; dark look from the console
        console.person.click(f".cc-room-projector-mode button:has-text('{t('room.mode.profile')}')")
        console.person.click(".cc-room-projector-corner input")
        console.person.click(f".cc-room-projector-theme button:has-text('{t('room.theme.dark')}')")
        projector.page.wait_for_selector(".cc-projector.cc-projector-dark.cc-projector-corner-off")
        assert room_server.join not in measure(projector)["visibleText"]
        shot(projector, f"{language}-profile-dark-no-corner-1280x800.png")
        shot(console, f"{language}-console-projector-card.png")

        # pause: every page says so; resume goes on with the time left
        console.person.click(".cc-room-timer-pause")
        projector.page.wait_for_selector(".cc-projector .cc-shared-timer.cc-timer-paused")
        assert t("room.timer_paused") in projector.page.inner_text(".cc-projector-timer")
        console.page.wait_for_selector(f".cc-room-timer-start:has-text('{t('room.timer_resume')}')")
        shot(projector, f"{language}-paused-1280x800.png")
        console.person.reach(".cc-room-timer-start")
        shot(console, f"{language}-console-paused.png")

        # the end: the timer stops, the slide says thanks
        console.person.click(".cc-room-end")
        console.person.click(".cc-room-end-yes")  # the console asks first
        wait_for_mode(projector, "thanks")
        assert t("room.projector_thanks") in projector.page.inner_text(".cc-projector-thanks")
        assert projector.page.locator(".cc-projector .cc-shared-timer.cc-timer-running").count() == 0
        assert not projector.page.locator(".cc-projector-timer").is_visible(), "no timer after the end"
        problems = at_every_size(projector, f"{language}-thanks", lambda seen, where: [])
        assert problems == [], "\n".join(problems)
    finally:
        console.context.close()
        projector.context.close()

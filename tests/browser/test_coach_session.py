"""A whole session as a coach runs it (issue 23, "Done when"): one console, one projector (looked at on a
1024x768 and a 1920x1080 screen) and five participants, every click and keystroke through the people-like
harness (person.py).

In the coach's order: open the room; people join; they rate their fears and the projector shows the profile;
"follow me" through a fear; the word wall (every answer waits for approval, a listed word never reaches the
projector, even with "approve automatically"); groups for the role-play, each page showing the role the room
gave it and no timer of its own; pause and resume keep the time; a late joiner is placed in a group; the next
round; a page that wanders off is brought back at the coach's next move; the end; erasing, which leaves every
page calm and empty. Then the coach opens the next room and restarts ``serve`` on the same data folder: the
earlier run's console link is refused, the new one shows the open room with its member. Throughout, the
projector fits the screen in every mode used and no page asks a third-party host.

It also asks what three earlier files walked on rooms of their own (facilitated_room, console_wall, roleplay_room:
the same console, wall, groups and follow-me, three times over): participants get the address the room can
reach, the projector shows no code with or without its dash, a projector link with an empty token is refused,
an answer edited into another listed word stays off the projector, what the observer typed is kept when the
round moves on, and a wandering page's bar names the coach's module.

The restart is asserted here only (it was test_room_restart.py, which walked the same steps on a server of
its own: open a room, one person joins, restart on the same folder and port, the earlier console link shows
"this page is for the facilitator", the new one the open room with its member).

Waits are on what people see, generous (a shared 2-core machine), never fixed sleeps.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coffeechat.content import group_name, load_workshop, plural
from coffeechat.room.live import round_minutes

from .conftest import Visitor
from .journey import to_ratings
from .roomserver import (
    MATERIAL,
    RoomServer,
    coach_pages,
    free_port_in_range,
    join,
    open_the_room,
    roles_shown,
    saved,
    share,
    wait_text,
)
from .test_projector_fits import MEASURE
from .test_room_end import PAGE_TEXT

WORKSHOP = load_workshop()
READY_MS = 120_000
#: the two screens a projector is looked at on: 4:3 and 16:9
SCREENS = [(1024, 768), (1920, 1080)]
COACH_WINDOW = {"width": 1280, "height": 900}
#: where to keep screenshots for a person to look at (COFFEECHAT_SCREENSHOTS=folder); none are taken otherwise
#: (they assert nothing: what fits is measured in the page)
SCREENSHOTS = Path(os.environ["COFFEECHAT_SCREENSHOTS"]) if os.environ.get("COFFEECHAT_SCREENSHOTS") else None
WORDS = ("Zeitmangel", "Schüchternheit", "Ausreden", "Mein Chef ist ein Idiot")
#: the visible shared timer's display on a page (the projector shows one, a participant's page one)
TIMER = ".cc-shared-timer .cc-timer-display >> visible=true"


def t(key: str, **values) -> str:
    return WORKSHOP.t(key, "de", **values)


def prepared(visitor: Visitor) -> Visitor:
    visitor.context.set_default_timeout(60_000)
    visitor.context.set_default_navigation_timeout(READY_MS)
    return visitor


def project(console: Visitor, projector: Visitor, mode: str) -> None:
    """The coach puts ``mode`` on the projector from the console."""
    console.person.click(f".cc-room-projector-mode button:has-text('{t(f'room.mode.{mode}')}')")
    projector.page.wait_for_selector(f".cc-projector.cc-projector-mode-{mode}", timeout=60_000)


def snap(visitor: Visitor, shots: Path | None, name: str) -> None:
    """A screenshot of the window for a person to look at, if asked for."""
    if shots:
        visitor.person.screenshot(shots / name)


def fits_both_screens(
    projector: Visitor, shots: Path | None, never: list[str], name: str, shows: str = ""
) -> list[str]:
    """Each screen in turn: a screenshot of the window, and what does not fit (scrolling, boxes outside the
    screen or cut off by their part of the slide), does not show ``shows`` or shows one of ``never``."""
    problems = []
    for width, height in SCREENS:
        projector.page.set_viewport_size({"width": width, "height": height})
        projector.page.wait_for_function("([w, h]) => innerWidth === w && innerHeight === h", arg=[width, height])
        projector.person._settled_box(projector.page.locator(".cc-projector"))
        snap(projector, shots, f"coach-projector-{name}-{width}x{height}.png")
        seen = projector.page.evaluate(MEASURE)
        where = f"{name} at {width}x{height}"
        if seen["scrollHeight"] > seen["innerHeight"] or seen["scrollWidth"] > seen["innerWidth"]:
            problems.append(f"{where}: the page scrolls {seen['scrollWidth']}x{seen['scrollHeight']}")
        problems += [f"{where}: outside the screen: {each}" for each in seen["outside"]]
        if any(code in seen["visibleText"] for code in never):
            problems.append(f"{where}: a participant's code on the projector")
        if shows and shows not in seen["visibleText"]:
            problems.append(f"{where}: {shows!r} not shown: {seen['visibleText'][:200]!r}")
    return problems


def shown_never(codes: list[str]) -> list[str]:
    """What the projector may never show of the participants' codes: each code, with or without its dash."""
    return codes + [code.replace("-", "") for code in codes]


def role_shot(person: Visitor, role: str, shots: Path | None) -> None:
    """What the role works from, brought to the top of the window (as its person reads it), and a screenshot."""
    person.person.bring_to_top(MATERIAL[role])
    snap(person, shots, f"coach-participant-round1-{role}.png")


def our_tracebacks(log: str) -> list[str]:
    """The tracebacks in the server's log that pass through the kit's own code (a page closed mid-write makes
    tornado log a WebSocketClosedError of its own, which is not the room's)."""
    blocks = log.split("Traceback (most recent call last):")[1:]
    return [block[:1500] for block in blocks if "coffeechat" in block.split("\n[", 1)[0]]


def timer_seconds(visitor: Visitor) -> int:
    """The time left on the page's shared timer, in seconds (it shows m:ss)."""
    minutes, secs = visitor.page.locator(TIMER).first.inner_text().strip().split(":")
    return int(minutes) * 60 + int(secs)


@pytest.mark.browser
def test_does_a_whole_coached_session_run_from_the_console_as_the_issue_describes(browser, tmp_path):
    shots = SCREENSHOTS
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    port = free_port_in_range()
    server = RoomServer(tmp_path, port)
    hosts = set(server.hosts)
    assert not server.join.startswith("http://127."), "participants get the address the room can reach"
    console, projector = (prepared(each) for each in coach_pages(browser, server, COACH_WINDOW, "de"))
    pages = [console, projector]
    problems: list[str] = []
    try:
        # --- the coach opens the room; the projector shows how to join ------------------------------------
        # the half-day: its run sheet plays the role-play, so the console offers groups there
        open_the_room(console, "Netzwerken ohne Angst", WORKSHOP.workshop_format("half-day").title["de"])
        projector.page.goto(projector.server)
        projector.page.wait_for_selector(".cc-projector .cc-qr svg", timeout=READY_MS)
        assert projector.page.locator(".cc-projector button:visible").count() == 0, "no control on the beamer"

        # --- four people join by the printed link --------------------------------------------------------
        people = [prepared(join(browser, server)) for _ in range(4)]
        pages += people
        codes = [person.page.inner_text(".cc-code").strip() for person in people]
        wait_text(console, ".cc-room-count", t("room.joined", count=4))
        wait_text(projector, ".cc-projector", t("room.joined", count=4))
        problems += fits_both_screens(projector, shots, shown_never(codes), "join", t("room.joined", count=4))
        assert server.join in projector.page.inner_text(".cc-projector-join"), "the address to type, beside the QR"

        # --- a participant without the token: no console, nothing to press; the room stays as it was ---------
        for address in (
            f"{server.join}?room=console",
            f"{server.join}?room=console&token=guessed",
            f"{server.join}?room=projector&token=",
        ):
            intruder = people[0].context.new_page()
            intruder.goto(address)
            intruder.wait_for_selector(".cc-not-for-you", timeout=READY_MS)
            controls = ".cc-console, .cc-projector, .jupyter-widgets button, .jupyter-button"
            assert intruder.locator(controls).count() == 0
            intruder.close()
        wait_text(console, ".cc-room-count", t("room.joined", count=4))

        # --- ratings at the welcome: the projector shows the anonymous profile -----------------------------
        for distance, person in zip((80, 130, 180, 230), people, strict=True):
            to_ratings(person)  # the welcome's step 2
            person.person.drag_sideways(".cc-rating-regret .noUi-handle", distance)
            person.page.wait_for_function(
                "() => Number(document.querySelector('.cc-rating-regret-value').textContent) > 0"
            )
        project(console, projector, "profile")
        wait_text(projector, ".cc-projector", "· 4 Personen")
        problems += fits_both_screens(projector, shots, shown_never(codes), "profile", "· 4 Personen")

        # --- follow me through a fear ------------------------------------------------------------------
        fear = WORKSHOP.module_title("not-ready", "de")
        console.person.select(".cc-room-module select", fear)
        console.person.click(f".cc-room-pacing button:has-text('{t('room.follow_me')}')")
        for person in people:
            wait_text(person, ".cc-position", fear)
        project(console, projector, "module")
        wait_text(projector, ".cc-projector-slide", fear)
        problems += fits_both_screens(projector, shots, shown_never(codes), "module", fear)

        # --- the word wall: every answer waits; a listed word never reaches the projector ------------------
        console.person.type(".cc-room-question input", "Was hält Sie am meisten zurück?")
        console.person.click(".cc-room-ask")
        for person, word in zip(people, WORDS, strict=True):
            share(person, word)
        wait_text(console, ".cc-room-entries", "Idiot")
        project(console, projector, "wall")
        wait_text(projector, ".cc-projector-wall", t("room.wall_hidden"))  # not revealed yet: nothing shows
        assert not any(word in projector.page.inner_text(".cc-projector") for word in WORDS)
        wait_text(console, ".cc-room-reveal", plural(WORKSHOP, "room.reveal_waits", 3, "de"))  # why it waits
        console.person.click(".cc-room-reveal")
        wait_text(console, ".cc-room-reveal", t("room.conceal"))
        wait_text(projector, ".cc-projector-wall", "Was hält Sie am meisten zurück?")
        wait_text(projector, ".cc-projector-wall", t("room.too_few"))  # revealed, but no answer may show yet
        assert not any(word in projector.page.inner_text(".cc-projector") for word in WORDS), "all answers wait"
        console.person.click(
            console.page.locator(".cc-room-entry", has_text=WORDS[0]).locator(".cc-room-entry-approve")
        )
        wait_text(console, ".cc-room-wall-needs", plural(WORKSHOP, "room.wall_needs", 2, "de"))
        assert WORDS[0] not in projector.page.inner_text(".cc-projector"), "one approved answer is no wall of three"
        console.person.click(".cc-room-auto-approve input")
        for word in WORDS[:3]:
            wait_text(projector, ".cc-wall", word)
        wait_text(console, ".cc-room-entries", t("room.status.filtered"))
        assert "idiot" not in projector.page.inner_text(".cc-projector").lower(), "the listed word stays off"
        problems += fits_both_screens(projector, shots, shown_never(codes), "wall", WORDS[2])
        assert "idiot" not in projector.page.inner_text(".cc-projector").lower()
        # the participant edits their answer into another listed word: still nothing on the projector
        people[3].person.type(".cc-room-answer input", "Vollidiot", clear=True)
        people[3].person.click(".cc-room-share")
        wait_text(console, ".cc-room-entries", "Vollidiot")
        assert "idiot" not in projector.page.inner_text(".cc-projector").lower()
        # the coach takes an approved answer off the wall again: two are left, so the wall shows none
        console.person.click(console.page.locator(".cc-room-entry", has_text=WORDS[2]).locator(".cc-room-entry-toggle"))
        wait_text(projector, ".cc-projector-wall", t("room.too_few"))
        assert not any(word in projector.page.inner_text(".cc-projector") for word in WORDS)

        # --- the role-play: groups, and each page shows the role the room gave it ----------------------------
        role_play = WORKSHOP.module_title("role-play", "de")
        console.person.select(".cc-room-module select", role_play)  # the coach still leads: everyone moves
        for person in people:
            wait_text(person, ".cc-position", role_play)
        console.person.click(".cc-room-groups-form")
        first = roles_shown(people, WORKSHOP, 1)  # four people: two pairs
        assert sorted(first) == ["asker", "asker", "contact", "contact"], first
        placements = [person.page.inner_text(".cc-room-placement") for person in people]
        for role in ("asker", "contact"):  # one page per role, as its person sees it
            role_shot(people[first.index(role)], role, shots)
        project(console, projector, "groups")
        wait_text(projector, ".cc-projector", group_name(WORKSHOP, 2, "de"))
        problems += fits_both_screens(projector, shots, shown_never(codes), "groups", group_name(WORKSHOP, 1, "de"))

        # --- pause and resume keep the time; every page and the projector say "paused" ----------------------
        project(console, projector, "timer")
        for each in (*people, projector):
            each.page.wait_for_selector(".cc-shared-timer.cc-timer-running >> visible=true")
        console.person.click(".cc-room-timer-pause")
        for each in (*people, projector):
            each.page.wait_for_selector(".cc-shared-timer.cc-timer-paused >> visible=true")
            paused_line = each.page.locator(".cc-shared-timer.cc-timer-paused >> visible=true").first.inner_text()
            assert t("room.timer_paused") in paused_line, paused_line
        console.page.wait_for_selector(f".cc-room-timer-start:has-text('{t('room.timer_resume')}')")
        at_pause = timer_seconds(projector)
        assert 0 < at_pause <= round_minutes(WORKSHOP, None) * 60, "a round as the run sheet plans it, time left"
        problems += fits_both_screens(projector, shots, shown_never(codes), "timer-paused", t("room.timer_paused"))
        for person in people:
            assert abs(timer_seconds(person) - at_pause) <= 1, "every page shows the same time left"
        assert timer_seconds(projector) == at_pause, "a paused timer does not run"
        console.person.click(".cc-room-timer-start")  # "resume"
        for each in (*people, projector):
            each.page.wait_for_selector(".cc-shared-timer.cc-timer-running >> visible=true")
        after_resume = timer_seconds(projector)
        assert at_pause - 6 <= after_resume <= at_pause, (at_pause, after_resume)
        shown = [timer_seconds(each) for each in (*people, projector)]
        assert max(shown) - min(shown) <= 2, shown
        # a participant reads on down the page: the time stays in the window's corner (a coach's walk saw the
        # running timer leave a phone's screen with the first swipe), and goes when the timer is back in view
        reader = people[0]
        pinned = reader.page.locator(".cc-room-bar .cc-timer-pinned")
        reader.person.scroll_to_top()
        assert reader.person.in_view(".cc-room-bar .cc-timer-display")
        expect(pinned).to_be_hidden()  # the timer itself is in view
        reader.person.scroll_to_end()
        assert not reader.person.in_view(".cc-room-bar .cc-timer-display"), "the page is long enough to test it"
        expect(pinned).to_be_visible()
        expect(pinned).to_have_text(re.compile(r"^\d+:\d\d$"))
        assert reader.person.in_view(pinned), "in the window's corner"
        if shots:
            reader.person.screenshot(shots / "participant-timer-pinned.png")
        reader.person.scroll_to_top()
        expect(pinned).to_be_hidden()

        # --- a late joiner is placed in a group; nobody else's round starts again ---------------------------
        late = prepared(join(browser, server))
        pages.append(late)
        late_code = late.page.inner_text(".cc-code").strip()
        codes.append(late_code)
        wait_text(console, ".cc-room-count", t("room.joined", count=5))
        wait_text(late, ".cc-position", role_play)  # follow-me takes the newcomer to the coach's module
        wait_text(console, ".cc-room-unplaced", plural(WORKSHOP, "room.unplaced", 1, "de"))
        console.person.click(".cc-room-groups-place")
        wait_text(late, ".cc-room-placement", t("roleplay.role.observer"))
        assert [person.page.inner_text(".cc-room-placement") for person in people] == placements, "nobody moved"
        people.append(late)
        first.append(roles_shown([late], WORKSHOP, 1)[0])
        role_shot(late, "observer", shots)
        late.person.type(".cc-observer-notes textarea", "Hat mit dem Anliegen begonnen")

        # --- the next round: the roles move on every page -------------------------------------------------
        console.person.click(".cc-room-groups-next")
        second = roles_shown(people, WORKSHOP, 2)
        assert all(before != after for before, after in zip(first, second, strict=True)), (first, second)
        assert "observer" in second, second
        notes = saved(tmp_path, late_code, "roleplay.round-1.observer-notes")
        assert notes == "Hat mit dem Anliegen begonnen", "what the observer typed is kept when the round moves on"

        # --- a wandering page is brought back at the coach's next move -------------------------------------
        wanderer = people[0]
        wanderer.person.click(".cc-step-welcome")
        wait_text(wanderer, ".cc-position", WORKSHOP.module_title("welcome", "de"))
        wanderer.page.wait_for_selector(".cc-room-back", state="visible")
        wait_text(wanderer, ".cc-room-elsewhere", role_play)  # the bar says where the coach is
        wait_text(console, ".cc-room-pages", t("room.pages_here", here=4, elsewhere=1))
        wanderer.person.bring_to_top(".cc-room-bar")
        snap(wanderer, shots, "coach-participant-wanderer.png")
        wrap_up = WORKSHOP.module_title("wrap-up", "de")
        console.person.select(".cc-room-module select", wrap_up)  # the coach's next move
        for person in people:
            wait_text(person, ".cc-position", wrap_up)
        wanderer.page.wait_for_selector(".cc-room-back", state="hidden")
        wait_text(console, ".cc-room-pages", t("room.pages_here", here=5, elsewhere=0))
        # released, the pages move freely again
        console.person.click(f".cc-room-pacing button:has-text('{t('room.own_pace')}')")
        wanderer.page.wait_for_selector(".cc-room-following", state="detached")
        wanderer.person.click(".cc-step-welcome")
        wait_text(wanderer, ".cc-position", WORKSHOP.module_title("welcome", "de"))
        assert not wanderer.page.locator(".cc-room-back").is_visible(), "nobody to go back to"

        # --- the end: the end screen on every page, thanks on the projector ---------------------------------
        console.person.click(".cc-room-end")
        console.person.click(".cc-room-end-yes")
        for person in people:
            wait_text(person, ".cc-room-end-screen", t("room.end_heading"))
            person.page.wait_for_selector(".cc-room-end-screen .cc-end-pdf", state="visible")  # the take-home
        projector.page.wait_for_selector(".cc-projector.cc-projector-mode-thanks")
        assert not projector.page.locator(".cc-projector-timer").is_visible(), "no timer after the end"
        problems += fits_both_screens(projector, shots, shown_never(codes), "thanks", t("room.projector_thanks"))

        # --- erase: every page says so calmly and keeps nothing ---------------------------------------------
        console.person.click(".cc-room-erase")
        console.person.click(".cc-room-erase-yes")
        for person, code in zip(people, codes, strict=True):
            person.page.wait_for_selector(".cc-erased-note", state="visible")
            assert t("end.erased") in person.page.inner_text(".cc-erased-note")
            assert person.page.locator(".cc-status-error:visible").count() == 0, "no error anywhere"
            shown = person.page.evaluate(PAGE_TEXT)
            assert code not in shown and not any(word in shown for word in WORDS), "nothing of theirs is left"
            assert person.page.locator(".cc-room-end-screen:visible").count() == 0
        people[1].person._settled_scroll()
        snap(people[1], shots, "coach-participant-erased.png")
        projector_text = projector.page.evaluate(PAGE_TEXT)
        assert not any(word in projector_text for word in WORDS), "nothing of the room on the projector"
        assert not any(code in projector_text for code in shown_never(codes))
        log = server.log.read_text()
        assert "unknown participant" not in log, log[-3000:]
        assert not our_tracebacks(log), our_tracebacks(log)

        # --- the coach opens the next room; one person starts afresh in it ----------------------------------
        open_the_room(console, "Zweiter Termin")
        again = people[1]
        again.person.click(".cc-erased-note .cc-start-new, .cc-start-new")
        again.page.wait_for_selector(".cc-room-bar", state="visible")
        wait_text(console, ".cc-room-count", t("room.joined_one"))
    finally:
        for each in pages:
            each.context.close()
        server.stop()
    for each in pages:
        assert each.foreign_hosts - hosts == set(), f"a page asked third-party hosts: {each.foreign_hosts}"
    assert problems == [], "the projector does not fit:\n" + "\n".join(problems)

    # --- serve restarts on the same folder and port: the earlier link is refused, the new one has the room --
    earlier_console = server.console
    restarted = RoomServer(tmp_path, port)
    pages = []
    try:
        assert restarted.console != earlier_console, "a new run prints a new link"
        old = prepared(Visitor(browser, f"{earlier_console}&lang=de", viewport=COACH_WINDOW))
        new = prepared(Visitor(browser, f"{restarted.console}&lang=de", viewport=COACH_WINDOW))
        pages += [old, new]
        old.page.goto(old.server)
        old.page.wait_for_selector(".cc-not-for-you", timeout=READY_MS)
        assert t("room.not_for_you") in old.page.inner_text(".cc-not-for-you")
        assert old.page.locator(".cc-console").count() == 0, "no console control for the earlier link"
        new.page.goto(new.server)
        new.page.wait_for_selector(".cc-console", timeout=READY_MS)
        wait_text(new, ".cc-room-count", t("room.joined_one"))
        assert "Zweiter Termin" in new.page.inner_text(".cc-console")
        assert not new.page.locator(".cc-room-start").is_visible(), "the room is open, not to be opened again"
        snap(new, shots, "coach-console-after-restart.png")
    finally:
        for each in pages:
            each.context.close()
        restarted.stop()
    for each in pages:
        assert each.foreign_hosts - restarted.hosts == set(), f"a page asked third-party hosts: {each.foreign_hosts}"

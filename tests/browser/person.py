"""A person at a browser: the harness every journey, room and keyboard test drives the app with.

Playwright scrolls every element into view by script before it clicks, and a full-page screenshot draws what
no window shows: with both, 1,095 tests passed while nobody could scroll any page. A :class:`Person` does
only what a person can do:

- it sees the window and nothing else: it reaches an element by scrolling as a person does (the mouse wheel
  on a desktop, a touch swipe on a phone, PageDown/PageUp for a keyboard user), and fails when a scroll does
  not move the page;
- it clicks, taps and types only into an element that is inside the window and that no other element
  covers at that point (it asks the browser what is under the pointer), never by Playwright's auto-scroll
  or ``force``;
- its screenshots are of the window (viewport), never of the full page; :meth:`Person.expect_screen`
  compares one with a stored baseline (see ``screens.py``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from playwright.sync_api import Locator, Page

from .screens import compare_with_baseline

#: how far one wheel notch or one swipe moves, as a share of the window's height
#: wait for two frames to be drawn; a page whose frames stop (a busy or hidden renderer) is waited for 250 ms at
#: most (``page.evaluate`` has no timeout of its own; a full run once hung for half an hour in a Playwright call)
TWO_FRAMES = (
    "() => new Promise((done) => { requestAnimationFrame(() => requestAnimationFrame(done)); setTimeout(done, 250); })"
)
STEP_SHARE = 0.6
#: at most this many scrolls to reach an element (a long builder page on a phone takes about 20)
MAX_SCROLLS = 60
SETTLE_SECONDS = 3.0
#: turns of the wheel (or swipes) a scrolling box under the pointer may take before the page must move
INNER_TURNS = 3
#: the element's middle must lie this far inside the window (a person does not click on the very edge)
MARGIN = 8

#: what is under the pointer at (x, y): the element itself, or one inside it (a label's text, an icon)
HIT = """([el, x, y]) => {
  const under = document.elementFromPoint(x, y);
  if (!under) return "nothing";
  if (under === el || el.contains(under)) return "";
  const classes = typeof under.className === "string" ? under.className.trim().split(/\\s+/).join(".") : "";
  const what = under.tagName.toLowerCase() + (under.id ? "#" + under.id : "") + (classes ? "." + classes : "");
  return what.slice(0, 160) + " «" + (under.textContent || "").trim().slice(0, 60) + "»";
}"""


class NotReachable(AssertionError):
    """A person could not get to this element: the page does not scroll, or something covers it."""


@dataclass
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2


class Person:
    """One person at one page. ``by`` is how they scroll: "wheel" (mouse or trackpad), "touch" (a phone)
    or "keys" (PageDown and PageUp). A phone context must be made with ``has_touch=True``."""

    def __init__(self, page: Page, by: str | None = None):
        self.page = page
        self.by = by or ("touch" if page.evaluate("() => navigator.maxTouchPoints > 0") else "wheel")
        assert self.by in ("wheel", "touch", "keys"), self.by
        self._cdp = None

    # --- what the person sees -------------------------------------------------------------------------

    @property
    def window(self) -> tuple[int, int]:
        size = self.page.viewport_size
        return size["width"], size["height"]

    def box(self, target: Locator | str) -> Box | None:
        found = self._locate(target).bounding_box()
        return Box(**found) if found else None

    def in_view(self, target: Locator | str) -> bool:
        """The element's middle is inside the window (a person can see it and point at it)."""
        found = self.box(target)
        if found is None:
            return False
        width, height = self.window
        x, y = found.middle
        return MARGIN <= x <= width - MARGIN and MARGIN <= y <= height - MARGIN

    def scroll_position(self) -> tuple[float, float]:
        return self.page.evaluate("() => [window.scrollX, window.scrollY]")

    # --- scrolling, as a person does ------------------------------------------------------------------

    def scroll(self, down: bool = True, share: float = STEP_SHARE) -> float:
        """Scroll the window by wheel, swipe or key; how far the page moved (0 if it did not).

        A box under the pointer that scrolls itself (a long text field) takes the first turns of the wheel
        or the swipe until it reaches its end, as it does for a person, who then goes on: so do we, up to
        three times, before the page counts as not moving.
        """
        before = self.scroll_position()[1]
        width, height = self.window
        distance = height * share
        for _ in range(INNER_TURNS if self.by != "keys" else 1):
            if self.by == "wheel":
                self.page.mouse.move(width / 2, height / 2)
                self.page.mouse.wheel(0, distance if down else -distance)
            elif self.by == "touch":
                self._swipe(width / 2, height * (0.75 if down else 0.25), -distance if down else distance)
            else:
                self.page.keyboard.press("PageDown" if down else "PageUp")
            moved = abs(self._settled_scroll() - before)
            if moved >= 1:
                return moved
        return 0.0

    def scroll_to_end(self) -> None:
        """Scroll down until the page stops moving (the End key for a keyboard user)."""
        self._scroll_until_still(down=True)

    def scroll_to_top(self) -> None:
        """Scroll up until the page stops moving (the Home key for a keyboard user)."""
        self._scroll_until_still(down=False)

    def _scroll_until_still(self, down: bool) -> None:
        if self.by == "keys":
            self.page.keyboard.press("End" if down else "Home")
            self._settled_scroll()
            return
        for _ in range(MAX_SCROLLS):
            if self.scroll(down=down) < 1:
                return
        raise NotReachable(f"the page never reached its {'end' if down else 'top'}")

    def reach(self, target: Locator | str) -> Locator:
        """Scroll the way a person does until the element is in view; fail if the page will not move."""
        element = self._locate(target)
        element.wait_for(state="visible")
        width, height = self.window
        for _ in range(MAX_SCROLLS):
            found = self.box(element)
            assert found is not None, f"{target} has no box on the page"
            if self.in_view(element):
                return element
            x, y = found.middle
            if x < 0 or x > width:
                raise NotReachable(f"{target} lies beside the window (x = {x:.0f} of {width}); nobody can reach it")
            down = y > height / 2
            # a short element just past the edge needs only a short scroll: never scroll it past the other edge
            gap = (y - height + height / 4) if down else (height / 4 - y)
            share = min(STEP_SHARE, max(0.15, gap / height))
            moved = self.scroll(down=down, share=share)
            if moved < 1 and not self.in_view(element):
                raise NotReachable(
                    f"{self.by} did not move the page towards {target} (its middle at y = {y:.0f} in a window of"
                    f" {height}; window scrolled to {self.scroll_position()[1]:.0f})"
                )
        raise NotReachable(f"{target} still out of view after {MAX_SCROLLS} scrolls")

    def bring_to_top(self, target: Locator | str, at: float = 16) -> Locator:
        """Reach the element, then turn the wheel by exactly the distance that puts its top ``at`` px below the
        window's top edge (or as far as the page goes): a swipe's distance varies with the finger, and
        screenshots need the same place every time."""
        element = self.reach(target)
        width, height = self.window
        self.page.mouse.move(4, height / 2)  # over the page's margin: no text field takes the wheel's turn
        for _ in range(3):  # the page scrolls by whole pixels: a second, smaller turn takes up the rest
            distance = round(self.box(element).y - at)
            if abs(distance) < 1 or self.scroll_position()[1] + distance < 0:
                break
            before = self.scroll_position()[1]
            self.page.mouse.wheel(0, distance)
            if self._settled_scroll() == before:  # the end of the page
                break
        return element

    # --- pointing and typing --------------------------------------------------------------------------

    def click(self, target: Locator | str) -> None:
        """Reach the element, make sure nothing covers it, and click (or tap) its middle."""
        element = self.reach(target)
        x, y = self._point(element, target)
        if self.by == "touch":
            self.page.touchscreen.tap(x, y)
        else:
            self.page.mouse.click(x, y)

    tap = click

    def double_click(self, target: Locator | str) -> None:
        """Two quick clicks, as an impatient person gives them."""
        element = self.reach(target)
        x, y = self._point(element, target)
        self.page.mouse.click(x, y, click_count=2)

    def type(self, target: Locator | str, text: str, *, clear: bool = False) -> None:
        """Click into a field and type, key by key (long texts arrive as a paste does)."""
        self.click(target)
        if clear:
            self.page.keyboard.press("ControlOrMeta+a")
            self.page.keyboard.press("Delete")
        if len(text) > 200:
            self.page.keyboard.insert_text(text)
        else:
            self.page.keyboard.type(text)

    def drag_sideways(self, target: Locator | str, distance: float) -> None:
        """Put a finger (or the mouse button) on the element and move it sideways, as on a slider."""
        element = self.reach(target)
        x, y = self._point(element, target)
        if self.by == "touch":
            self._swipe(x, y, distance, sideways=True)
        else:
            self.page.mouse.move(x, y)
            self.page.mouse.down()
            self.page.mouse.move(x + distance, y, steps=10)
            self.page.mouse.up()

    def select(self, target: Locator | str, label: str) -> None:
        """Choose an entry of a drop-down: click it open where it is seen, then pick the entry."""
        element = self.reach(target)
        self._point(element, target)
        element.focus()
        element.select_option(label=label)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def focused_in_view(self) -> bool:
        """After Tab the browser scrolls the focused element into view: can a person see it?

        The browser brings a text field's caret line into view, not always the whole field: a focused element
        counts as seen when at least 20 px of it (all of it, if it is smaller) lie inside the window.
        """
        found = self.box(self.page.locator(":focus"))
        if found is None:
            return False
        width, height = self.window
        seen_high = min(found.y + found.height, height) - max(found.y, 0)
        seen_wide = min(found.x + found.width, width) - max(found.x, 0)
        return seen_high >= min(found.height, 20) - 0.5 and seen_wide >= min(found.width, 20) - 0.5

    def tab_to(self, selector: str, backwards: bool = False, most: int = 120) -> int:
        """Press Tab until the focus is on ``selector`` and the focused element is in the window."""
        for presses in range(1, most + 1):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            if self.page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
                self._settled_scroll()
                self._settled_box(self.page.locator(":focus"))
                if not self.focused_in_view():
                    found = self.box(self.page.locator(":focus"))
                    raise NotReachable(
                        f"{selector} has the focus but is not in the window ({found}, window {self.window},"
                        f" scrolled to {self.scroll_position()})"
                    )
                return presses
        raise NotReachable(f"{selector} cannot be reached by keyboard ({most} tabs)")

    # --- what the window shows ------------------------------------------------------------------------

    def screenshot(self, path, **options) -> bytes:
        """What the window shows: a viewport screenshot, never the full page."""
        assert "full_page" not in options, "a person sees the window, not the full page"
        return self.page.screenshot(path=str(path) if path else None, **options)

    def expect_screen(self, name: str, mask: list[Locator] | None = None) -> None:
        """Compare the window with the stored baseline ``name`` (see screens.py)."""
        compare_with_baseline(self.page, name, mask or [])

    # --- inside -------------------------------------------------------------------------------------

    def _locate(self, target: Locator | str) -> Locator:
        return self.page.locator(target).first if isinstance(target, str) else target

    def _point(self, element: Locator, target) -> tuple[float, float]:
        found = self.box(element)
        x, y = found.middle
        covered = self._hit(element, x, y)
        if covered:
            raise NotReachable(f"{target} is covered at ({x:.0f}, {y:.0f}) by {covered}")
        return x, y

    def _hit(self, element: Locator, x: float, y: float) -> str:
        handle = element.element_handle()
        return self.page.evaluate(HIT, [handle, x, y])

    def _swipe(self, x: float, y: float, distance: float, sideways: bool = False) -> None:
        """A finger on the glass: down, five moves, a moment still (so the page does not fling on), up.

        (Each touch event waits for the page's next frame: ten moves and three still frames made a swipe take
        0.6 s, and a phone's walk through the workshop 65 swipes; five and two move the page as far, to within
        a few pixels, in 0.38 s.)"""
        if self._cdp is None:
            self._cdp = self.page.context.new_cdp_session(self.page)
        send = self._cdp.send

        def at(share: float) -> dict:
            return {"x": x + distance * share, "y": y} if sideways else {"x": x, "y": y + distance * share}

        send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [at(0)]})
        for step in range(1, 6):
            send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [at(step / 5)]})
        for _ in range(2):
            send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [at(1)]})
            # the finger rests for two frames: the page sees it still (no fling); not a wait for the app
            self.page.evaluate(TWO_FRAMES)
        send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    def _settled_box(self, element: Locator) -> Box | None:
        """The element's box once the page around it has stopped moving (a module still being drawn)."""
        deadline = time.monotonic() + SETTLE_SECONDS
        last, steady = self.box(element), 0
        while time.monotonic() < deadline and steady < 3:
            self.page.evaluate(TWO_FRAMES)
            now = self.box(element)
            steady = steady + 1 if now == last else 0
            last = now
        return last

    def _settled_scroll(self) -> float:
        """The window's scroll position once it has stopped moving (smooth scrolling takes a few frames)."""
        deadline = time.monotonic() + SETTLE_SECONDS
        last = self.scroll_position()[1]
        steady = 0
        while time.monotonic() < deadline:
            self.page.evaluate(TWO_FRAMES)
            now = self.scroll_position()[1]
            steady = steady + 1 if now == last else 0
            if steady >= 3:
                return now
            last = now
        return last

"""The welcome step: do the ratings save and does the chart follow them?"""

import html
import re
import subprocess
import sys

import ipywidgets as w

from coffeechat.models.session import Session
from coffeechat.pages import notebook
from coffeechat.storage.journal import Journal
from coffeechat.views.welcome import WelcomeView
from coffeechat.views.wrapup import WrapUpView
from tests.conftest import all_text, find, walk


def test_the_chart_appears_with_the_first_rating_and_follows_the_next(session: Session, journal: Journal):
    view = WelcomeView(session, "welcome")
    assert view.chart.layout.display == "none" and session.t("welcome.chart_pending") in view.caption.value
    view.sliders["regret"].value = 8
    assert journal.load(session.code)["welcome.rating.regret"] == 8
    first = view.chart.value
    assert first.startswith("<svg") and view.chart.layout.display != "none"
    title = session.workshop.fear("regret").title["de"]
    assert html.escape(session.t("welcome.chart_value", fear=title, value=8), quote=True) in first, (
        "the alt text says 8"
    )
    assert session.t("welcome.chart_caption") in view.caption.value
    view.sliders["not-ready"].value = 3
    assert view.chart.value != first


def test_drawing_the_charts_loads_no_plotting_library(tmp_path):
    """matplotlib would add about 40 MB to the kernel of every participant who rates a fear."""
    probe = (
        "import sys\n"
        "from coffeechat.content import load_workshop\n"
        "from coffeechat.storage.journal import Journal\n"
        "from coffeechat.models.session import Session\n"
        "from coffeechat.views.welcome import WelcomeView\n"
        "from coffeechat.views.wrapup import WrapUpView\n"
        f"session = Session(load_workshop(), Journal({str(tmp_path / 'j.sqlite3')!r}))\n"
        "session.start_new()\n"
        "WelcomeView(session, 'welcome').sliders['regret'].value = 5\n"
        "WrapUpView(session, 'wrap-up').sliders['regret'].value = 2\n"
        "print(sorted(m for m in ('matplotlib', 'numpy', 'PIL') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_ratings_come_back_after_a_reload(workshop, session: Session, journal: Journal):
    WelcomeView(session, "welcome").sliders["not-connected"].value = 6
    reloaded = WelcomeView(Session(workshop, journal, code=session.code), "welcome")
    assert reloaded.sliders["not-connected"].value == 6


def test_welcome_lists_the_four_fears_in_the_chosen_language(workshop, session: Session):
    session.set_language("en")
    text = all_text(WelcomeView(session, "welcome").widget)
    for fear in workshop.fears:
        assert fear.title["en"] in text
    assert workshop.welcome.facilitator.notes["en"].splitlines()[0] not in text


def test_an_untouched_rating_says_it_is_not_rated_yet(session: Session):
    view = WelcomeView(session, "welcome")
    hint = view.ratings.hints["regret"]
    assert session.t("field.unrated") in all_text(hint.widget)
    view.sliders["regret"].value = 2
    assert not hint.shown and session.get("welcome.rating.regret") == 2


def test_does_moving_a_slider_keep_its_hints_place_saying_it_is_rated(session: Session):
    """Two walks: the hint went once a slider moved, everything below moved up, and the next tap or drag landed on
    what had moved (a fear's "this value is right" rated it 0). The place says "✓ kept" now, nothing moves."""
    view = WelcomeView(session, "welcome")
    hint = view.ratings.hints["not-ready"]
    view.sliders["not-ready"].value = 3
    assert hint.widget.layout.display != "none" and hint.widget.layout.visibility != "hidden", "its place stays"
    said = re.sub("<[^>]+>", "", "".join(getattr(n, "value", "") for n in walk(hint.widget) if isinstance(n, w.HTML)))
    assert session.t("field.kept") in said and session.t("field.unrated") not in said
    assert not hint.shown


def test_does_this_value_is_right_keep_the_place_of_its_hint_so_nothing_below_moves(session: Session):
    """Removing the hint under the pointer that pressed its button moved the next fear's "this value is right" up
    under it, where the next click landed."""
    view = WelcomeView(session, "welcome")
    hint = view.ratings.hints["not-ready"]
    keep = next(n for n in walk(hint.widget) if "cc-keep-value" in n._dom_classes)
    keep.click()
    assert hint.widget.layout.display != "none", "the hint keeps its place"
    # a walk saw the hidden hint's empty gap stay until a reload: the place now says what the button did
    assert hint.widget.layout.visibility != "hidden", "no empty gap under the rated slider"
    said = re.sub("<[^>]+>", "", "".join(getattr(n, "value", "") for n in walk(hint.widget) if isinstance(n, w.HTML)))
    assert session.t("field.kept") in said
    buttons = [n for n in walk(hint.widget) if isinstance(n, w.Button)]
    assert all(b.disabled and b.layout.visibility == "hidden" for b in buttons), "nothing left to reach by keyboard"
    assert not hint.shown, "the hint itself is gone"


def test_a_rating_of_zero_can_be_given_without_moving_the_slider(session: Session):
    view = WelcomeView(session, "welcome")
    assert session.get("welcome.rating.not-ready") is None
    find(view.widget, "cc-rating-not-ready")  # the slider, still at its starting 0
    keep = [n for n in walk(view.ratings.hints["not-ready"].widget) if "cc-keep-value" in n._dom_classes]
    keep[0].click()
    assert session.get("welcome.rating.not-ready") == 0
    assert re.sub("<[^>]+>", "", view.ratings.numbers["not-ready"].value) == "0", "the number says the value kept"
    assert not view.ratings.hints["not-ready"].shown
    assert view.ratings.hints["regret"].shown, "the other fears are still unrated"


def step_shown(view) -> int:
    shown = [n for n, box in enumerate(view.step_parts.boxes, start=1) if box.layout.display != "none"]
    assert len(shown) == 1, f"one step at a time, not {shown}"
    return shown[0]


def test_does_the_welcome_say_what_this_is_first_and_ask_for_the_ratings_on_its_second_step(
    workshop, session: Session, journal: Journal
):
    view = WelcomeView(session, "welcome")
    assert view.steps == ("what", "rating") and view.step == 1 and step_shown(view) == 1
    first, second = view.step_parts.boxes
    assert "Schritt 1 von 2 · Worum es geht" in all_text(first)
    assert workshop.welcome.what_is_it["de"].split("\n")[0][:40] in all_text(first)
    assert not [n for n in walk(first) if n in view.sliders.values()], "no slider on the first step"
    assert "Schritt 2 von 2 · Ihre Ängste einschätzen" in all_text(second)
    assert all(any(n is slider for n in walk(second)) for slider in view.sliders.values())
    view.show_step(2)
    assert step_shown(view) == 2 and journal.get(session.code, "step.welcome") == 2
    again = WelcomeView(Session(workshop, journal, code=session.code), "welcome")
    assert again.step == 2 and step_shown(again) == 2, "a reload lands on the same step"


def test_does_the_welcome_notebook_show_the_same_two_steps_with_its_own_back_and_next(session: Session, monkeypatch):
    monkeypatch.setattr(notebook, "local_session", lambda: session)
    shown = notebook.show_welcome()
    forth = find(shown, "cc-module-step-next")
    forth.click()
    assert session.get("step.welcome") == 2 and forth.layout.visibility == "hidden", "no Next after the last step"
    session.set_language("en")  # redrawn in English on the same step
    welcome = find(shown, "cc-welcome")
    steps = [box for box in welcome.children if "cc-module-step" in box._dom_classes]
    assert [box.layout.display != "none" for box in steps] == [False, True]
    assert "Step 2 of 2 · Rate your fears" in all_text(steps[1])


def smallest_text_px(svg: str, shown_width: float) -> float:
    """The size in pixels of the smallest text of an SVG chart shown ``shown_width`` pixels wide."""
    box_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    return min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)) * shown_width / box_width


def test_can_the_welcomes_chart_be_read_on_a_phone_in_light_and_dark(session: Session):
    """Its texts were about 6 px high in a 390 px phone's column, and dark on the dark palette's background."""
    view = WelcomeView(session, "welcome")
    view.sliders["regret"].value = 8
    svg = view.chart.value
    assert smallest_text_px(svg, 330) >= 13, "texts about 14 px high in a phone's column"
    assert 'class="cc-chart-profile"' in svg, "its bars take the palette's colour through a CSS class"
    texts = re.findall(r"<text [^>]*>", svg)
    assert texts and all('class="cc-chart-text"' in text for text in texts), "every text takes the palette's colour"
    title = session.workshop.fear("regret").title["de"]
    assert html.escape(session.t("welcome.chart_value", fear=title, value=8), quote=True) in svg, "its alt text kept"


def test_does_the_scale_say_which_end_is_which_under_the_first_slider_at_the_welcome_and_the_wrap_up(
    workshop, session: Session
):
    """The ends were shown only under the fourth slider at the welcome, and not at all at the wrap-up."""
    low, high = workshop.welcome.low_label["de"], workshop.welcome.high_label["de"]
    for view in (WelcomeView(session, "welcome"), WrapUpView(session, "wrap-up")):
        first = view.ratings.rows[0]
        parts = list(walk(first))
        slider = view.sliders[workshop.fears[0].id]
        ends = [n for n in parts if isinstance(n, w.HTML) and "cc-scale-ends" in n.value]
        assert len(ends) == 1 and low in ends[0].value and high in ends[0].value, type(view).__name__
        assert parts.index(slider) < parts.index(ends[0]), "right under the first slider"
        assert sum("cc-scale-ends" in all_text(row) or low in all_text(row) for row in view.ratings.rows) == 1


def test_is_a_ratings_number_plain_text_that_follows_its_slider(workshop, session: Session, journal: Journal):
    """ipywidgets' readout was an editable box: a Tab stop where arrows did nothing and a Space typed a space."""
    view = WelcomeView(session, "welcome")
    slider = view.sliders["regret"]
    assert slider.readout is False, "no editable readout"
    number = view.ratings.numbers["regret"]
    assert isinstance(number, w.HTML) and re.sub("<[^>]+>", "", number.value) == "–", "not rated yet: not a 0"
    slider.value = 7
    assert re.sub("<[^>]+>", "", number.value) == "7" and session.get("welcome.rating.regret") == 7
    again = WelcomeView(Session(workshop, journal, code=session.code), "welcome")
    assert re.sub("<[^>]+>", "", again.ratings.numbers["regret"].value) == "7", "after a reload too"


def test_does_the_welcomes_chart_title_fit_its_column_in_both_languages(session: Session):
    """The title, a question, ran out of the chart's box on a phone: it was cut after "hold me"."""
    for language in ("de", "en"):
        session.set_language(language)
        view = WelcomeView(session, "welcome")
        view.sliders["regret"].value = 4
        svg = view.chart.value
        box_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
        lines = re.findall(r'font-size="15" [^>]*font-weight="bold"[^>]*>([^<]*)</text>', svg)
        assert " ".join(lines) == html.escape(session.t("welcome.chart_title"), quote=False), language
        assert all(len(line) * 15 * 0.6 <= box_width for line in lines), f"{language}: {lines}"


def test_after_this_value_is_right_the_focus_goes_to_the_next_rating_then_on(session: Session):
    """A walk with the keyboard: „Dieser Wert stimmt“ hides itself once pressed, and the focus fell to the page's
    start. It goes to the next fear's slider; after the last fear, to Next – in the welcome and in the wrap-up; and
    only from the button (a tap on the handle presses it too, and the keyboard then stays on the handle)."""
    for view_class, prefix in ((WelcomeView, "cc-rating"), (WrapUpView, "cc-wrapup-rating")):
        asked: list[str] = []

        def focus(selector: str, instead_of: str = "", asked: list[str] = asked) -> None:
            assert instead_of == ".cc-keep-value", "a move on from the button, not from where the keyboard is"
            asked.append(selector)

        view = view_class(session, "welcome" if view_class is WelcomeView else "wrap-up", focus=focus)
        fears = [f.id for f in session.workshop.fears]
        for fear_id in (fears[0], fears[-1]):
            keep = next(n for n in walk(view.ratings.hints[fear_id].widget) if "cc-keep-value" in n._dom_classes)
            keep.click()
        assert asked == [f".{prefix}-{fears[1]} .noUi-handle", ".cc-next"], view_class.__name__


def test_does_an_unrated_fear_show_no_thumb_at_a_value_until_rated(session: Session):
    """Like a reflection's scale: a fear's slider is drawn as unrated (kit.css) until the participant rates it."""
    view = WelcomeView(session, "welcome")
    sliders = view.ratings.sliders
    assert all("cc-slider-unrated" in s._dom_classes for s in sliders.values())
    sliders["regret"].value = 4
    assert "cc-slider-unrated" not in sliders["regret"]._dom_classes
    assert "cc-slider-unrated" in sliders["not-ready"]._dom_classes

"""One 0-10 slider per fear, saved as the rating at the welcome or at the wrap-up."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from coffeechat.models import keys
from coffeechat.models.answers import AnswerRejected, clean_rating
from coffeechat.models.session import Session
from coffeechat.views.common import SLIDER_WIDTH, button, css, html_part, labelled, on_click, watch


class FearRatings:
    """Sliders for the four fears; each change is checked, saved, then reported to ``on_change``.

    The scale's ends ("not at all" ... "a lot") stand under the first slider, where a person rates first. Each
    slider's number beside it is a :class:`SliderNumber` (``numbers`` holds their widgets). ``focus`` (the page's
    focus request, by CSS selector) takes the keyboard on after „0 wählen“, which hides itself: to
    the next fear's slider, after the last to Next.
    """

    def __init__(
        self,
        session: Session,
        moment: str,
        css_prefix: str,
        on_change: Callable[[], None],
        focus: Callable[..., None] | None = None,
    ):
        self.session, self.moment, self.on_change = session, moment, on_change
        self.css_prefix, self.focus = css_prefix, focus or (lambda _selector, **_options: None)
        self.sliders: dict[str, w.IntSlider] = {}
        self.hints: dict[str, UnratedHint] = {}
        self.numbers: dict[str, w.HTML] = {}
        self._numbers: dict[str, SliderNumber] = {}
        self.rows: list[w.Widget] = []
        welcome, lang = session.workshop.welcome, session.language
        ends = html_part(
            f"<div class='cc-scale-ends' aria-hidden='true'><span>{html.escape(welcome.low_label[lang])}</span>"
            f"<span>{html.escape(welcome.high_label[lang])}</span></div>",
            "cc-rating-ends",
        )
        for number, fear in enumerate(session.workshop.fears):
            saved = session.get(self.key(fear.id))
            slider = labelled(
                w.IntSlider,
                fear.title[session.language],
                f"{css_prefix}-{fear.id}",
                *SliderNumber.classes(isinstance(saved, int)),
                value=saved if isinstance(saved, int) else keys.RATING_MIN,
                min=keys.RATING_MIN,
                max=keys.RATING_MAX,
                continuous_update=False,
                readout=False,
                layout=w.Layout(flex="1 1 auto", min_width="0"),
            )
            shown = SliderNumber(slider, isinstance(saved, int), f"{css_prefix}-{fear.id}-value")
            self._numbers[fear.id], self.numbers[fear.id] = shown, shown.widget
            watch(session, slider, lambda change, fear_id=fear.id: self._changed(fear_id, change["new"]))
            self.sliders[fear.id] = slider
            keep = lambda fear_id=fear.id: self._keep(fear_id)
            self.hints[fear.id] = UnratedHint(session, saved, keep, slider.value)
            parts = (
                [shown.row, ends, self.hints[fear.id].widget]
                if number == 0
                else [shown.row, self.hints[fear.id].widget]
            )
            row = w.VBox(parts, layout=SLIDER_WIDTH, **css("cc-rating-row"))
            self.rows.append(row)

    def key(self, fear_id: str) -> str:
        return keys.rating(self.moment, fear_id)

    def values(self) -> list[int | None]:
        return [self.session.get(self.key(fear.id)) for fear in self.session.workshop.fears]

    def _keep(self, fear_id: str) -> None:
        """The slider's starting value is the answer; the focus goes on (the button it was on is gone)."""
        self._changed(fear_id, self.sliders[fear_id].value)
        ids = list(self.sliders)
        following = ids[ids.index(fear_id) + 1 :]
        self.focus(
            f".{self.css_prefix}-{following[0]} .noUi-handle" if following else ".cc-next", instead_of=".cc-keep-value"
        )

    def _changed(self, fear_id: str, value) -> None:
        """A rating given, by the slider or by „0 wählen“: its hint says so in its place
        (:meth:`UnratedHint.clear`)."""
        self._numbers[fear_id].show()
        try:
            rating = clean_rating(value)
        except AnswerRejected as rejected:
            self.session.reject(rejected)
        else:
            self.session.set(self.key(fear_id), rating)
            self.hints[fear_id].clear()
        self.on_change()


class SliderNumber:
    """The number beside a slider (``row``: the slider with it), as plain text that the slider's changes update.

    Not ipywidgets' readout: that was an editable box, a Tab stop where the arrows did nothing and a Space typed
    a space (a walker's whole paragraph once went into the one beside a reflection slider). The slider's handle
    says its value to assistive technology (page.js names the handle), so the text is hidden from it. Until the
    participant rates (moves the slider or keeps its value), it shows a muted "–": a slider starts at a value
    (0 at the welcome, the middle of a reflection's scale), and its number looked like a rating already. So did
    its thumb, in the middle of a reflection's scale: until rated, the slider carries ``UNRATED`` and kit.css
    draws an empty track with no thumb at a value (the handle is still there to take hold of, and a tap on the
    track rates).
    """

    NOT_RATED = "<span class='cc-muted' aria-hidden='true'>–</span>"
    #: the slider's class until it is rated
    UNRATED = "cc-slider-unrated"

    @classmethod
    def classes(cls, rated: bool) -> tuple[str, ...]:
        """The slider's classes to make it with (in its first message to the page: each one added later is one
        more message)."""
        return () if rated else (cls.UNRATED,)

    def __init__(self, slider: w.IntSlider, rated: bool, *css_classes: str):
        """``slider`` made with :meth:`classes` of ``rated``."""
        self.slider = slider
        self.widget = html_part(self._html(rated), "cc-rating-value", *css_classes)
        self.row = w.HBox([slider, self.widget], layout=SLIDER_WIDTH, **css("cc-rating-slider"))

    def show(self) -> None:
        """The participant has rated: the slider's value and its thumb from now on."""
        self.widget.value = self._html(True)
        self.slider.remove_class(self.UNRATED)

    def _html(self, rated: bool) -> str:
        return f"<span aria-hidden='true'>{int(self.slider.value)}</span>" if rated else self.NOT_RATED


class UnratedHint:
    """Beside a slider nobody has moved yet: "not rated yet", and a button to take the starting value („0 wählen“).

    Without the button, a participant whose answer is the starting value (0 for a fear) would have to move
    the slider away and back to give it.
    """

    def __init__(self, session: Session, saved, keep: Callable[[], None], value: int):
        """``value``: the slider's starting value, which the button names (the slider shows no thumb until rated:
        „Dieser Wert“ named a value nobody could see)."""
        self.session = session
        #: „0 wählen“ was pressed: the place says "✓ kept"
        self.kept = False
        self.widget = w.HBox(layout=w.Layout(align_items="center"), **css("cc-unrated"))
        self.note: w.HTML | None = None
        self.keep_button: w.Button | None = None
        if not isinstance(saved, int):
            self.note = html_part(f"<span class='cc-muted'>{html.escape(session.t('field.unrated'))}</span>")
            self.keep_button = button(session.t("field.keep_value", value=value), "cc-keep-value", hidden_at_times=True)
            on_click(session, self.keep_button, keep)
            self.widget.children = (self.note, self.keep_button)

    @property
    def shown(self) -> bool:
        """Whether it still asks for a rating (not when rated: its place then says so, :meth:`clear`)."""
        return bool(self.widget.children) and not self.kept

    def clear(self) -> None:
        """The rating is given (the slider moved, or „0 wählen“ pressed): the place says "✓ kept" and
        keeps its height, so nothing below moves under the pointer or the finger (two walks' next tap or drag
        landed on what had moved up: a fear's „0 wählen“ rated it 0). The button stays in the row
        unseen and out of reach (hidden, disabled); kit.css keeps it beside the note on a phone too, so the row
        is one line and no empty gap stays under "✓ kept"."""
        if self.note is None or self.keep_button is None or self.kept:
            return
        self.kept = True
        self.note.value = f"<span class='cc-muted'>{html.escape(self.session.t('field.kept'))}</span>"
        self.keep_button.disabled = True
        self.keep_button.layout.visibility = "hidden"

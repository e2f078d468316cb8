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
    slider's number beside it is plain text (``numbers``), not ipywidgets' readout: that was an editable box, a
    Tab stop where the arrows did nothing and a Space typed a space; the slider's handle says the number to
    assistive technology (its aria-valuenow), so the text is hidden from it.
    """

    def __init__(self, session: Session, moment: str, css_prefix: str, on_change: Callable[[], None]):
        self.session, self.moment, self.on_change = session, moment, on_change
        self.sliders: dict[str, w.IntSlider] = {}
        self.hints: dict[str, UnratedHint] = {}
        self.numbers: dict[str, w.HTML] = {}
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
                value=saved if isinstance(saved, int) else keys.RATING_MIN,
                min=keys.RATING_MIN,
                max=keys.RATING_MAX,
                continuous_update=False,
                readout=False,
                layout=w.Layout(flex="1 1 auto", min_width="0"),
            )
            self.numbers[fear.id] = html_part(
                self._number(slider.value), "cc-rating-value", f"{css_prefix}-{fear.id}-value"
            )
            watch(session, slider, lambda change, fear_id=fear.id: self._changed(fear_id, change["new"]))
            self.sliders[fear.id] = slider
            keep = lambda fear_id=fear.id: self._changed(fear_id, self.sliders[fear_id].value)
            self.hints[fear.id] = UnratedHint(session, saved, keep)
            with_number = w.HBox([slider, self.numbers[fear.id]], layout=SLIDER_WIDTH, **css("cc-rating-slider"))
            parts = (
                [with_number, ends, self.hints[fear.id].widget]
                if number == 0
                else [with_number, self.hints[fear.id].widget]
            )
            row = w.VBox(parts, layout=SLIDER_WIDTH, **css("cc-rating-row"))
            self.rows.append(row)

    def key(self, fear_id: str) -> str:
        return keys.rating(self.moment, fear_id)

    def values(self) -> list[int | None]:
        return [self.session.get(self.key(fear.id)) for fear in self.session.workshop.fears]

    @staticmethod
    def _number(value: int) -> str:
        return f"<span aria-hidden='true'>{int(value)}</span>"

    def _changed(self, fear_id: str, value) -> None:
        self.numbers[fear_id].value = self._number(self.sliders[fear_id].value)
        try:
            rating = clean_rating(value)
        except AnswerRejected as rejected:
            self.session.reject(rejected)
        else:
            self.session.set(self.key(fear_id), rating)
            self.hints[fear_id].clear()
        self.on_change()


class UnratedHint:
    """Beside a slider nobody has moved yet: "not rated yet", and a button to keep the starting position.

    Without the button, a participant whose answer is the starting value (0 for a fear) would have to move
    the slider away and back to give it.
    """

    def __init__(self, session: Session, saved, keep: Callable[[], None]):
        self.widget = w.HBox(layout=w.Layout(align_items="center"), **css("cc-unrated"))
        if not isinstance(saved, int):
            note = html_part(f"<span class='cc-muted'>{html.escape(session.t('field.unrated'))}</span>")
            keep_button = button(session.t("field.keep_value"), "cc-keep-value")
            on_click(session, keep_button, keep)
            self.widget.children = (note, keep_button)

    @property
    def shown(self) -> bool:
        return bool(self.widget.children) and self.widget.layout.visibility != "hidden"

    def clear(self) -> None:
        """Gone from sight and from the keyboard, but its place kept: nothing below moves up under the pointer
        (a participant's next click landed on the next fear's "this value is right" when it did)."""
        self.widget.layout.visibility = "hidden"

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
    """Sliders for the four fears; each change is checked, saved, then reported to ``on_change``."""

    def __init__(self, session: Session, moment: str, css_prefix: str, on_change: Callable[[], None]):
        self.session, self.moment, self.on_change = session, moment, on_change
        self.sliders: dict[str, w.IntSlider] = {}
        self.hints: dict[str, UnratedHint] = {}
        self.rows: list[w.Widget] = []
        for fear in session.workshop.fears:
            saved = session.get(self.key(fear.id))
            slider = labelled(
                w.IntSlider,
                fear.title[session.language],
                f"{css_prefix}-{fear.id}",
                value=saved if isinstance(saved, int) else keys.RATING_MIN,
                min=keys.RATING_MIN,
                max=keys.RATING_MAX,
                continuous_update=False,
                layout=SLIDER_WIDTH,
            )
            watch(session, slider, lambda change, fear_id=fear.id: self._changed(fear_id, change["new"]))
            self.sliders[fear.id] = slider
            keep = lambda fear_id=fear.id: self._changed(fear_id, self.sliders[fear_id].value)
            self.hints[fear.id] = UnratedHint(session, saved, keep)
            row = w.VBox([slider, self.hints[fear.id].widget], layout=SLIDER_WIDTH, **css("cc-rating-row"))
            self.rows.append(row)

    def key(self, fear_id: str) -> str:
        return keys.rating(self.moment, fear_id)

    def values(self) -> list[int | None]:
        return [self.session.get(self.key(fear.id)) for fear in self.session.workshop.fears]

    def _changed(self, fear_id: str, value) -> None:
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

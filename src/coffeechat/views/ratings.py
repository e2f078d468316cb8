"""One 0-10 slider per fear, saved under ``<prefix>.<fear-id>``; used by the welcome and the wrap-up."""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as w

from ..session import Session
from .common import SLIDER_WIDTH, button, replace_children


class FearRatings:
    """Sliders for the four fears; each change is checked, saved, then reported to ``on_change``."""

    def __init__(self, session: Session, prefix: str, css_prefix: str, on_change: Callable[[], None]):
        self.session, self.prefix, self.on_change = session, prefix, on_change
        self.sliders: dict[str, w.IntSlider] = {}
        self.hints: dict[str, UnratedHint] = {}
        self.rows: list[w.Widget] = []
        for fear in session.workshop.fears:
            saved = session.get(self.key(fear.id))
            slider = w.IntSlider(value=saved if isinstance(saved, int) else 0, min=0, max=10,
                                 continuous_update=False, layout=SLIDER_WIDTH)
            slider.add_class(f"{css_prefix}-{fear.id}")
            slider.observe(lambda change, fear_id=fear.id: self._changed(fear_id, change["new"]), "value")
            self.sliders[fear.id] = slider
            keep = lambda fear_id=fear.id: self._changed(fear_id, self.sliders[fear_id].value)  # noqa: E731
            self.hints[fear.id] = UnratedHint(session, saved, keep)
            self.rows += [
                w.HTML(f"<label class='cc-label'>{html.escape(fear.title[session.language])}</label>"),
                w.HBox([slider, self.hints[fear.id].widget], layout=w.Layout(align_items="center", flex_flow="row wrap")),
            ]

    def key(self, fear_id: str) -> str:
        return f"{self.prefix}.{fear_id}"

    def values(self) -> list[int | None]:
        return [self.session.get(self.key(fear.id)) for fear in self.session.workshop.fears]

    def _changed(self, fear_id: str, value) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10:
            self.session.set(self.key(fear_id), value)
            self.hints[fear_id].clear()
        self.on_change()


class UnratedHint:
    """Beside a slider nobody has moved yet: "not rated yet", and a button to keep the starting position.

    Without the button, a participant whose answer is the starting value (0 for a fear) would have to move
    the slider away and back to give it.
    """

    def __init__(self, session: Session, saved, keep: Callable[[], None]):
        self.widget = w.HBox(layout=w.Layout(align_items="center"))
        self.widget.add_class("cc-unrated")
        if not isinstance(saved, int):
            note = w.HTML(f"<span class='cc-muted'>{html.escape(session.t('field.unrated'))}</span>")
            keep_button = button(session.t("field.keep_value"), "cc-keep-value")
            keep_button.on_click(lambda _b: keep())
            self.widget.children = (note, keep_button)

    @property
    def shown(self) -> bool:
        return bool(self.widget.children)

    def clear(self) -> None:
        replace_children(self.widget, ())

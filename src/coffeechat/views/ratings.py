"""One 0-10 slider per fear, saved under ``<prefix>.<fear-id>``; used by the welcome and the wrap-up."""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as w

from ..session import Session
from .common import SLIDER_WIDTH


class FearRatings:
    """Sliders for the four fears; each change is checked, saved, then reported to ``on_change``."""

    def __init__(self, session: Session, prefix: str, css_prefix: str, on_change: Callable[[], None]):
        self.session, self.prefix, self.on_change = session, prefix, on_change
        self.sliders: dict[str, w.IntSlider] = {}
        self.hints: dict[str, w.HTML] = {}
        self.rows: list[w.Widget] = []
        for fear in session.workshop.fears:
            saved = session.get(self.key(fear.id))
            slider = w.IntSlider(value=saved if isinstance(saved, int) else 0, min=0, max=10,
                                 continuous_update=False, layout=SLIDER_WIDTH)
            slider.add_class(f"{css_prefix}-{fear.id}")
            slider.observe(lambda change, fear_id=fear.id: self._changed(fear_id, change["new"]), "value")
            self.sliders[fear.id] = slider
            self.hints[fear.id] = unrated_hint(session, saved)
            self.rows += [
                w.HTML(f"<label class='cc-label'>{html.escape(fear.title[session.language])}</label>"),
                w.HBox([slider, self.hints[fear.id]], layout=w.Layout(align_items="center")),
            ]

    def key(self, fear_id: str) -> str:
        return f"{self.prefix}.{fear_id}"

    def values(self) -> list[int | None]:
        return [self.session.get(self.key(fear.id)) for fear in self.session.workshop.fears]

    def _changed(self, fear_id: str, value) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10:
            self.session.set(self.key(fear_id), value)
            self.hints[fear_id].value = ""
        self.on_change()


def unrated_hint(session: Session, saved) -> w.HTML:
    """A quiet "not rated yet" beside a slider whose position is only the starting point."""
    text = "" if isinstance(saved, int) else f"<span class='cc-muted'>{html.escape(session.t('field.unrated'))}</span>"
    return w.HTML(text)

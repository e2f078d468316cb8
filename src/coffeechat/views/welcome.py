"""The welcome step: what an informational interview is, and how strongly each fear holds the participant back."""

from __future__ import annotations

import html

import ipywidgets as w

from ..charts import fear_profile_png
from ..session import Session
from .common import FULL_WIDTH, card, heading, text_html


def rating_key(fear_id: str) -> str:
    return f"welcome.rating.{fear_id}"


class WelcomeView:
    """Welcome text, one 0-10 rating per fear, and a chart of the profile that follows the ratings."""

    def __init__(self, session: Session):
        self.session = session
        workshop, lang = session.workshop, session.language
        welcome = workshop.welcome
        self.sliders: dict[str, w.IntSlider] = {}
        rows = []
        for fear in workshop.fears:
            saved = session.get(rating_key(fear.id))
            slider = w.IntSlider(value=saved if isinstance(saved, int) else 0, min=0, max=10, continuous_update=False)
            slider.observe(lambda change, fear_id=fear.id: self._on_rating(fear_id, change["new"]), "value")
            slider.add_class(f"cc-rating-{fear.id}")
            self.sliders[fear.id] = slider
            rows.append(w.HTML(f"<label class='cc-label'>{html.escape(fear.title[lang])}</label>"))
            rows.append(slider)
        ends = w.HTML(
            f"<div class='cc-scale-ends'><span>{html.escape(welcome.low_label[lang])}</span>"
            f"<span>{html.escape(welcome.high_label[lang])}</span></div>"
        )
        self.chart = w.Image(format="png", layout=w.Layout(max_width="640px", width="100%"))
        self.chart.add_class("cc-chart")
        self.redraw()
        self.widget = w.VBox(
            [
                heading(welcome.title[lang]),
                text_html(welcome.intro[lang]),
                card([text_html(welcome.what_is_it[lang])]),
                heading(session.t("welcome.rating_heading"), 3),
                text_html(welcome.rating_intro[lang]),
                card([*rows, ends]),
                self.chart,
                w.HTML(f"<p class='cc-muted'>{html.escape(session.t('welcome.chart_caption'))}</p>"),
            ],
            layout=FULL_WIDTH,
        )
        self.widget.add_class("cc-welcome")

    def _on_rating(self, fear_id: str, value: int) -> None:
        if isinstance(value, int) and 0 <= value <= 10:
            self.session.set(rating_key(fear_id), value)
        self.redraw()

    def ratings(self) -> list[int | None]:
        return [self.session.get(rating_key(fear.id)) for fear in self.session.workshop.fears]

    def redraw(self) -> None:
        """Draw the fear profile from the saved ratings."""
        lang = self.session.language
        labels = [fear.title[lang] for fear in self.session.workshop.fears]
        self.chart.value = fear_profile_png(labels, self.ratings(), self.session.t("welcome.chart_title"))

"""The welcome: what an informational interview is, and how strongly each fear holds the participant back, in two
steps (what this is; rate your fears)."""

from __future__ import annotations

import html

import ipywidgets as w

from coffeechat.documents.charts import profile_compact, to_svg
from coffeechat.models.session import Session
from coffeechat.views.common import (
    FULL_WIDTH,
    ModuleSteps,
    SteppedView,
    card,
    css,
    heading,
    html_part,
    text_html,
)
from coffeechat.views.ratings import FearRatings

#: the steps of the welcome (their names are the ui.yaml keys ``welcome.step.<name>``)
WELCOME_STEPS = ("what", "rating")


class WelcomeView(SteppedView):
    """Welcome text, one 0-10 rating per fear, and a chart of the profile that follows the ratings.

    Two steps with the interface of :class:`~coffeechat.views.fear.FearView` (``steps``, ``step``,
    ``show_step``): 1 what the workshop and an informational interview are, 2 rating the four fears with the
    chart (one slider per fear; a swipe over a slider scrolls the page). The chart is the compact kind of the
    wrap-up's end (:func:`~coffeechat.documents.charts.profile_compact`), drawn in the palette's colours.
    """

    steps: tuple[str, ...] = WELCOME_STEPS

    def __init__(self, session: Session, module_id: str, on_erased=None, focus=None):
        self.session = session
        t = session.t
        workshop, lang = session.workshop, session.language
        welcome = workshop.welcome
        self.ratings = FearRatings(session, "welcome", "cc-rating", self.redraw, focus=focus)
        self.sliders = self.ratings.sliders
        rows = self.ratings.rows
        # the compact chart: about as wide as the wrap-up's, its texts about 14 px on a phone, 17 px at most
        self.chart = html_part("", "cc-chart", layout=w.Layout(max_width="400px", width="100%"))
        self.caption = html_part()
        self.redraw()
        self.step_parts = ModuleSteps(
            session,
            module_id,
            self.steps,
            [t(f"welcome.step.{name}") for name in self.steps],
            [
                [text_html(welcome.intro[lang]), card([text_html(welcome.what_is_it[lang])])],
                [text_html(welcome.rating_intro[lang]), card(rows), self.chart, self.caption],
            ],
            "cc-welcome",
        )
        self.widget = w.VBox(
            [heading(welcome.title[lang]), *self.step_parts.boxes],
            layout=FULL_WIDTH,
            **css("cc-welcome"),
        )

    def redraw(self) -> None:
        """Draw the fear profile from the saved ratings, once there is at least one.

        Until then there is nothing to show. The chart is SVG drawn from plain shapes
        (:mod:`coffeechat.documents.charts`), a millisecond of the kernel's time and no plotting library in its memory.
        """
        lang, values = self.session.language, self.ratings.values()
        rated = any(value is not None for value in values)
        caption = "welcome.chart_caption" if rated else "welcome.chart_pending"
        self.caption.value = f"<p class='cc-muted cc-chart-caption'>{html.escape(self.session.t(caption))}</p>"
        self.chart.layout.display = None if rated else "none"
        if rated:
            t, labels = self.session.t, [fear.title[lang] for fear in self.session.workshop.fears]
            described = [
                t("welcome.chart_unrated", fear=label)
                if value is None
                else t("welcome.chart_value", fear=label, value=value)
                for label, value in zip(labels, values, strict=True)
            ]
            alt = t("welcome.chart_alt", values="; ".join(described))
            self.chart.value = to_svg(profile_compact(labels, values, t("welcome.chart_title")), alt)

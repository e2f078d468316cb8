"""A fear module: the same blocks for every fear, built from its content."""

from __future__ import annotations

import ipywidgets as w

from coffeechat.models import keys
from coffeechat.models.session import Session
from coffeechat.views.common import FULL_WIDTH, css, heading, text_card, text_html
from coffeechat.views.fields import FieldView, NextStepView


class FearView:
    """The fear in the participant's words, why it feels true, the reframe, reflection, exercise, next step.

    Facilitator notes are part of the content but never rendered here.
    """

    def __init__(self, session: Session, module_id: str, on_erased=None, focus=None):
        self.fear = fear = session.workshop.fear(module_id)
        self.session = session
        lang = session.language
        t = session.t
        self.fields: dict[str, FieldView] = {}
        reflection = [self._field(p, keys.reflection(fear.id, p.id)) for p in fear.reflection]
        exercise = [self._field(p, keys.exercise(fear.id, p.id)) for p in fear.exercise.fields]
        self.next_step = NextStepView(fear.id, fear.next_step, session)
        self.widget = w.VBox(
            [
                heading(fear.title[lang]),
                text_card(t("fear.in_your_words"), fear.in_your_words[lang], text_class="cc-quote"),
                text_card(t("fear.why_it_feels_true"), fear.why_it_feels_true[lang]),
                text_card(t("fear.reframe"), fear.reframe[lang], "cc-card-reframe"),
                heading(t("fear.reflection"), 3),
                *reflection,
                heading(f"{t('fear.exercise')}: {fear.exercise.title[lang]}", 3),
                text_html(fear.exercise.instructions[lang]),
                *exercise,
                heading(t("fear.next_step"), 3),
                self.next_step.widget,
            ],
            layout=FULL_WIDTH,
            **css("cc-fear", f"cc-fear-{fear.id}"),
        )

    def _field(self, prompt, key: str) -> w.Widget:
        view = FieldView(prompt, self.session, key)
        self.fields[key] = view
        return view.widget

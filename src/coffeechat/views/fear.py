"""A fear module: the same blocks for every fear, built from its content, in four short steps."""

from __future__ import annotations

import ipywidgets as w

from coffeechat.models import keys
from coffeechat.models.session import Session
from coffeechat.models.steps import FEAR_STEPS
from coffeechat.views.common import (
    FULL_WIDTH,
    ModuleSteps,
    SteppedView,
    css,
    heading,
    text_card,
    text_html,
)
from coffeechat.views.fields import FieldView, NextStepView


class FearView(SteppedView):
    """The fear in the participant's words, why it feels true, the reframe, reflection, exercise, next step.

    Four steps (:data:`~coffeechat.models.steps.FEAR_STEPS`), one on screen at a time, each starting with
    where the participant is ("Schritt 2 von 4 · Reflexion"). Every step's widgets are built at once and the
    others are only hidden, so a field keeps what was typed into it while another step is on screen.

    The steps' interface, which a module view may offer (:class:`~coffeechat.pages.navigation.ModuleNavigation`
    asks for it; a view without it is one step): ``steps`` (the names, on the class, so the page can count a
    module's steps without building it), ``step`` (the one on screen, from 1) and ``show_step(n)``. A new view
    opens at the step saved in the session (``keys.step``), so a reload, a resume and a language switch land
    on the same step. Each step is an element ``.cc-module-step-<n>`` that starts with its heading in
    ``.cc-module-step-heading`` (the page moves the focus there, ``navigation.MODULE_STEP_HEADING``).

    Facilitator notes are part of the content but never rendered here.
    """

    steps: tuple[str, ...] = FEAR_STEPS

    def __init__(self, session: Session, module_id: str, on_erased=None, focus=None):
        self.fear = fear = session.workshop.fear(module_id)
        self.session = session
        self.focus = focus or (lambda _selector: None)
        lang = session.language
        t = session.t
        self.fields: dict[str, FieldView] = {}
        reflection = [self._field(p, keys.reflection(fear.id, p.id)) for p in fear.reflection]
        exercise = [self._field(p, keys.exercise(fear.id, p.id)) for p in fear.exercise.fields]
        self.next_step = NextStepView(fear.id, fear.next_step, session, self.focus)
        parts: dict[str, list[w.Widget]] = {
            "fear": [
                text_card(t("fear.in_your_words"), fear.in_your_words[lang], text_class="cc-quote"),
                text_card(t("fear.why_it_feels_true"), fear.why_it_feels_true[lang]),
                text_card(t("fear.reframe"), fear.reframe[lang], "cc-card-reframe"),
            ],
            "reflection": reflection,
            "exercise": [
                heading(fear.exercise.title[lang], 4, "cc-exercise-title"),
                text_html(fear.exercise.instructions[lang]),
                *exercise,
            ],
            "next-step": [self.next_step.widget],
        }
        titles = [t(f"fear.step.{name}") for name in self.steps]
        self.step_parts = ModuleSteps(session, fear.id, self.steps, titles, parts.values(), "cc-fear")
        self.widget = w.VBox(
            [heading(fear.title[lang]), *self.step_boxes],
            layout=FULL_WIDTH,
            **css("cc-fear", f"cc-fear-{fear.id}"),
        )

    def _field(self, prompt, key: str) -> w.Widget:
        view = FieldView(prompt, self.session, key, focus=self.focus)
        self.fields[key] = view
        return view.widget


__all__ = ["FearView"]

"""Calls for the self-paced notebooks in JupyterLab: one local participant, no code needed.

Each ``show_*`` call returns a widget that redraws itself when the language changes, so a participant can
switch language in the first notebook and keep working in the others.
"""

from __future__ import annotations

import functools
import html

import ipywidgets as w

from coffeechat.content import load_workshop
from coffeechat.documents.agenda import agenda_text
from coffeechat.documents.export import plan_document, to_text
from coffeechat.models.builder import PlanRequest, build_plan
from coffeechat.models.roleplay import persona, plan_question_about, rehearsal_replies
from coffeechat.models.session import Session
from coffeechat.models.steps import Place, backward, forward
from coffeechat.pages.navigation import open_module
from coffeechat.storage.journal import Journal
from coffeechat.views.common import FULL_WIDTH, button, css, guarded, on_click, replace_children, watch
from coffeechat.views.status import StatusBar
from coffeechat.widgets.look import KitLook


@functools.lru_cache(maxsize=1)
def local_session() -> Session:
    """The session of the one participant who works through the notebooks on this computer."""
    journal = Journal()
    return Session(load_workshop(), journal, code=journal.local_participant())


def _first_of_kind(kind: str) -> str:
    return next(ref.id for ref in local_session().workshop.manifest.modules if ref.kind == kind)


def show_module(module_id: str) -> w.Widget:
    """One module of the workshop, for the local participant; it redraws itself when the language changes."""
    session = local_session()
    status = StatusBar(session)
    box = w.VBox(layout=FULL_WIDTH)
    box.add_class("cc-app")
    look = KitLook()  # the kit's look (widgets/kit.css) in JupyterLab

    def redraw(_change=None):
        view = open_module(module_id, session)
        replace_children(box, [look, view.widget, *step_pager(view, module_id, session), status.widget])

    session.observe(guarded(session, redraw), "language")
    redraw()
    return box


def step_pager(view, module_id: str, session: Session) -> list[w.Widget]:
    """Back and Next through the steps of a module that has them (a fear module), as on the app's page; none for
    a module without steps. The step shown is kept in the session, as in the app."""
    if len(getattr(view, "steps", ())) < 2:
        return []
    modules = [module_id]

    def count(_module_id: str) -> int:
        return len(view.steps)

    back = button(f"← {session.t('app.back')}", "cc-module-step-back", hidden_at_times=True)
    forth = button(f"{session.t('app.next')} →", "cc-module-step-next", "primary", hidden_at_times=True)

    def show() -> None:
        here = Place(module_id, view.step)
        back.layout.visibility = "hidden" if backward(modules, count, here) is None else "visible"
        forth.layout.visibility = "hidden" if forward(modules, count, here) is None else "visible"

    def move(rule) -> None:
        went = rule(modules, count, Place(module_id, view.step))
        if went is not None:
            view.show_step(went.place.step)
        show()

    if hasattr(view, "ask_step"):  # a view's own way to another of its steps: the pager follows

        def ask(number: int) -> None:
            view.show_step(number)
            show()

        view.ask_step = ask
    on_click(session, back, lambda: move(backward))
    on_click(session, forth, lambda: move(forward))
    show()
    pager = w.HBox([back, forth], layout=w.Layout(justify_content="space-between", width="100%"), **css("cc-pager"))
    return [pager]


def show_language_choice() -> w.Widget:
    """Choose the language of all notebooks (saved with your answers)."""
    session = local_session()
    choice = w.ToggleButtons(
        options=[(lang.name, lang.code) for lang in session.workshop.manifest.languages], value=session.language
    )
    watch(session, choice, lambda change: session.set_language(change["new"]))
    note = w.HTML()

    def relabel(_change=None):
        note.value = f"<p class='cc-muted'>{html.escape(session.t('code.local_mode'))}</p>"

    session.observe(guarded(session, relabel), "language")
    relabel()
    box = w.VBox([KitLook(), choice, note])
    box.add_class("cc-app")
    return box


def show_welcome() -> w.Widget:
    """The welcome step with the fear ratings and their chart."""
    return show_module(_first_of_kind("welcome"))


def show_fear(fear_id: str) -> w.Widget:
    """One fear module."""
    return show_module(fear_id)


def show_builder() -> w.Widget:
    """The question builder: your conversation plan, messages and pocket card."""
    return show_module(_first_of_kind("builder"))


#: The example conversation of ``05-question-builder.ipynb``.
EXAMPLE_REQUEST = PlanRequest(
    contact_name="Frau Ölmez",
    contact_role="UX-Designerin",
    field="öffentlicher Nahverkehr",
    relationship="alumni",
    goals=("understand-role", "get-in"),
    minutes=20,
    fear="regret",
)


def example_plan(language: str = "de") -> str:
    """The plan the builder makes for :data:`EXAMPLE_REQUEST`, as text (what nbval compares)."""
    workshop = load_workshop()
    return to_text(plan_document(workshop, build_plan(workshop.bank, EXAMPLE_REQUEST), language))


def show_roleplay() -> w.Widget:
    """Role-play in a group, or rehearsal alone with a persona."""
    return show_module(_first_of_kind("roleplay"))


def show_wrap_up() -> w.Widget:
    """Ratings again, commitment, take-home downloads and "erase my data"."""
    return show_module(_first_of_kind("wrap-up"))


def show_follow_through() -> w.Widget:
    """The weeks after: what is due, the contacts, finding people, the weekly goal and the list."""
    return show_module(_first_of_kind("follow-through"))


def rehearsal_example(persona_id: str, language: str = "de") -> str:
    """A persona's card and its answers to the example plan, as text (what nbval compares)."""
    workshop = load_workshop()
    card = persona(workshop, persona_id)
    plan = build_plan(workshop.bank, EXAMPLE_REQUEST)
    lines = [f"{card.name[language]} – {card.role[language]}", card.background[language], ""]
    asked = [plan_question_about(workshop, q, q.text(workshop.bank, language)) for q in plan.questions]
    replies = rehearsal_replies(card, asked, language, workshop.role_cards.generic_answers)
    for question, answer in zip(plan.questions, replies, strict=True):
        said = (
            answer.text
            if answer.text is not None
            else workshop.t("roleplay.nothing_new", language, name=card.name[language])
        )
        lines += [f"? {question.text(workshop.bank, language)}", f"  {said}"]
        if answer.reaction:
            lines += [f"  ({answer.reaction.text[language]})", f"  → {answer.reaction.hint[language]}"]
    return "\n".join(lines)


def fear_outline(fear_id: str, language: str = "de") -> str:
    """The fixed text of a fear module as plain text (what nbval compares)."""
    workshop = load_workshop()
    fear = workshop.fear(fear_id)
    t = lambda key: workshop.t(key, language)
    lines = [fear.title[language], "", f"{t('fear.in_your_words')}:", fear.in_your_words[language].strip(), ""]
    lines += [f"{t('fear.reframe')}:", fear.reframe[language].strip(), "", f"{t('fear.reflection')}:"]
    lines += [f"- {prompt.label[language]} [{prompt.kind}]" for prompt in fear.reflection]
    lines += ["", f"{t('fear.exercise')}: {fear.exercise.title[language]}"]
    lines += [f"- {field.label[language]} [{field.kind}]" for field in fear.exercise.fields]
    lines += ["", f"{t('fear.next_step')}: {fear.next_step.label[language]}"]
    return "\n".join(lines)


def agenda(format_id: str | None = None, language: str = "de") -> str:
    """The facilitator's agenda from the manifest: modules with teaching and exercise minutes."""
    return agenda_text(load_workshop(), format_id, language)


__all__ = [
    "agenda",
    "example_plan",
    "fear_outline",
    "local_session",
    "rehearsal_example",
    "show_builder",
    "show_fear",
    "show_language_choice",
    "show_module",
    "show_roleplay",
    "show_welcome",
    "show_wrap_up",
]

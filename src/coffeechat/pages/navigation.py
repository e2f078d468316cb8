"""Moving through the modules on one page: the stepper, the open module, the "done" tick, Back and Next, and
the moment at the end that says what is done and what is still open.

Back and Next move through the open module's steps first (a module view may come in steps: see
:class:`coffeechat.views.fear.FearView` for the interface, ``steps``, ``step`` and ``show_step``), then to the
next or previous module; where they lead is decided by :mod:`coffeechat.models.steps`.

Built once and updated in place: moving to another module swaps only the module's view, and ticking "done"
changes only the state of that step, so a click never lands on a widget that is being replaced.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

import ipywidgets as w

from coffeechat.content import Workshop
from coffeechat.content.kinds import kind
from coffeechat.models import keys
from coffeechat.models.answers import clean_flag, today
from coffeechat.models.dates import as_date, long_date
from coffeechat.models.ending import as_object, faced, written_on
from coffeechat.models.followup import load_contacts, saved_state
from coffeechat.models.followup_rhythm import due, pressing
from coffeechat.models.reminders import commitment
from coffeechat.models.roleplay import RoomRound
from coffeechat.models.session import Session
from coffeechat.models.steps import Place, backward, clean_step, forward
from coffeechat.pages import heap
from coffeechat.room.live import Membership
from coffeechat.views.common import (
    BUTTON_ROW,
    FULL_WIDTH,
    button,
    css,
    download_button,
    download_note,
    heading_html,
    html_part,
    on_click,
    replace_children,
    watch,
)
from coffeechat.views.wrapup import offer_take_home
from coffeechat.widgets.download import Downloader
from coffeechat.widgets.page import PageAssist

#: where the keyboard focus goes when a module opens: its first heading
MODULE_HEADING = ".cc-module .cc-shows-{module_id} h2"
#: where the keyboard focus goes when Back or Next shows another step of the open module: the step's heading
MODULE_STEP_HEADING = ".cc-module .cc-shows-{module_id} .cc-module-step-{step} .cc-module-step-heading h3"


def module_view(module_id: str, session: Session, on_erased=None, focus=None) -> w.Widget:
    """The view of one module in the session's language (its kind says which view).

    ``on_erased`` is called after the participant erased their data; ``focus(selector)`` moves the
    keyboard focus once the element is on screen (after a view replaced what had the focus).
    """
    return open_module(module_id, session, on_erased, focus).widget


def step_count(module_id: str, workshop: Workshop) -> int:
    """How many steps the module has (its view's ``steps``, counted without building it); 1 without steps."""
    view = kind(workshop.module_ref(module_id).kind).load("view")
    return max(1, len(getattr(view, "steps", ())))


def open_module(
    module_id: str, session: Session, on_erased=None, focus=None, room: RoomRound | None = None, in_room: bool = False
):
    """The view object of one module (:func:`module_view` shows its ``widget``). A view that follows the
    facilitated room (it has ``show_room``, as the role-play has) gets the ``room``'s round from the start, and
    whether the page is ``in_room`` at all (``show_in_room``)."""
    view = kind(session.workshop.module_ref(module_id).kind).load("view")
    extra = {"room": room} if hasattr(view, "show_room") else {}
    if hasattr(view, "show_in_room"):
        extra["in_room"] = in_room
    return view(session, module_id, on_erased=on_erased, focus=focus, **extra)


class ModuleNavigation:
    """The stepper, the open module and the pager below it, for the attached participant.

    ``on_erased`` is handed to every module (the wrap-up's erase); ``on_shown(module_id)`` hears of every
    module shown (the room bar says whether it is the coach's).
    """

    def __init__(
        self,
        session: Session,
        page: PageAssist,
        on_erased: Callable[[], None],
        on_shown: Callable[[str], None] = lambda _module_id: None,
    ):
        self.session = session
        self.workshop = session.workshop
        self.page = page
        self._on_erased = on_erased
        self.on_shown = on_shown
        #: the module on screen
        self.current = self.workshop.module_ids[0]
        #: the view object of the open module (its ``widget`` is on the page)
        self.module_object = None
        #: the role-play round the room gave this participant (None: no room, or no group), told to the module
        self.room_round: RoomRound | None = None
        #: the page's membership of the room while it is in one (the wrap-up's feedback), else None
        self.room_membership: Membership | None = None

        self.steps: dict[str, w.Button] = {}
        for module_id in self.workshop.module_ids:
            step = button("", f"cc-step-{module_id}")
            step.add_class("cc-step")
            on_click(session, step, lambda m=module_id: self.go(m))
            self.steps[module_id] = step
        self.step_list = w.HBox(list(self.steps.values()), layout=w.Layout(flex_flow="row nowrap"), **css("cc-stepper"))
        # each step's short name under its number, on a wide screen only (kit.css); the buttons carry the names
        # for assistive technology, so the row is hidden from it, and a click on a name is a click on its step
        self.step_names = html_part("", "cc-step-names")
        self.progress = html_part("", "cc-progress-text", "cc-live")  # a polite live region (page.js)
        # a layout of its own: the end of a facilitated room hides it
        self.stepper = w.VBox(
            [self.step_list, self.step_names, self.progress], layout=w.Layout(width="100%"), **css("cc-stepper-box")
        )

        self.module = w.VBox(layout=FULL_WIDTH, **css("cc-module"))
        self.done = w.Checkbox(indent=False, layout=w.Layout(width="100%"))  # its own: shown on a last step only
        self.done.add_class("cc-module-done")
        watch(session, self.done, self._on_done)
        self._showing_done = False  # set while the tick shows another module's state, not a participant's click
        self.back = button("", "cc-back", hidden_at_times=True)
        on_click(session, self.back, lambda: self.step(-1))
        self.forward = button("", "cc-next", "primary", hidden_at_times=True)
        on_click(session, self.forward, lambda: self.step(1))
        # on the last module, in Next's place: the end of the journey, and a moment that says so
        self.finish = button("", "cc-finish", "primary", hidden_at_times=True)
        on_click(session, self.finish, self._finish)
        # the moment's words, and under them the take-home at once (made when first shown: most pages never are)
        self.complete_text = html_part("", "cc-complete-text")
        self.complete_card = w.VBox(
            [self.complete_text], layout=w.Layout(width="100%", display="none"), **css("cc-card", "cc-complete")
        )
        self.complete_download: w.Button | None = None
        self.pager = w.HBox(
            [self.back, self.forward, self.finish],
            layout=w.Layout(justify_content="space-between", width="100%"),
            **css("cc-pager"),
        )

    def label(self) -> None:
        """Every text of the stepper and the pager in the session's language."""
        t = self.session.t
        self.done.description = t("app.module_done")
        self.back.description = f"← {t('app.back')}"
        self.forward.description = f"{t('app.next')} →"
        self.finish.description = t("app.finish")
        if self.complete_card.layout.display != "none":
            self.show_complete()
        if self.session.attached:
            self.show_steps()

    # --- moving ------------------------------------------------------------------------------------

    def go(self, module_id: str) -> None:
        """Show another module (answers are already saved); the focus goes to its heading. Leaving a module from
        its last step (by the stepper, or the room moving on) keeps what its tick showed: done, unless unticked."""
        if module_id not in self.workshop.module_ids or not self.session.attached:
            return
        if module_id == self.current:  # its own step: nothing to rebuild (a running timer keeps running)
            self.page.focus(MODULE_HEADING.format(module_id=module_id))
            return
        if self.module_object is not None and self.here().step >= self.count(self.current):
            self.reached_end(self.current)
        self.current = module_id
        self.session.set(keys.POSITION, module_id)
        self.complete_card.layout.display = "none"
        self.show_module()
        self.page.focus(MODULE_HEADING.format(module_id=module_id))

    def step(self, offset: int) -> None:
        """Back or Next: through the open module's steps, then to the module before or after it (at its last
        step, or its first). Next on a module's last step counts it done (:meth:`reached_end`); so does reaching
        the end screen of a module that ends on one (:meth:`ends_on_screen`)."""
        rule = forward if offset > 0 else backward
        move = rule(self.workshop.module_ids, self.count, self.here())
        if move is None:
            return
        if move.done is not None:
            self.reached_end(move.done)
        if move.place.module_id == self.current:
            self.show_step(move.place.step)
        else:
            self.remember_step(move.place)
            self.go(move.place.module_id)

    def ends_on_screen(self) -> bool:
        """Whether the open module's last step is an end screen (``end_screen`` on its view, as the wrap-up's):
        reaching it is finishing the module. Any other module counts once its last step's Next is pressed."""
        return bool(getattr(self.module_object, "end_screen", False))

    def reached_end(self, module_id: str) -> None:
        """The participant finished ``module_id`` (Next on its last step, left from there, or its end screen
        reached): it counts as done, unless they said otherwise there (their untick holds, also through Next). Its
        tick follows; the stepper is redrawn by the caller, which shows the step or the module next."""
        if self.session.get(keys.progress(module_id)) is None:
            self.session.set(keys.progress(module_id), True)
        if module_id == self.current:
            self._show_done(self.session.get(keys.progress(module_id)) is True)

    def count(self, module_id: str) -> int:
        """How many steps ``module_id`` has (1: a module without steps)."""
        return step_count(module_id, self.workshop)

    def here(self) -> Place:
        """The module on screen and its step on screen."""
        return Place(self.current, getattr(self.module_object, "step", 1) if self.module_object is not None else 1)

    def remember_step(self, place: Place) -> None:
        """The step ``place.module_id`` opens at next time it is built (only a module with steps keeps one)."""
        count = self.count(place.module_id)
        if count > 1:
            self.session.set(keys.step(place.module_id), clean_step(place.step, count))

    def show_step(self, number: int) -> None:
        """Another step of the open module (its fields keep what was typed: the view only hides the others); the
        focus goes to the step's heading, which the page brings into view."""
        show = getattr(self.module_object, "show_step", None)
        if show is None:
            return
        show(number)
        if number == self.count(self.current) and self.ends_on_screen():
            self.reached_end(self.current)
        self._show_done(self.ticked())
        self.show_steps()
        self.page.focus(MODULE_STEP_HEADING.format(module_id=self.current, step=number))

    def pressing_module(self) -> str | None:
        """The weeks-after module when something there has come due since the participant last recorded a step
        (:func:`~coffeechat.models.followup_rhythm.pressing`: a participant coming back is greeted with it,
        wherever they left), else None."""
        found = self._follow_through()
        if found is None:
            return None
        contacts = load_contacts(self.session.get(keys.FOLLOWUP_CONTACTS))
        state = saved_state(self.session.get(keys.FOLLOWUP_STATE))
        return found if contacts and pressing(due(contacts, today(), state), contacts) else None

    def start_at(self, module_id: str | None) -> None:
        """Where an attached participant begins: ``module_id`` if it is a module, else the first."""
        ids = self.workshop.module_ids
        self.current = module_id if module_id in ids else ids[0]

    def resume_at(self, module_id: str | None) -> None:
        """Where a participant coming back with their code begins (:meth:`start_at`); the weeks after open at
        "Today", whatever step they left at (a walk resumed after the end of the journey on the weekly goal)."""
        self.start_at(module_id)
        if self.current == self._follow_through():
            self.remember_step(Place(self.current, 1))

    def _follow_through(self) -> str | None:
        """The id of the weeks-after module (None: the workshop has none)."""
        return next((m.id for m in self.workshop.manifest.modules if m.kind == "follow-through"), None)

    def show_module(self) -> None:
        """The current module's view, freshly built, with its tick and the stepper."""
        self.module_object = open_module(
            self.current,
            self.session,
            on_erased=self._on_erased,
            focus=self.page.focus,
            room=self.room_round,
            in_room=self.room_membership is not None,
        )
        self._tell_feedback()
        if hasattr(self.module_object, "ask_step"):  # a view's own way to another of its steps (the wrap-up's
            self.module_object.ask_step = self.show_step  # end screen back to its commitment): the pager follows
        view = self.module_object.widget
        # named after its module, so a focus request never lands on the heading of the module going away
        view.add_class(f"cc-shows-{self.current}")
        replace_children(self.module, [view])
        heap.give_back_soon()  # what the screen before held
        if getattr(self.module_object, "step", 1) == self.count(self.current) and self.ends_on_screen():
            self.reached_end(self.current)  # opened at its end screen
        self._show_done(self.ticked())
        self.show_steps()
        self.on_shown(self.current)

    def close_module(self) -> None:
        """Nothing of the participant's module left on the page (widgets closed); back to the first module."""
        replace_children(self.module, [])
        self.module_object = None
        self.current = self.workshop.module_ids[0]

    def tell_module(self) -> None:
        """The open module learns the role-play round the room gave this participant (None: none), and whether
        the page is in a room (the wrap-up's feedback)."""
        show_room = getattr(self.module_object, "show_room", None)
        if show_room is not None:
            show_room(self.room_round)
        self._tell_feedback()

    def _tell_feedback(self) -> None:
        """A module that takes feedback on the room (the wrap-up's end), or offers the group first in one (the
        role-play), learns whether the page is in one."""
        show_in_room = getattr(self.module_object, "show_in_room", None)
        if show_in_room is not None:
            show_in_room(self.room_membership is not None)
        show_feedback = getattr(self.module_object, "show_feedback", None)
        if show_feedback is not None:
            show_feedback(self.room_membership)

    # --- what the stepper says ---------------------------------------------------------------------

    def show_steps(self) -> None:
        """The stepper's labels and states: one line of numbered steps, the current one marked."""
        t, lang = self.session.t, self.session.language
        ids = self.workshop.module_ids
        for number, module_id in enumerate(ids, start=1):
            step = self.steps[module_id]
            finished = self.session.get(keys.progress(module_id)) is True
            title = self.workshop.module_title(module_id, lang)
            step.description = str(number)
            step.tooltip = t("app.step_done" if finished else "app.step", number=number, title=title)
            (step.add_class if finished else step.remove_class)("cc-step-done")
            (step.add_class if module_id == self.current else step.remove_class)("cc-step-current")
        self.step_names.value = step_names_html(self.workshop, ids, self.current, lang)
        done = sum(self.session.get(keys.progress(m)) is True for m in ids)
        position = ids.index(self.current) + 1
        title = self.workshop.module_title(self.current, lang)
        where = html.escape(t("app.position", number=position, total=len(ids), title=title))
        progress = html.escape(t("app.progress", done=done, total=len(ids)))
        self.progress.value = (
            f"<p><span class='cc-position'>{where}</span>"
            f"<span class='cc-progress-part'> · <span class='cc-muted'>{progress}</span></span></p>"
        )
        here = self.here()
        first = backward(ids, self.count, here) is None
        last = forward(ids, self.count, here) is None
        # "This part is done" belongs to a module's end, not to the steps before it
        self.done.layout.display = None if here.step >= self.count(self.current) else "none"
        self.back.layout.visibility = "hidden" if first else "visible"
        self.forward.layout.display = "none" if last else None
        self.finish.layout.display = None if last else "none"

    def ticked(self) -> bool:
        """The "done" tick of the open module: its saved state; on its last step before any, ticked, for Next
        will count it done there (the participant unticks it to keep the part open)."""
        saved = self.session.get(keys.progress(self.current))
        return saved is True or (saved is None and self.here().step >= self.count(self.current))

    def _show_done(self, value: bool) -> None:
        """Set the "done" tick to the module's state without counting it as the participant's click."""
        self._showing_done = True
        try:
            self.done.value = value
        finally:
            self._showing_done = False

    def _on_done(self, change: dict) -> None:
        """A tick changes the state of this step only: nothing is redrawn, nothing loses its place."""
        if self._showing_done or not self.session.attached:
            return
        self.session.set(keys.progress(self.current), clean_flag(change["new"]))
        self.show_steps()

    # --- the end of the journey --------------------------------------------------------------------

    def _finish(self) -> None:
        """The last part is done: say so, with what is still open and the step the participant committed to."""
        self.session.set(keys.progress(self.current), True)
        self._show_done(True)
        self.show_steps()
        self.show_complete()
        self.page.focus(".cc-complete h2", reveal=".cc-complete")

    def show_complete(self) -> None:
        t, lang, ids = self.session.t, self.session.language, self.workshop.module_ids
        open_parts = [
            t("app.step", number=number, title=self.workshop.module_title(module_id, lang))
            for number, module_id in enumerate(ids, start=1)
            if self.session.get(keys.progress(module_id)) is not True
        ]
        # as the wrap-up shows it, with its defaults (the plan's contact, the day of a next step)
        promise = commitment(self.workshop, self.session.answers(), language=lang)
        who, due = str(promise["who"] or "").strip(), as_date(promise["due"])
        # the wrap-up's take-home named with its part: the plan has a step „Mitnehmen“ too (a walk read it as both)
        home = {"part": self.workshop.module_short("wrap-up", lang), "step": t("wrapup.step.take-home")}
        written = written_on(self.session.answers(), " ".join(who.split())) if who else None
        if written is not None:  # the weeks after recorded it: the moment says so, and what comes next there
            where = self.workshop.module_short("follow-through", lang)
            day = long_date(written, self.workshop, lang)
            step = t("app.complete_written", who=as_object(who, lang), day=day, where=where, **home)
        elif who and due is not None:
            step = t("app.complete_next", who=as_object(who, lang), due=long_date(due, self.workshop, lang), **home)
        else:
            step = t("app.complete_commit", step=t("wrapup.step.commit"))
        if open_parts:
            title = t("app.complete_heading_partly")
            parts = [
                t("app.complete_partly", done=len(ids) - len(open_parts), total=len(ids)),
                step,
                t("app.complete_open", parts=", ".join(open_parts)),
            ]
        else:
            # how many fears were faced, as the end screen says it (a walk pressed Next through two fears without a
            # word and read „Jede der vier Ängste haben Sie sich … angesehen“)
            fears = faced(self.workshop, self.session.answers(), lang)
            title = t("app.complete_heading")
            parts = [t("app.complete_text", total=len(ids)), *([fears] if fears else []), step]
        # a shared phone's owner looked for „vergessen“ at the end, and it was folded away in the header
        forget = t("app.complete_forget", hints=t("code.show_hints"), forget=t("code.forget_device"))
        self.complete_text.value = (
            f"<div role='status'>{heading_html(title)}"
            + "".join(f"<p>{html.escape(part)}</p>" for part in parts)
            + f"<p class='cc-muted'>{html.escape(forget)}</p></div>"
        )
        self._offer_take_home()
        self.complete_card.layout.display = None

    def _offer_take_home(self) -> None:
        """The take-home PDF in reach on the moment itself (a keyboard walk finished and had to go back to the
        wrap-up for it), with its note beside it as in the wrap-up."""
        label = f"⤓ {self.session.t('wrapup.download_pdf')}"
        if self.complete_download is not None:
            self.complete_download.description = label
            return
        downloader, note = Downloader(), download_note(self.session)
        self.complete_download = download_button(self.session.t("wrapup.download_pdf"), "cc-complete-pdf", "primary")
        on_click(self.session, self.complete_download, lambda: offer_take_home(self.session, downloader, note, "pdf"))
        row = w.HBox([self.complete_download, note], layout=BUTTON_ROW, **css("cc-download-row"))
        self.complete_card.children = (self.complete_text, row, downloader)

    def hide_complete(self) -> None:
        self.complete_text.value = ""
        self.complete_card.layout.display = "none"


def step_names_html(workshop: Workshop, module_ids: Iterable[str], current: str, language: str) -> str:
    """The stepper's row of short names, one under each step (``data-step``: the step's module, which page.js
    clicks when its name is clicked); the current one is marked. Hidden from assistive technology: each step
    button is named already."""
    items = []
    for module_id in module_ids:
        marked = " class='cc-step-name-current'" if module_id == current else ""
        name = html.escape(workshop.module_short(module_id, language))
        items.append(f"<li data-step='{html.escape(module_id, quote=True)}'{marked}>{name}</li>")
    return f"<ol aria-hidden='true'>{''.join(items)}</ol>"

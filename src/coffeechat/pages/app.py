"""The single-page workshop app that Voila serves: start or resume, then every module in one page.

``app()`` is the one call in ``notebooks/workshop.ipynb``. Each visitor gets their own kernel and so their
own :class:`WorkshopApp`; it only ever loads the participant whose code the visitor holds.

The frame (header, code, stepper, "done" tick, back/next) is built once and updated in place; moving to
another module swaps only the module's view, and ticking "done" changes only the state of that step. So a
click never lands on a widget that is being replaced, the page never jumps, and a running timer keeps
running.
"""

from __future__ import annotations

import html
import logging
import os
from urllib.parse import parse_qs

import ipywidgets as w

from coffeechat.content import ContentError, Workshop, load_workshop
from coffeechat.content.kinds import kind
from coffeechat.models import keys
from coffeechat.models.answers import clean_flag
from coffeechat.models.dates import as_date, long_date
from coffeechat.models.reminders import commitment
from coffeechat.models.roleplay import RoomRound
from coffeechat.models.session import Session
from coffeechat.pages import heap, visitor
from coffeechat.room.live import POLL_SECONDS, Membership, Watch, every
from coffeechat.storage.codes import ResumeThrottle, normalize_code
from coffeechat.storage.database import MissingDriver, NewerSchema
from coffeechat.storage.journal import Journal, JournalWriteError
from coffeechat.views.common import (
    FULL_WIDTH,
    WRAPPING_ROW,
    button,
    css,
    guarded,
    heading,
    heading_html,
    html_part,
    labelled,
    on_click,
    replace_children,
    text_html,
    watch,
)
from coffeechat.views.roombar import RoomBar
from coffeechat.views.status import StatusBar
from coffeechat.views.wrapup import EndDownloads
from coffeechat.widgets.device import DeviceMemory
from coffeechat.widgets.page import PageAssist

log = logging.getLogger("coffeechat")

#: Shown when the content or the journal cannot be loaded (ui.yaml itself may be what is broken).
CONTENT_BROKEN = (
    "<div class='cc-card cc-status-error' role='alert'>"
    "<p>Der Workshop kann gerade nicht geladen werden. Bitte wenden Sie sich an die Workshopleitung.</p>"
    "<p>The workshop cannot be loaded right now. Please tell the facilitator.</p></div>"
)
#: where the keyboard focus goes when a module opens: its first heading
MODULE_HEADING = ".cc-module .cc-shows-{module_id} h2"


def lasting_address_path(environ=os.environ) -> str:
    """The path a participant's bookmark or reload should open, or "" for this page's own address.

    Behind JupyterHub (which tells every server its ``JUPYTERHUB_BASE_URL``) that is the hub's
    ``hub/user-redirect/``: a server's own ``/user/<name>/`` address ends when an idle server and its temporary
    account are culled, while user-redirect logs the visitor in and sends them to a server of their own.
    """
    hub = environ.get("JUPYTERHUB_BASE_URL")
    return f"{hub.rstrip('/')}/hub/user-redirect/" if hub else ""


def module_view(module_id: str, session: Session, on_erased=None, focus=None) -> w.Widget:
    """The view of one module in the session's language (its kind says which view).

    ``on_erased`` is called after the participant erased their data; ``focus(selector)`` moves the
    keyboard focus once the element is on screen (after a view replaced what had the focus).
    """
    return open_module(module_id, session, on_erased, focus).widget


def open_module(module_id: str, session: Session, on_erased=None, focus=None, room: RoomRound | None = None):
    """The view object of one module (:func:`module_view` shows its ``widget``). A view that follows the
    facilitated room (it has ``show_room``, as the role-play has) gets the ``room``'s round from the start."""
    view = kind(session.workshop.module_ref(module_id).kind).load("view")
    extra = {"room": room} if hasattr(view, "show_room") else {}
    return view(session, module_id, on_erased=on_erased, focus=focus, **extra)


class WorkshopApp:
    """Header with language and code, a start/resume screen, then a stepper over all modules."""

    def __init__(
        self,
        workshop: Workshop,
        journal: Journal,
        code: str | None = None,
        language: str | None = None,
        address_code: str = "",
    ):
        """``address_code`` is the ``?code=`` of the page address as it came; one we do not know is said so."""
        self.workshop = workshop
        self.session = Session(workshop, journal, language=language if language in workshop.languages else None)
        self.status = StatusBar(self.session)
        self.device = DeviceMemory(address_path=lasting_address_path())
        self.page = PageAssist()
        #: wrong resume codes tried from this page (each page has a kernel, and so an app, of its own)
        self.code_throttle = ResumeThrottle()
        watch(self.session, self.device, self._on_stored_code, "stored_code")
        #: the language was asked for (in the address, or on the toggle): the browser's no longer counts
        self.language_chosen = language in workshop.languages
        self._following_browser = False
        watch(self.session, self.page, self._on_browser_languages, "browser_languages")
        self.current = workshop.module_ids[0]
        self._build_header()
        self._build_start()
        self._build_frame()
        self.body = w.VBox(layout=FULL_WIDTH, **css("cc-body"))
        self.root = w.VBox(
            [self.device, self.page, self.header, self.status.widget, self.body],
            layout=FULL_WIDTH,
            **css("cc-app"),
        )
        if code and journal.participant_exists(code):
            self._resume(code)
        else:
            self._show_start()
            if address_code.strip():
                quoted = address_code.strip()[: keys.QUOTED_CHARS]
                message = html.escape(self.session.t("code.unknown_address", code=quoted))
                self.code_message.value = f"<p class='cc-status-error cc-unknown-address' role='alert'>{message}</p>"
        # a date entered in the wrap-up under the end screen brings the calendar onto it
        self.session.on_status(guarded(self.session, self._on_saved))
        self.room_task = every(POLL_SECONDS, guarded(self.session, self.room_tick))

    # --- the parts that stay -----------------------------------------------------------------------

    def _build_header(self) -> None:
        workshop, manifest = self.workshop, self.workshop.manifest
        # named in every language at once and never relabelled: a relabelled toggle is redrawn, and the
        # keyboard focus would fall off the button just pressed
        names = " / ".join(workshop.t("app.language", lang.code) for lang in manifest.languages)
        self.language = labelled(
            w.ToggleButtons,
            names,
            "cc-language",
            visible=False,
            options=[(lang.name, lang.code) for lang in manifest.languages],
            value=self.session.language,
            style={"button_width": "auto"},
        )
        watch(self.session, self.language, self._on_language)
        self.title = html_part(layout=w.Layout(flex="1 1 16em"))
        row = w.HBox([self.title, self.language], layout=WRAPPING_ROW, **css("cc-header-row"))
        self.header = w.VBox([row], layout=FULL_WIDTH, **css("cc-header"))

    def _build_start(self) -> None:
        self.start_button = button("", "cc-start-new", "primary")
        on_click(self.session, self.start_button, self._start_new)
        self.code_input = w.Text(
            layout=w.Layout(width="16em"),
            style={"description_width": "initial"},
            **css("cc-code-input", "cc-stacked"),
        )
        self.resume_button = button("", "cc-resume")
        on_click(self.session, self.resume_button, self._resume_from_input)
        self.code_message = html_part("")
        # after the coach erased the room (or the data went elsewhere): a calm note above the fresh start
        self.erased_note = html_part("", "cc-erased-note", layout=w.Layout(width="100%", display="none"))
        self.start_intro = w.VBox(layout=FULL_WIDTH)
        resume_row = w.HBox([self.code_input, self.resume_button], layout=WRAPPING_ROW, **css("cc-resume-row"))
        self.start_screen = w.VBox(
            [self.erased_note, self.start_intro, self.start_button, resume_row, self.code_message], layout=FULL_WIDTH
        )
        self.start_screen.add_class("cc-start")

    def _build_frame(self) -> None:
        self.code_bar = html_part(layout=w.Layout(flex="1 1 14em"))
        self.code_toggle = button("", "cc-code-toggle")
        on_click(self.session, self.code_toggle, self._toggle_code_hints)
        self.forget = button("", "cc-forget")
        on_click(self.session, self.forget, self._forget_device)
        self.code_hints = html_part(layout=FULL_WIDTH)
        # a layout of its own: it is hidden and shown, and the shared layouts belong to many widgets
        self.code_details = w.HBox(
            [self.code_hints, self.forget],
            layout=w.Layout(width="100%", justify_content="space-between", align_items="center", flex_flow="row wrap"),
        )
        self.code_details.add_class("cc-code-details")
        code_row = w.HBox([self.code_bar, self.code_toggle], layout=WRAPPING_ROW, **css("cc-code-row"))
        self.code_box = w.VBox([code_row, self.code_details], layout=FULL_WIDTH, **css("cc-code-box"))

        self.steps: dict[str, w.Button] = {}
        for module_id in self.workshop.module_ids:
            step = button("", f"cc-step-{module_id}")
            step.add_class("cc-step")
            on_click(self.session, step, lambda m=module_id: self.go(m))
            self.steps[module_id] = step
        self.step_list = w.HBox(list(self.steps.values()), layout=w.Layout(flex_flow="row nowrap"), **css("cc-stepper"))
        self.progress = html_part("", "cc-progress-text", "cc-live")  # a polite live region (page.js)
        # a layout of its own: the end of a facilitated room hides it
        self.stepper = w.VBox([self.step_list, self.progress], layout=w.Layout(width="100%"), **css("cc-stepper-box"))

        self.module = w.VBox(layout=FULL_WIDTH, **css("cc-module"))
        self.done = w.Checkbox(indent=False, layout=FULL_WIDTH)
        self.done.add_class("cc-module-done")
        watch(self.session, self.done, self._on_done)
        self._showing_done = False  # set while the tick shows another module's state, not a participant's click
        self.back = button("", "cc-back", hidden_at_times=True)
        on_click(self.session, self.back, lambda: self._step(-1))
        self.forward = button("", "cc-next", "primary", hidden_at_times=True)
        on_click(self.session, self.forward, lambda: self._step(1))
        # on the last module, in Next's place: the end of the journey, and a moment that says so
        self.finish = button("", "cc-finish", "primary", hidden_at_times=True)
        on_click(self.session, self.finish, self._finish)
        self.complete_card = html_part("", "cc-card", "cc-complete", layout=w.Layout(width="100%", display="none"))
        pager = w.HBox(
            [self.back, self.forward, self.finish],
            layout=w.Layout(justify_content="space-between", width="100%"),
            **css("cc-pager"),
        )
        # the facilitated room: empty and hidden unless the participant is in a room (room_tick)
        self.room_slot = w.VBox(layout=FULL_WIDTH)
        self.room_watch = Watch(self.session.journal)
        self.membership: Membership | None = None
        self.room_bar: RoomBar | None = None
        #: the coach's last lead seen (module, press): a new one brings this page back to the coach's module
        self.followed: tuple[str, int] | None = None
        #: the role-play round the room gave this participant (None: no room, or no group), told to the module
        self.room_round: RoomRound | None = None
        #: the view object of the open module (its ``widget`` is on the page)
        self.module_object = None
        self.ended_room: str | None = None
        self.end_downloads: EndDownloads | None = None
        self.end_card = w.VBox(layout=FULL_WIDTH, **css("cc-room-end-screen"))
        self.frame = w.VBox(
            [
                self.end_card,
                self.code_box,
                self.room_slot,
                self.stepper,
                self.module,
                self.done,
                pager,
                self.complete_card,
            ],
            layout=FULL_WIDTH,
        )
        self.frame.add_class("cc-frame")

    # --- screens -----------------------------------------------------------------------------------

    def _label_everything(self) -> None:
        """Every text of the frame in the session's language (after a start, a resume or a language switch)."""
        t, lang, manifest = self.session.t, self.session.language, self.workshop.manifest
        self.title.value = (
            f"<h1 class='cc-title'>{html.escape(manifest.title[lang])}</h1>"
            f"<p class='cc-subtitle cc-muted'>{html.escape(manifest.subtitle[lang])}</p>"
        )
        with self.page.hold_sync():  # one message: the page's language and title never disagree
            self.page.lang = lang
            self.page.title = manifest.title[lang]
            self.page.steps_label = t("app.steps")
            self.page.save_texts = {
                "saving": t("status.saving"),
                "offline": t("status.offline"),
                "lost": t("status.lost"),
            }
        self.start_button.description = t("code.start_new")
        self.resume_button.description = t("code.resume")
        self.code_input.description = t("code.have_one")
        self.code_input.placeholder = t("code.enter_placeholder")
        # the welcome module explains what an informational interview is; the start screen only what happens here
        welcome = self.workshop.welcome
        replace_children(
            self.start_intro,
            [heading(welcome.title[lang]), text_html(t("code.start_lead")), text_html(t("code.new_intro"))],
        )
        self.forget.description = t("code.forget_device")
        self.done.description = t("app.module_done")
        self.back.description = f"← {t('app.back')}"
        self.forward.description = f"{t('app.next')} →"
        self.finish.description = t("app.finish")
        if self.complete_card.layout.display != "none":
            self._show_complete()
        if self.session.attached:
            self._show_code()
            self._show_steps()

    def _show_start(self) -> None:
        self._label_everything()
        # the frame lasts as long as the page: a participant who erased or forgot starts again in it
        replace_children(self.body, [self.start_screen], keep=[self.frame])

    def _show_workshop(self) -> None:
        """The frame with the current module (after a start or a resume)."""
        self._label_everything()
        self._show_module()
        if self.body.children != (self.frame,):
            self.body.children = (self.frame,)

    def _show_code(self) -> None:
        t = self.session.t
        folded = self.session.get(keys.CODE_NOTED) is True
        self.code_bar.value = (
            f"<div class='cc-code-bar'>{html.escape(t('code.your_code'))} "
            f"<strong class='cc-code'>{html.escape(self.session.code)}</strong>"
            + ("" if folded else f" · <span class='cc-muted'>{html.escape(t('code.write_down'))}</span>")
            + "</div>"
        )
        self.code_hints.value = f"<p class='cc-muted'>{html.escape(t('code.link_hint'))}</p>"
        self.code_toggle.description = t("code.show_hints" if folded else "code.noted")
        self.code_details.layout.display = "none" if folded else None

    def _show_steps(self) -> None:
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
        done = sum(self.session.get(keys.progress(m)) is True for m in ids)
        position = ids.index(self.current) + 1
        title = self.workshop.module_title(self.current, lang)
        where = html.escape(t("app.position", number=position, total=len(ids), title=title))
        progress = html.escape(t("app.progress", done=done, total=len(ids)))
        self.progress.value = (
            f"<p><span class='cc-position'>{where}</span>"
            f"<span class='cc-progress-part'> · <span class='cc-muted'>{progress}</span></span></p>"
        )
        last = position == len(ids)
        self.back.layout.visibility = "hidden" if position == 1 else "visible"
        self.forward.layout.display = "none" if last else None
        self.finish.layout.display = None if last else "none"

    def _show_module(self) -> None:
        self.module_object = open_module(
            self.current, self.session, on_erased=self._after_erase, focus=self.page.focus, room=self.room_round
        )
        view = self.module_object.widget
        # named after its module, so a focus request never lands on the heading of the module going away
        view.add_class(f"cc-shows-{self.current}")
        replace_children(self.module, [view])
        heap.give_back_soon()  # what the screen before held
        self._show_done(self.session.get(keys.progress(self.current)) is True)
        self._show_steps()
        if self.room_bar is not None:
            self.room_bar.showing(self.current)

    # --- actions -----------------------------------------------------------------------------------

    def go(self, module_id: str) -> None:
        """Show another module (answers are already saved); the focus goes to its heading."""
        if module_id not in self.workshop.module_ids or not self.session.attached:
            return
        if module_id == self.current:  # its own step: nothing to rebuild (a running timer keeps running)
            self.page.focus(MODULE_HEADING.format(module_id=module_id))
            return
        self.current = module_id
        self.session.set(keys.POSITION, module_id)
        self.complete_card.layout.display = "none"
        self._show_module()
        self.page.focus(MODULE_HEADING.format(module_id=module_id))

    def _step(self, offset: int) -> None:
        """Back or Next; Next says the participant is through with this part, so it counts as done."""
        ids = self.workshop.module_ids
        index = ids.index(self.current) + offset
        if 0 <= index < len(ids):
            if offset > 0:
                self.session.set(keys.progress(self.current), True)
            self.go(ids[index])

    def _finish(self) -> None:
        """The last part is done: say so, with what is still open and the step the participant committed to."""
        self.session.set(keys.progress(self.current), True)
        self._show_done(True)
        self._show_steps()
        self._show_complete()
        self.page.focus(".cc-complete h2", reveal=".cc-complete")

    def _show_done(self, value: bool) -> None:
        """Set the "done" tick to the module's state without counting it as the participant's click."""
        self._showing_done = True
        try:
            self.done.value = value
        finally:
            self._showing_done = False

    def _show_complete(self) -> None:
        t, lang, ids = self.session.t, self.session.language, self.workshop.module_ids
        open_parts = [
            t("app.step", number=number, title=self.workshop.module_title(module_id, lang))
            for number, module_id in enumerate(ids, start=1)
            if self.session.get(keys.progress(module_id)) is not True
        ]
        promise = commitment(self.workshop, self.session.answers())  # as the wrap-up shows it, plan defaults too
        who, due = str(promise["who"] or "").strip(), as_date(promise["due"])
        if who and due is not None:
            step = t("app.complete_next", who=who, due=long_date(due, self.workshop, lang))
        else:
            step = t("app.complete_commit")
        if open_parts:
            title = t("app.complete_heading_partly")
            parts = [
                t("app.complete_partly", done=len(ids) - len(open_parts), total=len(ids)),
                step,
                t("app.complete_open", parts=", ".join(open_parts)),
            ]
        else:
            title, parts = t("app.complete_heading"), [t("app.complete_text", total=len(ids)), step]
        self.complete_card.value = (
            f"<div role='status'>{heading_html(title)}"
            + "".join(f"<p>{html.escape(part)}</p>" for part in parts)
            + "</div>"
        )
        self.complete_card.layout.display = None

    def _start_new(self) -> None:
        if self.session.attached:  # a second click of a double click: one participant, one code
            return
        try:
            code = self.session.start_new()
        except JournalWriteError as error:  # no code could be saved: say why, and that the facilitator can help
            log.warning("a new participant could not be saved: %s", error.reason)
            self.status.show(
                "error", self.session.t("code.start_full" if error.reason == "full" else "code.start_failed")
            )
            return
        self.device.code = code
        self.current = self.workshop.module_ids[0]
        self._hide_erased_note()
        self._show_workshop()
        self.page.focus(MODULE_HEADING.format(module_id=self.current))

    def _resume_from_input(self) -> None:
        t = self.session.t
        code = normalize_code(self.code_input.value)
        if code is None:
            self.code_message.value = f"<p class='cc-status-error' role='alert'>{html.escape(t('code.invalid'))}</p>"
        elif self.code_throttle.waiting():  # too many wrong codes from this page: the code is not looked up
            self.code_message.value = f"<p class='cc-status-error' role='alert'>{html.escape(t('code.wait'))}</p>"
        elif not self.session.journal.participant_exists(code):
            self.code_throttle.failed()
            self.code_message.value = f"<p class='cc-status-error' role='alert'>{html.escape(t('code.unknown'))}</p>"
        else:
            self.code_throttle.succeeded()
            self.code_message.value = ""
            self._resume(code)
            self.page.focus(MODULE_HEADING.format(module_id=self.current))

    def _resume(self, code: str) -> None:
        self.session.attach(code)
        self._hide_erased_note()
        self.device.code = code
        if self.language.value != self.session.language:
            self.language.value = self.session.language  # the saved language; _on_language relabels
        position = self.session.get(keys.POSITION)
        self.current = position if position in self.workshop.module_ids else self.workshop.module_ids[0]
        self._show_workshop()

    def _on_stored_code(self, change: dict) -> None:
        code = normalize_code(change["new"] or "")
        if not code or self.session.attached or self.code_throttle.waiting():
            return
        if self.session.journal.participant_exists(code):
            self._resume(code)
        else:
            self.code_throttle.failed()  # the browser's remembered code is a guess like any other

    def _after_erase(self) -> None:
        """The participant erased their data: forget the code everywhere and go back to the start."""
        self._leave("wrapup.erased")

    def _forget_device(self) -> None:
        """The shared computer's button: the code leaves the browser, and the answers leave the screen."""
        self.session.flush()  # what was typed last is saved under the code before the page lets go of it
        self._leave("code.forgotten")

    def _leave(self, message_key: str) -> None:
        """Back to the start screen with nothing of the participant left on the page (widgets closed)."""
        self.session.detach()
        self.device.forget()
        replace_children(self.module, [])
        self.code_bar.value = ""
        self.current = self.workshop.module_ids[0]
        self._show_start()
        self.status.show("info", self.session.t(message_key))
        self.page.focus(".cc-start h2")

    def _let_go(self, message_key: str) -> None:
        """The participant's data was erased elsewhere (the coach erased the room): nothing of them stays on the
        page or in this kernel, the page says so calmly (a note, not an error) and offers a fresh start."""
        self._close_room()
        self.complete_card.value = ""
        self.complete_card.layout.display = "none"
        self._leave(message_key)
        self.status.clear()  # the note says it, where the fresh start is; no "not saved" is left over
        t = self.session.t
        self.erased_note.value = (
            f"<div class='cc-card' role='status'>{heading_html(t('end.erased_heading'))}"
            f"<p>{html.escape(t(message_key))}</p></div>"
        )
        self.erased_note.layout.display = None
        self.page.focus(".cc-erased-note h2")

    def _hide_erased_note(self) -> None:
        self.erased_note.value = ""
        self.erased_note.layout.display = "none"

    def _close_room(self) -> None:
        """Everything of the room on this page goes: the bar (with a word-wall answer), the end screen."""
        replace_children(self.room_slot, [])
        replace_children(self.end_card, [])
        self.end_card.remove_class("cc-card")
        self.stepper.layout.display = None
        self.membership = self.room_bar = self.end_downloads = None
        self.followed = self.ended_room = None

    def _toggle_code_hints(self) -> None:
        self.session.set(keys.CODE_NOTED, self.session.get(keys.CODE_NOTED) is not True)
        self._show_code()

    def _on_browser_languages(self, change: dict) -> None:
        """A first visit opens in the browser's language, unless the address or the participant chose one."""
        if self.language_chosen or self.session.attached:
            return
        preferred = preferred_language(change["new"], self.workshop.languages, self.workshop.default_language)
        if preferred != self.language.value:
            self._following_browser = True
            try:
                self.language.value = preferred
            finally:
                self._following_browser = False

    def _on_language(self, change: dict) -> None:
        """Every text in the other language; answers, position and the focus (on this toggle) stay."""
        if not self._following_browser:
            self.language_chosen = True
        new = change["new"]
        if new == self.session.language:
            return  # the toggle follows the session (a resume in the saved language)
        if self.session.attached:
            self.session.set_language(new)
        else:
            self.session.language = new
        self._label_everything()
        if self.session.attached:
            self._show_module()
        if self.end_downloads is not None:  # the end screen speaks the new language too
            self._fill_end_card()

    # --- the facilitated room --------------------------------------------------------------------

    def room_tick(self, force: bool = False) -> None:
        """Look at the room (twice a second): join it, tell the open module the role-play round the room gave,
        follow the coach (back to the coach's module at each new lead), show the end screen."""
        if not self.session.attached:
            return
        if self.session.erased and self.membership is not None:  # a save found the participant gone
            self.membership.refresh()  # learns whether the room went with them
        if self.session.erased or (self.membership is not None and self.membership.erased):
            self._let_go(
                "end.erased" if self.membership is not None and self.membership.room_erased else "end.erased_elsewhere"
            )
            return
        # a participant who erased their data and started again looks at once (their new code is no member yet)
        new_code = self.membership is not None and self.membership.code != self.session.code
        if not (new_code or self.room_watch.changed() or force):
            return
        if self.membership is None or new_code:
            self.membership = Membership(self.session.journal, self.session.code)
            self.room_bar = RoomBar(self.session, self.membership, go=self.go, focus=self.page.focus)
            self.room_bar.showing(self.current)
            replace_children(self.room_slot, [self.room_bar.widget])
            self.followed = None
        if not self.membership.refresh():
            if self.membership.erased:  # the coach erased the room: a calm note and a fresh start
                self._let_go("end.erased" if self.membership.room_erased else "end.erased_elsewhere")
                return
            self.room_bar.hide()
            self.followed = None
            self.room_round = None
            self._tell_module()
            return
        state = self.membership.state
        self.room_bar.show(state)
        self.room_round = self.membership.room_round()
        self._tell_module()
        followed = state.followed_module()
        lead = None if followed is None else (followed, state.lead)
        if lead is not None and lead != self.followed:  # the coach's next move brings a wandering page back
            self.go(followed)
        self.followed = lead
        if state.ended and self.ended_room != self.membership.room_id:
            self.ended_room = self.membership.room_id
            self._show_end()

    def _tell_module(self) -> None:
        """The open module learns the role-play round the room gave this participant (None: none)."""
        show_room = getattr(self.module_object, "show_room", None)
        if show_room is not None:
            show_room(self.room_round)

    def _show_end(self) -> None:
        """The final screen: thanks, and the wrap-up with the take-home downloads (no more stepping around)."""
        wrap_up = next(ref.id for ref in self.workshop.manifest.modules if ref.kind == "wrap-up")
        self._fill_end_card()
        self.end_card.add_class("cc-card")
        self.room_bar.hide()
        self.stepper.layout.display = "none"
        self.go(wrap_up)
        self.page.focus(".cc-room-end-screen h2", reveal=".cc-room-end-screen")

    def _fill_end_card(self) -> None:
        """Thanks, and the downloads on the end screen itself, in reach without scrolling (the wrap-up follows)."""
        t = self.session.t
        self.end_downloads = EndDownloads(self.session)
        replace_children(
            self.end_card, [heading(t("room.end_heading")), text_html(t("room.end_text")), self.end_downloads.widget]
        )

    def _on_saved(self, kind: str, _message: str) -> None:
        if self.end_downloads is not None and kind in ("saved", "conflict"):
            self.end_downloads.refresh()

    def _on_done(self, change: dict) -> None:
        """A tick changes the state of this step only: nothing is redrawn, nothing loses its place."""
        if self._showing_done or not self.session.attached:
            return
        self.session.set(keys.progress(self.current), clean_flag(change["new"]))
        self._show_steps()


def preferred_language(tags, offered: tuple[str, ...], default: str) -> str:
    """The first of the browser's language tags (``en-GB``, ``de``, ...) that the workshop offers, else ``default``.

    The tags come from the page and so from anyone: anything that is not a short string is passed over.
    """
    for tag in tags if isinstance(tags, list | tuple) else ():
        if isinstance(tag, str) and len(tag) <= 35:
            primary = tag.strip().split("-")[0].split("_")[0].lower()
            if primary in offered:
                return primary
    return default


def prepare() -> tuple[Workshop, Journal]:
    """Everything that is the same for every visitor: the content, the journal and every module's view.

    A pooled kernel does this before anyone visits, so that a visitor's page needs only their own screen.
    """
    workshop = load_workshop()
    journal = Journal()
    for ref in workshop.manifest.modules:
        kind(ref.kind).load("view")  # import each view now, not when the participant first opens it
    return workshop, journal


def app(query_string: str | None = None) -> w.Widget:
    """Build the workshop app for this visitor (code and language may come from the page address).

    Everything the same for everyone is prepared first; the visitor's address (``?code=...&lang=...``) is
    read only after their request has arrived (:func:`coffeechat.pages.visitor.query_string`: a pooled kernel
    waits there for its visitor).
    """
    try:
        workshop, journal = prepare()
    except ContentError as error:
        log.error("the workshop content has problems:\n%s", error)  # noqa: TRY400 - the list is the message
        return html_part(CONTENT_BROKEN)
    except (JournalWriteError, MissingDriver, NewerSchema, OSError, ValueError):
        log.exception("the journal cannot be opened")
        return html_part(CONTENT_BROKEN)
    if visitor.pooled():
        heap.keep_for_good()  # the kernel waits in the pool with what lasts frozen and the rest given back
    query = parse_qs(query_string if query_string is not None else visitor.query_string())
    address_code = (query.get("code") or [""])[0]
    language = (query.get("lang") or [None])[0]
    page = (query.get("room") or [""])[0]
    if page in ("console", "projector"):
        token = (query.get("token") or [""])[0]
        language = language if language in workshop.languages else workshop.default_language
        from coffeechat.pages.facilitator import (
            facilitator_page,  # here: the coach's two pages, not thirty participants' kernels
        )

        return facilitator_page(workshop, journal, page, token, language)
    root = WorkshopApp(
        workshop, journal, code=normalize_code(address_code), language=language, address_code=address_code
    ).root
    heap.give_back_soon(then_keep=True)  # the frame and the start screen last as long as the page
    return root

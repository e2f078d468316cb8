"""The single-page workshop app that Voila serves: start or resume, then every module in one page.

``app()`` is the one call in ``notebooks/workshop.ipynb``. Each visitor gets their own kernel and so their
own :class:`WorkshopApp`; it only ever loads the participant whose code the visitor holds.

The frame (header, code, stepper, "done" tick, back/next) is built once and updated in place; moving to
another module swaps only the module's view, and ticking "done" changes only the state of that step. So a
click never lands on a widget that is being replaced, the page never jumps, and a running timer keeps
running.

The page's parts, each a small class the app composes:

- :mod:`coffeechat.pages.header`: the title and the language toggle (and the browser's language, at first);
- :mod:`coffeechat.pages.start_screen`: start, or resume with a code, through the resume-code throttle;
- :mod:`coffeechat.pages.code_box`: the participant's code, how to come back, "forget me on this device";
- :mod:`coffeechat.pages.navigation`: the stepper, the open module, the "done" tick, Back/Next and the end;
- :mod:`coffeechat.pages.room_following`: the facilitated room: the room bar, following the coach, the end screen.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import parse_qs

import ipywidgets as w

from coffeechat import environment
from coffeechat.content import ContentError, Workshop, load_workshop
from coffeechat.content.kinds import kind
from coffeechat.models import keys
from coffeechat.models.session import Session
from coffeechat.pages import heap, visitor
from coffeechat.pages.code_box import CodeBox
from coffeechat.pages.header import LanguageHeader
from coffeechat.pages.navigation import MODULE_HEADING, ModuleNavigation
from coffeechat.pages.room_following import RoomFollowing
from coffeechat.pages.start_screen import StartScreen
from coffeechat.room.live import POLL_SECONDS, every
from coffeechat.storage.codes import ResumeThrottle, normalize_code
from coffeechat.storage.database import MissingDriver, NewerSchema
from coffeechat.storage.journal import Journal, JournalWriteError
from coffeechat.views.common import (
    FULL_WIDTH,
    css,
    guarded,
    html_part,
    replace_children,
    watch,
)
from coffeechat.views.status import StatusBar
from coffeechat.widgets.device import DeviceMemory
from coffeechat.widgets.page import PageAssist

log = logging.getLogger("coffeechat")
#: set by ``serve --coach-server`` for its kernels only: the room's token of a coach's server behind a login
FACILITATOR_TOKEN_VAR = environment.FACILITATOR_TOKEN.name

#: Shown when the content or the journal cannot be loaded (ui.yaml itself may be what is broken).
CONTENT_BROKEN = (
    "<div class='cc-card cc-status-error' role='alert'>"
    "<p>Der Workshop kann gerade nicht geladen werden. Bitte wenden Sie sich an die Workshopleitung.</p>"
    "<p>The workshop cannot be loaded right now. Please tell the facilitator.</p></div>"
)


def lasting_address_path(environ=os.environ) -> str:
    """The path a participant's bookmark or reload should open, or "" for this page's own address.

    Behind JupyterHub (which tells every server its ``JUPYTERHUB_BASE_URL``) that is the hub's
    ``hub/user-redirect/``: a server's own ``/user/<name>/`` address ends when an idle server and its temporary
    account are culled, while user-redirect logs the visitor in and sends them to a server of their own.
    """
    hub = environ.get("JUPYTERHUB_BASE_URL")
    return f"{hub.rstrip('/')}/hub/user-redirect/" if hub else ""


class WorkshopApp:
    """The participant's page, composed of its parts: the header with the language and, once attached, the code
    (:class:`LanguageHeader`, :class:`CodeBox`), the start screen (:class:`StartScreen`), then the frame with the
    modules (:class:`ModuleNavigation`) and the facilitated room (:class:`RoomFollowing`).

    The app itself moves between the two screens: it starts or resumes a participant, says everything again
    after a language switch, and lets go of the participant (erased, forgotten on this device, or erased by the
    coach) with nothing of them left on the page.
    """

    def __init__(
        self,
        workshop: Workshop,
        journal: Journal,
        code: str | None = None,
        language: str | None = None,
        address_code: str = "",
        client: str = "",
    ):
        """``address_code`` is the ``?code=`` of the page address as it came; one we do not know is said so.
        ``client`` is the visitor's client address (:func:`coffeechat.pages.visitor.client_address`): wrong codes
        count against it on every page from there."""
        self.workshop = workshop
        self.session = Session(workshop, journal, language=language if language in workshop.languages else None)
        self.status = StatusBar(self.session)
        self.device = DeviceMemory(address_path=lasting_address_path())
        self.page = PageAssist()
        self.code_box = CodeBox(self.session, on_forget=self._forget_device, focus=self.page.focus)
        self.header = LanguageHeader(
            self.session,
            self.page,
            asked=language in workshop.languages,
            on_switched=self._on_language,
            beside=self.code_box.widget,
        )
        throttle = ResumeThrottle(shared=journal.code_failures, client=client)
        self.start = StartScreen(
            self.session, throttle, on_start=self._start_new, on_resume=self._resume, focus=self.page.focus
        )
        watch(self.session, self.device, self.start.on_stored_code, "stored_code")
        self.navigation = ModuleNavigation(self.session, self.page, on_erased=self._after_erase)
        self.room = RoomFollowing(self.session, self.page, self.navigation, let_go=self._let_go)
        self.navigation.on_shown = self.room.showing
        self.frame = w.VBox(
            [
                self.room.end_card,
                self.room.slot,
                self.navigation.stepper,
                self.navigation.module,
                self.navigation.done,
                self.navigation.pager,
                self.navigation.complete_card,
            ],
            layout=FULL_WIDTH,
        )
        self.frame.add_class("cc-frame")
        self.body = w.VBox(layout=FULL_WIDTH, **css("cc-body"))
        self.root = w.VBox(
            [self.device, self.page, self.header.widget, self.status.widget, self.body],
            layout=FULL_WIDTH,
            **css("cc-app"),
        )
        if not self.start.open_with(code, address_code):
            self._show_start()
        # a date entered in the wrap-up under the end screen brings the calendar onto it
        self.session.on_status(guarded(self.session, self.room.saved))
        self.room_task = every(POLL_SECONDS, guarded(self.session, self.room_tick, background=True))

    @property
    def current(self) -> str:
        """The module on screen."""
        return self.navigation.current

    def go(self, module_id: str) -> None:
        """Show another module (answers are already saved); the focus goes to its heading."""
        self.navigation.go(module_id)

    def room_tick(self, force: bool = False) -> None:
        """Look at the room (twice a second): see :meth:`RoomFollowing.tick`."""
        self.room.tick(force)

    # --- screens -----------------------------------------------------------------------------------

    def _label_everything(self) -> None:
        """Every text of the page in the session's language (after a start, a resume or a language switch)."""
        self.header.label()
        self.start.label()
        self.code_box.label()
        self.navigation.label()
        if self.session.attached:
            self.code_box.show()

    def _show_start(self) -> None:
        self._label_everything()
        # the frame lasts as long as the page: a participant who erased or forgot starts again in it
        replace_children(self.body, [self.start.widget], keep=[self.frame])

    def _show_workshop(self) -> None:
        """The frame with the current module (after a start or a resume)."""
        self._label_everything()
        self.navigation.show_module()
        if self.body.children != (self.frame,):
            self.body.children = (self.frame,)

    def _on_language(self) -> None:
        """The language was switched: every text again, the open module in the new language, the end screen too."""
        self._label_everything()
        if self.session.attached:
            self.navigation.show_module()
        self.room.relabel()

    # --- a participant comes and goes --------------------------------------------------------------

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
        self.navigation.start_at(None)
        self.start.hide_erased_note()
        self._show_workshop()
        self.page.focus(MODULE_HEADING.format(module_id=self.current))

    def _resume(self, code: str, focus: bool = False) -> None:
        self.session.attach(code)
        self.start.hide_erased_note()
        self.device.code = code
        self.header.follow_session()  # the saved language; the toggle's change relabels
        self.navigation.resume_at(self.navigation.pressing_module() or self.session.get(keys.POSITION))
        self._show_workshop()
        if focus:
            self.page.focus(MODULE_HEADING.format(module_id=self.current))

    def _after_erase(self) -> None:
        """The participant erased their data: forget the code everywhere and go back to the start."""
        self._leave("wrapup.erased")

    def _forget_device(self) -> None:
        """The shared computer's button, said yes to: the code leaves the browser, and the answers leave the
        screen. A notice on the start screen says so and shows the code once more, to write down now (until the
        participant hides it, or the next one starts or resumes); the focus goes to it."""
        self.session.flush()  # what was typed last is saved under the code before the page lets go of it
        code = self.session.code
        self._leave("")
        self.start.show_forgotten_note(code)
        self.page.focus(".cc-forgotten-note h2")

    def _leave(self, message_key: str) -> None:
        """Back to the start screen with nothing of the participant left on the page (widgets closed), saying
        ``message_key`` in the status line (none for "")."""
        self.session.detach()
        self.device.forget()
        self.navigation.close_module()
        self.code_box.clear()
        self._show_start()
        if message_key:
            self.status.show("info", self.session.t(message_key))
        else:
            self.status.clear()
        self.page.focus(".cc-start h2")

    def _let_go(self, message_key: str) -> None:
        """The participant's data was erased elsewhere (the coach erased the room): nothing of them stays on the
        page or in this kernel, the page says so calmly (a note, not an error) and offers a fresh start."""
        self.room.close()
        self.navigation.hide_complete()
        self._leave(message_key)
        self.status.clear()  # the note says it, where the fresh start is; no "not saved" is left over
        self.start.show_erased_note(message_key)
        self.page.focus(".cc-erased-note h2")


def coach_page(query: dict[str, list[str]], environ=os.environ) -> tuple[str, str]:
    """Which of the coach's pages the address asks for ("console", "projector"; "" for the participant's app),
    and the token to check.

    On a coach's server behind a login (``serve --coach-server``: JupyterHub's coach service) every page is the
    coach's, the console unless the projector is asked for, and the token is that server's own: one in the
    address is ignored. Anywhere else the token comes from the address alone."""
    page = (query.get("room") or [""])[0]
    server_token = environ.get(FACILITATOR_TOKEN_VAR, "")
    if server_token:
        return ("projector" if page == "projector" else "console"), server_token
    if page in ("console", "projector"):
        return page, (query.get("token") or [""])[0]
    return "", ""


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
    page, token = coach_page(query)
    if page:
        language = language if language in workshop.languages else workshop.default_language
        from coffeechat.pages.facilitator import (
            facilitator_page,  # here: the coach's two pages, not thirty participants' kernels
        )

        return facilitator_page(workshop, journal, page, token, language)
    try:
        root = WorkshopApp(
            workshop,
            journal,
            code=normalize_code(address_code),
            language=language,
            address_code=address_code,
            client=visitor.client_address(),
        ).root
    except JournalWriteError:  # the database went away after this (pooled) kernel opened it; logged once there
        return html_part(CONTENT_BROKEN)
    heap.give_back_soon(then_keep=True)  # the frame and the start screen last as long as the page
    return root

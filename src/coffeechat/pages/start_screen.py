"""The start screen: start with a new code, or come back with one (typed, remembered by the browser, or in
the page address), every try through the resume-code throttle.

A wrong code is said so; too many wrong codes from this page or from the visitor's address and the next try
waits, with a message that says how many seconds (:class:`coffeechat.storage.codes.ResumeThrottle`). A code
is looked up only when it may be; then the app's ``on_resume(code, focus)`` takes over (``focus``: move the
keyboard focus to the module, after a typed code).
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from coffeechat.content import plural
from coffeechat.models import keys
from coffeechat.models.session import Session
from coffeechat.storage.codes import ResumeThrottle, normalize_code
from coffeechat.views.common import (
    FULL_WIDTH,
    WRAPPING_ROW,
    button,
    css,
    heading,
    heading_html,
    html_part,
    on_click,
    on_enter,
    replace_children,
    text_html,
)


def _error(text: str, *classes: str) -> str:
    return f"<p class='{' '.join(('cc-status-error', *classes))}' role='alert'>{html.escape(text)}</p>"


class StartScreen:
    """ "Start now", the code field with "Continue", the message under it, and the note after an erase."""

    def __init__(
        self,
        session: Session,
        throttle: ResumeThrottle,
        on_start: Callable[[], None],
        on_resume: Callable[[str, bool], None],
        focus: Callable[[str], None] = lambda _selector: None,
    ):
        self.session = session
        self.focus = focus
        #: wrong resume codes tried from this page and from the visitor's address (seen by every kernel)
        self.throttle = throttle
        self._on_resume = on_resume
        self.start_button = button("", "cc-start-new", "primary")
        on_click(session, self.start_button, on_start)
        self.code_input = w.Text(
            layout=w.Layout(width="16em"),
            style={"description_width": "initial"},
            **css("cc-code-input", "cc-stacked"),
        )
        self.resume_button = button("", "cc-resume")
        on_click(session, self.resume_button, self.resume_from_input)
        on_enter(session, self.code_input, self.resume_from_input)
        self.code_message = html_part("")
        # after the coach erased the room (or the data went elsewhere): a calm note above the fresh start
        self.erased_note = html_part("", "cc-erased-note", layout=w.Layout(width="100%", display="none"))
        # under a forgotten code's notice: the code noted, hidden from whoever comes to this computer next
        self.hide_note = button("", "cc-forgotten-hide", kind="cc-hidden")
        on_click(session, self.hide_note, self._hide_forgotten_note)
        self.intro = w.VBox(layout=FULL_WIDTH)
        resume_row = w.HBox([self.code_input, self.resume_button], layout=WRAPPING_ROW, **css("cc-resume-row"))
        self.widget = w.VBox(
            [self.erased_note, self.hide_note, self.intro, self.start_button, resume_row, self.code_message],
            layout=FULL_WIDTH,
        )
        self.widget.add_class("cc-start")

    def label(self) -> None:
        """Every text of the screen in the session's language."""
        t, lang = self.session.t, self.session.language
        self.start_button.description = t("code.start_new")
        self.resume_button.description = t("code.resume")
        self.code_input.description = t("code.have_one")
        self.code_input.placeholder = t("code.enter_placeholder")
        # the welcome module explains what an informational interview is; the start screen only what happens here
        welcome = self.session.workshop.welcome
        replace_children(
            self.intro, [heading(welcome.title[lang]), text_html(t("code.start_lead")), text_html(t("code.new_intro"))]
        )

    # --- the tries ---------------------------------------------------------------------------------

    def open_with(self, code: str | None, address_code: str) -> bool:
        """The page opened with ``?code=`` (``address_code`` as it came, ``code`` its canonical form or None):
        resume if that participant exists (True); else say why not. The address's code is a try like any
        other: counted when wrong, not looked up too soon."""
        too_soon = bool(code) and self.throttle.waiting()
        if code and not too_soon and self.session.journal.participant_exists(code):
            self._on_resume(code, False)
            return True
        if code and not too_soon:
            self.throttle.failed()
        if address_code.strip():
            quoted = address_code.strip()[: keys.QUOTED_CHARS]
            said = self.wait_text() if too_soon else self.session.t("code.unknown_address", code=quoted)
            self.code_message.value = _error(said, "cc-unknown-address")
        return False

    def resume_from_input(self) -> None:
        """ "Continue": the typed code, in any spelling people type codes in."""
        t = self.session.t
        code = normalize_code(self.code_input.value)
        if code is None:
            self.code_message.value = _error(t("code.invalid"))
        elif self.throttle.waiting():  # too many wrong codes from here: the code is not looked up
            self.code_message.value = _error(self.wait_text())
        elif not self.session.journal.participant_exists(code):
            self.throttle.failed()
            self.code_message.value = _error(t("code.unknown"))
        else:
            self.throttle.succeeded()
            self.code_message.value = ""
            self._on_resume(code, True)

    def on_stored_code(self, change: dict) -> bool:
        """The browser handed back the code it remembered: resume with it (True) if it may be looked up and
        belongs to someone. A remembered code is a guess like any other."""
        code = normalize_code(change["new"] or "")
        if not code or self.session.attached or self.throttle.waiting():
            return False
        if self.session.journal.participant_exists(code):
            self._on_resume(code, False)
            return True
        self.throttle.failed()
        return False

    def wait_text(self) -> str:
        """Too many wrong codes: how long to wait before the next try."""
        workshop, language = self.session.workshop, self.session.language
        return plural(workshop, "code.wait_seconds", self.throttle.seconds_to_wait(), language)

    # --- the note after an erase -------------------------------------------------------------------

    def show_erased_note(self, message_key: str) -> None:
        t = self.session.t
        self.erased_note.value = (
            f"<div class='cc-card' role='status'>{heading_html(t('end.erased_heading'))}"
            f"<p>{html.escape(t(message_key))}</p></div>"
        )
        self.erased_note.layout.display = None

    def show_forgotten_note(self, code: str) -> None:
        """This device forgot the participant's code: said, with the code once more to write down, and a button
        that hides it (a shared computer's next person should not find it)."""
        t = self.session.t
        self.erased_note.value = (
            f"<div class='cc-card cc-forgotten-note' role='status'>{heading_html(t('code.forgotten_heading'))}"
            f"<p>{html.escape(t('code.forgotten'))}</p>"
            f"<p class='cc-code-bar'><span class='cc-code-label'>{html.escape(t('code.your_code'))}</span> "
            f"<strong class='cc-code'>{html.escape(code)}</strong></p></div>"
        )
        self.erased_note.layout.display = None
        self.hide_note.description = t("code.forgotten_hide")
        self.hide_note.remove_class("cc-hidden")

    def _hide_forgotten_note(self) -> None:
        self.hide_erased_note()
        self.focus(".cc-start h2")

    def hide_erased_note(self) -> None:
        self.erased_note.value = ""
        self.erased_note.layout.display = "none"
        self.hide_note.add_class("cc-hidden")

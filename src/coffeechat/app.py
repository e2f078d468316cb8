"""The single-page workshop app that Voila serves: start or resume, then every module in one page.

``app()`` is the one call in ``notebooks/workshop.ipynb``. Each visitor gets their own kernel and so their
own :class:`WorkshopApp`; it only ever loads the participant whose code the visitor holds.
"""

from __future__ import annotations

import html
import logging
from urllib.parse import parse_qs

import ipywidgets as w

from . import keys, visitor
from .answers import clean_flag
from .codes import normalize_code
from .content import ContentError, Workshop, load_workshop
from .device import DeviceMemory
from .journal import Journal, JournalWriteError
from .kinds import kind
from .session import Session
from .views.common import FULL_WIDTH, WRAPPING_ROW, button, heading, on_click, replace_children, text_html, watch
from .views.status import StatusBar

log = logging.getLogger("coffeechat")

#: Shown when the content or the journal cannot be loaded (ui.yaml itself may be what is broken).
CONTENT_BROKEN = (
    "<div class='cc-card cc-status-error' role='alert'>"
    "<p>Der Workshop kann gerade nicht geladen werden. Bitte wenden Sie sich an die Kursleitung.</p>"
    "<p>The workshop cannot be loaded right now. Please tell the facilitator.</p></div>"
)


def module_view(module_id: str, session: Session, on_erased=None) -> w.Widget:
    """The view of one module in the session's language (its kind says which view)."""
    view = kind(session.workshop.module_ref(module_id).kind).load("view")
    return view(session, module_id, on_erased=on_erased).widget


class WorkshopApp:
    """Header with language and code, a start/resume screen, then a stepper over all modules."""

    def __init__(self, workshop: Workshop, journal: Journal, code: str | None = None, language: str | None = None):
        self.workshop = workshop
        self.session = Session(workshop, journal, language=language if language in workshop.languages else None)
        self.status = StatusBar(self.session)
        self.device = DeviceMemory()
        watch(self.session, self.device, self._on_stored_code, "stored_code")
        self.header = w.VBox(layout=FULL_WIDTH)
        self.header.add_class("cc-header")
        self.body = w.VBox(layout=FULL_WIDTH)
        self.body.add_class("cc-body")
        self.root = w.VBox([self.device, self.header, self.status.widget, self.body], layout=FULL_WIDTH)
        self.root.add_class("cc-app")
        self.current = "welcome"
        self.code_input = w.Text(layout=w.Layout(width="14em"))
        self.code_message = w.HTML("")
        if code and journal.participant_exists(code):
            self._resume(code)
        else:
            self.render()

    # --- screens -----------------------------------------------------------------------------------

    def render(self) -> None:
        """Draw the header and the current screen in the session's language."""
        replace_children(self.header, self._header())
        screen = self._workshop_screen() if self.session.attached else self._start_screen()
        replace_children(self.body, screen, keep=(self.code_input, self.code_message))

    def _header(self) -> list[w.Widget]:
        t, lang = self.session.t, self.session.language
        manifest = self.workshop.manifest
        language = w.ToggleButtons(
            options=[(lang_.name, lang_.code) for lang_ in manifest.languages],
            value=lang,
            tooltips=[t("app.language")] * len(manifest.languages),
        )
        language.add_class("cc-language")
        watch(self.session, language, self._on_language)
        title = w.HTML(
            f"<div class='cc-title'>{html.escape(manifest.title[lang])}</div>"
            f"<div class='cc-muted'>{html.escape(manifest.subtitle[lang])}</div>",
            layout=w.Layout(flex="1 1 18em"),
        )
        row = w.HBox([title, language], layout=WRAPPING_ROW)
        row.add_class("cc-header-row")
        return [row]

    def _start_screen(self) -> list[w.Widget]:
        t = self.session.t
        start = button(t("code.start_new"), "cc-start-new", "primary")
        on_click(self.session, start, self._start_new)
        self.code_input.placeholder = t("code.enter_placeholder")
        resume = button(t("code.resume"), "cc-resume")
        on_click(self.session, resume, self._resume_from_input)
        self.code_input.add_class("cc-code-input")
        welcome = self.workshop.welcome
        return [
            heading(welcome.title[self.session.language]),
            text_html(welcome.what_is_it[self.session.language]),
            text_html(t("code.new_intro")),
            start,
            heading(t("code.have_one"), 3),
            w.HBox([self.code_input, resume]),
            self.code_message,
        ]

    def _workshop_screen(self) -> list[w.Widget]:
        t = self.session.t
        code_bar = w.HTML(
            f"<div class='cc-code-bar'>{html.escape(t('code.your_code'))} "
            f"<strong class='cc-code'>{html.escape(self.session.code)}</strong> · "
            f"<span class='cc-muted'>{html.escape(t('code.write_down'))}</span></div>"
            f"<div class='cc-muted'>{html.escape(t('code.link_hint'))} {html.escape(t('app.print_hint'))}</div>",
            layout=w.Layout(flex="1 1 20em"),
        )
        forget = button(t("code.forget_device"), "cc-forget")
        on_click(self.session, forget, self._forget_device)
        view = module_view(self.current, self.session, on_erased=self._after_erase)
        done = w.Checkbox(
            value=bool(self.session.get(keys.progress(self.current))), description=t("app.module_done"), indent=False
        )
        done.add_class("cc-module-done")
        watch(self.session, done, self._on_done)
        code_row = w.HBox([code_bar, forget], layout=WRAPPING_ROW)
        code_row.add_class("cc-code-row")
        return [code_row, self._stepper(), view, done, self._pager()]

    def _stepper(self) -> w.Widget:
        t = self.session.t
        ids = self.workshop.module_ids
        done = sum(bool(self.session.get(keys.progress(m))) for m in ids)
        buttons = []
        for number, module_id in enumerate(ids):
            finished = bool(self.session.get(keys.progress(module_id)))
            mark = t("app.done_mark") if finished else t("app.open_mark")
            label = f"{mark} {number}. {self.workshop.module_title(module_id, self.session.language)}"
            step = button(label, f"cc-step-{module_id}")
            step.add_class("cc-step")
            if module_id == self.current:
                step.add_class("cc-step-current")
            if finished:
                step.add_class("cc-step-done")
            on_click(self.session, step, lambda m=module_id: self.go(m))
            buttons.append(step)
        progress_text = html.escape(t("app.progress", done=done, total=len(ids)))
        progress = w.HTML(f"<div class='cc-progress-text' role='status'>{progress_text}</div>")
        steps = w.HBox(buttons, layout=w.Layout(flex_flow="row wrap"))
        steps.add_class("cc-stepper")
        return w.VBox([progress, steps], layout=FULL_WIDTH)

    def _pager(self) -> w.Widget:
        t = self.session.t
        ids = self.workshop.module_ids
        index = ids.index(self.current)
        parts = []
        if index > 0:
            back = button(f"← {t('app.back')}", "cc-back")
            on_click(self.session, back, lambda: self.go(ids[index - 1]))
            parts.append(back)
        if index < len(ids) - 1:
            forward = button(f"{t('app.next')} →", "cc-next", "primary")
            on_click(self.session, forward, lambda: self.go(ids[index + 1]))
            parts.append(forward)
        return w.HBox(parts, layout=w.Layout(justify_content="space-between", width="100%"))

    # --- actions -----------------------------------------------------------------------------------

    def go(self, module_id: str) -> None:
        """Show another module (answers are already saved)."""
        if module_id not in self.workshop.module_ids:
            return
        self.current = module_id
        self.session.set(keys.POSITION, module_id)
        self.render()

    def _start_new(self) -> None:
        code = self.session.start_new()
        self.device.code = code
        self.current = "welcome"
        self.render()

    def _resume_from_input(self) -> None:
        t = self.session.t
        code = normalize_code(self.code_input.value)
        if code is None:
            self.code_message.value = f"<span class='cc-status-error'>{html.escape(t('code.invalid'))}</span>"
        elif not self.session.journal.participant_exists(code):
            self.code_message.value = f"<span class='cc-status-error'>{html.escape(t('code.unknown'))}</span>"
        else:
            self._resume(code)

    def _resume(self, code: str) -> None:
        self.session.attach(code)
        self.device.code = code
        position = self.session.get(keys.POSITION)
        self.current = position if position in self.workshop.module_ids else "welcome"
        self.render()

    def _on_stored_code(self, change: dict) -> None:
        code = normalize_code(change["new"] or "")
        if code and not self.session.attached and self.session.journal.participant_exists(code):
            self._resume(code)

    def _after_erase(self) -> None:
        """The participant erased their data: forget the code everywhere and go back to the start."""
        self.session.detach()
        self.device.forget()
        self.current = "welcome"
        self.render()
        self.status.show("info", self.session.t("wrapup.erased"))

    def _forget_device(self) -> None:
        self.device.forget()
        self.status.show("info", self.session.t("code.forgotten"))

    def _on_language(self, change: dict) -> None:
        if self.session.attached:
            self.session.set_language(change["new"])
        else:
            self.session.language = change["new"]
        self.render()

    def _on_done(self, change: dict) -> None:
        self.session.set(keys.progress(self.current), clean_flag(change["new"]))
        self.render()


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
    read only after their request has arrived (:func:`coffeechat.visitor.query_string`: a pooled kernel
    waits there for its visitor).
    """
    try:
        workshop, journal = prepare()
    except ContentError as error:
        log.error("the workshop content has problems:\n%s", error)
        return w.HTML(CONTENT_BROKEN)
    except (JournalWriteError, OSError, ValueError):
        log.exception("the journal cannot be opened")
        return w.HTML(CONTENT_BROKEN)
    query = parse_qs(query_string if query_string is not None else visitor.query_string())
    code = normalize_code((query.get("code") or [""])[0])
    language = (query.get("lang") or [None])[0]
    return WorkshopApp(workshop, journal, code=code, language=language).root

"""One tip under a message draft the participant edits (issue 30): the first thing the offline message check
(:mod:`coffeechat.models.message_checks`) finds, why in one sentence, what was found, a fix one tap away where
there is one (a job request's sentence struck, two questions in one sentence split into two), and „Passt so“.

Like the question tip, it is the participant's alone: drawn in their own page from the text in their own kernel,
never saved, counted or shown to anyone else. It never stands in the way of typing: the draft is checked once
the participant pauses (``PAUSE_SECONDS`` after the last change, on the kernel's event loop), spelling only once
the dictionaries are loaded (:func:`preload`, in a thread, when the participant first edits a draft: they cost a
kernel 85 MB in German, 160 MB in English, and most drafts go out as the kit wrote them; the tip looks again once
they are in). A draft shown again says its tip at once (:meth:`MessageTip.look`; a saved draft that asks for a job
says so when the message is opened, not only once a key is pressed). The kit's own draft and a draft with gaps get
no tip (the gaps are said first).
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as w

from coffeechat.content import Channel
from coffeechat.models import keys
from coffeechat.models.message_checks import (
    MessageFlag,
    check_message,
    dictionaries_loaded,
    load_dictionaries,
    sentence_span,
    spelling_note,
    without_sentence,
)
from coffeechat.models.session import Session
from coffeechat.models.short import at_a_word
from coffeechat.views.common import BUTTON_ROW, FULL_WIDTH, button, css, html_part, on_click, watch
from coffeechat.views.status import Later, kernel_later

#: how long the participant pauses before the draft is checked (no tip flashes while a word is half typed)
PAUSE_SECONDS = 0.8

_preloading: set[str] = set()
_preload_lock = threading.Lock()


def preload(session: Session, then: Callable[[], None] | None = None, later: Later | None = None) -> None:
    """Load the session's language's dictionaries in a thread, once per kernel and language; ``then`` runs on the
    kernel's event loop once they are in (``later``; at once where there is no loop)."""
    language, rules = session.language, session.workshop.message_checks
    with _preload_lock:
        if language in _preloading:
            return
        _preloading.add(language)
    arm = later if later is not None else kernel_later()

    def load() -> None:
        load_dictionaries(language, rules)
        if then is not None:
            (arm or (lambda _seconds, callback: callback()))(0, then)

    threading.Thread(target=load, name="coffeechat-dictionaries", daemon=True).start()


class MessageTip:
    """The tip for one message ``field`` (an ipywidgets Textarea) of ``session``'s participant.

    ``situation(text)`` says, when the check runs, what the draft is for: a dict of :func:`check_message`'s
    options (``channel``, ``first_contact``, ``premium``, ``name``, ``known``) and the ``body`` to check (without
    an e-mail's subject line), or ``None`` for a draft that gets no tip (the kit's own text, one with gaps).
    ``said_elsewhere``: flags the page already says beside the field (the builder's length line); ``on_shown``
    hears of each tip that comes or goes (``None``: gone). „Passt so“
    puts a flag away for this draft (a spelling flag for the words it named: a new typo brings it back); the next
    flag, if any, shows in its place. ``later`` arms the pause (the kernel's event loop; ``None`` outside one:
    checked at once, as in the tests).
    """

    def __init__(
        self,
        field: w.Textarea,
        session: Session,
        situation: Callable[[str], dict[str, Any] | None],
        *,
        said_elsewhere: Iterable[str] = (),
        refocus: Callable[[], None] | None = None,
        later: Later | None = None,
        on_shown: Callable[[MessageFlag | None], None] | None = None,
    ):
        self.field = field
        self.session = session
        self.situation = situation
        self.said_elsewhere = frozenset(said_elsewhere)
        self.refocus = refocus or (lambda: None)
        self.later = later if later is not None else kernel_later()
        #: told each time a tip comes or goes (the builder's check line says "all set" only without one)
        self.on_shown = on_shown or (lambda _flag: None)
        #: flags put away with „Passt so“ (their id, or a spelling flag's id and words)
        self.dismissed: set[tuple[str, str]] = set()
        #: the tip on screen (None: no tip)
        self.flag: MessageFlag | None = None
        self._pending: Any = None
        self.note = html_part("", "cc-message-tip-note", "cc-live", layout=FULL_WIDTH)
        self.keep: w.Button | None = None  # made with the first tip: most drafts never get one
        #: "remove this sentence", for a flag whose fix is taking its sentence out (a job request), or "split it"
        #: where a rewrite takes its place (two questions in one)
        self.remove: w.Button | None = None
        self.actions = w.HBox([], layout=BUTTON_ROW, **css("cc-message-tip-actions", "cc-hidden"))
        missing = spelling_note(session.language, session.workshop.message_checks)
        self.missing = html_part(f"<div class='cc-muted'>{html.escape(missing)}</div>" if missing else "")
        self.widget = w.VBox([self.note, self.actions, self.missing], layout=FULL_WIDTH, **css("cc-message-tip"))
        watch(session, field, self._on_value)

    # --- checking ----------------------------------------------------------------------------------

    def _on_value(self, change: dict) -> None:
        """Check once the participant pauses; a draft that gets no tip loses its tip at once."""
        text = change["new"] or ""
        if self.situation(text) is None:
            self._cancel()
            self.show(None)
            return
        if self.later is None:
            self.check(text)
            return
        self._cancel()
        self._pending = self.later(PAUSE_SECONDS, self._check_now)

    def _cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def _check_now(self) -> None:
        self._pending = None
        try:
            self.check(self.field.value or "")
        except Exception:  # noqa: BLE001 - a tip must never break the page: no tip then
            self.show(None)

    def look(self) -> None:
        """Say what the check finds in the draft as it is shown (a message opened again that asks for a job says
        so before any key), at once; the dictionaries are not loaded for it (spelling comes with the first edit)."""
        self._cancel()
        try:
            self.check(self.field.value or "", load=False)
        except Exception:  # noqa: BLE001 - a tip must never break the page: no tip then
            self.show(None)

    def check(self, text: str, load: bool = True) -> None:
        """Show the first flag of ``text`` not said elsewhere or put away, or no tip; ``load``: load the
        dictionaries if they are not in yet, and look again then."""
        options = self.situation(text)
        if options is None:
            self.show(None)
            return
        language, rules = self.session.language, self.session.workshop.message_checks
        channel: Channel = options.pop("channel")
        body: str = options.pop("body", text)
        spelling = dictionaries_loaded(language, rules)
        questions = self.session.workshop.question_checks
        flags = check_message(body, channel, language, rules, spelling=spelling, questions=questions, **options)
        shown = [flag for flag in flags if flag.id not in self.said_elsewhere and _key(flag) not in self.dismissed]
        self.show(shown[0] if shown else None)
        if not spelling and load:  # the first draft the participant edits: the dictionaries come, then a second look
            preload(self.session, then=self._check_now, later=self.later)

    def show(self, flag: MessageFlag | None) -> None:
        """Draw ``flag`` as the tip (``None``: take the tip away); unchanged parts send nothing to the page."""
        if flag == self.flag:
            return
        self.flag = flag
        self._draw(flag)
        self.on_shown(flag)

    def _draw(self, flag: MessageFlag | None) -> None:
        t = self.session.t
        if flag is None:
            self.note.value = ""
            self.actions.add_class("cc-hidden")
            return
        detail = f" <span class='cc-message-tip-detail'>{html.escape(flag.detail)}</span>" if flag.detail else ""
        self.note.value = (
            "<div class='cc-question-tip-body cc-message-tip-body'>"
            f"<strong>{html.escape(t('question_tip.lead'))}</strong> {html.escape(flag.reason)}{detail}</div>"
        )
        if self.keep is None or self.remove is None:
            self.remove = button("", "cc-message-tip-remove", tooltip=t("message_tip.remove_tip"))
            self.keep = button(t("question_tip.keep"), "cc-message-tip-keep", tooltip=t("message_tip.keep_tip"))
            on_click(self.session, self.remove, self._remove)
            on_click(self.session, self.keep, self._keep)
            self.actions.children = (self.remove, self.keep)
        removable = sentence_span(self.field.value or "", flag.sentence) is not None
        if removable and flag.rewrite:  # two questions in one: the two as sentences of their own
            self.remove.description = t("message_tip.split", rewrite=flag.rewrite)
            self.remove.tooltip = t("message_tip.split_tip")
        elif removable:
            self.remove.description = t("message_tip.remove", sentence=_short(flag.sentence))
            self.remove.tooltip = t("message_tip.remove_tip")
        (self.remove.remove_class if removable else self.remove.add_class)("cc-hidden")
        self.actions.remove_class("cc-hidden")

    # --- the participant's answer --------------------------------------------------------------------

    def _remove(self) -> None:
        """Take the flagged sentence out of the draft, or put its rewrite in its place (two questions in one: the
        two as sentences of their own); saved by the field's observer, as if typed; keys back to the field."""
        sentence = self.flag.sentence if self.flag is not None else ""
        rewrite = self.flag.rewrite if self.flag is not None else ""
        text = self.field.value or ""
        span = sentence_span(text, sentence)
        if span is None:  # a click sent over the websocket for a tip long gone
            return
        self.refocus()
        start, end = span
        self.field.value = text[:start] + rewrite + text[end:] if rewrite else without_sentence(text, sentence)
        self.check(self.field.value)

    def _keep(self) -> None:
        """Put this flag away for the draft, keys back to the field; the next flag shows, if there is one."""
        if self.flag is None:  # a click sent over the websocket for a tip long gone
            return
        self.dismissed.add(_key(self.flag))
        self.refocus()
        self.check(self.field.value or "")


def _short(sentence: str, most: int = keys.TIP_SENTENCE_CHARS) -> str:
    """A sentence for a button: whole, or cut at a word with " …" (:func:`coffeechat.models.short.at_a_word`)."""
    return at_a_word(sentence, most)


def _key(flag: MessageFlag) -> tuple[str, str]:
    """What „Passt so“ puts away: a spelling flag for the words it named, any other flag for the draft."""
    return (flag.id, flag.detail if flag.id == "spelling" else "")


__all__ = ["PAUSE_SECONDS", "MessageTip", "preload"]

"""One participant's session: who they are, their language, and their answers, saved as they change.

The session is the model behind every view. It keeps the answers in memory, writes each change through to
the journal at once, and reports how that went (saved, not saved, changed in another tab) to whoever listens.
A failed write keeps the value in memory and on screen and is retried with the next change, and by itself
on a backoff schedule (:class:`coffeechat.views.status.RetryUnsaved`); the journal logs the outage once. A participant
whose data was erased elsewhere (the room's erase on the coach's console, ``coffeechat erase``) is no failure:
the session says ``erased`` once, keeps nothing more, and the page lets go of it (:attr:`Session.erased`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import traitlets

from coffeechat.content import Workshop
from coffeechat.models import keys
from coffeechat.models.answers import AnswerRejected, has_unstorable, replace_unstorable
from coffeechat.models.dates import long_date
from coffeechat.storage.journal import Journal, JournalWriteError

log = logging.getLogger("coffeechat")

#: Listeners get a status kind (``saved``, ``failed``, ``conflict``, ``rejected``, ``error``, ``erased``) and a
#: message to show.
StatusListener = Callable[[str, str], None]


class Session(traitlets.HasTraits):
    """A participant's answers and language, persisted on every change."""

    language = traitlets.Unicode()
    code = traitlets.Unicode(allow_none=True, default_value=None)

    def __init__(self, workshop: Workshop, journal: Journal, code: str | None = None, language: str | None = None):
        super().__init__()
        self.workshop = workshop
        self.journal = journal
        self._answers: dict[str, Any] = {}
        self._revisions: dict[str, int] = {}
        self._pending: dict[str, Any] = {}
        self._replaced: set[str] = set()  # answers saved with U+FFFD for a character that could not be kept
        self._listeners: list[StatusListener] = []
        #: the journal no longer knows this participant: their data was erased elsewhere (nothing is saved now)
        self.erased = False
        self.language = language or workshop.default_language
        if code:
            self.attach(code)

    # --- who ---------------------------------------------------------------------------------------

    def attach(self, code: str) -> None:
        """Load the participant ``code`` and from now on save into it."""
        answers = self.journal.load(code)
        self._answers = answers
        self._revisions = self.journal.revisions(code)
        self._pending.clear()
        self._replaced.clear()
        self.erased = False
        saved_language = answers.get(keys.LANGUAGE)
        if saved_language in self.workshop.languages:
            self.language = saved_language
        self.code = code

    def start_new(self) -> str:
        """Create a new participant with a fresh resume code and attach to it."""
        code = self.journal.create_participant(self.language)
        self.attach(code)
        self.set(keys.LANGUAGE, self.language)
        return code

    def detach(self) -> None:
        """Stop working for the current participant (after they erased their data); forget their answers."""
        self.code = None
        self._answers, self._revisions, self._pending = {}, {}, {}
        self._replaced.clear()
        self.erased = False

    @property
    def attached(self) -> bool:
        return self.code is not None

    # --- answers -----------------------------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        value = self._answers.get(key)
        return default if value is None else value

    def set(self, key: str, value: Any, replaced: bool = False) -> bool:
        """Remember ``value`` and save it (and anything still unsaved); True when everything is saved.

        A character no answer keeps anywhere in ``value`` (half an emoji from a paste, a control character)
        is saved as U+FFFD, the rest exactly as given, and the status says so (``replaced``: the caller
        already replaced one, as the builder does before its model checks the text).
        """
        if replaced or has_unstorable(value):
            value = replace_unstorable(value)
            self._replaced.add(key)
        else:
            self._replaced.discard(key)
        self._answers[key] = value
        self._pending[key] = value
        if self.code is None or self.erased:
            return False
        return self.flush()

    def flush(self) -> bool:
        """Try to save every unsaved value; report the outcome to the listeners (nothing once erased)."""
        if self.code is None or self.erased:
            return False
        conflict = False
        for key, value in list(self._pending.items()):
            try:
                result = self.journal.save(self.code, key, value, expected_revision=self._revisions.get(key, 0))
            except JournalWriteError as error:
                # the journal logged the outage once (storage/connection.py); a retry every few seconds says nothing
                log.debug("saving %s for a participant failed: %s", key, error.reason)
                self._notify("failed", self.t(f"journal.{error.reason}"))
                return False
            except KeyError:  # erased elsewhere: not a failure, and nothing to retry
                log.info("the participant's data was erased; %s is not saved", key)
                self.erased = True
                self._pending.clear()
                self._notify("erased", self.t("end.erased_elsewhere"))
                return False
            except ValueError as error:
                log.warning("refused to save %s: %s", key, error)
                self._pending.pop(key, None)
                self._notify("rejected", self.t("app.error"))
                return False
            self._revisions[key] = result.revision
            conflict = conflict or result.conflict
            if self._pending.get(key) is value:
                del self._pending[key]
        if conflict:
            self._notify("conflict", self.t("app.conflict"))
        else:
            # while an answer holds a replaced character, every "saved" says so (not only the first)
            self._notify("saved", self.t("field.replaced_characters" if self._replaced else "app.saved"))
        return True

    def answers(self) -> dict[str, Any]:
        """A copy of every answer of this participant."""
        return dict(self._answers)

    @property
    def unsaved_keys(self) -> list[str]:
        return sorted(self._pending)

    def set_language(self, language: str) -> None:
        if language not in self.workshop.languages:
            raise ValueError(f"unknown language {language!r}")
        self.language = language
        self.set(keys.LANGUAGE, language)

    # --- status ------------------------------------------------------------------------------------

    def on_status(self, listener: StatusListener) -> None:
        self._listeners.append(listener)

    def reject(self, rejected: AnswerRejected) -> None:
        """Tell the listeners why a value was not saved (it stays on screen)."""
        self._notify("rejected", self.explain(rejected))

    def explain(self, rejected: AnswerRejected) -> str:
        """Why a value was not saved, in the session's language (dates as people write them)."""
        values = {
            name: long_date(value, self.workshop, self.language) if isinstance(value, dt.date) else value
            for name, value in rejected.values.items()
        }
        return self.t(rejected.ui_key, **values)

    def report_error(self) -> None:
        """Tell the listeners something went wrong on the server (the details are in the server's log)."""
        self._notify("error", self.t("app.error"))

    def _notify(self, kind: str, message: str) -> None:
        for listener in self._listeners:
            listener(kind, message)

    def t(self, key: str, **values: Any) -> str:
        """An interface string in the session's language."""
        return self.workshop.t(key, self.language, **values)

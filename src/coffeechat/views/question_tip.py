"""One tip under a field where the participant writes a question (issue 30): the first thing the offline check
(:mod:`coffeechat.models.question_checks`) finds, why in one sentence, and the open rewrite one tap away.

The tip is the participant's alone: it is drawn in their own page from the text in their own kernel, and nothing
of it is saved, counted for the room or put into a take-home. It never stands in the way of typing: a field that
sends every key (``continuous_update``) is checked only once its text ends with a question mark (no tip flashes
while a word is half typed, and it goes while the participant writes on); a field that sends its text when it is
left is checked then.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from coffeechat.models.question_checks import QuestionFlag, also_in_short, check_question
from coffeechat.models.session import Session
from coffeechat.views.common import BUTTON_ROW, FULL_WIDTH, button, css, hide, html_part, on_click, watch

#: what may stand after a finished question's mark (a closing quote, a space)
_AFTER_MARK = " \t\n\"'“”’»«"


class QuestionTip:
    """The tip for one question ``field`` (an ipywidgets Text or Textarea) of ``session``'s participant.

    ``widget`` goes right under the field. It holds a polite live region (``.cc-question-tip-note``, empty
    while there is no tip) and, while there is one, „Übernehmen: „…““ (the rewrite, where the check offers
    one) and „Passt so“. Taking the rewrite sets the field's value, which the field's own observer saves as if
    typed; in a list (``add_after``), two questions in one become two items, the second right after the first,
    and in the plan (``split_into``) two questions of the plan.
    Both buttons hand the keyboard back to the field (``refocus``). A tip dismissed for a text stays
    away for that text (``dismissed`` is shared by the tips of one view, so a redrawn row remembers it).
    ``skip(text)`` says which texts are not the participant's own (the question bank's wording): those get
    no tip.
    """

    def __init__(
        self,
        field: w.Text | w.Textarea,
        session: Session,
        *,
        refocus: Callable[[], None] | None = None,
        dismissed: set[str] | None = None,
        skip: Callable[[str], bool] | None = None,
        add_after: Callable[[str], bool] | None = None,
        split_into: Callable[[str, str], None] | None = None,
    ):
        self.field = field
        #: where two asks in one become two questions of their own elsewhere (the plan: the first in this one's
        #: place, the second right after it); the field and the keyboard's focus are then left to its owner
        self.split_into = split_into
        #: where a field in a list makes a question a new item right after its own, saying whether it could
        #: (None: a field alone)
        self.add_after = add_after
        self.session = session
        self.refocus = refocus or (lambda: None)
        self.dismissed = dismissed if dismissed is not None else set()
        self.skip = skip or (lambda _text: False)
        #: the tip on screen (None: no tip)
        self.flag: QuestionFlag | None = None
        #: what else the question gets, in a few words each, said after the tip's sentence
        self.also: tuple[str, ...] = ()
        self._checked = ""
        self.note = html_part("", "cc-question-tip-note", "cc-live", layout=FULL_WIDTH)
        #: the buttons, made when the first tip shows (most questions never get one: a plan redrawn with eight
        #: questions would have made 16 buttons more for the page); hidden and shown by the kit's cc-hidden class,
        #: so that they share the layout of every button
        self.use: w.Button | None = None
        self.keep: w.Button | None = None
        self.actions = w.HBox([], layout=BUTTON_ROW, **css("cc-question-tip-actions"))
        self.widget = w.VBox([self.note, self.actions], layout=FULL_WIDTH, **css("cc-question-tip"))
        watch(session, field, self._on_value)

    # --- checking ----------------------------------------------------------------------------------

    def _on_value(self, change: dict) -> None:
        text = change["new"] or ""
        if getattr(self.field, "continuous_update", False) and not text.rstrip(_AFTER_MARK).endswith("?"):
            self.show(None)  # still being written: no tip (and none left over from before)
            return
        self.check(text)

    def check(self, text: str) -> None:
        """Show the first flag of ``text``, or nothing for a good question, one dismissed, or the kit's own."""
        key = " ".join(text.split())
        self._checked = key
        if not key or key in self.dismissed or self.skip(text):
            self.show(None)
            return
        language, rules = self.session.language, self.session.workshop.question_checks
        flags = check_question(text, language, rules)
        self.show(flags[0] if flags else None, also_in_short(flags, language, rules))

    def show(self, flag: QuestionFlag | None, also: tuple[str, ...] = ()) -> None:
        """Draw ``flag`` as the tip, and ``also`` (the question's other flags in a few words) after it (``None``:
        take the tip away); unchanged parts send nothing to the page."""
        if flag == self.flag and also == self.also:
            return
        self.flag, self.also = flag, also
        t = self.session.t
        if flag is None:
            self.also = ()
            self.note.value = ""
            hide(self.actions, True)
            return
        self.note.value = (
            "<div class='cc-question-tip-body'>"
            f"<strong>{html.escape(t('question_tip.lead'))}</strong> {html.escape(flag.reason)}</div>"
        )
        if also:
            more = " ".join(html.escape(words) for words in also)
            self.note.value += f"<div class='cc-question-tip-also'>{html.escape(t('question_tip.also'))} {more}</div>"
        use, _keep = self._buttons()
        if flag.rewrite and flag.then and (self.add_after is not None or self.split_into is not None):
            use.description = t("question_tip.split", rewrite=flag.rewrite, then=flag.then)
        elif flag.rewrite:
            use.description = t("question_tip.use", rewrite=flag.rewrite)
        hide(use, not flag.rewrite)
        hide(self.actions, False)

    def _buttons(self) -> tuple[w.Button, w.Button]:
        """The tip's two buttons, made the first time a tip shows."""
        if self.use is None or self.keep is None:
            t = self.session.t
            self.use = button("", "cc-question-tip-use", tooltip=t("question_tip.use_tip"))
            self.keep = button(t("question_tip.keep"), "cc-question-tip-keep")
            on_click(self.session, self.use, self._use)
            on_click(self.session, self.keep, self._keep)
            self.actions.children = (self.use, self.keep)
        return self.use, self.keep

    # --- the participant's answer --------------------------------------------------------------------

    def _use(self) -> None:
        """Put the rewrite into the field (saved by the field's observer, as if typed), keys back to the field."""
        if self.flag is None or not self.flag.rewrite:  # a click sent over the websocket for a tip long gone
            return
        rewrite, then = self.flag.rewrite, self.flag.then
        if then and self.split_into is not None:
            self.split_into(rewrite, then)
            return
        if then and self.add_after is not None and not self.add_after(then):
            return  # no room for the second ask as an item of its own (the list says why): the text stays whole
        self.refocus()
        self.field.value = rewrite  # its observers save it and check it again (the rewrite gets no flag)

    def _keep(self) -> None:
        """Keep the text as it is: no tip for it again (until it changes), keys back to the field."""
        if self._checked:
            self.dismissed.add(self._checked)
        self.refocus()
        self.show(None)


__all__ = ["QuestionTip"]

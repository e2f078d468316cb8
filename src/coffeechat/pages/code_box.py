"""The participant's code in the page's header: the code to write down, how to come back, and "forget me on
this device" for a shared computer. Folded once the participant says they noted it: then only the code and a
button that opens the rest again, beside the title (on a phone the header is then one line: kit.css).

"Forget" asks first, in place: what it does (this device forgets the code, the answers leave the screen) and
what it does not (the answers stay on the server under the code), with „Ja, vergessen“ and „Abbrechen“; the
focus goes to the question, and back to the button on cancel (a walk pressed it by mistake, 8 px from
„Notiert – einklappen“, and it acted at once)."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from coffeechat.models import keys
from coffeechat.models.session import Session
from coffeechat.upstream.ipywidgets import replace_classes
from coffeechat.views.common import FULL_WIDTH, button, css, html_part, on_click

#: the code box's classes: always; while a participant's code is shown; while only the code and the button that
#: opens the rest are shown (kit.css lays the header out by them)
BOX, SHOWN, FOLDED = "cc-code-box", "cc-code-shown", "cc-code-folded"
#: the prefix the box's classes share: they are set together, in one message
PREFIX = "cc-code-"


class CodeBox:
    """The code bar with its toggle, and the hints with the "forget" button (``on_forget``) under it."""

    def __init__(
        self, session: Session, on_forget: Callable[[], None], focus: Callable[[str], None] = lambda _selector: None
    ):
        """``on_forget``: the participant said yes to forgetting; ``focus``: moves the keyboard focus (the page's)."""
        self.session = session
        self.focus = focus
        self.code_bar = html_part()
        self.toggle = button("", "cc-code-toggle")
        on_click(session, self.toggle, self._toggle_hints)
        self.forget = button("", "cc-forget")
        on_click(session, self.forget, self._ask_forget)
        self.hints = html_part(layout=FULL_WIDTH)
        # "forget" asks first: what it does and what not, yes or cancel (hidden until asked: a layout of its own)
        self.confirm_text = html_part("", "cc-forget-confirm-text", layout=FULL_WIDTH)
        self.forget_yes = button("", "cc-forget-yes", "danger")
        on_click(session, self.forget_yes, on_forget)
        self.forget_cancel = button("", "cc-forget-cancel")
        on_click(session, self.forget_cancel, self._cancel_forget)
        self.confirm = w.VBox(
            [self.confirm_text, w.HBox([self.forget_yes, self.forget_cancel], **css("cc-forget-confirm-buttons"))],
            layout=w.Layout(width="100%", display="none"),
            **css("cc-forget-confirm"),
        )
        # a layout of its own: it is hidden and shown, and the shared layouts belong to many widgets
        self.details = w.HBox(
            [self.hints, self.forget, self.confirm],
            layout=w.Layout(width="100%", justify_content="space-between", align_items="center", flex_flow="row wrap"),
        )
        self.details.add_class("cc-code-details")
        code_row = w.HBox([self.code_bar, self.toggle], **css("cc-code-row"))
        # a layout of its own: shown only while a participant is attached (the header holds it from the start)
        self.widget = w.VBox([code_row, self.details], layout=w.Layout(display="none"), **css(BOX))

    def label(self) -> None:
        """The "forget" button and its question's buttons in the session's language (the code itself:
        :meth:`show`)."""
        t = self.session.t
        self.forget.description = t("code.forget_device")
        self.forget_yes.description = t("code.forget_yes")
        self.forget_cancel.description = t("code.forget_cancel")

    def show(self) -> None:
        """The attached participant's code, with the hints unless they said they noted it."""
        t = self.session.t
        folded = self.session.get(keys.CODE_NOTED) is True
        self.code_bar.value = (
            f"<div class='cc-code-bar'><span class='cc-code-label'>{html.escape(t('code.your_code'))}</span> "
            f"<strong class='cc-code'>{html.escape(self.session.code)}</strong>"
            + ("" if folded else f" · <span class='cc-muted'>{html.escape(t('code.write_down'))}</span>")
            + "</div>"
        )
        self.hints.value = f"<p class='cc-muted'>{html.escape(t('code.link_hint'))}</p>"
        self.confirm_text.value = f"<p>{html.escape(t('code.forget_confirm', code=self.session.code or ''))}</p>"
        self.toggle.description = t("code.show_hints" if folded else "code.noted")
        self.details.layout.display = "none" if folded else None
        replace_classes(self.widget, PREFIX, (BOX, SHOWN, FOLDED) if folded else (BOX, SHOWN))
        self.widget.layout.display = None

    def clear(self) -> None:
        """Nothing of the participant's code left on the page."""
        self._close_question()
        self.code_bar.value = ""
        self.confirm_text.value = ""
        replace_classes(self.widget, PREFIX, (BOX,))
        self.widget.layout.display = "none"

    def _toggle_hints(self) -> None:
        self._close_question()
        self.session.set(keys.CODE_NOTED, self.session.get(keys.CODE_NOTED) is not True)
        self.show()

    def _ask_forget(self) -> None:
        """Ask before forgetting: the question in place of the button, the focus on it."""
        self.forget.add_class("cc-hidden")
        self.confirm.layout.display = None
        self.focus(".cc-forget-confirm-text p")

    def _cancel_forget(self) -> None:
        """Not forgotten: the button back, the focus on it."""
        self._close_question()
        self.focus(".cc-forget")

    def _close_question(self) -> None:
        self.confirm.layout.display = "none"
        self.forget.remove_class("cc-hidden")

"""The participant's feedback at the end of a facilitated room: a rating from 1 to 5 and a short comment.

Only in a room (self-paced use has no coach to read it): the wrap-up's last step shows this card while the page
is in a room (:meth:`coffeechat.views.wrapup.WrapUpView.show_feedback`). The rating is saved as it is chosen;
the comment when it is sent (or the field is left), and only within its limit, which the card states plainly.
What is stored carries no name, and the coach sees no code: the ratings only as a distribution over at least
3 people, a comment only to approve or hide it (:class:`coffeechat.room.live.Console`).
"""

from __future__ import annotations

import html

import ipywidgets as w

from coffeechat.models.session import Session
from coffeechat.room.live import Membership
from coffeechat.room.model import FEEDBACK_CHARS, FEEDBACK_RATINGS, clean_comment, comment_over
from coffeechat.views.common import BUTTON_ROW, FULL_WIDTH, button, card, heading, html_part, labelled, on_click, watch


class FeedbackCard:
    """The rating chips, the comment with its limit, "send", and what became of it (``status``)."""

    def __init__(self, session: Session, membership: Membership):
        self.session, self.membership = session, membership
        t = session.t
        saved = membership.feedback() or (None, "")
        self.rating = labelled(
            w.ToggleButtons,
            t("feedback.rating_label"),
            "cc-feedback-rating",
            options=[(t(f"feedback.rating.{r}"), r) for r in FEEDBACK_RATINGS],
            value=saved[0] if saved[0] in FEEDBACK_RATINGS else None,
            style={"button_width": "auto"},
        )
        watch(session, self.rating, lambda _change: self._save_rating())
        self.comment = labelled(
            w.Textarea,
            t("feedback.comment_label", limit=FEEDBACK_CHARS),
            "cc-feedback-comment",
            value=saved[1] or "",
            placeholder=t("feedback.comment_placeholder"),
            layout=w.Layout(width="100%", max_width="36em"),
            continuous_update=False,
        )
        watch(session, self.comment, lambda _change: self._send_quietly())
        self.send_button = button(t("feedback.send"), "cc-feedback-send", "primary")
        on_click(session, self.send_button, self._send_said)
        self.status = html_part("", "cc-feedback-status", "cc-live", layout=FULL_WIDTH)
        self.widget = card(
            [
                heading(t("feedback.heading"), 4),
                html_part(f"<p>{html.escape(t('feedback.intro'))}</p>"),
                self.rating,
                self.comment,
                w.HBox([self.send_button], layout=BUTTON_ROW),
                self.status,
            ],
            "cc-feedback",
        )

    def _say(self, key: str, kind: str = "ok", **values) -> None:
        role = "alert" if kind == "error" else "status"
        text = html.escape(self.session.t(key, **values))
        self.status.value = f"<div class='cc-status-{kind}' role='{role}'>{text}</div>"

    def _save_rating(self) -> None:
        """A chosen rating is kept at once (with the comment as it was last stored)."""
        stored = self.membership.feedback() or (None, "")
        if self.membership.give_feedback(self.rating.value, stored[1]):
            self._say("feedback.saved_rating")

    def _send_quietly(self) -> None:
        self.send(quiet=True)

    def _send_said(self) -> None:
        self.send()

    def send(self, quiet: bool = False) -> bool:
        """Store the rating and the comment; a comment over its limit is not stored, and the card says by how
        much (``quiet``: leaving the field says nothing while nothing was written)."""
        over = comment_over(self.comment.value)
        if over:
            self._say("feedback.too_long", "error", over=over, limit=FEEDBACK_CHARS)
            return False
        if quiet and not clean_comment(self.comment.value) and self.rating.value is None:
            return False
        if not self.membership.give_feedback(self.rating.value, self.comment.value):
            self._say("feedback.no_room", "error")
            return False
        self._say("feedback.saved")
        return True

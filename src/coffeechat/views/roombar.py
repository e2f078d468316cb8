"""The participant's room bar: shown only while the participant is in a facilitated room.

The shared timer, the line "group 2 · round 1 · I ask", the coach's word-wall question with a field of its
own (only what is typed there is shared, anonymously), and a note while the coach leads the room. Outside a
room (self-paced use, or no room open) the bar is hidden and holds nothing.

While the coach leads, a participant may look at another module: the bar then says which module the coach is
on, with a button back there (the app brings every page back at the coach's next move anyway).
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from coffeechat.content import group_name
from coffeechat.models.session import Session
from coffeechat.room.live import Membership
from coffeechat.room.model import WORD_CHARS, RoomState
from coffeechat.views.common import FULL_WIDTH, WRAPPING_ROW, button, css, labelled, on_click
from coffeechat.widgets.sharedtimer import SharedTimer


class RoomBar:
    """``show(state)`` after every change of the room; ``widget`` is hidden while there is no room."""

    def __init__(
        self,
        session: Session,
        membership: Membership,
        go: Callable[[str], None] | None = None,
        focus: Callable[..., None] | None = None,
    ):
        """``go(module_id)`` opens a module on this page (the button back to the coach's module);
        ``focus(selector, reveal=...)`` brings an element into view with the keyboard focus (the answer field)."""
        self.session, self.membership, self.go, self.focus = session, membership, go, focus
        self.timer = SharedTimer()
        self.following = w.HTML(layout=FULL_WIDTH)
        self.back = button("", "cc-room-back", "primary", hidden_at_times=True)
        self.back.layout.display = "none"
        on_click(session, self.back, self._back)
        #: the module this page shows (the app says so whenever it opens one) and the room as last shown
        self.current: str | None = None
        self.state: RoomState | None = None
        self.group = w.HTML(layout=FULL_WIDTH, **css("cc-room-placement"))
        self.question = w.HTML(layout=FULL_WIDTH)
        self.answer = labelled(
            w.Text, session.t("room.your_answer"), "cc-room-answer", layout=w.Layout(width="100%", max_width="36em")
        )
        self.share = button("", "cc-room-share")
        on_click(session, self.share, self._share)
        self.shared = w.HTML()
        # layouts of their own: they are hidden and shown, and the shared layouts belong to many widgets
        self.wall = w.VBox(
            [self.question, w.HBox([self.answer, self.share], layout=WRAPPING_ROW), self.shared],
            layout=w.Layout(width="100%"),
        )
        self.wall.add_class("cc-room-wall")
        self.title = w.HTML()
        self.widget = w.VBox(
            [self.title, self.following, self.back, self.group, self.timer, self.wall],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("cc-card")
        self.widget.add_class("cc-room-bar")
        self.widget.layout.display = "none"
        self._question_number = 0
        self._shown = False  # whether show() ran: a question already open on arrival is no news

    def hide(self) -> None:
        self.widget.layout.display = "none"

    def show(self, state: RoomState) -> None:
        t = self.session.t
        self.widget.layout.display = None
        self.title.value = f"<h2 class='cc-room-bar-title'>{html.escape(t('room.bar_title'))}</h2>"
        self.timer.labels = {
            "done": t("room.timer_done"),
            "paused": t("room.timer_paused"),
            "sound_on": t("room.sound_on"),
            "sound_off": t("room.sound_off"),
        }
        self.timer.show(state.timer)
        self.timer.layout.display = None if state.timer.counting else "none"
        self.state = state
        self._show_following()
        placement = self.membership.placement()
        if placement is None:
            self.group.value = ""
        else:
            role = t(f"roleplay.role.{placement.role}")
            name = group_name(self.session.workshop, placement.group, self.session.language)
            line = t("room.your_group_named", group=name, round=state.round, role=role)
            self.group.value = f"<p><strong>{html.escape(line)}</strong></p>"
        if state.question:
            self.wall.layout.display = None
            self.question.value = f"<p class='cc-room-question-text'><strong>{html.escape(state.question)}</strong></p>"
            self.answer.description = t("room.your_answer")  # the language may have changed since
            self.answer.placeholder = ""
            self.share.description = t("room.share")
            if state.question_number != self._question_number:
                asked_now = self._question_number != 0 or self._shown  # not a question found on arrival
                self._question_number = state.question_number
                self.answer.value = ""
                self.shared.value = ""
                if asked_now and self.focus is not None:
                    # the coach asks the room: the question comes into view with the focus, as a "follow me" moves
                    # the page (page.js never takes the keys from someone typing; it waits until they stop); the
                    # question, not its field: a field's focus pops a phone's keyboard up over the page (a coach's
                    # walk saw it on every phone), and the answer field is the next Tab stop
                    self.focus(".cc-room-question-text", reveal=".cc-room-wall")
        else:
            self.wall.layout.display = "none"
        self._shown = True

    def showing(self, module_id: str) -> None:
        """This page now shows ``module_id``: the note on following says whether that is the coach's module."""
        self.current = module_id
        if self.state is not None and self.widget.layout.display != "none":
            self._show_following()

    def _show_following(self) -> None:
        t, followed = self.session.t, self.state.followed_module()
        if followed is None:
            self.following.value = ""
        elif self.current in (None, followed):
            self.following.value = f"<p class='cc-room-following'>{html.escape(t('room.following'))}</p>"
        else:
            title = self.session.workshop.module_title(followed, self.session.language)
            note = html.escape(t("room.elsewhere", module=title))
            self.following.value = f"<p class='cc-room-following cc-room-elsewhere' role='status'>{note}</p>"
            self.back.description = t("room.back_to")
        self.back.layout.display = None if followed is not None and self.current not in (None, followed) else "none"

    def _back(self) -> None:
        followed = None if self.state is None else self.state.followed_module()
        if followed is not None and self.go is not None:
            self.go(followed)

    def _share(self) -> None:
        typed = " ".join(self.answer.value.split())
        word = self.membership.answer(typed[: WORD_CHARS * 2])
        if word:
            self.answer.value = word
            # the wall takes one short line: say so when the shared line is shorter than what was typed
            said = self.session.t("room.shared_shortened", chars=WORD_CHARS) if len(word) < len(typed) else ""
            shared = html.escape(" ".join(part for part in (self.session.t("room.shared"), said) if part))
            self.shared.value = f"<p class='cc-status-ok' role='status'>{shared}</p>"

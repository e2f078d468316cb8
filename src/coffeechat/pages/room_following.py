"""The facilitated room as one participant's page meets it: join the room, show the room bar, follow the
coach to their module at each new lead, tell the open module its role-play round, and show the end screen.

The page looks twice a second (``WorkshopApp.room_tick``), at the cost of one tiny query
(:class:`coffeechat.room.live.Watch`). When the participant's data is gone (the coach erased the room, or it
went elsewhere), the app is told (``let_go``) and lets go of everything.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from coffeechat.models.session import Session
from coffeechat.pages.navigation import ModuleNavigation
from coffeechat.room.live import Membership, Watch
from coffeechat.views.common import FULL_WIDTH, css, heading, replace_children, text_html
from coffeechat.views.roombar import RoomBar
from coffeechat.views.wrapup import EndDownloads
from coffeechat.widgets.page import PageAssist


class RoomFollowing:
    """The room bar's slot and the end screen's card on the page, and what the room said last."""

    def __init__(self, session: Session, page: PageAssist, navigation: ModuleNavigation, let_go: Callable[[str], None]):
        self.session = session
        self.page = page
        self.navigation = navigation
        self._let_go = let_go
        # empty and hidden unless the participant is in a room (tick)
        self.slot = w.VBox(layout=FULL_WIDTH)
        self.watch = Watch(session.journal)
        self.membership: Membership | None = None
        self.bar: RoomBar | None = None
        #: the coach's last lead seen (module, press): a new one brings this page back to the coach's module
        self.followed: tuple[str, int] | None = None
        self.ended_room: str | None = None
        self.end_downloads: EndDownloads | None = None
        self.end_card = w.VBox(layout=FULL_WIDTH, **css("cc-room-end-screen"))

    def tick(self, force: bool = False) -> None:
        """Look at the room: join it, tell the open module the role-play round the room gave, follow the coach
        (back to the coach's module at each new lead), show the end screen."""
        session, navigation = self.session, self.navigation
        if not session.attached:
            return
        if session.erased and self.membership is not None:  # a save found the participant gone
            self.membership.refresh()  # learns whether the room went with them
        if session.erased or (self.membership is not None and self.membership.erased):
            self._let_go(
                "end.erased" if self.membership is not None and self.membership.room_erased else "end.erased_elsewhere"
            )
            return
        # a participant who erased their data and started again looks at once (their new code is no member yet)
        new_code = self.membership is not None and self.membership.code != session.code
        if not (new_code or self.watch.changed() or force):
            return
        if self.membership is None or new_code:
            self.membership = Membership(session.journal, session.code)
            self.bar = RoomBar(session, self.membership, go=navigation.go, focus=self.page.focus)
            self.bar.showing(navigation.current)
            replace_children(self.slot, [self.bar.widget])
            self.followed = None
        if not self.membership.refresh():
            if self.membership.erased:  # the coach erased the room: a calm note and a fresh start
                self._let_go("end.erased" if self.membership.room_erased else "end.erased_elsewhere")
                return
            self.bar.hide()
            self.followed = None
            navigation.room_round = None
            navigation.room_membership = None
            navigation.tell_module()
            return
        state = self.membership.state
        if self.ended_room is not None and self.ended_room != self.membership.room_id:
            self._close_end()  # a new room after the one that ended here: the page is a workshop page again
        self.bar.show(state)
        navigation.room_round = self.membership.room_round()
        navigation.room_membership = self.membership
        navigation.tell_module()
        followed = state.followed_module()
        lead = None if followed is None else (followed, state.lead)
        if lead is not None and lead != self.followed:  # the coach's next move brings a wandering page back
            navigation.go(followed)
        self.followed = lead
        if state.ended and self.ended_room != self.membership.room_id:
            self.ended_room = self.membership.room_id
            self._show_end()

    def showing(self, module_id: str) -> None:
        """The page shows ``module_id``: the room bar says whether it is the coach's."""
        if self.bar is not None:
            self.bar.showing(module_id)

    def relabel(self) -> None:
        """The end screen, if it is up, in the session's (new) language."""
        if self.end_downloads is not None:
            self._fill_end_card()

    def saved(self, kind: str, _message: str) -> None:
        """A save went through: the end screen's downloads hold the latest answers."""
        if self.end_downloads is not None and kind in ("saved", "conflict"):
            self.end_downloads.refresh()

    def close(self) -> None:
        """Everything of the room on this page goes: the bar (with a word-wall answer), the end screen."""
        replace_children(self.slot, [])
        self._close_end()
        self.navigation.room_membership = None
        self.membership = self.bar = None
        self.followed = None

    def _close_end(self) -> None:
        replace_children(self.end_card, [])
        self.end_card.remove_class("cc-card")
        self.navigation.stepper.layout.display = None
        self.end_downloads = None
        self.ended_room = None

    def _show_end(self) -> None:
        """The final screen: thanks, and the wrap-up with the take-home downloads (no more stepping around)."""
        workshop = self.session.workshop
        wrap_up = next(ref.id for ref in workshop.manifest.modules if ref.kind == "wrap-up")
        self._fill_end_card()
        self.end_card.add_class("cc-card")
        if self.bar is not None:
            self.bar.hide()
        self.navigation.stepper.layout.display = "none"
        self.navigation.go(wrap_up)
        self.page.focus(".cc-room-end-screen h2", reveal=".cc-room-end-screen")

    def _fill_end_card(self) -> None:
        """Thanks, and the downloads on the end screen itself, in reach without scrolling (the wrap-up follows)."""
        t = self.session.t
        self.end_downloads = EndDownloads(self.session)
        replace_children(
            self.end_card, [heading(t("room.end_heading")), text_html(t("room.end_text")), self.end_downloads.widget]
        )

"""The coach's two pages, served by the same Voila as the workshop: the console and the projector view.

``app()`` sends a visitor here when their address asks for ``?room=console`` or ``?room=projector``. The
token in that address is checked in the kernel, against the journal, before any console widget exists; a
visitor without it gets the plain "not for you" screen and a kernel that holds no console at all (so widget
messages sent over the websocket find nothing to act on). Every console action checks the token again. A
co-facilitator link's token opens the console in the co-facilitator role (:mod:`coffeechat.room.live`); once
the facilitator revokes it (or makes a new one), the page says so at its next look or action, and again when
reloaded.

Both pages look at the room twice a second (one tiny query, :class:`coffeechat.room.live.Watch`) and
recount the room's results every few seconds (progress and ratings change without touching the room).
"""

from __future__ import annotations

import os

import ipywidgets as w

from coffeechat import environment
from coffeechat.content import Workshop
from coffeechat.room import model as room
from coffeechat.room.live import POLL_SECONDS, Console, NotAllowed, Watch, every
from coffeechat.storage.journal import Journal
from coffeechat.views.console import ConsoleView, not_for_you
from coffeechat.views.projector import ProjectorView
from coffeechat.widgets.look import KitLook
from coffeechat.widgets.page import PageAssist

#: set by ``coffeechat serve`` for a room: the address participants open (the machine's LAN address)
JOIN_URL_VAR = environment.JOIN_URL.name
#: set by ``serve --coach-server``: this server's own token (its pages are behind a login)
FACILITATOR_TOKEN_VAR = environment.FACILITATOR_TOKEN.name
#: how often the results are counted again even when the room itself did not change
RECOUNT_SECONDS = 3.0


def join_address(environ=os.environ) -> str:
    """The participants' address: what ``serve`` worked out, else this request's own server."""
    if environ.get(JOIN_URL_VAR):
        return environ[JOIN_URL_VAR]
    host = environ.get("SERVER_NAME") or "127.0.0.1"
    port = environ.get("SERVER_PORT") or "8866"
    return f"http://{host}:{port}/"


class FacilitatorPage:
    """One of the coach's pages: ``kind`` is "console" or "projector"; ``tick()`` keeps it current."""

    def __init__(self, workshop: Workshop, journal: Journal, kind: str, token: str, language: str):
        self.workshop, self.journal, self.language = workshop, journal, language
        self.console = Console(journal, workshop, token)
        self.watch = Watch(journal)
        self.since_recount = 0.0
        self.view: ConsoleView | ProjectorView | None = None
        if not self.console.authorized():
            # the kit's look (widgets/kit.css) comes with a widget; this page has no PageAssist to bring it
            withdrawn = bool(token) and journal.rooms.cofacilitator_withdrawn(room.token_hash(token))
            key = "room.cofac_revoked" if withdrawn else "room.not_for_you"
            self.root = w.VBox([KitLook(), not_for_you(workshop, language, key)], layout=w.Layout(width="100%"))
            return
        # on a coach's server behind a login (serve --coach-server) the projector's link needs no token
        in_link = "" if token == os.environ.get(FACILITATOR_TOKEN_VAR) else f"&token={token}"
        query_token = f"?room=projector{in_link}" + (f"&lang={language}" if language else "")
        if kind == "projector":
            self.view = ProjectorView(workshop, language, join_address())
        else:
            self.view = ConsoleView(self.console, workshop, language, query_token, join_address())
        # the page's language and title, ARIA that ipywidgets leaves out, and a typed name sent before the
        # click that uses it (page.js): the same help the participant's page has
        self.page = PageAssist(lang=language, title=workshop.t("room.console_title", language))
        if isinstance(self.view, ConsoleView):
            self.view.focus = self.page.focus
        self.root = w.VBox([self.page, self.view.root], layout=w.Layout(width="100%"))
        self.tick(force=True)

    def tick(self, force: bool = False, elapsed: float = POLL_SECONDS) -> None:
        if self.view is None:
            return
        self.since_recount += elapsed
        changed = self.watch.changed()
        if not (force or changed or self.since_recount >= RECOUNT_SECONDS):
            return
        self.since_recount = 0.0
        try:
            if isinstance(self.view, ConsoleView):
                self.console.current()  # raises for a token a later run of serve retired
                self.view.refresh()
                return
            current = self.console.current()
        except NotAllowed:  # from now on this page only says it is not for you, and looks no more
            revoked = isinstance(self.view, ConsoleView) and not self.view.lead
            self.view = None
            key = "room.cofac_revoked" if revoked else "room.not_for_you"
            self.root.children = (not_for_you(self.workshop, self.language, key),)
            return
        if current is None:
            self.view.show(None, None)
        else:
            self.view.show(current[1], self.console.results(), current[0].name)


def facilitator_page(workshop: Workshop, journal: Journal, kind: str, token: str, language: str) -> w.Widget:
    page = FacilitatorPage(workshop, journal, kind, token, language)
    if page.view is not None:
        page.task = every(POLL_SECONDS, page.tick)
    return page.root

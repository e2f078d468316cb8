"""The room's bar on a participant's page: what it shows of the shared timer."""

from __future__ import annotations

from coffeechat.models.session import Session
from coffeechat.room.live import Membership
from coffeechat.room.model import RoomState, Timer
from coffeechat.storage.journal import Journal
from coffeechat.views.roombar import RoomBar


def test_a_participant_sees_the_timer_only_while_a_countdown_is_on(session: Session, journal: Journal):
    """A coach walk saw a big idle "10:00" on every phone before any timer was started: it read as a countdown."""
    bar = RoomBar(session, Membership(journal, session.code))
    bar.show(RoomState())
    assert bar.timer.layout.display == "none", "never started"
    started = Timer().start(now=1000.0, seconds=240)
    bar.show(RoomState(timer=started))
    assert bar.timer.layout.display is None
    bar.show(RoomState(timer=started.pause(now=1060.0)))
    assert bar.timer.layout.display is None, "paused: still the room's countdown"
    bar.show(RoomState(timer=started.stop()))
    assert bar.timer.layout.display == "none", "stopped"

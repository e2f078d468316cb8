"""Data kept only as long as promised: participants and rooms deleted after a period without activity, and a
history of answers that keeps what "nothing is lost silently" needs and no more.

Two rules, one module, both engines (the SQL below runs unchanged on SQLite and PostgreSQL):

- **The history** (:func:`prune_history`, called by every save): of each answer the journal keeps the newest
  :data:`HISTORY_VERSIONS` versions, plus every version another tab overwrote (a clash: the save came from a
  tab that had not seen it; the journal marks it ``clashed``), and no version older than :data:`HISTORY_DAYS`
  days. The current value always stays (it is the answer itself). So the promise of
  ``app.conflict`` ("the earlier version is kept in the history") holds for :data:`HISTORY_DAYS` days, and the
  participant can take it back from their JSON download, while the ~20 versions a typed sentence leaves behind
  are gone after the next few saves.
- **Retention** (:class:`Retention`, the ``coffeechat retention`` command): a participant whose last activity
  (created, an answer saved, a room joined) is older than the period is deleted with everything keyed by their
  code (:data:`coffeechat.storage.schema.PARTICIPANT_TABLES`, as ``erase`` does); a room whose last activity
  (opened, someone joined) is older is deleted with its members' entries and its word wall (its members stay
  participants under their own rule). Nothing else is touched. The same run prunes the history of everyone
  who stays. A dry run counts, and tells the age of the oldest and newest of what it would delete, never a
  code or a text.

Timestamps are the stored ISO 8601 strings of :func:`coffeechat.storage.connection.now` (UTC, fixed width), so
they compare as text on both engines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from coffeechat.storage.connection import Connection
from coffeechat.storage.schema import PARTICIPANT_TABLES

#: the newest versions of each answer the history keeps (the current one among them)
HISTORY_VERSIONS = 5
#: no version in the history is older than this (a clash's overwritten version included)
HISTORY_DAYS = 30
#: the period ``coffeechat retention`` uses when neither ``--older-than`` nor the environment names one
DEFAULT_RETENTION_DAYS = 90
#: codes (or room ids) per ``IN (...)`` list: far below SQLite's limit of bound parameters
_CHUNK = 500

#: every row's last activity, by participant code: created, an answer saved (every save stamps its answer),
#: a room joined
_PARTICIPANT_ACTIVITY = """
    SELECT code, MAX(at) FROM (
        SELECT code, created_at AS at FROM participants
        UNION ALL SELECT code, updated_at FROM answers
        UNION ALL SELECT code, joined_at FROM room_members
    ) AS activity GROUP BY code HAVING MAX(at) < ?"""
#: every room's last activity: opened, someone joined
_ROOM_ACTIVITY = """
    SELECT room, MAX(at) FROM (
        SELECT id AS room, created_at AS at FROM rooms
        UNION ALL SELECT room_id, joined_at FROM room_members
    ) AS activity GROUP BY room HAVING MAX(at) < ?"""
#: the history rows a run prunes: older than HISTORY_DAYS, or beyond the newest HISTORY_VERSIONS and no clash
_PRUNABLE = (
    "saved_at < ? OR (clashed = 0 AND revision <= "
    "(SELECT a.revision FROM answers a WHERE a.code = history.code AND a.key = history.key) - ?)"
)


def stamp(moment: datetime) -> str:
    """``moment`` as the journal stores times (the format of :func:`coffeechat.storage.connection.now`)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def prune_history(db: Any, code: str, key: str, revision: int, saved_at: str) -> None:
    """Inside a save, after version ``revision`` of ``key`` was written at ``saved_at``: drop the versions of this
    answer the history no longer keeps (one indexed ``DELETE``; see the module's docstring for the rule)."""
    too_old = stamp(datetime.fromisoformat(saved_at) - timedelta(days=HISTORY_DAYS))
    db.execute(
        "DELETE FROM history WHERE code = ? AND key = ? AND (saved_at < ? OR (clashed = 0 AND revision <= ?))",
        (code, key, too_old, revision - HISTORY_VERSIONS),
    )


def mark_clashed(db: Any, code: str, key: str, revision: int) -> None:
    """Inside a save from a stale tab: version ``revision`` (the one it overwrites) is kept past the newest few."""
    db.execute("UPDATE history SET clashed = 1 WHERE code = ? AND key = ? AND revision = ?", (code, key, revision))


@dataclass(frozen=True)
class Stale:
    """What is older than the period, of one kind: how many, and the oldest and newest last activity."""

    count: int
    oldest: datetime | None
    newest: datetime | None

    @classmethod
    def of(cls, times: Iterable[str]) -> Stale:
        moments = sorted(datetime.fromisoformat(time) for time in times)
        return cls(len(moments), moments[0] if moments else None, moments[-1] if moments else None)


@dataclass(frozen=True)
class RetentionReport:
    """The outcome of a run (or of a dry run: then ``deleted_rows`` is 0 and nothing changed)."""

    days: int
    cutoff: datetime
    dry_run: bool
    participants: Stale
    rooms: Stale
    #: history versions pruned (or to prune) of the participants who stay
    history_versions: int
    deleted_rows: int


class Retention:
    """The retention rule over a journal's connection (``journal.retention``)."""

    def __init__(self, connection: Connection):
        self.connection = connection

    def run(self, days: int, *, dry_run: bool = False, at: datetime | None = None) -> RetentionReport:
        """Delete participants and rooms whose last activity is more than ``days`` days before ``at`` (default:
        now), and prune the history of everyone else; with ``dry_run``, only count. One transaction; after a
        deletion the engine's clean-up of erased text runs (as for ``erase``). ValueError for ``days`` < 1."""
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ValueError("the retention period is a whole number of days, at least 1")
        moment = at or datetime.now(UTC)
        cutoff = moment - timedelta(days=days)
        history_cutoff = stamp(moment - timedelta(days=HISTORY_DAYS))

        def action(db) -> RetentionReport:
            participants = self._stale(db, _PARTICIPANT_ACTIVITY, "participants", "code", stamp(cutoff))
            rooms = self._stale(db, _ROOM_ACTIVITY, "rooms", "id", stamp(cutoff))
            deleted = 0
            if not dry_run:
                for chunk in _chunks(sorted(rooms)):
                    marks = _marks(chunk)
                    deleted += db.execute(f"DELETE FROM room_feedback WHERE room_id IN ({marks})", chunk).rowcount
                    deleted += db.execute(f"DELETE FROM room_words WHERE room_id IN ({marks})", chunk).rowcount
                    deleted += db.execute(f"DELETE FROM room_members WHERE room_id IN ({marks})", chunk).rowcount
                    deleted += db.execute(f"DELETE FROM room_cofacilitators WHERE room_id IN ({marks})", chunk).rowcount
                    deleted += db.execute(f"DELETE FROM rooms WHERE id IN ({marks})", chunk).rowcount
                for chunk in _chunks(sorted(participants)):
                    for table, column in PARTICIPANT_TABLES:
                        deleted += db.execute(
                            f"DELETE FROM {table} WHERE {column} IN ({_marks(chunk)})", chunk
                        ).rowcount
            if dry_run:
                # the versions of the participants who stay (those who go lose theirs with them)
                rows = db.execute(
                    f"SELECT code, COUNT(*) FROM history WHERE {_PRUNABLE} GROUP BY code",
                    (history_cutoff, HISTORY_VERSIONS),
                )
                versions = sum(int(count) for code, count in rows.fetchall() if code not in participants)
            else:
                versions = db.execute(
                    f"DELETE FROM history WHERE {_PRUNABLE}", (history_cutoff, HISTORY_VERSIONS)
                ).rowcount
                deleted += versions
            return RetentionReport(
                days=days,
                cutoff=cutoff,
                dry_run=dry_run,
                participants=Stale.of(participants.values()),
                rooms=Stale.of(rooms.values()),
                history_versions=versions,
                deleted_rows=deleted,
            )

        report = self.connection.write(action)
        if report.deleted_rows:
            self.connection.after_erase([table for table, _ in PARTICIPANT_TABLES] + ["rooms"])
        return report

    @staticmethod
    def _stale(db: Any, activity: str, table: str, column: str, cutoff: str) -> dict[str, str]:
        """{key: last activity} of the rows of ``table`` inactive since ``cutoff``, locked until the commit.

        SQLite: the transaction already holds the file's one write lock, so the first look is final.
        PostgreSQL: the rows are locked (``FOR UPDATE``, as every save locks its participant first), then looked
        at again, so one that became active between the look and the lock stays."""
        found = dict(db.execute(activity, (cutoff,)).fetchall())
        if not db.FOR_UPDATE or not found:
            return found
        for chunk in _chunks(sorted(found)):
            db.execute(f"SELECT 1 FROM {table} WHERE {column} IN ({_marks(chunk)}){db.FOR_UPDATE}", chunk).fetchall()
        still = dict(db.execute(activity, (cutoff,)).fetchall())
        return {key: time for key, time in found.items() if key in still}


def _chunks(keys: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(keys), _CHUNK):
        yield list(keys[start : start + _CHUNK])


def _marks(chunk: Sequence[str]) -> str:
    return ", ".join("?" for _ in chunk)

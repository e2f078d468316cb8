"""The journal's tables, in one place: every migration step for both engines, and which tables hold a
participant's data.

The answers (:mod:`coffeechat.storage.journal`) and the facilitated room
(:mod:`coffeechat.storage.room_records`) live in one database and are migrated together, when a
:class:`coffeechat.storage.connection.Connection` opens it.
"""

from __future__ import annotations

#: The schema, step by step; a database is at version ``len(MIGRATIONS)``. Each step is written once for both
#: engines (``{serial_key}``: an auto-numbered primary key; ``{bytes}``: a byte string, BLOB or BYTEA). New
#: tables (the facilitated room) are a new step appended here, never an edit of an old one.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE IF NOT EXISTS meta (
            name  TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS participants (
            code       TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS answers (
            code       TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
            key        TEXT NOT NULL,
            value      TEXT NOT NULL,
            revision   INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (code, key)
        )""",
        """CREATE TABLE IF NOT EXISTS history (
            id       {serial_key},
            code     TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
            key      TEXT NOT NULL,
            value    TEXT NOT NULL,
            revision INTEGER NOT NULL,
            saved_at TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS history_by_code ON history (code, id)",
    ),
    # 2: the facilitated room (coffeechat.storage.room_records stores it, coffeechat.room.model is its model): the
    # coach's tokens (hashed), the rooms with their shared state and a revision every kernel polls, who joined (an
    # anonymous member id per participant), the word wall
    (
        """CREATE TABLE IF NOT EXISTS room_tokens (
            token_hash TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS rooms (
            id         TEXT PRIMARY KEY,
            name       TEXT NOT NULL,
            held_on    TEXT NOT NULL,
            token_hash TEXT NOT NULL,
            state      TEXT NOT NULL,
            revision   INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS rooms_by_creation ON rooms (created_at)",
        """CREATE TABLE IF NOT EXISTS room_members (
            room_id   TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            code      TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
            member_id TEXT NOT NULL,
            joined_at TEXT NOT NULL,
            PRIMARY KEY (room_id, code)
        )""",
        """CREATE TABLE IF NOT EXISTS room_words (
            room_id  TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            code     TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
            question INTEGER NOT NULL,
            entry_id TEXT NOT NULL,
            text     TEXT NOT NULL,
            hidden   INTEGER NOT NULL,
            PRIMARY KEY (room_id, code, question)
        )""",
    ),
    # 3: the word wall's moderation: an answer waits until the coach approves it (the walls of earlier
    # versions showed every answer at once, so what is already stored counts as approved)
    ("ALTER TABLE room_words ADD COLUMN approved INTEGER NOT NULL DEFAULT 1",),
    # 4: wrong resume codes by client address (hashed), seen by every kernel, so a reload brings a guesser no
    # fresh tries (coffeechat.storage.code_failures); rows older than the throttle's window are deleted
    (
        """CREATE TABLE IF NOT EXISTS code_failures (
            client    TEXT NOT NULL,
            failed_at DOUBLE PRECISION NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS code_failures_by_client ON code_failures (client, failed_at)",
    ),
    # 5: a history that keeps what "nothing is lost silently" needs (coffeechat.storage.retention): the version a
    # stale tab overwrote is marked and kept past the newest few; an index for the prune every save runs; the room
    # tables by code, so deleting a participant does not scan them (their foreign keys: 10,000 deleted at once
    # took 14 s without)
    (
        "ALTER TABLE history ADD COLUMN clashed INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX IF NOT EXISTS history_by_key ON history (code, key, revision)",
        "CREATE INDEX IF NOT EXISTS room_members_by_code ON room_members (code)",
        "CREATE INDEX IF NOT EXISTS room_words_by_code ON room_words (code)",
    ),
    # 6: feedback at the end of a room (a rating 1-5 and a short comment, one per member; the coach approves a
    # comment before it appears anywhere) and the session reports a coach keeps: a report's zip, by room, with no
    # reference to the room's row, so erasing the room leaves it ({bytes}: the engine's byte string)
    (
        """CREATE TABLE IF NOT EXISTS room_feedback (
            room_id    TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            code       TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
            entry_id   TEXT NOT NULL,
            rating     INTEGER,
            comment    TEXT NOT NULL,
            approved   INTEGER NOT NULL,
            hidden     INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (room_id, code)
        )""",
        "CREATE INDEX IF NOT EXISTS room_feedback_by_code ON room_feedback (code)",
        """CREATE TABLE IF NOT EXISTS room_reports (
            room_id  TEXT PRIMARY KEY,
            name     TEXT NOT NULL,
            held_on  TEXT NOT NULL,
            language TEXT NOT NULL,
            filename TEXT NOT NULL,
            made_at  TEXT NOT NULL,
            content  {bytes} NOT NULL
        )""",
    ),
    # 7: rooms that come back: a room's setup kept as a template under a name the coach gives (the format, the
    # wall's questions, the timer, the projector; no participant data, so erasing a room leaves it), and which
    # template a kept report's room came from, with the few figures a trend across its sessions shows
    (
        """CREATE TABLE IF NOT EXISTS room_templates (
            id         TEXT PRIMARY KEY,
            name       TEXT NOT NULL UNIQUE,
            setup      TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "ALTER TABLE room_reports ADD COLUMN template_id TEXT",
        "ALTER TABLE room_reports ADD COLUMN trend TEXT NOT NULL DEFAULT ''",
    ),
    # 8: the co-facilitator link (coffeechat.room.live.Console): the hash of its token (never the token) and the
    # room it runs; the facilitator's revoke deletes the row, erasing the room deletes it too
    (
        """CREATE TABLE IF NOT EXISTS room_cofacilitators (
            token_hash TEXT PRIMARY KEY,
            room_id    TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS room_cofacilitators_by_room ON room_cofacilitators (room_id)",
    ),
    # 9: a withdrawn co-facilitator link (revoked, or replaced by a new one) keeps its row with the time it was
    # withdrawn, so the page it opens, reloaded, says it was withdrawn rather than "not for you"; erasing the
    # room still deletes every row of it
    ("ALTER TABLE room_cofacilitators ADD COLUMN withdrawn_at TEXT",),
]
SCHEMA_VERSION = len(MIGRATIONS)
#: Every table that holds a participant's data, children first (the order ``erase`` deletes in).
PARTICIPANT_TABLES = (
    ("room_feedback", "code"),
    ("room_words", "code"),
    ("room_members", "code"),
    ("history", "code"),
    ("answers", "code"),
    ("meta", "value"),
    ("participants", "code"),
)

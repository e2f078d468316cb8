"""Wrong resume codes by client address, kept in the journal's database so that every kernel of the server
(and every server on a shared PostgreSQL) sees them: a guesser's reload or second tab starts where the last
page stopped (:class:`coffeechat.storage.codes.ResumeThrottle` decides what they mean).

The address itself is not stored, only a hash of it. A failure counts for
:data:`coffeechat.storage.codes.ADDRESS_WINDOW_SECONDS`; older rows are deleted when the next one is written.
A failure that cannot be written (a full disk) is logged and costs only the shared count: the page still
counts its own.
"""

from __future__ import annotations

import hashlib
import logging

from coffeechat.storage.codes import ADDRESS_WINDOW_SECONDS
from coffeechat.storage.connection import Connection, JournalWriteError

log = logging.getLogger("coffeechat")


def client_key(address: str) -> str:
    """What is stored for a client address: a hash, never the address."""
    return hashlib.sha256(f"coffeechat-client:{address}".encode()).hexdigest()


class CodeFailures:
    """The wrong resume codes of every client address, over the journal's connection (``journal.code_failures``)."""

    def __init__(self, connection: Connection):
        self.connection = connection

    def record(self, address: str, *, at: float) -> None:
        """One more wrong code from ``address`` at time ``at`` (seconds since the epoch)."""

        def action(db) -> None:
            db.execute("DELETE FROM code_failures WHERE failed_at < ?", (at - ADDRESS_WINDOW_SECONDS,))
            db.execute("INSERT INTO code_failures (client, failed_at) VALUES (?, ?)", (client_key(address), at))

        try:
            self.connection.write(action)
        except JournalWriteError as error:
            log.warning("a wrong resume code could not be counted for its address: %s", error.reason)

    def recent(self, address: str, *, since: float) -> tuple[int, float | None]:
        """How many wrong codes came from ``address`` after ``since``, and when the last one came (or None)."""
        with self.connection.reading() as db:
            count, last = db.execute(
                "SELECT COUNT(*), MAX(failed_at) FROM code_failures WHERE client = ? AND failed_at > ?",
                (client_key(address), since),
            ).fetchone()
        return int(count), None if last is None else float(last)

"""The participant's saved answers: one SQLite file, saved on every change, exportable and erasable.

Each participant is identified by a resume code (:mod:`coffeechat.codes`). Their answers are a flat map of
*answer keys* to JSON values. The keys the app uses:

========================================  ===================================================================
key                                       value
========================================  ===================================================================
``language``                              the participant's language code, e.g. ``"de"``
``welcome.rating.<fear-id>``              how strong the fear feels, int 0-10
``<fear-id>.reflection.<prompt-id>``      the answer to a reflection prompt (by prompt kind, see below)
``<fear-id>.exercise.<field-id>``         the answer to an exercise field (by prompt kind, see below)
``<fear-id>.next_step.action``            the one concrete next step, str
``<fear-id>.next_step.due``               its due date, ISO date str such as ``"2026-12-01"``
``progress.<module-id>``                  whether the participant marked the module done, bool
========================================  ===================================================================

Values by prompt kind: text → str; scale → int; choice → option id; checklist → list of option ids;
list → list of str; table → list of ``{column id: str}``; date → ISO date str.

Storage: SQLite in WAL mode (``synchronous=NORMAL``, ``busy_timeout`` 5 s), one short ``BEGIN IMMEDIATE``
transaction per write, one connection per :class:`Journal` guarded by a lock (ipywidgets callbacks may
arrive on other threads). ``answers`` holds the current value and a per-key revision; ``history`` keeps
every saved value, append-only, so a value that another tab overwrote is never lost. ``PRAGMA
user_version`` carries the schema version for future migrations. ``secure_delete`` is on, so erased text
does not linger in free pages.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from coffeechat import codes, paths

if TYPE_CHECKING:
    from coffeechat.content import Prompt, Workshop

SCHEMA_VERSION = 1
#: Largest accepted value, as UTF-8 JSON. The UI limits text before; this is the server-side guard.
MAX_VALUE_BYTES = 100_000
MAX_KEY_LENGTH = 160
BUSY_TIMEOUT_MS = 5_000
EXPORT_FORMAT = "coffeechat-export"
EXPORT_VERSION = 1

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_LOCAL_PARTICIPANT = "local_participant"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
    code       TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    code       TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (code, key)
);
CREATE TABLE IF NOT EXISTS history (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_code ON history (code, id);
"""

_MESSAGES = {
    "full": "The disk is full, so this answer could not be saved. Please tell the workshop host.",
    "read-only": "Answers cannot be saved right now (the storage is read-only). Please tell the workshop host.",
    "busy": "The server is very busy and could not save this answer. Please try again in a moment.",
    "other": "This answer could not be saved because of a problem on the server. Please tell the workshop host.",
}


class JournalWriteError(Exception):
    """A write failed. ``reason`` is "full", "read-only", "busy" or "other"; the message is safe to show."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(_MESSAGES[reason])


@dataclass(frozen=True)
class SaveResult:
    """``revision`` of the key after the save; ``conflict``: another tab changed it since ``expected_revision``."""

    revision: int
    conflict: bool


def _connect(path: Path) -> sqlite3.Connection:
    """Open the database file (tests replace this to simulate a read-only file)."""
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return "full"
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "read-only"
        return "other"
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    message = str(error).lower()
    if primary == sqlite3.SQLITE_FULL or "disk is full" in message:
        return "full"
    if primary == sqlite3.SQLITE_READONLY or "readonly" in message or "read-only" in message:
        return "read-only"
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in message or "busy" in message:
        return "busy"
    return "other"


def _create_private_file(path: Path) -> None:
    """Create ``path`` (and its folder) readable by its owner only, unless it exists."""
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, 0o600)


class Journal:
    """All participants' answers in one SQLite file. Thread-safe; one connection per object."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else paths.journal_path()
        self._lock = threading.Lock()
        try:
            _create_private_file(self.path)
            self._conn = _connect(self.path)
        except (OSError, sqlite3.Error) as error:
            raise JournalWriteError(_reason(error)) from error
        try:
            self._setup()
        except BaseException as error:
            self._conn.close()
            if isinstance(error, sqlite3.Error):
                raise JournalWriteError(_reason(error)) from error
            raise

    # --- connection ------------------------------------------------------------------------------

    def _setup(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"The journal was written by a newer coffeechat (schema {version}, this one reads {SCHEMA_VERSION})."
            )
        with self._write():
            # Re-read inside the lock: another process may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; rolled back on any error."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    def _guarded_write(self, action):
        """Run ``action(conn)`` in one short write transaction; map SQLite failures to JournalWriteError."""
        with self._lock:
            try:
                with self._write() as conn:
                    return action(conn)
            except sqlite3.Error as error:
                raise JournalWriteError(_reason(error)) from error

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- participants ----------------------------------------------------------------------------

    @staticmethod
    def _insert_participant(conn: sqlite3.Connection, attempts: int = 8) -> str:
        for _ in range(attempts):
            code = codes.new_code()
            try:
                conn.execute("INSERT INTO participants (code, created_at) VALUES (?, ?)", (code, _now()))
            except sqlite3.IntegrityError:
                continue  # collision with an existing code: draw another
            return code
        raise JournalWriteError("other")

    def create_participant(self, language: str) -> str:
        """A new participant with a fresh resume code; ``language`` is saved as their ``language`` answer."""
        if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
            raise ValueError("language must be a language code such as 'de'")

        def action(conn: sqlite3.Connection) -> str:
            code = self._insert_participant(conn)
            self._store(conn, code, "language", json.dumps(language), None)
            return code

        return self._guarded_write(action)

    def participant_exists(self, code: str) -> bool:
        """Whether ``code`` (in any accepted spelling) belongs to a participant."""
        canonical = codes.normalize_code(code)
        if canonical is None:
            return False
        with self._lock:
            return self._exists(canonical)

    def _exists(self, code: str) -> bool:
        return self._conn.execute("SELECT 1 FROM participants WHERE code = ?", (code,)).fetchone() is not None

    def _known(self, code: str) -> str:
        """The canonical code of an existing participant; KeyError otherwise. Call with the lock held."""
        canonical = codes.normalize_code(code)
        if canonical is None or not self._exists(canonical):
            raise KeyError("unknown participant")
        return canonical

    def local_participant(self) -> str:
        """The one participant of self-paced use on this data dir (created on first call), so no code is needed."""

        def action(conn: sqlite3.Connection) -> str:
            row = conn.execute("SELECT value FROM meta WHERE name = ?", (_LOCAL_PARTICIPANT,)).fetchone()
            if row is not None and self._exists(row[0]):
                return row[0]
            code = self._insert_participant(conn)
            conn.execute(
                "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (_LOCAL_PARTICIPANT, code),
            )
            return code

        return self._guarded_write(action)

    # --- answers ---------------------------------------------------------------------------------

    def save(self, code: str, key: str, value: Any, *, expected_revision: int | None = None) -> SaveResult:
        """Store ``value`` under ``key``; the latest write wins, but ``conflict`` reports a stale tab.

        Raises KeyError for an unknown participant, ValueError for a bad key or a value that is not JSON or
        larger than 100 kB, and JournalWriteError when the database cannot be written.
        """
        if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
            raise ValueError("answer keys are short lower-case slugs joined by dots, e.g. 'not-ready.reflection.why'")
        try:
            encoded = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as error:
            raise ValueError(f"the value for {key!r} is not JSON-serialisable") from error
        if len(encoded.encode("utf-8")) > MAX_VALUE_BYTES:
            raise ValueError(f"the value for {key!r} is larger than {MAX_VALUE_BYTES // 1000} kB")

        def action(conn: sqlite3.Connection) -> SaveResult:
            canonical = codes.normalize_code(code)
            if canonical is None or not self._exists(canonical):
                raise KeyError("unknown participant")
            return self._store(conn, canonical, key, encoded, expected_revision)

        return self._guarded_write(action)

    @staticmethod
    def _store(conn: sqlite3.Connection, code: str, key: str, encoded: str, expected: int | None) -> SaveResult:
        row = conn.execute("SELECT value, revision FROM answers WHERE code = ? AND key = ?", (code, key)).fetchone()
        current_value, current = (row[0], row[1]) if row else (None, 0)
        if encoded == current_value:
            # Nothing changes, so nothing can be lost: no new revision, no conflict.
            return SaveResult(current, False)
        revision, now = current + 1, _now()
        conn.execute(
            "INSERT INTO answers (code, key, value, revision, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (code, key) DO UPDATE SET value = excluded.value, revision = excluded.revision, "
            "updated_at = excluded.updated_at",
            (code, key, encoded, revision, now),
        )
        conn.execute(
            "INSERT INTO history (code, key, value, revision, saved_at) VALUES (?, ?, ?, ?, ?)",
            (code, key, encoded, revision, now),
        )
        return SaveResult(revision, expected is not None and expected != current)

    def load(self, code: str) -> dict[str, Any]:
        """The participant's current answers, ``{key: value}``; KeyError for an unknown participant."""
        with self._lock:
            canonical = self._known(code)
            rows = self._conn.execute("SELECT key, value FROM answers WHERE code = ? ORDER BY key", (canonical,))
            return {key: json.loads(value) for key, value in rows}

    def revisions(self, code: str) -> dict[str, int]:
        """The current revision of every saved key."""
        with self._lock:
            canonical = self._known(code)
            rows = self._conn.execute("SELECT key, revision FROM answers WHERE code = ? ORDER BY key", (canonical,))
            return dict(rows.fetchall())

    def get(self, code: str, key: str, default: Any = None) -> Any:
        """One answer, or ``default`` if it was never saved."""
        with self._lock:
            canonical = self._known(code)
            row = self._conn.execute(
                "SELECT value FROM answers WHERE code = ? AND key = ?", (canonical, key)
            ).fetchone()
        return default if row is None else json.loads(row[0])

    def _history(self, code: str) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            "SELECT key, value, revision, saved_at FROM history WHERE code = ? ORDER BY id", (code,)
        )
        return [
            {"key": key, "value": json.loads(value), "revision": revision, "saved_at": saved_at}
            for key, value, revision, saved_at in rows
        ]

    # --- export and erase ------------------------------------------------------------------------

    def export_json(self, code: str) -> str:
        """Everything this participant wrote, as JSON (current answers and every saved version)."""
        with self._lock:
            canonical = self._known(code)
            created = self._conn.execute(
                "SELECT created_at FROM participants WHERE code = ?", (canonical,)
            ).fetchone()[0]
            answers = {
                key: json.loads(value)
                for key, value in self._conn.execute(
                    "SELECT key, value FROM answers WHERE code = ? ORDER BY key", (canonical,)
                )
            }
            history = self._history(canonical)
        document = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "code": canonical,
            "created_at": created,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "answers": answers,
            "history": history,
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

    def export_markdown(self, code: str, workshop: "Workshop", language: str) -> str:
        """The participant's answers as a readable Markdown document in ``language``.

        Uses the interface strings ``export.ratings``, ``export.next_step``, ``export.due``,
        ``export.nothing_yet`` and ``fear.reflection``. Unanswered items are left out.
        """
        answers = self.load(code)
        return render_markdown(answers, workshop, language)

    def erase(self, code: str) -> int:
        """Delete the participant, their answers and history; return the number of rows deleted."""

        def action(conn: sqlite3.Connection) -> int:
            canonical = codes.normalize_code(code)
            if canonical is None:
                return 0
            deleted = 0
            for table, column in (("history", "code"), ("answers", "code"), ("meta", "value"), ("participants", "code")):
                deleted += conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (canonical,)).rowcount
            return deleted

        deleted = self._guarded_write(action)
        with self._lock:
            try:
                # Copy the zeroed pages into the main file and empty the WAL, so no old copy stays behind.
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # another connection is reading; SQLite checkpoints later
        return deleted


# --- Markdown export -----------------------------------------------------------------------------


def render_markdown(answers: dict[str, Any], workshop: "Workshop", language: str) -> str:
    """Markdown for a participant's ``answers`` (as returned by :meth:`Journal.load`)."""
    t = workshop.t
    lines: list[str] = [f"# {workshop.manifest.title[language]}", ""]
    for ref in workshop.manifest.modules:
        if ref.kind == "welcome":
            lines += [f"## {workshop.welcome.title[language]}", ""]
            body = list(_ratings(answers, workshop, language))
            if body:
                body = [f"### {t('export.ratings', language)}", "", *body, ""]
        elif ref.kind == "builder":
            lines += [f"## {workshop.module_title(ref.id, language)}", ""]
            body = list(_builder_body(answers, workshop, language))
        elif ref.kind == "roleplay":
            lines += [f"## {workshop.module_title(ref.id, language)}", ""]
            body = list(_roleplay_body(answers, workshop, language))
        elif ref.kind == "wrap-up":
            lines += [f"## {workshop.module_title(ref.id, language)}", ""]
            body = list(_wrapup_body(answers, workshop, language))
        else:
            fear = workshop.fear(ref.id)
            lines += [f"## {fear.title[language]}", ""]
            body = list(_fear_body(answers, fear, workshop, language))
        lines += body if body else [t("export.nothing_yet", language), ""]
    return "\n".join(lines).rstrip() + "\n"


def _builder_body(answers: dict[str, Any], workshop: "Workshop", language: str) -> Iterator[str]:
    """The conversation plan and the participant's own message texts, if they built a plan."""
    if not answers.get("builder.request"):
        return
    from .builder import PlanEdits, PlanRequest, build_plan
    from .report import plan_markdown

    plan = build_plan(
        workshop.bank,
        PlanRequest.model_validate(answers["builder.request"]),
        PlanEdits.model_validate(answers.get("builder.edits") or {}),
    )
    for line in plan_markdown(workshop, plan, language).splitlines()[2:]:
        yield f"#{line}" if line.startswith("## ") else line
    for key, label in (("builder.outreach.text", "builder.outreach"), ("builder.thanks.text", "builder.thank_you")):
        if answers.get(key):
            yield f"### {workshop.t(label, language)}"
            yield ""
            yield from (f"> {line}" for line in answers[key].splitlines())
            yield ""


def _roleplay_body(answers: dict[str, Any], workshop: "Workshop", language: str) -> Iterator[str]:
    """Each role-play round's debrief, then the solo rehearsal with the follow-up questions written."""
    from .roleplay import ROLES, persona, round_key, round_summaries

    t = lambda key, **values: workshop.t(key, language, **values)  # noqa: E731
    rounds = answers.get("roleplay.round") if isinstance(answers.get("roleplay.round"), int) else 1
    for summary in round_summaries(answers, rounds):
        role = t(f"roleplay.role.{summary.role}") if summary.role in ROLES else ""
        yield f"### {t('roleplay.round', number=summary.number)} · {role}"
        yield ""
        if summary.nervous_before is not None or summary.nervous_after is not None:
            before = "–" if summary.nervous_before is None else summary.nervous_before
            after = "–" if summary.nervous_after is None else summary.nervous_after
            yield f"- {t('roleplay.nervous_summary', before=before, after=after)}"
        for name, label in (("went-well", "roleplay.went_well"), ("change", "roleplay.change")):
            text = answers.get(round_key(summary.number, name))
            if isinstance(text, str) and text.strip():
                yield f"- {t(label)} {_inline(text)}"
        yield ""
    turns = [turn for turn in answers.get("solo.turns") or [] if isinstance(turn, dict)]
    if turns:
        yield f"### {t('roleplay.mode_solo')}"
        yield ""
        for turn in turns:
            card = persona(workshop, turn.get("persona"))
            yield f"- {_inline(str(turn.get('text', '')))} ({card.name[language]})"
            if str(turn.get("follow_up", "")).strip():
                yield f"  - {t('roleplay.follow_up')}: {_inline(str(turn['follow_up']))}"
        yield ""


def _wrapup_body(answers: dict[str, Any], workshop: "Workshop", language: str) -> Iterator[str]:
    """Ratings before and after, and the commitment to a first contact."""
    t = lambda key, **values: workshop.t(key, language, **values)  # noqa: E731
    after = {f.id: answers.get(f"wrapup.rating.{f.id}") for f in workshop.fears}
    if any(isinstance(v, int) for v in after.values()):
        yield f"| {t('wrapup.fear')} | {t('wrapup.before')} | {t('wrapup.after')} |"
        yield "|---|---:|---:|"
        for fear in workshop.fears:
            before = answers.get(f"welcome.rating.{fear.id}")
            yield f"| {_cell(fear.title[language])} | {_scalar_or_dash(before)} | {_scalar_or_dash(after[fear.id])} |"
        yield ""
    commitment = [(key, answers.get(f"wrapup.commit.{key}")) for key in ("who", "due", "channel", "draft")]
    if any(value for _, value in commitment):
        yield f"### {t('wrapup.commitment')}"
        yield ""
        for key, value in commitment:
            if value:
                shown = t(f"wrapup.{key}.{value}") if key in ("channel", "draft") else str(value)
                yield f"- {t(f'wrapup.commit_{key}')} {_inline(shown)}"
        yield f"- {t('wrapup.thanks_reminder')}"
        yield ""


def _inline(text: str) -> str:
    """Participant text inside a list item: later lines indented so the list stays intact."""
    return text.replace("\r\n", "\n").replace("\n", "\n    ")


def _scalar_or_dash(value: Any) -> str:
    return str(value) if isinstance(value, int) else "–"


def _ratings(answers: dict[str, Any], workshop: "Workshop", language: str) -> Iterator[str]:
    for ref in workshop.manifest.modules:
        if ref.kind != "fear":
            continue
        value = answers.get(f"welcome.rating.{ref.id}")
        if _answered(value):
            yield f"- {workshop.fear(ref.id).title[language]}: {_scalar(value)}/10"


def _fear_body(answers: dict[str, Any], fear, workshop: "Workshop", language: str) -> Iterator[str]:
    reflection = list(_prompts(answers, f"{fear.id}.reflection", fear.reflection, language))
    if reflection:
        yield from (f"### {workshop.t('fear.reflection', language)}", "", *reflection)
    exercise = list(_prompts(answers, f"{fear.id}.exercise", fear.exercise.fields, language))
    if exercise:
        yield from (f"### {fear.exercise.title[language]}", "", *exercise)
    action = answers.get(f"{fear.id}.next_step.action")
    due = answers.get(f"{fear.id}.next_step.due")
    step = []
    if _answered(action):
        step += [_scalar(action), ""]
    if _answered(due):
        step += [f"{workshop.t('export.due', language)} {_scalar(due)}", ""]
    if step:
        yield from (f"### {workshop.t('export.next_step', language)}", "", *step)


def _prompts(answers: dict[str, Any], prefix: str, prompts: tuple["Prompt", ...], language: str) -> Iterator[str]:
    for prompt in prompts:
        value = answers.get(f"{prefix}.{prompt.id}")
        if not _answered(value):
            continue
        rendered = _render_value(prompt, value, language)
        if rendered:
            yield from (f"**{prompt.label[language]}**", "", *rendered, "")


def _answered(value: Any) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return any(_answered(item) for item in (value.values() if isinstance(value, dict) else value))
    return True


def _scalar(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _label(options, option_id: Any, language: str) -> str:
    for option in options:
        if option.id == option_id:
            return option.label[language]
    return _scalar(option_id)  # an option the content no longer has: show what was saved


def _bullet(text: str) -> str:
    return "- " + text.replace("\r\n", "\n").replace("\n", "\n  ")


def _cell(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _render_value(prompt: "Prompt", value: Any, language: str) -> list[str]:
    kind = prompt.kind
    if kind == "scale" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return [f"{value}/{prompt.scale_max}"]
    if kind == "choice":
        return [_label(prompt.options, value, language)]
    if kind == "checklist" and isinstance(value, list):
        return [_bullet(_label(prompt.options, item, language)) for item in value if _answered(item)]
    if kind == "list" and isinstance(value, list):
        return [_bullet(_scalar(item)) for item in value if _answered(item)]
    if kind == "table" and isinstance(value, list):
        return _table(prompt, value, language)
    if isinstance(value, list):
        return [_bullet(_scalar(item)) for item in value if _answered(item)]
    return [_scalar(value)]


def _table(prompt: "Prompt", rows: list, language: str) -> list[str]:
    columns = prompt.columns
    body = []
    for row in rows:
        if not isinstance(row, dict) or not _answered(row):
            continue
        cells = []
        for column in columns:
            cell = row.get(column.id)
            if not _answered(cell):
                cells.append("")
            elif column.kind == "choice":
                cells.append(_cell(_label(column.options, cell, language)))
            else:
                cells.append(_cell(_scalar(cell)))
        body.append("| " + " | ".join(cells) + " |")
    if not body:
        return []
    header = "| " + " | ".join(_cell(column.label[language]) for column in columns) + " |"
    rule = "| " + " | ".join("---" for _ in columns) + " |"
    return [header, rule, *body]

"""The journal: does what a participant typed survive reloads, two tabs, a full disk, and can they take it
with them or erase it? Every promise is checked on both engines (``store``: the SQLite file and a live
PostgreSQL server); what only one engine does (a private file, VACUUM) has a test of its own below."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import stat
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from coffeechat.storage import codes, connection
from coffeechat.storage import journal as journal_module
from coffeechat.storage.journal import MAX_VALUE_BYTES, Journal, JournalWriteError, SaveResult
from tests.stores import PostgresStore

WEIRD_TEXTS = {
    "not-ready.reflection.why": "Ich fürchte, zu stören. Grüße aus Köln! Straße, Maß, ÄÖÜ 😅☕",
    "not-ready.reflection.notes": '<script>alert("hi")</script> & <b>bold</b> {{ x }} \' " `',
    "not-ready.exercise.story": "Zeile 1\nZeile 2\r\nZeile 3\twith tab and NUL \x00 end",
}


@pytest.fixture
def path(tmp_path) -> Path:
    """The SQLite file, for the tests of what only SQLite does."""
    return tmp_path / "data" / "journal.sqlite3"


@pytest.fixture
def journal(store):
    with store.open() as opened:
        yield opened


@pytest.fixture
def code(journal) -> str:
    return journal.create_participant("de")


# --- worker processes (top level so that spawn can import them) ----------------------------------


def _write_many(location: str, code: str, prefix: str, count: int, barrier) -> None:
    with Journal(location) as journal:
        barrier.wait()
        for index in range(count):
            journal.save(code, f"{prefix}.item-{index}", f"{prefix} {index} – ö")
            time.sleep(0.001)  # a typing pause, so that the two writers really take turns


def _write_same_key(location: str, code: str, value: str, barrier, results) -> None:
    with Journal(location) as journal:
        seen = journal.revisions(code).get("shared.key", 0)  # both tabs loaded the page before either saved
        barrier.wait()
        result = journal.save(code, "shared.key", value, expected_revision=seen)
        results.put((value, result.revision, result.conflict))


# --- reload ------------------------------------------------------------------------------------


def test_a_reload_brings_back_what_i_typed(store):
    with store.open() as first:
        code = first.create_participant("de")
        for key, text in WEIRD_TEXTS.items():
            first.save(code, key, text)
        first.save(code, "welcome.rating.not-ready", 7)
        first.save(code, "not-ready.reflection.signs", ["heart", "delay"])
        first.save(code, "not-ready.exercise.contacts", [{"name": "Frau Öz", "channel": "mail"}])
        first.save(code, "progress.welcome", True)
        first.save(code, "not-ready.next_step.due", "2026-12-01")
        expected = first.load(code)

    with store.open() as second:
        assert second.participant_exists(code)
        loaded = second.load(code)
    assert loaded == expected
    for key, text in WEIRD_TEXTS.items():
        assert loaded[key] == text  # byte for byte: no escaping, no newline conversion
    assert loaded["language"] == "de"
    assert loaded["welcome.rating.not-ready"] == 7
    assert loaded["progress.welcome"] is True
    assert loaded["not-ready.exercise.contacts"] == [{"name": "Frau Öz", "channel": "mail"}]


def test_the_code_can_be_typed_back_loosely(journal, code):
    journal.save(code, "not-ready.reflection.why", "hallo")
    typed = code.lower().replace("-", " ")
    assert journal.participant_exists(typed)
    assert journal.get(typed, "not-ready.reflection.why") == "hallo"
    assert journal.save(typed, "not-ready.reflection.why", "neu").revision == 2


def test_revisions_count_up_per_key_and_get_has_a_default(journal, code):
    assert journal.save(code, "a.b", "one") == SaveResult(1, False)
    assert journal.save(code, "a.b", "two") == SaveResult(2, False)
    assert journal.save(code, "a.c", 1) == SaveResult(1, False)
    assert journal.revisions(code) == {"language": 1, "a.b": 2, "a.c": 1}
    assert journal.get(code, "a.b") == "two"
    assert journal.get(code, "missing.key", default="-") == "-"


def test_saving_the_same_value_again_changes_nothing(journal, code):
    journal.save(code, "a.b", "same")
    assert journal.save(code, "a.b", "same", expected_revision=0) == SaveResult(1, False)
    assert len(json.loads(journal.export_json(code))["history"]) == 2  # language + one save


def test_unknown_participants_are_a_key_error(journal):
    with pytest.raises(KeyError):
        journal.save("00000-00000", "a.b", "x")
    with pytest.raises(KeyError):
        journal.save("not a code", "a.b", "x")
    with pytest.raises(KeyError):
        journal.load("00000-00000")
    assert not journal.participant_exists("00000-00000")
    assert not journal.participant_exists("garbage")


@pytest.mark.parametrize(
    "key", ["", "Not-Ready.x", "a..b", ".a", "a.", "a b", "../etc/passwd", "a/b", "ä.b", "a.b\n", "x" * 161, 7]
)
def test_keys_must_be_short_dotted_slugs(journal, code, key):
    with pytest.raises(ValueError):
        journal.save(code, key, "x")
    assert journal.load(code) == {"language": "de"}


def test_values_are_limited_to_100_kb_of_json(journal, code):
    at_limit = "x" * (MAX_VALUE_BYTES - 2)  # the two quotes make it exactly 100,000 bytes
    assert journal.save(code, "big.ok", at_limit).revision == 1
    with pytest.raises(ValueError, match="100 kB"):
        journal.save(code, "big.too", at_limit + "x")
    with pytest.raises(ValueError):
        journal.save(code, "big.umlauts", "ä" * 50_000)  # 50,000 characters but 100,002 bytes
    with pytest.raises(ValueError):
        journal.save(code, "big.list", ["y" * 1000] * 101)
    assert set(journal.load(code)) == {"language", "big.ok"}


@pytest.mark.parametrize("value", [object(), {1, 2}, float("nan"), b"bytes"])
def test_values_must_be_json(journal, code, value):
    with pytest.raises(ValueError):
        journal.save(code, "a.b", value)


def test_new_participants_get_fresh_codes_even_on_a_collision(journal, monkeypatch):
    first = journal.create_participant("en")
    assert codes.normalize_code(first) == first
    assert journal.get(first, "language") == "en"
    draws = iter([first, first, "ABCDE-FGHJK"])
    monkeypatch.setattr(codes, "new_code", lambda: next(draws))
    assert journal.create_participant("de") == "ABCDE-FGHJK"
    assert journal.get(first, "language") == "en"
    with pytest.raises(ValueError):
        journal.create_participant("<script>")


# --- two tabs, two processes, many threads -------------------------------------------------------


def test_two_tabs_on_the_same_key_keep_both_values(store):
    with store.open() as tab_a, store.open() as tab_b:
        code = tab_a.create_participant("de")
        tab_a.save(code, "not-ready.reflection.why", "erste Fassung")
        seen_a = tab_a.revisions(code)["not-ready.reflection.why"]
        seen_b = tab_b.revisions(code)["not-ready.reflection.why"]

        saved_a = tab_a.save(code, "not-ready.reflection.why", "Tab A schreibt", expected_revision=seen_a)
        saved_b = tab_b.save(code, "not-ready.reflection.why", "Tab B schreibt", expected_revision=seen_b)

        assert saved_a == SaveResult(2, False)
        assert saved_b == SaveResult(3, True)  # B was stale: its text wins, but it is told
        assert tab_a.get(code, "not-ready.reflection.why") == "Tab B schreibt"
        history = json.loads(tab_a.export_json(code))["history"]
        assert [h["value"] for h in history if h["key"] == "not-ready.reflection.why"] == [
            "erste Fassung",
            "Tab A schreibt",
            "Tab B schreibt",
        ]


def test_two_processes_writing_at_once_lose_nothing(store):
    location = str(store.location)
    with store.open() as journal:
        code = journal.create_participant("de")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=_write_many, args=(location, code, prefix, 200, barrier)) for prefix in ("left", "right")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0]

    # Same key from two processes at the same moment, both starting from the same revision.
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_write_same_key, args=(location, code, value, barrier, results))
        for value in ("von Prozess 1", "von Prozess 2")
    ]
    for worker in workers:
        worker.start()
    outcomes = sorted((results.get(timeout=60) for _ in workers), key=lambda item: item[1])
    for worker in workers:
        worker.join(60)

    with store.open() as journal:
        answers = journal.load(code)
        history = json.loads(journal.export_json(code))["history"]
    for prefix in ("left", "right"):
        for index in range(200):
            assert answers[f"{prefix}.item-{index}"] == f"{prefix} {index} – ö"
    assert len(answers) == 1 + 400 + 1
    writers = "".join(h["key"][0] for h in history if h["key"].startswith(("left.", "right.")))
    assert writers.count("lr") + writers.count("rl") > 10, "the two processes did not actually overlap"

    (_first_value, first_revision, first_conflict), (last_value, last_revision, last_conflict) = outcomes
    assert (first_revision, first_conflict) == (1, False)
    assert (last_revision, last_conflict) == (2, True)  # the stale writer is flagged
    assert answers["shared.key"] == last_value
    assert {h["value"] for h in history if h["key"] == "shared.key"} == {"von Prozess 1", "von Prozess 2"}


def test_callbacks_from_many_threads_share_one_journal(journal, code):
    def write(thread: int) -> None:
        for index in range(50):
            journal.save(code, f"t{thread}.k{index}", index)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(journal.load(code)) == 1 + 8 * 50


# --- when the disk says no ---------------------------------------------------------------------


def test_a_full_disk_is_reported_and_earlier_answers_survive(store):
    with store.open() as journal:
        code = journal.create_participant("de")
        journal.save(code, "not-ready.reflection.why", "Das war vorher da. ✓")
        store.fill_disk(journal, room_bytes=40 * 4096)
        with pytest.raises(JournalWriteError) as caught:
            for index in range(100):
                journal.save(code, f"big.value-{index}", f"{index} " + "z" * 60_000)
        assert caught.value.reason == "full"
        message = str(caught.value)
        assert "sqlite" not in message.lower() and "postgres" not in message.lower() and "/" not in message
        assert journal.get(code, "not-ready.reflection.why") == "Das war vorher da. ✓"
        saved_big = {key for key in journal.load(code) if key.startswith("big.")}
        assert len(saved_big) == index  # every save before the failing one is complete, the failing one is not
        store.free_disk(journal)
        assert journal.save(code, "after.space-freed", "geht wieder").revision == 1
    with store.open() as reopened:
        assert reopened.get(code, "not-ready.reflection.why") == "Das war vorher da. ✓"
        assert reopened.get(code, f"big.value-{index}") is None


def test_does_a_full_disk_log_one_line_however_often_the_save_is_tried(store, caplog):
    """Retried saves and the room's poll while the disk is full: one WARNING for the outage (its reason, no
    traceback, no code, no text) and one INFO line once a save works again."""
    with store.open() as journal:
        code = journal.create_participant("de")
        store.fill_disk(journal, room_bytes=0)
        caplog.set_level("INFO", logger="coffeechat")
        for attempt in range(5):
            with pytest.raises(JournalWriteError):
                journal.save(code, "a.b", f"Geheimer Text {attempt} " + "z" * 20_000)
            journal.rooms.current()  # a read works: it says nothing, and the outage is not over
        store.free_disk(journal)
        journal.save(code, "a.b", "geht wieder")
        journal.save(code, "a.c", "und weiter")
    lines = [record for record in caplog.records if record.name == "coffeechat"]
    assert [record.levelname for record in lines] == ["WARNING", "INFO"], [r.getMessage() for r in lines]
    assert "full" in lines[0].getMessage()
    for record in lines:
        assert record.exc_info is None and code not in record.getMessage() and "Geheim" not in record.getMessage()


def test_a_read_only_journal_is_reported_and_still_readable(store, monkeypatch):
    with store.open() as journal:
        code = journal.create_participant("de")
        journal.save(code, "not-ready.reflection.why", "lesbar")
    with store.read_only(monkeypatch) as location, Journal(location) as read_only:
        assert read_only.get(code, "not-ready.reflection.why") == "lesbar"
        with pytest.raises(JournalWriteError) as caught:
            read_only.save(code, "not-ready.reflection.why", "neu")
        assert caught.value.reason == "read-only"
        assert "/" not in str(caught.value)
        with pytest.raises(JournalWriteError, match="read-only"):
            read_only.create_participant("de")
        assert read_only.get(code, "not-ready.reflection.why") == "lesbar"


def test_a_locked_journal_is_reported_as_busy(store, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    with store.open() as journal:
        code = journal.create_participant("de")
        with store.holding_write_lock(code):
            with pytest.raises(JournalWriteError) as caught:
                journal.save(code, "a.b", "x")
            assert caught.value.reason == "busy"
        assert journal.save(code, "a.b", "x").revision == 1


# --- the database itself -----------------------------------------------------------------------


def test_the_sqlite_file_is_private_and_carries_a_schema_version(path):
    with Journal(path) as journal:
        journal.save(journal.create_participant("de"), "a.b", "x")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == journal_module.SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_journal_from_a_newer_version_is_not_touched(store):
    store.open().close()
    store.set_schema_version(99)
    with pytest.raises(RuntimeError, match="newer coffeechat"):
        store.open()


def test_the_local_participant_is_stable_across_journals(store, tmp_path, monkeypatch):
    store.use_by_default(monkeypatch, tmp_path / "lab")
    with Journal() as first:
        assert first.describe() == str(
            store.location if store.name == "postgres" else tmp_path / "lab" / "journal.sqlite3"
        )
        local = first.local_participant()
        assert first.local_participant() == local
        first.save(local, "not-ready.reflection.why", "selbst gelernt")
    with Journal() as second:
        assert second.local_participant() == local
        assert second.get(local, "not-ready.reflection.why") == "selbst gelernt"
        second.erase(local)
        fresh = second.local_participant()
    assert fresh != local
    if store.name == "sqlite":
        monkeypatch.setenv("COFFEECHAT_DATA_DIR", str(tmp_path / "other"))
    else:
        monkeypatch.setenv("COFFEECHAT_DATABASE_URL", PostgresStore(store.server).location)
    with Journal() as elsewhere:
        assert elsewhere.local_participant() not in (local, fresh)


# --- taking it home ----------------------------------------------------------------------------


def test_the_json_export_contains_everything_i_wrote(journal, code):
    for key, text in WEIRD_TEXTS.items():
        journal.save(code, key, text)
    journal.save(code, "not-ready.reflection.why", "zweite Fassung für später")
    journal.save(code, "welcome.rating.regret", 3)
    raw = journal.export_json(code)
    document = json.loads(raw)

    assert document["format"] == "coffeechat-export" and document["version"] == 1
    assert document["code"] == code
    datetime.fromisoformat(document["exported_at"])
    assert document["answers"] == journal.load(code)
    history_values = [entry["value"] for entry in document["history"]]
    assert WEIRD_TEXTS["not-ready.reflection.why"] in history_values  # the overwritten version too
    assert {"key", "value", "revision", "saved_at"} <= set(document["history"][0])
    assert "Grüße aus Köln" in raw and "😅" in raw and "\\u00fc" not in raw
    assert '\n  "format": "coffeechat-export"' in raw


# --- erasing -----------------------------------------------------------------------------------


def _write_then_erase(journal: Journal, marker: str) -> tuple[str, str]:
    """A participant who wrote the marker 31 times (one long text) and then erased; and one who stays."""
    code = journal.create_participant("de")
    other = journal.create_participant("en")
    journal.save(other, "not-ready.reflection.why", "bleibt stehen")
    for index in range(30):
        journal.save(code, "not-ready.reflection.why", f"{marker} Fassung {index}")
    journal.save(code, "not-ready.exercise.story", f"{marker} " + "lang " * 5000)  # overflow pages / TOAST
    journal.save(code, "welcome.rating.regret", 9)
    return code, other


def test_after_erasing_my_code_opens_nothing_and_others_keep_theirs(store):
    marker = f"ERASE-ME-{uuid.uuid4().hex}"
    with store.open() as journal:
        code, other = _write_then_erase(journal, marker)
        deleted = journal.erase(code)
        assert deleted == 1 + 4 + 8  # participant, 4 answers, 8 history rows (language, 5 newest of 30, 2 more)

        assert not journal.participant_exists(code)
        with pytest.raises(KeyError):
            journal.load(code)
        with pytest.raises(KeyError):
            journal.export_json(code)
        with pytest.raises(KeyError):
            journal.save(code, "a.b", "x")
        assert journal.erase(code) == 0
        assert journal.get(other, "not-ready.reflection.why") == "bleibt stehen"
    with store.open() as reopened:
        assert not reopened.participant_exists(code)
        assert marker not in reopened.export_json(other)


def test_erase_leaves_no_trace_in_the_sqlite_file(path):
    marker = f"ERASE-ME-{uuid.uuid4().hex}"
    with Journal(path) as journal:
        code, _ = _write_then_erase(journal, marker)
        journal.database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the marker is in the main file
        assert marker.encode() in path.read_bytes()
        journal.erase(code)
        files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
        for file in files:
            assert marker.encode() not in file.read_bytes(), file.name
            assert code.encode() not in file.read_bytes(), file.name
    assert marker.encode() not in path.read_bytes()

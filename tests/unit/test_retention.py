"""Data kept only as long as promised: does ``coffeechat retention`` delete what was inactive longer than the
period, with everything keyed by it, and nothing else? Does the history keep what a clash needs and no more?
Every test runs on both engines (``store``; tests/integration/test_retention_on_postgres.py). Ages are set
through the stored timestamps: the rows are written with a clock that many days back, no test waits."""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coffeechat import cli, environment
from coffeechat.storage import retention
from coffeechat.storage.journal import Journal
from coffeechat.storage.schema import PARTICIPANT_TABLES

TOKEN_HASH = "a-coachs-token-hash"
WHY = "not-ready.reflection.why"


@contextlib.contextmanager
def written_days_ago(monkeypatch, days: float):
    """Everything the journal writes inside is stamped ``days`` days ago (created, saved, joined, opened)."""
    moment = retention.stamp(datetime.now(UTC) - timedelta(days=days))
    with monkeypatch.context() as patch:
        patch.setattr("coffeechat.storage.journal.now", lambda: moment)
        patch.setattr("coffeechat.storage.room_records.now", lambda: moment)
        yield


def rows_of(journal: Journal, code: str) -> int:
    """Every row keyed by ``code``, in every table that holds a participant's data."""
    return sum(
        journal.database.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (code,)).fetchone()[0]
        for table, column in PARTICIPANT_TABLES
    )


def room_rows(journal: Journal, room_id: str) -> int:
    return sum(
        journal.database.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (room_id,)).fetchone()[0]
        for table, column in (("rooms", "id"), ("room_members", "room_id"), ("room_words", "room_id"))
    )


def history_of(journal: Journal, code: str, key: str) -> list:
    return [h["value"] for h in json.loads(journal.export_json(code))["history"] if h["key"] == key]


@pytest.fixture
def journal(store):
    with store.open() as opened:
        yield opened


@pytest.fixture
def workshop_of_long_ago(journal, monkeypatch):
    """A room held 120 days ago with two members; one of them came back 10 days ago. And a room of today, and a
    participant of today."""
    with written_days_ago(monkeypatch, 120):
        journal.rooms.add_facilitator_token(TOKEN_HASH)
        old_room = journal.rooms.open("Workshop im August", "2026-08-08", TOKEN_HASH, "{}")
        gone, returned = journal.create_participant("de"), journal.create_participant("en")
        for code in (gone, returned):
            journal.rooms.join(old_room, code)
            journal.save(code, WHY, f"Alte Antwort von {code}")
        journal.rooms.save_word(old_room, gone, 0, "Mut")
        local = journal.local_participant()  # the laptop's own participant (its code is in the meta table)
        journal.save(local, WHY, "lokal")
    with written_days_ago(monkeypatch, 10):
        journal.save(returned, WHY, "Zehn Tage alt")
    new_room = journal.rooms.open("Workshop heute", "2026-12-06", TOKEN_HASH, "{}")
    today = journal.create_participant("de")
    journal.rooms.join(new_room, today)
    journal.rooms.save_word(new_room, today, 0, "Neugier")
    return {"gone": gone, "returned": returned, "local": local, "today": today, "old": old_room, "new": new_room}


def test_does_retention_delete_only_what_was_inactive_longer_than_the_period(journal, workshop_of_long_ago):
    w = workshop_of_long_ago
    kept_before = {code: journal.load(code) for code in (w["returned"], w["today"])}

    report = journal.retention.run(90)

    assert (report.participants.count, report.rooms.count) == (2, 1)  # gone and local; the old room
    assert report.deleted_rows > 0 and not report.dry_run
    for code in (w["gone"], w["local"]):
        assert rows_of(journal, code) == 0
        assert not journal.participant_exists(code)
    assert room_rows(journal, w["old"]) == 0
    assert journal.rooms.get(w["old"]) is None
    # the one who came back keeps everything of theirs (only the old room's membership went with the room)
    assert {code: journal.load(code) for code in (w["returned"], w["today"])} == kept_before
    assert journal.load(w["returned"])[WHY] == "Zehn Tage alt"
    assert journal.rooms.member_ids(w["new"]) and journal.rooms.words(w["new"], 0)[0][1] == "Neugier"
    assert journal.retention.run(90).deleted_rows == 0  # a second run finds nothing more


def test_is_the_period_measured_from_the_last_activity_to_the_day(journal, monkeypatch):
    with written_days_ago(monkeypatch, 91):
        older = journal.create_participant("de")
    with written_days_ago(monkeypatch, 89):
        younger = journal.create_participant("de")
    with written_days_ago(monkeypatch, 200):
        created_long_ago = journal.create_participant("de")
    with written_days_ago(monkeypatch, 80):
        journal.save(created_long_ago, WHY, "noch aktiv")

    report = journal.retention.run(90)

    assert report.participants.count == 1
    assert not journal.participant_exists(older)
    assert journal.participant_exists(younger) and journal.get(created_long_ago, WHY) == "noch aktiv"


def test_does_a_dry_run_delete_nothing_and_say_what_would_go(journal, workshop_of_long_ago):
    w = workshop_of_long_ago
    before = {code: rows_of(journal, code) for code in w.values()}

    report = journal.retention.run(90, dry_run=True)

    assert report.dry_run and report.deleted_rows == 0
    assert (report.participants.count, report.rooms.count) == (2, 1)
    assert report.participants.oldest is not None and report.participants.newest is not None
    now = datetime.now(UTC)
    assert (now - report.participants.oldest).days == 120 and (now - report.rooms.newest).days == 120
    assert {code: rows_of(journal, code) for code in w.values()} == before
    assert journal.rooms.get(w["old"]) is not None


def test_is_a_period_below_one_day_refused(journal):
    for days in (0, -5):
        with pytest.raises(ValueError, match="at least 1"):
            journal.retention.run(days)


# --- the command -----------------------------------------------------------------------------------


@pytest.fixture
def where(store, journal, workshop_of_long_ago):
    """The options that point a command at the journal with the workshop of long ago (both engines)."""
    return ["--data-dir", str(store.path.parent)] if store.name == "sqlite" else ["--database-url", store.location]


def test_does_the_dry_run_command_print_counts_and_ages_but_no_code_or_text(where, workshop_of_long_ago, capsys):
    w = workshop_of_long_ago
    assert cli.main(["retention", "--older-than", "90", "--dry-run", *where]) == 0
    out = capsys.readouterr().out
    assert "participants: 2, last active 120 days ago" in out
    assert "rooms: 1, last active 120 days ago" in out
    assert "Dry run: nothing was deleted." in out
    for secret in (*w.values(), "Alte Antwort", "Mut", "Workshop im August"):
        assert secret not in out


def test_does_the_command_delete_with_the_period_from_the_environment(store, where, workshop_of_long_ago, capsys):
    w = workshop_of_long_ago
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(environment.RETENTION_DAYS.name, "365")
        assert cli.main(["retention", *where]) == 0
        assert "participants: 0" in capsys.readouterr().out
        patch.setenv(environment.RETENTION_DAYS.name, "100")
        assert cli.main(["retention", *where]) == 0
    out = capsys.readouterr().out
    assert "participants: 2" in out and "Deleted " in out
    with store.open() as journal:
        assert not journal.participant_exists(w["gone"]) and journal.participant_exists(w["returned"])


@pytest.mark.parametrize("period", ["0", "-3", "ninety"])
def test_is_a_bad_period_refused_with_a_message_and_nothing_deleted(store, where, workshop_of_long_ago, capsys, period):
    with pytest.raises(SystemExit) as exit_code:
        cli.main(["retention", "--older-than", period, *where])
    assert exit_code.value.code == 2
    assert "--older-than" in capsys.readouterr().err
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(environment.RETENTION_DAYS.name, period)
        assert cli.main(["retention", *where]) == 2
    assert environment.RETENTION_DAYS.name in capsys.readouterr().err
    with store.open() as journal:
        assert journal.participant_exists(workshop_of_long_ago["gone"])


# --- the history ------------------------------------------------------------------------------------


def test_after_many_writes_does_the_history_keep_only_the_newest_versions(journal):
    code = journal.create_participant("de")
    for index in range(40):
        journal.save(code, WHY, f"Fassung {index}")
    newest = [f"Fassung {index}" for index in range(40 - retention.HISTORY_VERSIONS, 40)]
    assert history_of(journal, code, WHY) == newest
    assert journal.get(code, WHY) == "Fassung 39"


def test_after_a_clash_and_many_writes_can_the_overwritten_text_still_be_restored(store):
    with store.open() as tab_a, store.open() as tab_b:
        code = tab_a.create_participant("de")
        tab_a.save(code, WHY, "erste Fassung")
        seen_by_b = tab_b.revisions(code)[WHY]
        tab_a.save(code, WHY, "Tab A: der lange Absatz, den ich nicht verlieren will")
        assert tab_b.save(code, WHY, "Tab B", expected_revision=seen_by_b).conflict
        for index in range(30):  # tab B goes on typing
            tab_b.save(code, WHY, f"Tab B {index}", expected_revision=3 + index)

        history = history_of(tab_a, code, WHY)
        assert "Tab A: der lange Absatz, den ich nicht verlieren will" in history
        assert "erste Fassung" not in history and len(history) == retention.HISTORY_VERSIONS + 1
        # the participant takes it back from the download and saves it again
        restored = next(text for text in history if text.startswith("Tab A"))
        tab_a.save(code, WHY, restored)
        assert tab_b.load(code)[WHY] == restored


def test_is_no_version_older_than_the_limit_kept_even_a_clashed_one(journal, monkeypatch):
    code = journal.create_participant("de")
    with written_days_ago(monkeypatch, retention.HISTORY_DAYS + 1):
        journal.save(code, WHY, "alt")
        journal.save(code, WHY, "alt, im anderen Fenster", expected_revision=0)  # a clash: "alt" is marked
        journal.save(code, "welcome.rating.regret", 7)
    assert "alt" in history_of(journal, code, WHY)

    journal.save(code, WHY, "neu")  # a save prunes its own answer
    assert history_of(journal, code, WHY) == ["neu"]
    assert history_of(journal, code, "welcome.rating.regret") == [7]
    journal.retention.run(90)  # the retention run prunes every answer
    assert history_of(journal, code, "welcome.rating.regret") == []
    assert journal.load(code)["welcome.rating.regret"] == 7  # the answer itself stays


def test_does_the_retention_run_prune_a_history_written_before_the_limit(journal, monkeypatch):
    code = journal.create_participant("de")
    with monkeypatch.context() as patch:
        patch.setattr(retention, "HISTORY_VERSIONS", 1000)  # as an older coffeechat kept every version
        for index in range(20):
            journal.save(code, WHY, f"Fassung {index}")
    assert len(history_of(journal, code, WHY)) == 20
    assert journal.retention.run(90, dry_run=True).history_versions == 20 - retention.HISTORY_VERSIONS
    assert len(history_of(journal, code, WHY)) == 20

    assert journal.retention.run(90).history_versions == 20 - retention.HISTORY_VERSIONS
    assert history_of(journal, code, WHY) == [f"Fassung {index}" for index in range(15, 20)]


def test_retention_leaves_no_trace_in_the_sqlite_file(tmp_path, monkeypatch):
    path = tmp_path / "journal.sqlite3"
    marker = f"EXPIRED-{uuid.uuid4().hex}"
    with Journal(path) as journal:
        with written_days_ago(monkeypatch, 100):
            code = journal.create_participant("de")
            journal.save(code, WHY, f"{marker} " + "lang " * 2000)
        journal.database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert marker.encode() in path.read_bytes()
        journal.retention.run(90)
        for file in path.parent.iterdir():
            assert marker.encode() not in file.read_bytes(), file.name


# --- the schedule in the recipe ----------------------------------------------------------------------


def test_does_the_recipes_daily_job_run_the_retention_command_with_the_published_period():
    recipe = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"
    service = (recipe / "coffeechat-retention.service").read_text(encoding="utf-8")
    timer = (recipe / "coffeechat-retention.timer").read_text(encoding="utf-8")
    start = re.search(r"^ExecStart=\S*/coffeechat (.*)$", service, re.M)
    assert start is not None
    args = cli.build_parser().parse_args(shlex.split(start.group(1)))
    assert args.func is cli.cmd_retention and args.older_than is None and not args.dry_run  # the period: env
    assert f"{environment.RETENTION_DAYS.name}=" in service and "Type=oneshot" in service
    assert re.search(r"^OnCalendar=\S", timer, re.M) and "Persistent=true" in timer

"""The command line for coaches: check the content, print the agenda, export and erase a participant."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coffeechat import cli
from coffeechat.content import DEFAULT_CONTENT_DIR
from coffeechat.storage import paths


def test_check_passes_on_the_shipped_content(capsys):
    assert cli.main(["check", str(DEFAULT_CONTENT_DIR)]) == 0
    assert "OK" in capsys.readouterr().out


def test_check_reports_a_broken_file_precisely(tmp_path: Path, capsys):
    content = tmp_path / "exercises"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    path = content / "fears" / "03-not-good-at-networking.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("reframe:", "reframe:\n  : broken", 1), encoding="utf-8")
    (content / "ui.yaml").write_text("schema_version: 1\nstrings: {}\n", encoding="utf-8")
    assert cli.main(["check", str(content)]) == 1
    out = capsys.readouterr()
    assert "fears/03-not-good-at-networking.yaml: bad YAML at line" in out.out
    assert "ui.yaml: strings.app.next: missing interface string" in out.out
    assert "problem(s)" in out.err


def test_check_reports_a_format_whose_run_sheet_does_not_add_up(tmp_path: Path, capsys):
    content = tmp_path / "exercises"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    path = content / "workshop.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("minutes: 210", "minutes: 240"), encoding="utf-8")
    assert cli.main(["check", str(content)]) == 1
    out = capsys.readouterr().out
    assert "workshop.yaml: formats.1.minutes: the run sheet adds up to 210 minutes" in out and "not 240" in out


def test_agenda_prints_the_run_sheet_from_the_start_time(capsys):
    assert cli.main(["agenda", "--format", "ninety-minutes", "--language", "de", "--start", "9:30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("90-Minuten-Workshop · 90 Min. · 09:30–11:00")
    assert "09:30    5 Min.  Ankommen" in out


def test_agenda_prints_minutes(capsys):
    assert cli.main(["agenda", "--format", "ninety-minutes", "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("90-minute workshop") and "min" in out


def test_agenda_names_the_known_formats_for_a_typo(capsys):
    assert cli.main(["agenda", "--format", "ninety"]) == 2
    assert "ninety-minutes" in capsys.readouterr().err


@pytest.fixture
def participant(store):
    """A participant with one answer, and the arguments that point a command at their journal (both engines)."""
    journal = store.open()
    code = journal.create_participant("de")
    journal.save(code, "regret.next_step.action", "Frau Ölmez schreiben ✉️")
    journal.close()
    where = ["--data-dir", str(store.path.parent)] if store.name == "sqlite" else ["--database-url", store.location]
    return store, where, code


def test_export_prints_everything_as_json(participant, capsys):
    _, where, code = participant
    assert cli.main(["export", code.lower(), *where]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["answers"]["regret.next_step.action"] == "Frau Ölmez schreiben ✉️"


def test_export_as_markdown_in_english(participant, capsys):
    _, where, code = participant
    assert cli.main(["export", code, "--markdown", "--language", "en", *where]) == 0
    assert "Frau Ölmez schreiben ✉️" in capsys.readouterr().out


def test_erase_asks_first_then_removes_everything(participant, capsys, monkeypatch):
    store, where, code = participant
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert cli.main(["erase", code, *where]) == 1
    assert store.open().participant_exists(code)
    monkeypatch.setattr("builtins.input", lambda _prompt: "ja")
    assert cli.main(["erase", code, *where]) == 0
    assert not store.open().participant_exists(code)
    assert cli.main(["export", code, *where]) == 1
    assert "no participant" in capsys.readouterr().err


def test_the_database_url_can_come_from_the_environment(participant, capsys, monkeypatch):
    store, _where, code = participant
    if store.name == "postgres":
        monkeypatch.setenv(paths.DATABASE_URL_VAR, store.location)
        assert cli.main(["export", code]) == 0
    else:
        monkeypatch.delenv(paths.DATABASE_URL_VAR, raising=False)
        monkeypatch.setenv(paths.ENV_VAR, str(store.path.parent))
        assert cli.main(["export", code]) == 0
    assert "Frau Ölmez" in capsys.readouterr().out


def test_commands_leave_the_callers_environment_alone(participant, capsys):
    """A command run from Python (a notebook, a test) must not change where that process saves answers."""
    import os

    _, where, code = participant
    before = dict(os.environ)
    for argv in (["export", code, *where], ["erase", code, "--yes", *where]):
        assert cli.main(argv) == 0
    assert dict(os.environ) == before


def test_a_wrong_database_url_is_refused_without_showing_the_password(capsys):
    assert cli.main(["export", "ABCDE-FGHJK", "--database-url", "mysql://host:geheim@db/x"]) == 1
    err = capsys.readouterr().err
    assert "postgresql://" in err and "geheim" not in err


def test_an_unreachable_database_is_reported_in_one_line(tmp_path, capsys):
    url = f"postgresql://coffeechat:geheim@/nothing?host={tmp_path}"  # no server listens on this socket
    assert cli.main(["export", "ABCDE-FGHJK", "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("coffeechat: the journal cannot be used:") and err.count("\n") == 1
    assert "connection" in err and str(tmp_path) in err  # the driver's own reason, naming the socket
    assert "geheim" not in err


def test_a_data_dir_inside_the_served_folder_is_refused_with_a_message(capsys):
    assert cli.main(["export", "ABCDE-FGHJK", "--data-dir", str(paths.NOTEBOOKS_DIR / "data")]) == 1
    assert "Voila serves" in capsys.readouterr().err

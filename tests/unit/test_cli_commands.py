"""The command line for coaches: check the content, print the agenda, export and erase a participant."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from coffeechat import cli
from coffeechat.content import DEFAULT_CONTENT_DIR
from coffeechat.server import serving
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


# --- the content a coach edits, and the notebooks a learner copies -----------------------------------


def test_content_copy_gives_a_coach_an_editable_copy_that_checks(tmp_path: Path, capsys):
    copy = tmp_path / "my content"
    assert cli.main(["content", "copy", str(copy)]) == 0
    assert f"--content {copy}" in capsys.readouterr().out  # it says how to use the copy
    shipped = sorted(p.relative_to(DEFAULT_CONTENT_DIR) for p in DEFAULT_CONTENT_DIR.rglob("*.yaml"))
    assert sorted(p.relative_to(copy) for p in copy.rglob("*.yaml")) == shipped
    assert all(os.access(p, os.W_OK) for p in copy.rglob("*.yaml"))
    assert cli.main(["check", "--content", str(copy)]) == 0
    assert capsys.readouterr().out.startswith(f"{copy}: OK")


def test_content_copy_refuses_a_folder_that_is_not_empty_and_changes_nothing(tmp_path: Path, capsys):
    (tmp_path / "notes.txt").write_text("meine Notizen", encoding="utf-8")
    assert cli.main(["content", "copy", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "not empty" in err and "nothing was copied" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert cli.main(["content", "copy", str(tmp_path / "notes.txt")]) == 1
    assert "is a file" in capsys.readouterr().err


def edited_copy(folder: Path) -> Path:
    """A copy of the content whose welcome module has a German title of the coach's own."""
    assert cli.main(["content", "copy", str(folder)]) == 0
    welcome = folder / "welcome.yaml"
    text = welcome.read_text(encoding="utf-8")
    welcome.write_text(text.replace('title:\n  de: "Willkommen"\n', 'title:\n  de: "Hallo Raum Ahorn"\n'), "utf-8")
    return folder


def test_guide_reads_the_content_named_by_option_or_environment(tmp_path: Path, monkeypatch, capsys):
    copy = edited_copy(tmp_path / "copy")
    monkeypatch.delenv("COFFEECHAT_CONTENT_DIR", raising=False)
    for name, argv in {"option": ["--content", str(copy)], "shipped": []}.items():
        assert cli.main(["guide", "--format", "ninety-minutes", "--out", str(tmp_path / name), *argv]) == 0
    monkeypatch.setenv("COFFEECHAT_CONTENT_DIR", str(copy))
    assert cli.main(["guide", "--format", "ninety-minutes", "--out", str(tmp_path / "variable")]) == 0
    guide = {
        name: next((tmp_path / name).glob("*.md")).read_text("utf-8") for name in ("option", "shipped", "variable")
    }
    assert "Hallo Raum Ahorn" in guide["option"] and "Hallo Raum Ahorn" in guide["variable"]
    assert "Hallo Raum Ahorn" not in guide["shipped"]


def test_check_without_a_folder_checks_the_content_the_kit_would_use(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.delenv("COFFEECHAT_CONTENT_DIR", raising=False)
    assert cli.main(["check"]) == 0
    assert capsys.readouterr().out.startswith(f"{DEFAULT_CONTENT_DIR}: OK")
    copy = edited_copy(tmp_path / "copy")
    capsys.readouterr()
    monkeypatch.setenv("COFFEECHAT_CONTENT_DIR", str(copy))
    assert cli.main(["check"]) == 0
    assert capsys.readouterr().out.startswith(f"{copy}: OK")


def test_a_content_folder_that_does_not_exist_is_named_in_the_message(tmp_path: Path, monkeypatch, capsys):
    missing = tmp_path / "nowhere"
    for argv in (["guide", "--format", "ninety-minutes"], ["printables"], ["agenda"], ["check"], ["serve"]):
        assert cli.main([*argv, "--content", str(missing)]) != 0
        err = capsys.readouterr().err
        assert str(missing) in err, argv
    monkeypatch.setenv("COFFEECHAT_CONTENT_DIR", str(missing))
    assert cli.main(["guide", "--format", "ninety-minutes", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err and "$COFFEECHAT_CONTENT_DIR" in err and "content copy" in err


def test_broken_content_named_by_option_is_reported_with_its_folder(tmp_path: Path, capsys):
    copy = edited_copy(tmp_path / "copy")
    (copy / "ui.yaml").write_text("schema_version: 1\nstrings: {}\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["guide", "--format", "ninety-minutes", "--content", str(copy), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"the workshop content in {copy} has problems" in err and "ui.yaml" in err
    assert cli.main(["check", "--content", str(copy)]) == 1
    assert f"problem(s) in {copy}" in capsys.readouterr().err


def test_check_refuses_two_different_folders(tmp_path: Path, capsys):
    assert cli.main(["check", str(DEFAULT_CONTENT_DIR), "--content", str(tmp_path)]) == 2
    assert "name one" in capsys.readouterr().err


def test_serve_hands_the_chosen_content_on_to_the_kernels(tmp_path: Path, monkeypatch, capsys):
    copy = edited_copy(tmp_path / "copy")
    asked = []
    monkeypatch.setattr(serving, "serve", lambda options: asked.append(options) or 0)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["serve", "--content", "copy", "--no-browser"]) == 0
    assert asked[0].content == str(copy)  # an absolute path: Voila and its kernels run in another folder
    assert str(copy) in capsys.readouterr().out
    environment = serving.child_environment(None, content_dir=copy)
    assert environment["COFFEECHAT_CONTENT_DIR"] == str(copy)


def test_serve_refuses_broken_content_named_by_option(tmp_path: Path, capsys):
    copy = edited_copy(tmp_path / "copy")
    (copy / "ui.yaml").write_text("schema_version: 1\nstrings: {}\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["serve", "--content", str(copy), "--no-browser", "--data-dir", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err
    assert f"the content in {copy}" in err and "ui.yaml" in err


def test_notebooks_copy_gives_a_learner_the_self_paced_notebooks(tmp_path: Path, capsys):
    folder = tmp_path / "lernen"
    assert cli.main(["notebooks", "copy", str(folder)]) == 0
    assert f"jupyter lab {folder}" in capsys.readouterr().out
    copied = sorted(p.name for p in folder.iterdir())
    assert copied == sorted(p.name for p in paths.NOTEBOOKS_DIR.glob("*.ipynb") if p.name != "workshop.ipynb")
    assert "00-welcome.ipynb" in copied
    assert cli.main(["notebooks", "copy", str(folder)]) == 1
    assert "not empty" in capsys.readouterr().err

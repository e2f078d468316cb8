"""Where does coffeechat keep participant data?"""

import stat

import platformdirs
import pytest

from coffeechat.storage import paths
from coffeechat.storage.journal import Journal


@pytest.fixture
def no_env(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path


def test_the_environment_variable_chooses_the_data_dir(monkeypatch, tmp_path):
    target = tmp_path / "deep" / "coffeechat-data"
    monkeypatch.setenv(paths.ENV_VAR, str(target))
    assert paths.data_dir() == target.resolve()
    assert target.is_dir()
    assert stat.S_IMODE(target.stat().st_mode) == 0o700


def test_without_the_variable_it_is_the_platform_user_data_dir(no_env):
    expected = platformdirs.user_data_dir("coffeechat", appauthor=False)
    assert str(paths.data_dir()) == expected
    assert paths.data_dir().is_dir()
    assert stat.S_IMODE(paths.data_dir().stat().st_mode) == 0o700


def test_the_journal_lives_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path))
    assert paths.journal_path() == tmp_path.resolve() / "journal.sqlite3"
    with Journal() as journal:
        assert journal.path == tmp_path.resolve() / "journal.sqlite3"
    assert (tmp_path / "journal.sqlite3").is_file()


def test_the_default_is_never_inside_the_served_notebooks_folder(no_env):
    notebooks = paths.NOTEBOOKS_DIR
    assert notebooks.name == "notebooks" and (notebooks.parent / "src" / "coffeechat").is_dir()
    assert notebooks not in paths.data_dir().parents
    assert notebooks not in paths.journal_path().parents


def test_a_data_dir_inside_the_notebooks_folder_is_refused(monkeypatch):
    target = paths.NOTEBOOKS_DIR / "data-that-voila-would-serve"
    monkeypatch.setenv(paths.ENV_VAR, str(target))
    with pytest.raises(ValueError, match="Voila serves"):
        paths.data_dir()
    assert not target.exists()
    monkeypatch.setenv(paths.ENV_VAR, str(paths.NOTEBOOKS_DIR / "x" / ".." / ".." / "notebooks"))
    with pytest.raises(ValueError):
        paths.data_dir()


def test_a_chosen_data_dir_is_created_private(tmp_path):
    data = paths.data_dir(tmp_path / "a" / "data", served=tmp_path / "notebooks")
    assert data.is_dir()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert paths.readable_by_others(data) is None


def test_a_chosen_data_dir_inside_the_served_folder_is_refused(tmp_path):
    with pytest.raises(paths.DataDirError, match="Voila serves"):
        paths.data_dir(tmp_path / "notebooks" / "data", served=tmp_path / "notebooks")
    assert not (tmp_path / "notebooks" / "data").exists()


def test_a_data_dir_others_can_read_gets_a_warning(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    assert "chmod 700" in paths.readable_by_others(paths.data_dir(shared, served=tmp_path / "notebooks"))


def test_the_chosen_data_dir_wins_over_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "from-env"))
    assert paths.journal_path(tmp_path / "chosen") == (tmp_path / "chosen").resolve() / "journal.sqlite3"


# --- which database -------------------------------------------------------------------------------

URL = "postgresql://coffeechat:geheim@db.example.org/coffeechat"


def test_without_a_database_url_the_answers_live_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.DATABASE_URL_VAR, raising=False)
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path))
    assert paths.journal_location() == tmp_path.resolve() / "journal.sqlite3"


def test_the_database_url_variable_chooses_postgres(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.DATABASE_URL_VAR, URL)
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path))
    assert paths.journal_location() == URL
    assert paths.journal_location(data=tmp_path / "chosen") == URL  # a database URL wins over a data dir


def test_the_flag_wins_over_the_variable_and_empty_means_sqlite(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.DATABASE_URL_VAR, "postgresql://from-env/x")
    assert paths.journal_location(URL) == URL
    assert paths.journal_location("", tmp_path) == tmp_path.resolve() / "journal.sqlite3"


@pytest.mark.parametrize("url", ["sqlite:///tmp/x", "mysql://u:geheim@h/db", "db.example.org/coffeechat"])
def test_a_url_that_is_not_postgres_is_refused_with_a_clear_message(url):
    with pytest.raises(paths.DatabaseUrlError, match="must start with postgresql://") as caught:
        paths.database_url(url)
    assert "geheim" not in str(caught.value)

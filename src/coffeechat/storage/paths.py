"""Where coffeechat keeps participant data: the one home of the rule "where answers live".

For the kernels and for every command:

- **which database**: a PostgreSQL URL (an explicit ``--database-url``, else ``$COFFEECHAT_DATABASE_URL``)
  puts the answers in a database shared by many machines (JupyterHub); without one they live in the SQLite
  file ``journal.sqlite3`` in the data directory (:func:`journal_location`);
- **which data directory**: an explicit choice, else ``$COFFEECHAT_DATA_DIR``, else the platform's user data
  directory; created readable by its owner only, and never inside the folder Voila serves.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from coffeechat import environment

ENV_VAR = environment.DATA_DIR.name
#: A PostgreSQL URL such as ``postgresql://coffeechat:secret@db.example.org/coffeechat``; read by the kernels.
DATABASE_URL_VAR = environment.DATABASE_URL.name
DATABASE_SCHEMES = ("postgresql", "postgres")


def shipped_notebooks_dir() -> Path:
    """The notebooks the kit ships: the copy the build put into an installed wheel (``coffeechat/bundled/notebooks``,
    see ``setup.py``), else the repository's ``notebooks/`` (a checkout; as ``coffeechat.content.location`` finds
    the content)."""
    bundled = Path(__file__).resolve().parents[1] / "bundled" / "notebooks"
    return bundled if bundled.is_dir() else Path(__file__).resolve().parents[3] / "notebooks"


#: The notebooks folder, which Voila serves; participant data must never live inside it.
NOTEBOOKS_DIR = shipped_notebooks_dir()
JOURNAL_FILE = "journal.sqlite3"


class DataDirError(ValueError):
    """The data directory cannot be used; the message says why and what to do."""


class DatabaseUrlError(ValueError):
    """The database URL cannot be used; the message says why and what to do (and never shows a password)."""


def data_dir(configured: str | os.PathLike | None = None, served: Path = NOTEBOOKS_DIR) -> Path:
    """The participants' data directory, created with mode 0700.

    ``configured`` (a ``--data-dir``) wins over ``$COFFEECHAT_DATA_DIR``, which wins over the platform's
    user data directory. Raises :class:`DataDirError` if it would lie inside ``served``, the folder Voila
    serves, or exists and is not a directory.
    """
    chosen = configured or os.environ.get(ENV_VAR)
    directory = Path(chosen).expanduser() if chosen else Path(platformdirs.user_data_dir("coffeechat", appauthor=False))
    directory = directory.resolve()
    served = served.resolve()
    if directory == served or served in directory.parents:
        raise DataDirError(
            f"The data directory {directory} is inside {served}, which Voila serves; "
            f"choose a folder outside it (--data-dir or {ENV_VAR})."
        )
    if directory.exists() and not directory.is_dir():
        raise DataDirError(f"{directory} exists and is not a directory.")
    if not directory.exists():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory.chmod(0o700)
    return directory


def readable_by_others(directory: Path) -> str | None:
    """A warning if other users of this computer can read ``directory``, else None."""
    mode = stat.S_IMODE(directory.stat().st_mode)
    if mode & 0o077:
        return f"{directory} can be read by other users (mode {mode:o}); consider: chmod 700 {directory}"
    return None


def journal_path(configured: str | os.PathLike | None = None) -> Path:
    """The SQLite file with every participant's answers, in :func:`data_dir`."""
    return data_dir(configured) / JOURNAL_FILE


def database_url(configured: str | None = None) -> str | None:
    """The PostgreSQL URL the answers live in, or None for the SQLite file in the data directory.

    ``configured`` (a ``--database-url``) wins over ``$COFFEECHAT_DATABASE_URL``; an empty value means
    SQLite. Raises :class:`DatabaseUrlError` for anything that is not a ``postgresql://`` URL.
    """
    chosen = (configured if configured is not None else os.environ.get(DATABASE_URL_VAR, "")).strip()
    if not chosen:
        return None
    scheme = urlsplit(chosen).scheme
    if scheme not in DATABASE_SCHEMES:
        shown = f"{scheme}://..." if scheme else "a value without a scheme"
        raise DatabaseUrlError(
            f"The database URL must start with postgresql:// (got {shown}); leave it empty for the SQLite file "
            f"in the data directory (--database-url or {DATABASE_URL_VAR})."
        )
    return chosen


def journal_location(database: str | None = None, data: str | os.PathLike | None = None) -> Path | str:
    """Where the answers live: the PostgreSQL URL of :func:`database_url`, else :func:`journal_path`."""
    return database_url(database) or journal_path(data)

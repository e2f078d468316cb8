"""Where coffeechat keeps participant data: a private directory outside anything Voila serves.

The one home of the data-directory rules, for the kernels and for every command: which directory (an
explicit choice, else ``$COFFEECHAT_DATA_DIR``, else the platform's user data directory), that it is created
readable by its owner only, and that it never lies inside the folder Voila serves.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

ENV_VAR = "COFFEECHAT_DATA_DIR"
#: The notebooks folder of this checkout, which Voila serves; participant data must never live inside it.
NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
JOURNAL_FILE = "journal.sqlite3"


class DataDirError(ValueError):
    """The data directory cannot be used; the message says why and what to do."""


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
        os.chmod(directory, 0o700)
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

"""Where coffeechat keeps participant data: a private directory outside anything Voila serves."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "COFFEECHAT_DATA_DIR"
#: The notebooks folder of this checkout, which Voila serves; participant data must never live inside it.
NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"


def data_dir() -> Path:
    """``$COFFEECHAT_DATA_DIR`` if set, else the platform's user data dir; created with mode 0o700.

    Raises ValueError if the directory would lie inside the served ``notebooks/`` folder.
    """
    configured = os.environ.get(ENV_VAR)
    if configured:
        directory = Path(configured).expanduser()
    else:
        directory = Path(platformdirs.user_data_dir("coffeechat", appauthor=False))
    directory = directory.resolve()
    if directory == NOTEBOOKS_DIR or NOTEBOOKS_DIR in directory.parents:
        raise ValueError(
            f"The data directory {directory} is inside {NOTEBOOKS_DIR}, which Voila serves; "
            f"choose a folder outside it (set {ENV_VAR})."
        )
    if not directory.is_dir():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(directory, 0o700)
    return directory


def journal_path() -> Path:
    """The SQLite file with every participant's answers: ``data_dir()/journal.sqlite3``."""
    return data_dir() / "journal.sqlite3"

"""Where the workshop content comes from: the one place that knows.

- ``$COFFEECHAT_CONTENT_DIR`` (:data:`CONTENT_DIR_VAR`), when set: a coach's own copy (``coffeechat content
  copy DIR`` makes one; ``--content DIR`` on a command means the same). ``coffeechat serve`` hands the folder it
  checked to every participant's kernel in this variable.
- else the content the kit ships (:data:`SHIPPED_CONTENT_DIR`): in an installed wheel the copy the build put
  into the package (``coffeechat/bundled/exercises``, see ``setup.py``), in a checkout of the repository
  (an editable install) the repository's ``exercises/`` itself, the one source of both.
"""

from __future__ import annotations

import os
from pathlib import Path

from coffeechat import environment

#: names a content folder that replaces the shipped one, for every command and every kernel
CONTENT_DIR_VAR = environment.CONTENT_DIR.name
#: what a wheel carries besides the code (``setup.py`` copies it there); absent in a checkout
BUNDLED_DIR = Path(__file__).resolve().parents[1] / "bundled"
#: ``src/coffeechat/content/location.py`` -> the repository
CHECKOUT_DIR = Path(__file__).resolve().parents[3]


def shipped_content_dir() -> Path:
    """The content the kit ships: the wheel's bundled copy if this is an installed wheel, else ``exercises/``."""
    bundled = BUNDLED_DIR / "exercises"
    return bundled if bundled.is_dir() else CHECKOUT_DIR / "exercises"


#: the content the kit ships, where it is (see :func:`shipped_content_dir`)
SHIPPED_CONTENT_DIR = shipped_content_dir()


def content_dir(chosen: str | os.PathLike | None = None) -> Path:
    """The content to use: ``chosen`` (a ``--content``), else ``$COFFEECHAT_CONTENT_DIR``, else the shipped one."""
    picked = chosen or os.environ.get(CONTENT_DIR_VAR)
    return Path(picked).expanduser() if picked else SHIPPED_CONTENT_DIR

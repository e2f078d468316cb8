"""The JavaScript of the kit's anywidgets, handed to anywidget as text, never as a file.

Given a file, anywidget keeps every widget made from it alive (manzt/anywidget#929); the workaround is
:func:`coffeechat.upstream.anywidget.esm_text`. Fenced by ``tests/integration/test_esm.py`` and
``tests/integration/test_upstream_fences.py``.

Text has no address, so a relative ``import`` in it resolves to nothing: a module's
``import { ... } from "./countdown.js";`` is replaced by the text of that file beside it (its ``export``
keywords dropped), one level deep. The files stay ordinary ES modules for editors and checkers.
"""

from __future__ import annotations

import re
from pathlib import Path

from coffeechat.upstream.anywidget import esm_text

HERE = Path(__file__).resolve().parent
#: a named import of a module beside this file, on a line of its own
SHARED_IMPORT = re.compile(r'^import \{[^}]*\} from "\./([A-Za-z0-9_-]+\.js)";\n', re.MULTILINE)
EXPORT = re.compile(r"^export (?=function |const |let |class )", re.MULTILINE)


def esm(name: str) -> str:
    """The JavaScript module ``name`` (``"timer.js"``) that lies beside this file, as text, with the modules it
    imports from beside it in place of their imports."""
    return SHARED_IMPORT.sub(lambda found: EXPORT.sub("", esm_text(HERE / found.group(1))), esm_text(HERE / name))

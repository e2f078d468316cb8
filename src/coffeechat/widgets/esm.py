"""The JavaScript of the kit's anywidgets, handed to anywidget as text, never as a file.

Upstream: given a file (a ``Path``), anywidget ties every widget made from it to the file's ``changed``
signal (for hot reloading) with a strong reference that is never released
(https://github.com/manzt/anywidget/issues/929). A participant's kernel then kept every timer and download
widget ever shown and, through their callbacks, the module around them: about 60 closed widgets more per
tour of the modules. Text is not watched. Fenced by ``tests/test_esm.py``.

Text has no address, so a relative ``import`` in it resolves to nothing: a module's
``import { ... } from "./countdown.js";`` is replaced by the text of that file beside it (its ``export``
keywords dropped), one level deep. The files stay ordinary ES modules for editors and checkers.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: a named import of a module beside this file, on a line of its own
SHARED_IMPORT = re.compile(r'^import \{[^}]*\} from "\./([A-Za-z0-9_-]+\.js)";\n', re.MULTILINE)
EXPORT = re.compile(r"^export (?=function |const |let |class )", re.MULTILINE)


def esm(name: str) -> str:
    """The JavaScript module ``name`` (``"timer.js"``) that lies beside this file, as text, with the modules it
    imports from beside it in place of their imports."""
    text = (HERE / name).read_text(encoding="utf-8")
    return SHARED_IMPORT.sub(lambda found: EXPORT.sub("", (HERE / found.group(1)).read_text(encoding="utf-8")), text)

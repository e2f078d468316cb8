"""The JavaScript of the kit's anywidgets, handed to anywidget as text, never as a file.

Upstream: given a file (a ``Path``), anywidget ties every widget made from it to the file's ``changed``
signal (for hot reloading) with a strong reference that is never released
(https://github.com/manzt/anywidget/issues/929). A participant's kernel then kept every timer and download
widget ever shown and, through their callbacks, the module around them: about 60 closed widgets more per
tour of the modules. Text is not watched. Fenced by ``tests/test_esm.py``.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def esm(name: str) -> str:
    """The JavaScript module ``name`` (``"timer.js"``) that lies beside this file, as text."""
    return (HERE / name).read_text(encoding="utf-8")

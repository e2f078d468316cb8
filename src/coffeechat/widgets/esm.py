"""The JavaScript of the kit's anywidgets, handed to anywidget as text, never as a file.

Given a file, anywidget keeps every widget made from it alive (manzt/anywidget#929); the workaround is
:func:`coffeechat.upstream.anywidget.esm_text`. Fenced by ``tests/test_esm.py`` and
``tests/test_upstream_fences.py``.
"""

from __future__ import annotations

from pathlib import Path

from coffeechat.upstream.anywidget import esm_text

HERE = Path(__file__).resolve().parent


def esm(name: str) -> str:
    """The JavaScript module ``name`` (``"timer.js"``) that lies beside this file, as text."""
    return esm_text(HERE / name)

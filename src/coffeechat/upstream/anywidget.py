"""anywidget 0.11: what the kit does differently from anywidget's documented usage."""

from __future__ import annotations

from pathlib import Path


def esm_text(path: Path) -> str:
    """A widget's JavaScript module as text, never as a ``Path``.

    Works around anywidget 0.11 (``anywidget/widget.py``: ``AnyWidget.__init__`` ties every widget made from a
    file to the file's ``changed`` signal for hot reloading, with a strong reference that is never released;
    https://github.com/manzt/anywidget/issues/929): a participant's kernel kept every closed timer and download
    widget and, through their callbacks, the screen around them. Text is not watched.
    """
    return Path(path).read_text(encoding="utf-8")

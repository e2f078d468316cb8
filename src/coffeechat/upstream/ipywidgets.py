"""ipywidgets 8.1: a widget's CSS classes set in one message."""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets


def class_arguments(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Constructor arguments that give a widget its CSS classes with its first message.

    ipywidgets 8.1 offers ``add_class``/``remove_class`` (``ipywidgets/widgets/domwidget.py:30-48``), each of
    which sends the page one more message per class on a widget that exists; the classes live in the private
    synced trait ``_dom_classes`` (line 25), which the constructor accepts. A screen of a few hundred widgets
    built with ``add_class`` cost as many messages again.
    """
    return {"_dom_classes": tuple(names)}


def replace_classes(widget: ipywidgets.DOMWidget, prefix: str, wanted: Iterable[str]) -> None:
    """Replace the widget's classes that start with ``prefix`` by ``wanted``, in one message (none if unchanged).

    With ``add_class``/``remove_class`` (ipywidgets 8.1) a change of mode is one message per class, and the page
    shows the states in between (the projector flickered between two modes)."""
    current = tuple(widget._dom_classes)
    keep = tuple(name for name in current if not name.startswith(prefix))
    wanted = set(wanted)
    if set(current) != set(keep) | wanted:
        widget._dom_classes = keep + tuple(sorted(wanted))

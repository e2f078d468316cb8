"""Small building blocks shared by all views: escaped HTML, headings, safe event handlers."""

from __future__ import annotations

import functools
import html
import logging
from typing import Callable, Iterable, Iterator

import ipywidgets as w

from ..content import paragraphs

log = logging.getLogger("coffeechat")

FULL_WIDTH = w.Layout(width="100%")
SLIDER_WIDTH = w.Layout(width="100%", max_width="560px")
#: a row whose parts move below each other when the screen is narrow (a phone)
WRAPPING_ROW = w.Layout(width="100%", justify_content="space-between", align_items="flex-start", flex_flow="row wrap")
SHARED_LAYOUTS = (FULL_WIDTH, SLIDER_WIDTH, WRAPPING_ROW)


def widget_tree(widget: w.Widget) -> Iterator[w.Widget]:
    """A widget and every widget inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        if isinstance(child, w.Widget):
            yield from widget_tree(child)


def replace_children(box: w.Box, children: Iterable[w.Widget], keep: Iterable[w.Widget] = ()) -> None:
    """Show new children in a box and close every widget it no longer shows.

    Views are rebuilt on navigation and edits; without closing, each rebuild would leave its widgets open
    in the kernel and in the browser for the rest of the session. Widgets in ``keep`` (and inside them)
    stay open for later use.
    """
    old = box.children
    box.children = tuple(children)
    kept = [node for root in (box, *keep) for node in widget_tree(root)]
    spared = {id(node) for node in kept} | {id(layout) for layout in SHARED_LAYOUTS}
    spared |= {id(getattr(node, part, None)) for node in kept for part in ("layout", "style")}
    for root in old:
        for node in list(widget_tree(root)):
            if id(node) in spared:
                continue
            for part in (getattr(node, "layout", None), getattr(node, "style", None)):
                if isinstance(part, w.Widget) and id(part) not in spared:
                    part.close()
            node.close()


def text_html(text: str, css_class: str = "") -> w.HTML:
    """Plain content text as escaped HTML paragraphs."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    widget = w.HTML(body, layout=FULL_WIDTH)
    if css_class:
        widget.add_class(css_class)
    return widget


def heading(text: str, level: int = 2, css_class: str = "") -> w.HTML:
    widget = w.HTML(f"<h{level}>{html.escape(text)}</h{level}>", layout=FULL_WIDTH)
    if css_class:
        widget.add_class(css_class)
    return widget


def card(children: list[w.Widget], css_class: str = "cc-card") -> w.VBox:
    box = w.VBox(children, layout=FULL_WIDTH)
    box.add_class(css_class)
    return box


def button(label: str, css_class: str = "", style: str = "") -> w.Button:
    widget = w.Button(description=label, button_style=style, layout=w.Layout(width="auto"))
    widget.add_class("cc-button")
    if css_class:
        widget.add_class(css_class)
    return widget


def safe(report: Callable[[str], None]) -> Callable:
    """Wrap an event handler: an unexpected error is logged on the server and shown as a friendly message."""

    def decorate(handler: Callable) -> Callable:
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            try:
                return handler(*args, **kwargs)
            except Exception:
                log.exception("error in %s", getattr(handler, "__qualname__", handler))
                report("error")
                return None

        return wrapper

    return decorate

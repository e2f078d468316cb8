"""Small building blocks shared by all views: escaped HTML, headings, safe event handlers."""

from __future__ import annotations

import functools
import html
import logging
from typing import Callable

import ipywidgets as w

from ..content import paragraphs

log = logging.getLogger("coffeechat")

FULL_WIDTH = w.Layout(width="100%")
SLIDER_WIDTH = w.Layout(width="100%", max_width="560px")


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

"""Small building blocks shared by all views: escaped HTML, headings, safe event handlers."""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable, Iterable, Iterator

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


def labelled(widget: w.Widget, label: str, *, visible: bool = True) -> w.Widget:
    """Name a control with a real label (ipywidgets' description, a ``<label for>``), set above the control.

    With ``visible=False`` the label is only for assistive technology (a table cell whose column
    heading is already on screen).
    """
    widget.description = label
    widget.style.description_width = "initial"
    widget.add_class("cc-stacked" if visible else "cc-sr-label")
    return widget


def text_html(text: str, css_class: str = "") -> w.HTML:
    """Plain content text as escaped HTML paragraphs."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    widget = w.HTML(body, layout=FULL_WIDTH)
    if css_class:
        widget.add_class(css_class)
    return widget


def heading_html(text: str, level: int = 2) -> str:
    """The markup of a heading (for a heading widget whose text changes in place)."""
    return f"<h{level}>{html.escape(text)}</h{level}>"


def heading(text: str, level: int = 2, css_class: str = "") -> w.HTML:
    """A heading; a module's view starts with one of level 2 (the focus lands there when it opens)."""
    widget = w.HTML(heading_html(text, level), layout=FULL_WIDTH)
    if css_class:
        widget.add_class(css_class)
    return widget


def card(children: list[w.Widget], css_class: str = "") -> w.VBox:
    """A calm panel; ``css_class`` adds a variant (``cc-card-reframe``)."""
    box = w.VBox(children, layout=FULL_WIDTH)
    box.add_class("cc-card")
    if css_class:
        box.add_class(css_class)
    return box


def button(label: str, css_class: str = "", style: str = "") -> w.Button:
    widget = w.Button(description=label, button_style=style, layout=w.Layout(width="auto"))
    widget.add_class("cc-button")
    if css_class:
        widget.add_class(css_class)
    return widget


#: set on every handler that went through :func:`guarded`; a test checks that every callback carries it
GUARDED = "_coffeechat_guarded"


def guarded(session, handler: Callable) -> Callable:
    """``handler`` behind the one error guard every widget callback goes through.

    An unexpected error is logged on the server with its traceback, and the participant sees the kit's
    friendly message in the status line (``session.report_error``), never a traceback.
    """
    if getattr(handler, GUARDED, False):
        return handler

    @functools.wraps(handler)
    def run(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except Exception:
            log.exception("error in %s", getattr(handler, "__qualname__", handler))
            try:
                session.report_error()
            except Exception:  # the report itself must never raise into ipywidgets
                log.exception("could not report an error to the participant")
            return None

    setattr(run, GUARDED, True)
    return run


def watch(session, widget: w.Widget, handler: Callable[[dict], None], name: str = "value") -> w.Widget:
    """Call ``handler(change)`` when ``widget``'s trait ``name`` changes, behind the error guard."""
    widget.observe(guarded(session, handler), name)
    return widget


def on_click(session, control: w.Button, handler: Callable[[], None]) -> w.Button:
    """Call ``handler()`` when ``control`` is clicked, behind the error guard."""
    control.on_click(guarded(session, lambda _button: handler()))
    return control


def offer_download(session, downloader, note: w.HTML, filename: str, make: Callable[[], tuple[bytes, str]]) -> bool:
    """Make a file (``make`` returns its bytes and type) and offer it to the browser; True when offered.

    When making it fails, ``note`` says so in plain words and the answers stay as they are; the traceback
    goes to the server's log only, never to the page.
    """
    try:
        data, mime = make()
    except Exception:
        log.exception("making the download %s failed", filename)
        message = html.escape(session.t("download.failed"))
        note.value = f"<div class='cc-status-error cc-download-failed' role='alert'>{message}</div>"
        return False
    downloader.offer(filename, data, mime)
    note.value = f"<span class='cc-muted'>{html.escape(session.t('builder.downloaded'))}</span>"
    return True

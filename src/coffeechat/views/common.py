"""Small building blocks shared by all views: escaped HTML, headings, safe event handlers."""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar, TypeVar

import ipywidgets as w

from coffeechat.content import paragraphs
from coffeechat.models import keys
from coffeechat.models.steps import clean_step, saved_step
from coffeechat.storage.connection import JournalWriteError
from coffeechat.upstream.ipywidgets import class_arguments

log = logging.getLogger("coffeechat")
W = TypeVar("W", bound=w.DOMWidget)

FULL_WIDTH = w.Layout(width="100%")
SLIDER_WIDTH = w.Layout(width="100%", max_width="560px")
#: a row whose parts move below each other when the screen is narrow (a phone)
WRAPPING_ROW = w.Layout(width="100%", justify_content="space-between", align_items="flex-start", flex_flow="row wrap")
#: the layout of every button that is never hidden (one model for the page, not one per button)
BUTTON_WIDTH = w.Layout(width="auto")
#: a part of a row that takes the room left beside the others (a question's text in the builder's plan)
GROWING = w.Layout(flex="1 1 auto")
#: the layout of every HTML part given none (ipywidgets would make a model of its own for each)
PLAIN_LAYOUT = w.Layout()
#: a row of buttons side by side from the left (a gap comes from the page's CSS), wrapping when narrow
BUTTON_ROW = w.Layout(width="100%", flex_flow="row wrap", align_items="center", justify_content="flex-start")
#: an item of a list with its own buttons: its text takes the room left, the buttons keep together beside it
ITEM_LINE = w.Layout(width="100%", flex_flow="row wrap", align_items="flex-start")
ITEM_TEXT = w.Layout(flex="1 1 18em", min_width="0")
SHARED_LAYOUTS = (
    FULL_WIDTH,
    SLIDER_WIDTH,
    WRAPPING_ROW,
    BUTTON_WIDTH,
    GROWING,
    PLAIN_LAYOUT,
    BUTTON_ROW,
    ITEM_LINE,
    ITEM_TEXT,
)
#: styles that belong to many views and are never closed with one of them (see shared_style)
_shared_styles: dict[tuple, w.Widget] = {}


def shared_style(control: type[w.DOMWidget], **traits) -> w.Widget:
    """One style model for every control of a kind with the same look (no view changes a style it was given)."""
    style_class = control.class_traits()["style"].klass
    key = (style_class, tuple(sorted(traits.items())))
    if key not in _shared_styles:
        _shared_styles[key] = style_class(**traits)
    return _shared_styles[key]


#: the style of every HTML widget (none has a style of its own): one model in the page, not one per widget
PLAIN_HTML = shared_style(w.HTML)


def joined_line(t: Callable[..., str], count: int) -> str:
    """How many are in the room, for the console and the projector: "1 Person im Raum", "3 Teilnehmende im Raum"."""
    return t("room.joined_one") if count == 1 else t("room.joined", count=count)


def css(*names: str) -> dict[str, tuple[str, ...]]:
    """Constructor arguments that give a widget its CSS classes (empty names left out).

    ``add_class`` on a widget that exists sends the page one more message; given to the constructor, the
    classes come with the widget's first message (:func:`coffeechat.upstream.ipywidgets.class_arguments`).
    """
    return class_arguments(name for name in names if name)


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
    spared = {id(node) for node in kept} | {id(part) for part in (*SHARED_LAYOUTS, *_shared_styles.values())}
    spared |= {id(getattr(node, part, None)) for node in kept for part in ("layout", "style")}
    for root in old:
        for node in list(widget_tree(root)):
            if id(node) in spared:
                continue
            for part in (getattr(node, "layout", None), getattr(node, "style", None)):
                if isinstance(part, w.Widget) and id(part) not in spared:
                    part.close()
            node.close()


def labelled(control: type[W], label: str, *css_classes: str, visible: bool = True, **traits) -> W:
    """A control named by a real label (ipywidgets' description, a ``<label for>``), set above the control.

    With ``visible=False`` the label is only for assistive technology (a table cell whose column
    heading is already on screen). Label, classes and style go into the constructor: the page gets the
    control in one message (each change after it exists is one more, for every participant at once).
    """
    style = shared_style(control, **{"description_width": "initial", **traits.pop("style", {})})
    stacked = "cc-stacked" if visible else "cc-sr-label"
    return control(description=label, style=style, **css(stacked, *css_classes), **traits)


def one_line(label: str, *css_classes: str, grows: bool = False, **traits) -> w.Text | w.Textarea:
    """A labelled field for words on one line; with ``grows`` (words that may be a sentence) a text area of one
    line that grows with them (``cc-grows`` in kit.css), so a long answer is seen whole where an input hid its
    end, and Enter moves on as in an input (page.js)."""
    if grows:
        return labelled(w.Textarea, label, "cc-grows", *css_classes, rows=1, **traits)
    return labelled(w.Text, label, *css_classes, **traits)


def html_part(value: str = "", *css_classes: str, **traits) -> w.HTML:
    """An HTML widget with its classes given at once, the shared style and, unless given one, a shared layout.

    A part that is hidden and shown (``layout.display``) is given a layout of its own.
    """
    traits.setdefault("layout", PLAIN_LAYOUT)
    return w.HTML(value, style=PLAIN_HTML, **css(*css_classes), **traits)


def paragraphs_html(text: str) -> str:
    """Plain content text as the markup of escaped paragraphs."""
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))


def text_html(text: str, css_class: str = "") -> w.HTML:
    """Plain content text as escaped HTML paragraphs."""
    return html_part(paragraphs_html(text), css_class, layout=FULL_WIDTH)


def text_card(title: str, text: str, *css_classes: str, text_class: str = "") -> w.HTML:
    """A card of content to read (a heading and paragraphs) as one widget: one message for the page, not four.

    ``text_class`` styles the paragraphs (``cc-quote``); ``css_classes`` add a card variant.
    """
    body = paragraphs_html(text)
    if text_class:
        body = f"<div class='{text_class}'>{body}</div>"
    return html_part(heading_html(title, 3) + body, "cc-card", "cc-text-card", *css_classes, layout=FULL_WIDTH)


def heading_html(text: str, level: int = 2) -> str:
    """The markup of a heading (for a heading widget whose text changes in place)."""
    return f"<h{level}>{html.escape(text)}</h{level}>"


def heading(text: str, level: int = 2, css_class: str = "") -> w.HTML:
    """A heading; a module's view starts with one of level 2 (the focus lands there when it opens)."""
    return html_part(heading_html(text, level), css_class, layout=FULL_WIDTH)


def hide(widget: w.DOMWidget, hidden: bool) -> None:
    """Hide or show ``widget`` by the kit's ``cc-hidden`` class (ipywidgets sends nothing when the class is as
    asked)."""
    (widget.add_class if hidden else widget.remove_class)("cc-hidden")


def card(children: list[w.Widget], *css_classes: str) -> w.VBox:
    """A calm panel; ``css_classes`` add a variant (``cc-card-reframe``) or a name for the page's code."""
    return w.VBox(children, layout=FULL_WIDTH, **css("cc-card", *css_classes))


def button(
    label: str, css_class: str = "", style: str = "", *, hidden_at_times: bool = False, kind: str = "", **traits
) -> w.Button:
    """A button with the shared look. One that is hidden and shown (``layout.display`` or ``visibility``
    changes) says ``hidden_at_times=True`` and gets a layout of its own; the others share one: a redraw of
    the builder's plan makes 37 buttons, which were 37 more layout models for the page. ``kind`` is a class
    that a kind of button shares (:data:`DOWNLOAD_BUTTON`)."""
    return w.Button(
        description=label,
        button_style=style,
        layout=w.Layout(width="auto") if hidden_at_times else BUTTON_WIDTH,
        style=shared_style(w.Button),
        **css("cc-button", kind, css_class),
        **traits,
    )


#: the class of every button that makes a file: page.js counts a double click on one as one click (a double
#: tap on „Taschenkarte (PDF)“ downloaded the card twice)
DOWNLOAD_BUTTON = "cc-download-button"


def download_button(label: str, css_class: str, style: str = "", **options) -> w.Button:
    """A button that makes a file: „⤓ label“, of the kind :data:`DOWNLOAD_BUTTON`."""
    return button(f"⤓ {label}", css_class, style, kind=DOWNLOAD_BUTTON, **options)


#: set on every handler that went through :func:`guarded`; a test checks that every callback carries it
GUARDED = "_coffeechat_guarded"


def guarded(session, handler: Callable, *, background: bool = False) -> Callable:
    """``handler`` behind the one error guard every widget callback goes through.

    An unexpected error is logged on the server with its traceback, and the participant sees the kit's
    friendly message in the status line (``session.report_error``), never a traceback. A journal that cannot
    be used (:class:`JournalWriteError`, a failed read too) is no surprise: the journal logged the outage once
    (:mod:`coffeechat.storage.connection`), so there is no traceback per callback; the participant is told,
    unless the handler runs in the ``background`` (the room's poll twice a second: the save status speaks for
    what the participant typed).
    """
    if getattr(handler, GUARDED, False):
        return handler

    @functools.wraps(handler)
    def run(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except JournalWriteError:
            if not background:
                report(session)
            return None
        except Exception:
            log.exception("error in %s", getattr(handler, "__qualname__", handler))
            report(session)
            return None

    setattr(run, GUARDED, True)
    return run


def report(session) -> None:
    """Tell the participant something went wrong on the server (never raising into ipywidgets)."""
    try:
        session.report_error()
    except Exception:  # the report itself must never raise into ipywidgets
        log.exception("could not report an error to the participant")


def watch(session, widget: w.Widget, handler: Callable[[dict], None], name: str = "value") -> w.Widget:
    """Call ``handler(change)`` when ``widget``'s trait ``name`` changes, behind the error guard."""
    widget.observe(guarded(session, handler), name)
    return widget


def on_click(session, control: w.Button, handler: Callable[[], None]) -> w.Button:
    """Call ``handler()`` when ``control`` is clicked, behind the error guard."""
    control.on_click(guarded(session, lambda _button: handler()))
    return control


def on_enter(session, field: w.Text, handler: Callable[[], None]) -> w.Text:
    """Call ``handler()`` when Enter is pressed in the one-line ``field`` (the page sends ``submit``; the text
    arrived before it, key by key), behind the error guard: Enter does what the button beside the field does.
    (ipywidgets' ``on_submit`` says the same through a deprecation warning; ``on_msg`` is the widget's own API.)"""

    def heard(_widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            handler()

    field.on_msg(guarded(session, heard))
    return field


def download_note(session) -> w.HTML:
    """The note under or beside download buttons that says what became of the file (a polite live region).

    Its place is kept from the start (:func:`download_note_html`): on a phone the note's two lines appeared
    after a tap on „Taschenkarte (PDF)“ and pushed Next down, and the walker's next tap, where Next had been,
    unticked "done".
    """
    return html_part(download_note_html(session), "cc-download-note", "cc-live")


def download_note_html(session, said: str = "") -> str:
    """The download note's markup: ``said`` over the kept place of "The file is being downloaded" (kit.css draws
    that text, unseen and unread, in ``.cc-note-place::before``; it is no text of the page). A failure, rare and
    longer, takes the room it needs."""
    room = html.escape(session.t("builder.downloaded"), quote=True)
    return f'<div class="cc-note-place" data-room="{room}">{said}</div>'


def offer_download(session, downloader, note: w.HTML, filename: str, make: Callable[[], tuple[bytes, str]]) -> bool:
    """Make a file (``make`` returns its bytes and type) and offer it to the browser; True when offered.

    When making it fails, ``note`` (a :func:`download_note`) says so in plain words and the answers stay as they
    are; the traceback goes to the server's log only, never to the page.
    """
    try:
        data, mime = make()
    except Exception:
        log.exception("making the download %s failed", filename)
        message = html.escape(session.t("download.failed"))
        said = f"<div class='cc-status-error cc-download-failed' role='alert'>{message}</div>"
        note.value = download_note_html(session, said)
        return False
    downloader.offer(filename, data, mime)
    said = f"<span class='cc-muted'>{html.escape(session.t('builder.downloaded'))}</span>"
    note.value = download_note_html(session, said)
    return True


class ModuleSteps:
    """The steps of a module view, one on screen at a time: the boxes, the step shown, and where it is kept.

    The interface a module view offers the page (see :class:`~coffeechat.views.fear.FearView`): each step is an
    element ``.cc-module-step-<n>`` that starts with its heading ("Schritt 2 von 3 · Üben") in
    ``.cc-module-step-heading``; every step's widgets are built at once and the others only hidden, so a field
    keeps what was typed into it while another step is on screen. The step shown is the one saved in the
    session (``keys.step(module_id)``, read leniently), so a reload, a resume and a language switch land on it.
    """

    def __init__(
        self,
        session,
        module_id: str,
        names: Iterable[str],
        titles: Iterable[str],
        parts: Iterable[Iterable[w.Widget]],
        css_prefix: str,
    ):
        self.session = session
        self.key = keys.step(module_id)
        self.names = tuple(names)
        #: the CSS class of the module's view (its steps are ``<css_prefix>-step-<name>`` too)
        self.css_prefix = css_prefix
        total = len(self.names)
        self.boxes: list[w.VBox] = []
        for number, (name, title, children) in enumerate(zip(self.names, titles, parts, strict=True), start=1):
            where = session.t("fear.step_position", number=number, total=total, name=title)
            head = html_part(heading_html(where, 3), "cc-module-step-heading", layout=FULL_WIDTH)
            self.boxes.append(
                w.VBox(
                    [head, *children],
                    layout=w.Layout(width="100%"),  # its own: hidden and shown
                    **css("cc-module-step", f"cc-module-step-{number}", f"{css_prefix}-step-{name}"),
                )
            )
        #: the step on screen, from 1
        self.number = saved_step(session.get(self.key), total)
        self._show(self.number)

    def show(self, number: int, remember: bool = True) -> int:
        """Show step ``number`` (from 1) and, with ``remember``, keep it in the session; a step the module lacks
        is refused (:class:`~coffeechat.models.answers.AnswerRejected`) and nothing changes."""
        number = clean_step(number, len(self.names))
        if remember and self.session.get(self.key) != number:
            self.session.set(self.key, number)
        self.number = number
        self._show(number)
        return number

    def _show(self, number: int) -> None:
        for index, box in enumerate(self.boxes, start=1):
            box.layout.display = None if index == number else "none"


class SteppedView:
    """The steps' interface of a module view whose steps are a :class:`ModuleSteps` in ``step_parts`` (the page
    asks for it: ``steps`` on the class, ``step``, ``show_step``); ``shown(n)`` is what the view does when a step
    appears (nothing, unless it says otherwise)."""

    steps: ClassVar[tuple[str, ...]]
    step_parts: ModuleSteps
    #: moves the keyboard focus to a selector once it is on screen (the page's, or a no-op alone)
    focus: Callable[..., None]

    @property
    def step(self) -> int:
        """The step on screen, from 1."""
        return self.step_parts.number

    @property
    def step_boxes(self) -> list[w.VBox]:
        """Each step's box, in order."""
        return self.step_parts.boxes

    def show_step(self, number: int) -> None:
        """Show step ``number`` (from 1) and remember it in the session; a step the module lacks is refused
        (:class:`~coffeechat.models.answers.AnswerRejected`) and nothing changes."""
        self.shown(self.step_parts.show(number))

    def shown(self, number: int) -> None:
        """Step ``number`` has just been shown."""

    def step_alone(self, number: int) -> None:
        """Another step where no page leads (a notebook): show it, and move the focus (``self.focus``) to its
        heading. A page's navigation puts its own move in the view's ``ask_step`` instead."""
        self.show_step(number)
        self.focus(f".{self.step_parts.css_prefix} .cc-module-step-{number} .cc-module-step-heading h3")

"""The page around the app: its language and title, where the keyboard focus goes, ARIA that
ipywidgets leaves out, and a save status that tells the truth about each change (see ``page.js``).
An invisible anywidget, one per app.
"""

from __future__ import annotations

import anywidget
import traitlets

from coffeechat.widgets.esm import esm
from coffeechat.widgets.look import KIT_CSS

#: more than any browser sends; a longer list from the socket is refused
MOST_BROWSER_LANGUAGES = 16


class PageAssist(anywidget.AnyWidget):
    """Sets ``<html lang>`` and the document title, moves the focus on request, and mends ARIA; brings the
    kit's look (``kit.css``) to the page."""

    _esm = esm("page.js")
    _css = KIT_CSS
    lang = traitlets.Unicode("").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    #: the name of the row of steps, read out as the page's navigation
    steps_label = traitlets.Unicode("").tag(sync=True)
    #: what the status line says while a change is on its way (``saving``) or cannot be sent (``offline``)
    save_texts = traitlets.Dict().tag(sync=True)
    #: what the page says under a field by itself: ``date_unreadable``, under a date the browser cannot read
    field_texts = traitlets.Dict().tag(sync=True)
    #: the browser's preferred languages (``navigator.languages``), set by the page once it is drawn
    browser_languages = traitlets.List(traitlets.Unicode(), maxlen=MOST_BROWSER_LANGUAGES).tag(sync=True)

    def focus(self, selector: str, reveal: str = "", instead_of: str = "") -> None:
        """Give the keyboard focus to the first element matching ``selector`` once it is on screen.

        ``reveal`` names an element around it that should then be in view as a whole (a card that appears
        at the end of the page), not only its first line. ``instead_of`` makes it a move on from a control that
        goes away: the focus moves only if it is on an element matching ``instead_of`` or on nothing (that control
        is gone), never from where the participant has it (a slider's handle a tap just rated).
        """
        request = {"type": "focus", "selector": selector, "reveal": reveal}
        self.send({**request, "instead_of": instead_of} if instead_of else request)

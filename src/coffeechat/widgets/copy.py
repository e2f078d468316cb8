"""A "Copy" button under a text the participant is meant to take out of the app (a draft message).

It copies what the field shows in the browser (the participant's own edits included, as plain text) with the
clipboard API. Where that is missing or refused (a room on the local network over plain http is no secure
context, so browsers offer no clipboard there), it tries the browser's old copy command on the text marked in
the field, and if that is refused too it leaves the whole text marked and says how to copy it: nothing fails
in silence. What happened is said in a polite live region beside the button, "Copied" only for a few seconds,
and only while the field still shows the text it speaks of. A text that still has gaps (``unfinished``, set by
the kernel, which knows them) is copied too, but the note says what is still open and stays, instead of a
green "Copied" that reads as "ready to send". The note goes once the field no longer shows that text: typing
in the field, or another text put there (:meth:`CopyButton.shown_changed`), takes the note away (it stayed
after a switch to another channel's draft, as if that one had been copied).

The kernel sends nothing but the field to copy from (a CSS class of its widget) and the words.
"""

from __future__ import annotations

import anywidget
import traitlets

from coffeechat.widgets.esm import esm


class CopyButton(anywidget.AnyWidget):
    """A button that copies the text of the field inside the widget with the CSS class ``source``.

    ``labels``: ``copy`` (the button), ``copied`` (said after copying), ``marked`` (said when only marking the
    text was possible), ``name`` (the button's accessible name, if it should say more than its label).
    The field is looked for in the nearest box around this button that holds one.
    """

    _esm = esm("copy.js")
    source = traitlets.Unicode("").tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    #: said after copying instead of ``copied`` while the text still has gaps ("Copied, but still to fill in:
    #: your name"); empty when the text is ready
    unfinished = traitlets.Unicode("").tag(sync=True)

    def shown_changed(self) -> None:
        """The kernel put another text into the field: a note about the text copied before goes (the page
        compares, so a copy made after the change keeps its note)."""
        self.send({"type": "shown"})

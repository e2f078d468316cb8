"""The kit's look, carried by a widget: ``kit.css`` beside this file, for the Voila page and for JupyterLab.

anywidget puts a widget's ``_css`` into the document's ``<head>`` once per widget class (the class is the
style element's id), so the kit's look arrives with the first widget that carries it: the page widget
(:class:`coffeechat.widgets.page.PageAssist`, one per app and per coach's page) or, in a notebook, an invisible
:class:`KitLook` shown with the kit's view. Text, not a file: see ``esm.py``.
"""

from __future__ import annotations

import anywidget

from coffeechat.widgets.esm import HERE, esm

#: the look of the kit's widgets (the Voila page adds its own frame in the template's cc-style.css)
KIT_CSS = (HERE / "kit.css").read_text(encoding="utf-8")


class KitLook(anywidget.AnyWidget):
    """An invisible widget that brings the kit's look to the page it is shown on."""

    _esm = esm("look.js")
    _css = KIT_CSS

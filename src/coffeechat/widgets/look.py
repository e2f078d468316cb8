"""The kit's look, carried by a widget: ``kit.css`` beside this file, for the Voila page and for JupyterLab.

anywidget puts a widget's ``_css`` into the document's ``<head>`` once per widget class (the class is the
style element's id), so the kit's look arrives with the first widget that carries it: the page widget
(:class:`coffeechat.widgets.page.PageAssist`, one per app and per coach's page) or, in a notebook, an invisible
:class:`KitLook` shown with the kit's view. Text, not a file: see ``esm.py``.
"""

from __future__ import annotations

import anywidget

from coffeechat.widgets.esm import HERE, esm

#: the template's selector for the palette (the whole Voila page), and the kit's own root outside that page
PAGE_ROOT, KIT_ROOT = ":root,\nbody {", ":where(.cc-app:not(.cc-template *)) {"


def kit_css() -> str:
    """The look of the kit's widgets: the palette (the same declarations the Voila template sets for its whole
    page, light and dark) under the kit's own root, then ``kit.css`` (the Voila page adds its own frame in
    cc-style.css)."""
    palette = (HERE / "palette.css").read_text(encoding="utf-8")
    if PAGE_ROOT not in palette:
        raise ValueError(f"palette.css must set its variables under {PAGE_ROOT!r}")
    # every block of the palette (the light one, and the dark one in its media query) under the kit's root
    return palette.replace(PAGE_ROOT, KIT_ROOT) + (HERE / "kit.css").read_text(encoding="utf-8")


KIT_CSS = kit_css()


class KitLook(anywidget.AnyWidget):
    """An invisible widget that brings the kit's look to the page it is shown on."""

    _esm = esm("look.js")
    _css = KIT_CSS

"""The page's header: a "skip to content" link (the page's first Tab stop, seen once it has the focus), the
workshop's title, the participant's code (:mod:`coffeechat.pages.code_box`, beside it) and the language toggle,
and the page's language and title. On a phone, with the code folded, the header is one
line of 44 px controls (kit.css: the title is then read by assistive technology, not shown).

A first visit opens in the browser's language, unless the address or the participant chose one; a switch
tells the app (``on_switched``), which says everything again in the new language.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from coffeechat.models.session import Session
from coffeechat.views.common import FULL_WIDTH, WRAPPING_ROW, css, html_part, labelled, watch
from coffeechat.widgets.page import PageAssist


def preferred_language(tags, offered: tuple[str, ...], default: str) -> str:
    """The first of the browser's language tags (``en-GB``, ``de``, ...) that the workshop offers, else ``default``.

    The tags come from the page and so from anyone: anything that is not a short string is passed over.
    """
    for tag in tags if isinstance(tags, list | tuple) else ():
        if isinstance(tag, str) and len(tag) <= 35:
            primary = tag.strip().split("-")[0].split("_")[0].lower()
            if primary in offered:
                return primary
    return default


class LanguageHeader:
    """Title and language toggle; ``asked``: the page address named a language (the browser's no longer counts)."""

    def __init__(
        self,
        session: Session,
        page: PageAssist,
        asked: bool,
        on_switched: Callable[[], None],
        beside: w.Widget | None = None,
    ):
        """``beside``: a part shown between the title and the toggle (the participant's code)."""
        self.session = session
        self.workshop = session.workshop
        self.page = page
        self._on_switched = on_switched
        #: the language was asked for (in the address, or on the toggle): the browser's no longer counts
        self.chosen = asked
        self._following_browser = False
        manifest = self.workshop.manifest
        # named in every language at once and never relabelled: a relabelled toggle is redrawn, and the
        # keyboard focus would fall off the button just pressed
        names = " / ".join(self.workshop.t("app.language", lang.code) for lang in manifest.languages)
        self.language = labelled(
            w.ToggleButtons,
            names,
            "cc-language",
            visible=False,
            options=[(lang.name, lang.code) for lang in manifest.languages],
            value=session.language,
            style={"button_width": "auto"},
        )
        watch(session, self.language, self._on_language)
        watch(session, page, self._on_browser_languages, "browser_languages")
        self.title = html_part("", "cc-header-title", layout=w.Layout(flex="1 1 16em"))
        parts = [self.title, beside, self.language] if beside is not None else [self.title, self.language]
        row = w.HBox(parts, layout=WRAPPING_ROW, **css("cc-header-row"))
        #: the page's first Tab stop, seen once it has the focus: past the header and the stepper to the open
        #: part's heading (page.js moves the focus there)
        self.skip = html_part("", "cc-skip")
        self.widget = w.VBox([self.skip, row], layout=FULL_WIDTH, **css("cc-header"))

    def label(self) -> None:
        """The title, and the page's language, title and the texts its scripts say, in the session's language."""
        t, lang, manifest = self.session.t, self.session.language, self.workshop.manifest
        self.skip.value = f"<a class='cc-skip-link' href='#rendered_cells'>{html.escape(t('app.skip_to_content'))}</a>"
        self.title.value = (
            f"<h1 class='cc-title'>{html.escape(manifest.title[lang])}</h1>"
            f"<p class='cc-subtitle cc-muted'>{html.escape(manifest.subtitle[lang])}</p>"
        )
        with self.page.hold_sync():  # one message: the page's language and title never disagree
            self.page.lang = lang
            self.page.title = manifest.title[lang]
            self.page.steps_label = t("app.steps")
            self.page.save_texts = {
                "saving": t("status.saving"),
                "offline": t("status.offline"),
                "lost": t("status.lost"),
            }
            self.page.field_texts = {"date_unreadable": t("field.date_unreadable")}

    def follow_session(self) -> None:
        """The toggle shows the session's language (a resume in the saved language); a change relabels."""
        if self.language.value != self.session.language:
            self.language.value = self.session.language

    def _on_browser_languages(self, change: dict) -> None:
        """A first visit opens in the browser's language, unless the address or the participant chose one."""
        if self.chosen or self.session.attached:
            return
        preferred = preferred_language(change["new"], self.workshop.languages, self.workshop.default_language)
        if preferred != self.language.value:
            self._following_browser = True
            try:
                self.language.value = preferred
            finally:
                self._following_browser = False

    def _on_language(self, change: dict) -> None:
        """Every text in the other language; answers, position and the focus (on this toggle) stay."""
        if not self._following_browser:
            self.chosen = True
        new = change["new"]
        if new == self.session.language:
            return  # the toggle follows the session (a resume in the saved language)
        if self.session.attached:
            self.session.set_language(new)
        else:
            self.session.language = new
        self._on_switched()

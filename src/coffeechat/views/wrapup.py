"""Wrap-up: rate the fears again, commit to a first contact, take everything home, or erase it."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import ipywidgets as w

from .. import keys
from ..charts import before_after, to_svg
from ..content import Option, Prompt
from ..download import Downloader
from ..export import take_home, take_home_with_chart, to_markdown
from ..session import Session
from .common import FULL_WIDTH, button, card, heading, on_click, replace_children, text_html, watch
from .fields import FieldView
from .ratings import FearRatings

CHANNELS = ("email", "linkedin", "phone", "in-person")
DRAFTS = ("builder", "new")


class WrapUpView:
    """Ratings again with a before/after chart, a dated commitment, downloads and "erase my data"."""

    def __init__(self, session: Session, module_id: str, on_erased: Callable[[], None] | None = None):
        self.session = session
        self.on_erased = on_erased
        self.workshop = session.workshop
        t = session.t
        self.downloader = Downloader()
        self.ratings = FearRatings(session, "wrapup", "cc-wrapup-rating", self.redraw)
        self.sliders = self.ratings.sliders
        self.chart = w.HTML(layout=w.Layout(max_width="680px", width="100%"))
        self.chart.add_class("cc-before-after")
        self.redraw()
        self.status = w.HTML("")
        self.confirm_box = w.VBox(layout=FULL_WIDTH)
        self.widget = w.VBox(
            [
                heading(t("wrapup.title")),
                text_html(t("wrapup.intro")),
                heading(t("wrapup.rate_again"), 3),
                card(self.ratings.rows),
                self.chart,
                heading(t("wrapup.commitment"), 3),
                self._commitment(),
                heading(t("wrapup.take_home"), 3),
                text_html(t("wrapup.take_home_intro")),
                self._downloads(),
                heading(t("wrapup.your_data"), 3),
                self._erase(),
                self.status,
                self.downloader,
            ],
            layout=FULL_WIDTH,
        )
        self.widget.add_class("cc-wrapup")

    # --- ratings -----------------------------------------------------------------------------------

    def redraw(self) -> None:
        t, lang, fears = self.session.t, self.session.language, self.workshop.fears
        self.chart.value = to_svg(
            before_after(
                [f.title[lang] for f in fears],
                [self.session.get(keys.rating("welcome", f.id)) for f in fears],
                self.ratings.values(),
                t("wrapup.chart_title"),
                (t("wrapup.before"), t("wrapup.after")),
            )
        )

    # --- commitment --------------------------------------------------------------------------------

    def _commitment(self) -> w.Widget:
        strings = self.workshop.ui.strings
        options = lambda prefix, ids: tuple(Option(id=i, label=strings[f"{prefix}.{i}"]) for i in ids)  # noqa: E731
        prompts = [
            Prompt(
                id="who", kind="text", label=strings["wrapup.commit_who"], placeholder=strings["wrapup.who_placeholder"]
            ),
            Prompt(id="due", kind="date", label=strings["wrapup.commit_due"]),
            Prompt(
                id="channel",
                kind="choice",
                label=strings["wrapup.commit_channel"],
                options=options("wrapup.channel", CHANNELS),
            ),
            Prompt(
                id="draft", kind="choice", label=strings["wrapup.commit_draft"], options=options("wrapup.draft", DRAFTS)
            ),
        ]
        self.fields = {p.id: FieldView(p, self.session, keys.commitment(p.id)) for p in prompts}
        self.reminder = w.HTML()
        watch(self.session, self.fields["due"].input, lambda _change: self._show_reminder())
        self._show_reminder()
        box = card([*(f.widget for f in self.fields.values()), self.reminder])
        box.add_class("cc-commitment")
        return box

    def _show_reminder(self) -> None:
        t = self.session.t
        due = self.session.get(keys.commitment("due"))
        text = t("wrapup.thanks_reminder")
        if due:
            text += " " + t("wrapup.thanks_by", date=(dt.date.fromisoformat(due) + dt.timedelta(days=1)).isoformat())
        self.reminder.value = f"<div class='cc-status-info'>{html.escape(text)}</div>"

    # --- take home ---------------------------------------------------------------------------------

    def _downloads(self) -> w.Widget:
        t = self.session.t
        actions = (
            ("pdf", "wrapup.download_pdf", "primary"),
            ("md", "wrapup.download_markdown", ""),
            ("json", "wrapup.download_json", ""),
        )
        buttons = []
        for kind, label, style in actions:
            control = button(f"⤓ {t(label)}", f"cc-take-home-{kind}", style)
            on_click(self.session, control, lambda kind=kind: self.download(kind))
            buttons.append(control)
        return w.HBox(buttons, layout=w.Layout(flex_flow="row wrap"))

    def download(self, kind: str) -> None:
        session, lang = self.session, self.session.language
        stem = session.t("wrapup.file_stem")
        if kind == "pdf":
            from ..pdf import document_pdf  # the PDF library: only for whoever downloads a PDF

            document = take_home_with_chart(self.workshop, session.answers(), lang, dt.date.today().isoformat())
            self.downloader.offer(f"{stem}.pdf", document_pdf(document), "application/pdf")
        elif kind == "md":
            data = to_markdown(take_home(self.workshop, session.answers(), lang)).encode("utf-8")
            self.downloader.offer(f"{stem}.md", data, "text/markdown")
        else:
            data = session.journal.export_json(session.code).encode("utf-8")
            self.downloader.offer(f"{stem}.json", data, "application/json")
        self.status.value = f"<span class='cc-muted'>{html.escape(session.t('builder.downloaded'))}</span>"

    # --- erase -------------------------------------------------------------------------------------

    def _erase(self) -> w.Widget:
        t = self.session.t
        ask = button(t("wrapup.erase"), "cc-erase")
        on_click(self.session, ask, self._confirm)
        return w.VBox([text_html(t("wrapup.erase_intro")), ask, self.confirm_box], layout=FULL_WIDTH)

    def _confirm(self) -> None:
        t = self.session.t
        yes = button(t("wrapup.erase_yes"), "cc-erase-yes", "danger")
        no = button(t("wrapup.erase_no"), "cc-erase-no")
        on_click(self.session, yes, self.erase)
        on_click(self.session, no, lambda: replace_children(self.confirm_box, ()))
        warning = w.HTML(f"<div class='cc-status-error' role='alert'>{html.escape(t('wrapup.erase_confirm'))}</div>")
        replace_children(self.confirm_box, [warning, w.HBox([yes, no])])

    def erase(self) -> None:
        """Delete everything this participant wrote (after the confirmation)."""
        self.session.journal.erase(self.session.code)
        replace_children(self.confirm_box, ())
        self.status.value = (
            f"<div class='cc-status-ok' role='status'>{html.escape(self.session.t('wrapup.erased'))}</div>"
        )
        if self.on_erased:
            self.on_erased()


__all__ = ["WrapUpView"]

"""Wrap-up in four steps: rate the fears again, commit to a first contact, take everything home (or erase it),
and the end of the journey on one screen.

:class:`EndDownloads` is the same take-home on the room's end screen (the PDF, the plan, the calendar).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import ClassVar

import ipywidgets as w

from coffeechat.content import Option, Prompt
from coffeechat.documents.charts import before_after_compact, to_svg
from coffeechat.documents.export import (
    plan_document,
    plan_filename,
    take_home,
    take_home_files,
    take_home_with_chart,
    to_markdown,
)
from coffeechat.models import keys
from coffeechat.models.answers import today
from coffeechat.models.builder import plan_from_answers
from coffeechat.models.dates import as_date, long_date
from coffeechat.models.ending import ending
from coffeechat.models.outreach import other_channel
from coffeechat.models.reminders import (
    CHANNELS,
    DRAFTS,
    calendar_file,
    commitment,
    date_problems,
    has_calendar,
    reminder_lines,
    suggested_due,
)
from coffeechat.models.session import Session
from coffeechat.models.steps import WRAPUP_STEPS
from coffeechat.room.live import Membership
from coffeechat.views.common import (
    BUTTON_ROW,
    FULL_WIDTH,
    WRAPPING_ROW,
    ModuleSteps,
    SteppedView,
    button,
    card,
    css,
    download_button,
    download_note,
    download_note_html,
    heading,
    html_part,
    offer_download,
    on_click,
    replace_children,
    text_html,
    watch,
)
from coffeechat.views.feedback import FeedbackCard
from coffeechat.views.fields import FieldView
from coffeechat.views.ratings import FearRatings
from coffeechat.widgets.download import Downloader

#: the step of the commitment (from 1): where the end screen leads back to when the next step has no date
COMMIT_STEP = 2


class WrapUpView(SteppedView):
    """The wrap-up in four steps: the fears rated again beside a before/after chart; the first step (a dated
    commitment) and the closing words; the take-home downloads (each with its note beside it) and "erase my
    data"; and the end of the journey on one screen (the profile before and after, the next step with its date,
    the take-home, a warm closing line: :mod:`coffeechat.models.ending` says what it says).

    The steps' interface of a module view (see :class:`~coffeechat.views.fear.FearView`): ``steps``, ``step``
    and ``show_step(n)``; a new view opens at the step saved in the session. The end screen's way back to the
    commitment goes through ``ask_step(n)``, which the page replaces with its own move (so that its pager and
    the focus follow); alone it shows the step and moves the focus to its heading.
    """

    steps: tuple[str, ...] = WRAPUP_STEPS
    #: its last step is the end of the journey: reaching it is finishing the wrap-up (the page counts it done)
    end_screen = True

    def __init__(self, session: Session, module_id: str, on_erased: Callable[[], None] | None = None, focus=None):
        self.session = session
        self.module_id = module_id
        self.on_erased = on_erased
        self.focus = focus or (lambda _selector: None)
        self.workshop = session.workshop
        t = session.t
        self.downloader = Downloader()
        self.ratings = FearRatings(session, "wrapup", "cc-wrapup-rating", self.redraw, focus=self.focus)
        self.sliders = self.ratings.sliders
        self.chart = html_part("", "cc-before-after", layout=w.Layout(width="100%", max_width="420px"))
        self.redraw()
        #: what happened to the erase (its confirmation is in confirm_box)
        self.status = html_part("", "cc-erase-note", "cc-live")
        #: each download's note, beside the button that made it
        self.notes: dict[str, w.HTML] = {}
        self.download_buttons: dict[str, w.Button] = {}
        self.confirm_box = w.VBox(layout=FULL_WIDTH)
        self.end_chart = html_part("", "cc-end-profile", layout=w.Layout(flex="1 1 18em", max_width="400px"))
        self.end_next = html_part("", "cc-end-next", layout=FULL_WIDTH)
        self.end_back = button(t("wrapup.end_to_commitment"), "cc-end-to-commitment", hidden_at_times=True)
        on_click(session, self.end_back, lambda: self.ask_step(COMMIT_STEP))
        #: the feedback on the room, on the last step, only while the page is in a room (show_feedback)
        self.feedback_slot = w.VBox(layout=FULL_WIDTH, **css("cc-feedback-slot"))
        self.feedback: FeedbackCard | None = None
        #: how the view asks for another of its steps (the page's navigation puts its own move here)
        self.ask_step: Callable[[int], None] = self.step_alone
        parts: dict[str, list[w.Widget]] = {
            "rate": [
                text_html(t("wrapup.intro")),
                w.HBox(
                    [
                        w.VBox(
                            [heading(t("wrapup.rate_again"), 4), card(self.ratings.rows)],
                            layout=w.Layout(flex="1 1 20em", min_width="0"),
                        ),
                        self.chart,
                    ],
                    layout=WRAPPING_ROW,
                    **css("cc-wrapup-rate-row"),
                ),
            ],
            "commit": [heading(t("wrapup.commitment"), 4), self._commitment(), self._closing()],
            "take-home": [
                text_html(t("wrapup.take_home_intro")),
                self._downloads(),
                # set apart from Back and Next in a framed part of its own (it stood 8 px above them)
                w.VBox(
                    [heading(t("wrapup.your_data"), 4), self._erase(), self.status],
                    layout=FULL_WIDTH,
                    **css("cc-your-data"),
                ),
            ],
            "end": [self._end(), self.feedback_slot],
        }
        titles = [t(f"wrapup.step.{name}") for name in self.steps]
        self.step_parts = ModuleSteps(session, module_id, self.steps, titles, parts.values(), "cc-wrapup")
        self.shown(self.step)
        self.widget = w.VBox(
            [heading(t("wrapup.title")), *self.step_boxes, self.downloader],
            layout=FULL_WIDTH,
            **css("cc-wrapup"),
        )

    # --- steps -------------------------------------------------------------------------------------

    def shown(self, number: int) -> None:
        """The end screen is drawn as it appears (from what was said on the steps before it)."""
        if number == len(self.steps):
            self.show_end()

    # --- ratings -----------------------------------------------------------------------------------

    def redraw(self) -> None:
        """The before/after chart, once anything is rated (until then nothing is drawn, nothing imported)."""
        self.chart.value = self._chart_svg(self.session.t("wrapup.chart_title"))
        self.chart.layout.display = None if self.chart.value else "none"

    def _chart_svg(self, title: str) -> str:
        """The compact before/after chart with its text alternative ("" while nothing is rated)."""
        t, lang, fears = self.session.t, self.session.language, self.workshop.fears
        end = ending(self.workshop, self.session.answers(), lang)
        if not end.rated:
            return ""
        labels = [f.title[lang] for f in fears]
        before, after = list(end.before), list(end.after)
        chart = before_after_compact(labels, before, after, title, (t("wrapup.before"), t("wrapup.after")))
        shown = lambda value: t("wrapup.not_rated") if value is None else str(value)
        described = [
            t("wrapup.chart_value", fear=label, before=shown(b), after=shown(a))
            for label, b, a in zip(labels, before, after, strict=True)
        ]
        return to_svg(chart, t("wrapup.chart_alt", values="; ".join(described)))

    # --- feedback on the room --------------------------------------------------------------------

    def show_feedback(self, membership: Membership | None) -> None:
        """The feedback card at the end, while the page is a member of a room (None: no room, no card)."""
        if membership is None or membership.member_id is None or membership.room_id is None:
            if self.feedback is not None:
                replace_children(self.feedback_slot, [])
                self.feedback = None
            return
        if self.feedback is not None and self.feedback.membership.room_id == membership.room_id:
            return
        self.feedback = FeedbackCard(self.session, membership)
        replace_children(self.feedback_slot, [self.feedback.widget])

    # --- the end -----------------------------------------------------------------------------------

    def _end(self) -> w.Widget:
        """One screen to keep: the profile before and after, the next step with its date, the take-home, and a
        warm closing line (filled in when the step is shown: :meth:`show_end`)."""
        t = self.session.t
        pdf = self._download_row("end-pdf", "wrapup.download_pdf", "primary", "cc-end-take-home", kind="pdf")
        self.end_closing = closing = html_part("", "cc-end-closing", layout=FULL_WIDTH)  # with the count: show_end
        # the profile and the rest side by side where there is room (a laptop), one below the other on a phone
        what_next = w.VBox(
            [heading(t("wrapup.end_next_heading"), 4), self.end_next, self.end_back, pdf, closing],
            layout=w.Layout(flex="1 1 16em", min_width="0"),
            **css("cc-end-what-next"),
        )
        return w.HBox([self.end_chart, what_next], layout=WRAPPING_ROW, **css("cc-card", "cc-end"))

    def show_end(self) -> None:
        """What the end screen says now (the ratings and the commitment may have changed on the steps before)."""
        t = self.session.t
        end = ending(self.workshop, self.session.answers(), self.session.language)
        svg = self._chart_svg(t("wrapup.end_chart_title"))
        self.end_chart.value = svg or f"<p class='cc-muted'>{html.escape(t('wrapup.end_no_ratings'))}</p>"
        if end.next_step is None:
            self.end_next.value = f"<p class='cc-muted'>{html.escape(t('wrapup.end_no_step'))}</p>"
        else:
            self.end_next.value = f"<p class='cc-end-sentence'><strong>{html.escape(end.next_step)}</strong></p>"
        self.end_back.layout.display = "none" if end.next_step else None
        closing = t("wrapup.end_closing_written" if end.written else "wrapup.end_closing")
        said = " ".join(part for part in (end.faced, closing) if part)
        self.end_closing.value = f"<p>{html.escape(said)}</p>"

    # --- commitment --------------------------------------------------------------------------------

    def _commitment(self) -> w.Widget:
        strings = self.workshop.ui.strings
        options = lambda prefix, ids: tuple(Option(id=i, label=strings[f"{prefix}.{i}"]) for i in ids)
        prompts = [
            Prompt(
                id="who", kind="text", label=strings["wrapup.commit_who"], placeholder=strings["wrapup.who_placeholder"]
            ),
            Prompt(id="due", kind="date", label=strings["wrapup.commit_due"], from_today=True),
            Prompt(id="talk", kind="date", label=strings["wrapup.commit_talk"], from_today=True),
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
        # what the conversation plan already says (its contact, channel and draft) is the default
        defaults = commitment(self.workshop, self.session.answers(), language=self.session.language)
        self.fields = {
            p.id: FieldView(
                p,
                self.session,
                keys.commitment(p.id),
                default=defaults[p.id],
                css_class="cc-chips" if p.id == "channel" else "",  # five short words: a row of chips, not a column
                explain_beside=False,  # its dates' problems are said under them (dates_note)
            )
            for p in prompts
        }
        self.reminder = html_part()
        #: what is wrong with the dates on screen (a day past, the conversation before the sending), in words
        self.dates_note = html_part("", "cc-date-problems")
        #: where the day to write shown comes from, while it is the one of their own next step (not typed here)
        self.due_source = html_part("", "cc-due-source", layout=w.Layout(display="none"))  # shown with a source
        #: the message that goes home where the channel chosen here is not the one the plan's draft is for
        self.channel_note = html_part("", "cc-other-channel", layout=w.Layout(width="100%", display="none"))
        for name in ("who", "due", "talk", "channel", "draft"):
            watch(self.session, self.fields[name].input, lambda _change: self._show_reminder())
        self.calendar_note = html_part("", "cc-no-calendar", layout=FULL_WIDTH)
        self._show_reminder()
        widgets = [f.widget for f in self.fields.values()]
        widgets.insert(list(self.fields).index("talk") + 1, self.dates_note)
        widgets.insert(list(self.fields).index("due") + 1, self.due_source)
        return card([*widgets, self.channel_note, self.reminder], "cc-commitment")

    def _show_reminder(self) -> None:
        """The thank-you rule, and each dated reminder the commitment calls for (dates as people write them)."""
        session = self.session
        lines = reminder_lines(self.workshop, session.answers(), session.language)
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        self.reminder.value = (
            f"<div class='cc-status-info'>{html.escape(session.t('wrapup.thanks_reminder'))}<ul>{items}</ul></div>"
        )
        self._show_date_problems()
        self._show_due_source()
        self._show_calendar()
        self._show_other_channel()

    def _show_other_channel(self) -> None:
        """Where the plan's draft is for another channel than the one chosen here, say so and show what goes home
        for the one chosen (a walk took home a short LinkedIn note it had never seen)."""
        session = self.session
        found = other_channel(self.workshop, session.answers(), session.language)
        self.channel_note.layout.display = None if found is not None else "none"  # no room while it says nothing
        if found is None:
            self.channel_note.value = ""
            return
        names = {name: session.t(f"wrapup.channel.{getattr(found, name)}") for name in ("written", "chosen")}
        if found.text is None:
            said = html.escape(session.t("wrapup.other_channel_gap", **names))
            self.channel_note.value = f"<div class='cc-status-warn'>{said}</div>"
            return
        said = html.escape(session.t("wrapup.other_channel", **names))
        self.channel_note.value = (
            f"<div class='cc-status-info'><p>{said}</p>"
            f"<blockquote class='cc-message-preview'>{html.escape(found.text)}</blockquote></div>"
        )

    def _show_due_source(self) -> None:
        """Name the next step the day to write was taken from, while that day is on screen and none is saved."""
        session = self.session
        suggested = suggested_due(self.workshop, session.answers())
        shown = as_date(self.fields["due"].input.value)
        if suggested is None or session.get(keys.commitment("due")) or shown != suggested[0]:
            self.due_source.value, self.due_source.layout.display = "", "none"
            return
        fear = self.workshop.fear(suggested[1]).title[session.language]
        self.due_source.value = text_html_value(session.t("wrapup.due_from_next_step", fear=fear))
        self.due_source.layout.display = None

    def _show_calendar(self) -> None:
        """The calendar button only once a reminder has a date; until then a line says why it is missing."""
        if not hasattr(self, "calendar_button"):  # the downloads are built after the commitment
            return
        dated = has_calendar(self.workshop, self.session.answers())
        self.calendar_button.layout.display = None if dated else "none"
        self.calendar_note.value = "" if dated else text_html_value(self.session.t("end.no_calendar"))

    def _show_date_problems(self) -> None:
        """Say what is wrong with the dates as they stand on screen (a refused day stays there, as typed)."""
        session = self.session
        shown = lambda name: as_date(self.fields[name].input.value)
        problems = date_problems(shown("due"), shown("talk"), today())
        said = [
            session.t(key, **{name: long_date(day, self.workshop, session.language) for name, day in days.items()})
            for key, days in problems
        ]
        self.dates_note.value = "".join(
            f"<div class='cc-status-error' role='alert'>{html.escape(text)}</div>" for text in said
        )

    def _closing(self) -> w.Widget:
        """The closing words on courage, for every participant (from ``wrap-up.yaml``)."""
        return text_html(self.workshop.wrap_up.closing[self.session.language], "cc-closing")

    # --- take home ---------------------------------------------------------------------------------

    def _downloads(self) -> w.Widget:
        """The take-home files, each button with its note beside it (the calendar only once a reminder has a date;
        until then a line says why it is missing)."""
        actions = (
            ("pdf", "wrapup.download_pdf", "primary"),
            ("md", "wrapup.download_markdown", ""),
            ("ics", "wrapup.download_ics", ""),
            ("json", "wrapup.download_json", ""),
        )
        rows = [self._download_row(kind, label, style, f"cc-take-home-{kind}") for kind, label, style in actions]
        # a layout of its own: it is hidden while no reminder has a date (no empty calendar file)
        self.calendar_button = self.download_buttons["ics"]
        self._show_calendar()
        rows.insert(3, self.calendar_note)
        return w.VBox(rows, layout=FULL_WIDTH, **css("cc-wrapup-downloads"))

    def _download_row(self, name: str, label: str, style: str, css_class: str, kind: str = "") -> w.Widget:
        """A download button and its note beside it (what became of the file that button made)."""
        kind = kind or name
        control = download_button(self.session.t(label), css_class, style, hidden_at_times=True)
        on_click(self.session, control, lambda: self.download(kind, name))
        self.notes[name] = download_note(self.session)
        self.download_buttons[name] = control
        return w.HBox([control, self.notes[name]], layout=BUTTON_ROW, **css("cc-download-row"))

    def download(self, kind: str, name: str = "") -> bool:
        """Offer the take-home (PDF, Markdown), the calendar file or the raw answers; a failure is explained in the
        note beside the button ``name`` (by default the take-home step's button of that kind)."""
        if kind == "ics" and not has_calendar(self.workshop, self.session.answers()):
            return False  # a hidden button pressed through the websocket: no empty calendar file
        note = self.notes[name or kind]
        for other in self.notes.values():
            if other is not note:
                other.value = download_note_html(self.session)  # one note at a time: beside the button pressed last
        return offer_take_home(self.session, self.downloader, note, kind)

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
        warning = html_part(f"<div class='cc-status-error' role='alert'>{html.escape(t('wrapup.erase_confirm'))}</div>")
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


def text_html_value(text: str) -> str:
    return f"<p class='cc-muted'>{html.escape(text)}</p>"


def offer_take_home(session: Session, downloader: Downloader, note: w.HTML, kind: str) -> bool:
    """Make the file ``kind`` from the session's answers and offer it; a failure is said in ``note``.

    ``pdf`` the take-home, ``md`` the same as Markdown, ``plan`` the conversation plan's pocket card, ``ics``
    the calendar of reminders, ``json`` everything written.
    """
    workshop, lang = session.workshop, session.language
    extension = {"md": "md", "pdf": "pdf", "ics": "ics"}.get(kind, "json")
    filename = f"{session.t('wrapup.file_stem')}.{extension}"
    if kind == "plan":
        plan = plan_from_answers(workshop, session.answers())
        filename = plan_filename(session.t("builder.file_stem"), plan.request, "pdf")

    def make() -> tuple[bytes, str]:
        if kind in ("pdf", "plan"):
            from coffeechat.documents.pdf import (  # the PDF library: only for whoever downloads a PDF
                document_pdf,
                pocket_card_pdf,
            )

            if kind == "plan":
                return pocket_card_pdf(plan_document(workshop, plan, lang, session.answers())), "application/pdf"
            today = long_date(dt.date.today(), workshop, lang)
            return document_pdf(take_home_with_chart(workshop, session.answers(), lang, today)), "application/pdf"
        if kind == "ics":
            return calendar_file(workshop, session.answers(), lang), "text/calendar"
        if kind == "md":
            return to_markdown(take_home(workshop, session.answers(), lang)).encode("utf-8"), "text/markdown"
        return session.journal.export_json(session.code).encode("utf-8"), "application/json"

    offered = offer_download(session, downloader, note, filename, make)
    if offered and kind in ("pdf", "md"):  # counted for the room's coach (only how many, never who)
        session.set(keys.TAKE_HOME_DOWNLOADED, today().isoformat())
    return offered


class EndDownloads:
    """The take-home on the room's end screen, in reach at once: the PDF, the plan, the calendar (only with a
    date; otherwise a line says why there is none and what to do)."""

    LABELS: ClassVar[dict[str, str]] = {
        "pdf": "wrapup.download_pdf",
        "plan": "end.download_plan",
        "ics": "wrapup.download_ics",
    }

    def __init__(self, session: Session):
        self.session = session
        self.downloader = Downloader()
        self.note = download_note(session)
        self.buttons: dict[str, w.Button] = {}
        for kind in self.LABELS:
            style = "primary" if kind == "pdf" else ""
            control = download_button(session.t(self.LABELS[kind]), f"cc-end-{kind}", style)
            control.layout = w.Layout()  # its own: shown and hidden with what this participant has
            on_click(session, control, lambda kind=kind: self.download(kind))
            self.buttons[kind] = control
        self.calendar_note = html_part("", "cc-end-no-calendar")
        row = w.HBox(list(self.buttons.values()), layout=w.Layout(flex_flow="row wrap"), **css("cc-end-buttons"))
        self.widget = w.VBox([row, self.calendar_note, self.note, self.downloader], layout=FULL_WIDTH)
        self.refresh()

    def refresh(self) -> None:
        """Offer what there is now (a date entered in the wrap-up below brings the calendar)."""
        offered = take_home_files(self.session.workshop, self.session.answers())
        for kind, control in self.buttons.items():
            control.layout.display = None if kind in offered else "none"
        self.calendar_note.value = "" if "ics" in offered else text_html_value(self.session.t("end.no_calendar"))

    def download(self, kind: str) -> bool:
        if kind not in take_home_files(self.session.workshop, self.session.answers()):
            return False  # a hidden button pressed through the websocket: no empty calendar, no file
        return offer_take_home(self.session, self.downloader, self.note, kind)


__all__ = ["EndDownloads", "WrapUpView", "offer_take_home"]

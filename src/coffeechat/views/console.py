"""The coach's console: open a room, pace it, run the shared timer, form groups, ask the word wall, read and
moderate the feedback, make the session report, end, erase.

The word wall is moderated: a new or edited answer waits in the console's queue until the coach approves it
(or "approve automatically" is on); an answer with a word of ``wall-filter.yaml`` is marked and never reaches
the projector. Groups carry the names of ``groups.yaml``; people who join after "form groups" are counted and
placed by a button (or the next round). The timer's presets come from the run sheet of the room's format.
The feedback's ratings show as a distribution only from 3 on; each comment waits until the coach approves or
hides it. The session report (a zip of PDF, PNG and CSV) is made with one button and kept in the journal, where
it outlives "erase all data of this room": the last one stays downloadable here.

Only a view: every action is one call into :class:`coffeechat.room.live.Console`, which checks the facilitator
token in the journal before it changes anything. If the check fails (a token made by an earlier run, a
room erased meanwhile), the page shows the plain "not for you" screen and nothing happens.

The facilitator makes a co-facilitator link here (shown once, with a copy button) and revokes it. Opened with
that link, the same console runs in the co-facilitator role: pacing, timer, projector, wall and groups, a line
that says so, and none of the facilitator's cards (feedback, report, end and erase, the link itself). The
kernel refuses those actions anyway; a revoked link's page says so at its next action or look.
"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as w

from coffeechat.content import Workshop, group_colour, group_name, plural
from coffeechat.models.dates import local_moment, one_decimal, readable, short_date
from coffeechat.room.live import (
    Console,
    NotAllowed,
    facilitated_formats,
    first_module,
    groups_offered,
    length_minutes,
    room_modules,
    timer_presets,
    word_filter,
)
from coffeechat.room.model import (
    DEFAULT_TIMER_MINUTES,
    FEEDBACK_RATINGS,
    MAX_TIMER_MINUTES,
    MIN_GROUP,
    PROJECTOR_MODES,
    PROJECTOR_THEMES,
    QUESTION_CHARS,
    ROOM_NAME_CHARS,
    FeedbackEntry,
    RoomState,
    WordEntry,
    rating_distribution,
)
from coffeechat.room.templates import TrendRow, still_prepared
from coffeechat.storage.room_records import RoomRecord
from coffeechat.views.common import (
    BUTTON_ROW,
    FULL_WIDTH,
    ITEM_LINE,
    ITEM_TEXT,
    WRAPPING_ROW,
    button,
    card,
    css,
    guarded,
    heading,
    joined_line,
    on_click,
    replace_children,
)
from coffeechat.views.presenter import PresenterPanel
from coffeechat.widgets.copy import CopyButton
from coffeechat.widgets.download import Downloader
from coffeechat.widgets.sharedtimer import SharedTimer

#: the co-facilitator link's copy button, where the keyboard focus goes once the link is made
COFAC_COPY = ".cc-room-cofac-copy button.cc-copy-button"


class Reporter:
    """The error guard's other end for the console: a message in the console's status line."""

    def __init__(self, workshop: Workshop, language: str):
        self.workshop, self.language = workshop, language
        self.status = w.HTML("", layout=FULL_WIDTH, **css("cc-status"))

    def t(self, key: str, **values) -> str:
        return self.workshop.t(key, self.language, **values)

    def report_error(self) -> None:
        self.status.value = f"<p class='cc-status-error' role='alert'>{html.escape(self.t('app.error'))}</p>"


def not_for_you(workshop: Workshop, language: str, key: str = "room.not_for_you") -> w.HTML:
    """What a page without the right token shows: no control, no room data (``key``: the words, for a revoked
    co-facilitator link ``room.cofac_revoked``)."""
    text = html.escape(workshop.t(key, language))
    return w.HTML(
        f"<div class='cc-card cc-not-for-you' role='alert'><p>{text}</p></div>",
        layout=FULL_WIDTH,
        **css("cc-app"),
    )


class ConsoleView:
    """Every control of the console; ``refresh()`` shows the room as stored (called twice a second)."""

    def __init__(self, console: Console, workshop: Workshop, language: str, projector_href: str, join_url: str = ""):
        self.console, self.workshop, self.language = console, workshop, language
        #: the role this page was opened in (the kernel checks the token again on every action)
        self.lead = console.is_facilitator()
        self.join_url = join_url
        #: moves the keyboard focus to a selector once it is on screen (the page's :class:`PageAssist`, set by
        #: the console's page; a no-op alone)
        self.focus = lambda _selector, reveal="": None
        self.guard = Reporter(workshop, language)
        t = self.guard.t
        self.root = w.VBox(layout=FULL_WIDTH, **css("cc-app", "cc-console"))

        # opening a room
        self.name = w.Text(
            description=t("room.name"), layout=w.Layout(width="28em"), style={"description_width": "initial"}
        )
        self.name.add_class("cc-room-name")
        self.date = w.DatePicker(
            description=t("room.date"), value=dt.date.today(), style={"description_width": "initial"}
        )
        self.date.add_class("cc-room-date")
        self.format = w.Dropdown(
            options=[(workshop.workshop_format(f).title[language], f) for f in facilitated_formats(workshop)],
            description=t("room.format"),
            layout=w.Layout(width="auto", max_width="100%"),
            style={"description_width": "initial"},
        )
        self.format.add_class("cc-room-format")
        self.start = button(t("room.start"), "cc-room-start", "primary")
        self._click(self.start, self._start_room)
        self._template_controls()
        self.start_box = card(
            [
                heading(t("room.start_heading"), 3),
                text(t("room.none")),
                self.template_choice,
                self.template_setup,
                self.name,
                self.date,
                self.format,
                self.start,
            ]
        )

        # the room
        self.title = w.HTML(layout=FULL_WIDTH, **css("cc-room-title"))
        self.joined = w.HTML(layout=FULL_WIDTH, **css("cc-room-joined"))
        link = html.escape(projector_href, quote=True)
        self.projector_link = w.HTML(
            f"<p><a class='cc-projector-link' href='{link}' target='_blank' rel='noopener'>"
            f"{html.escape(t('room.projector_link'))}</a></p>"
        )
        self.pacing = w.ToggleButtons(
            options=[(t("room.own_pace"), "own"), (t("room.follow_me"), "follow")],
            description=t("room.pacing_choice"),
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.pacing.add_class("cc-room-pacing")
        self.module = w.Dropdown(
            options=[(workshop.module_title(m, language), m) for m in workshop.module_ids],
            description=t("room.module"),
            # wide enough for the longest title (ipywidgets' default cuts the titles off)
            layout=w.Layout(width="auto", max_width="100%"),
            style={"description_width": "initial"},
        )
        self.module.add_class("cc-room-module")
        # how many pages are on which module (a layout of its own: hidden while there is no page to count)
        self.pages = w.HTML(layout=w.Layout(width="100%", display="none"), **css("cc-room-pages"))
        # while the coach leads: every page back to the coach's module now (the toggle cannot be pressed again)
        self.bring_back = button(t("room.bring_back"), "cc-room-bring-back", hidden_at_times=True)
        self._click(self.bring_back, lambda: self.console.follow(self.module.value))
        self._showing = False  # set while refresh() puts the stored state into the controls
        self.pacing.observe(self._guarded(self._on_pacing), "value")
        self.module.observe(self._guarded(self._on_pacing), "value")

        self.timer = SharedTimer(labels=self._timer_labels())
        self.minutes = w.BoundedIntText(
            value=DEFAULT_TIMER_MINUTES,
            min=1,
            max=MAX_TIMER_MINUTES,
            description=t("room.minutes"),
            layout=w.Layout(width="12em"),
            style={"description_width": "initial"},
        )
        self.minutes.add_class("cc-room-minutes")
        timer_buttons = []
        for name, label, action in (
            ("start", "room.timer_start", self._start_or_resume),
            ("pause", "room.timer_pause", self.console.timer_pause),
            ("extend", "room.timer_extend", self.console.timer_extend),
            ("stop", "room.timer_stop", self.console.timer_stop),
        ):
            # "Pause" only while the timer runs (paused, it stood beside "Weiter" and did nothing)
            control = button(t(label), f"cc-room-timer-{name}", hidden_at_times=name == "pause")
            self._click(control, action)
            timer_buttons.append(control)
        # the run sheet's times for the module being led (room console, issue 23)
        self.presets = w.HBox(layout=w.Layout(width="100%", flex_flow="row wrap", align_items="center"))
        self.presets.add_class("cc-room-presets")
        self._preset_key: tuple = ()
        self._room_seen: str | None = None
        #: the timer's rounds this console has shown: a new one puts its minutes into the field
        self._rounds_seen = 0
        self.timer_start, self.timer_pause = timer_buttons[:2]
        self.projector_card = self._projector_card()

        self.groups_line = w.HTML(layout=FULL_WIDTH, **css("cc-room-groups"))
        self.group_list = w.HTML(layout=FULL_WIDTH, **css("cc-room-group-list"))
        self.unplaced_line = w.HTML(layout=FULL_WIDTH, **css("cc-room-unplaced"))
        self.place_late = button("", "cc-room-groups-place", "primary", hidden_at_times=True)
        self._click(self.place_late, self.console.place_late)
        group_buttons = []
        for name, label, action in (
            ("form", "room.form_groups", self.console.form_groups),
            ("next", "room.next_round", self.console.next_round),
            ("reshuffle", "room.reshuffle", self.console.form_groups),
        ):
            control = button(t(label), f"cc-room-groups-{name}", hidden_at_times=True)
            self._click(control, action)
            group_buttons.append(control)
        self.form_groups, self.next_round, self.reshuffle = group_buttons

        self.question = w.Text(
            description=t("room.wall_question"),
            placeholder=t("room.wall_question_placeholder"),
            layout=w.Layout(width="36em"),
            style={"description_width": "initial"},
        )
        self.question.add_class("cc-room-question")
        self.current_question = w.HTML(layout=FULL_WIDTH, **css("cc-room-current-question"))
        self.ask = button(t("room.ask"), "cc-room-ask")
        self._click(self.ask, self._ask)
        self.clear_question = button(t("room.clear_question"), "cc-room-clear-question")
        self._click(self.clear_question, self._clear_question)
        self.reveal = button(t("room.reveal"), "cc-room-reveal")
        self._click(self.reveal, self._toggle_reveal)
        self.wall_message = w.HTML(layout=FULL_WIDTH, **css("cc-room-wall-message"))
        self.auto_approve = w.Checkbox(value=False, description=t("room.auto_approve"), indent=False)
        self.auto_approve.add_class("cc-room-auto-approve")
        self.auto_approve.observe(self._guarded(self._on_auto_approve), "value")
        self.approve_all = button(t("room.approve_all"), "cc-room-approve-all", hidden_at_times=True)
        self._click(self.approve_all, self.console.approve_waiting)
        self.wall_count = w.HTML()
        # while fewer than 3 answers may go up: how many more the wall waits for (the projector shows none before)
        self.wall_needs = w.HTML(layout=FULL_WIDTH, **css("cc-room-wall-needs"))
        self.entries = w.VBox(layout=FULL_WIDTH, **css("cc-room-entries"))
        self._entry_rows: tuple = ()
        self.earlier = w.HTML(layout=FULL_WIDTH, **css("cc-room-earlier"))

        self.feedback_card = self._feedback_card()
        self.report_card = self._report_card()
        self.cofac_card = self._cofacilitator_card()
        # the presenter view: the run-sheet clock, and the guide's notes for the module being led, folded
        self.presenter = PresenterPanel(workshop, language, console.clock)
        self._click(self.presenter.toggle, self.presenter.flip)
        self.cofac_role = w.HTML(
            f"<p class='cc-status-info' role='note'>{html.escape(t('room.cofac_role'))}</p>",
            layout=FULL_WIDTH,
            **css("cc-room-cofac-role"),
        )

        self.end = button(t("room.end"), "cc-room-end", hidden_at_times=True)
        self._click(self.end, self._ask_end)
        self.erase = button(t("room.erase"), "cc-room-erase", "danger")
        self._click(self.erase, self._ask_erase)
        self.confirm = w.VBox(layout=FULL_WIDTH)
        self.message = w.HTML(layout=FULL_WIDTH)

        # "end" on the left, "erase" far away on the right: the two are never pressed one for the other
        self.finish_card = card([w.HBox([self.end, self.erase], layout=WRAPPING_ROW), self.confirm])
        # what leads the room (pacing, timer, projector, groups) beside the word wall and the rest: two columns on a
        # laptop, one on a narrow screen (one long column made a coach scroll four screens between module and wall)
        leading = w.VBox(
            [
                card([heading(t("room.pacing"), 3), self.pacing, self.module, self.pages, self.bring_back]),
                card([heading(t("room.timer"), 3), self.timer, self.minutes, row(timer_buttons), self.presets]),
                self.projector_card,
                card(
                    [
                        heading(t("room.groups"), 3),
                        self.groups_line,
                        self.group_list,
                        self.unplaced_line,
                        self.place_late,
                        row(group_buttons),
                    ]
                ),
            ],
            **css("cc-console-column", "cc-console-leading"),
        )
        self.wall_card = card(
            [
                heading(t("room.wall"), 3),
                self.current_question,
                self.question,
                self.prepared,
                row([self.ask, self.clear_question, self.reveal]),
                self.wall_message,
                self.auto_approve,
                self.wall_count,
                self.wall_needs,
                self.approve_all,
                self.entries,
                self.earlier,
            ]
        )
        second = w.VBox([self.wall_card, *self._facilitators_cards()], **css("cc-console-column"))
        self.room_box = w.VBox(
            [
                self.title,
                self.joined,
                self.projector_link,
                self.presenter.root,
                w.HBox([leading, second], **css("cc-console-columns")),
            ],
            layout=FULL_WIDTH,
        )
        self.heading = heading(t("room.console_title"), 1)
        self.ended_note = text(t("room.ended"))
        #: under an ended room: the way to the form for the next one (pressed: the form shows)
        self.next_room = button(t("room.next_room"), "cc-room-next")
        self._next_room_asked = False
        self._click(self.next_room, self._ask_next_room)
        self.state: RoomState | None = None
        self.refresh()

    # --- the guard: every callback, and the token behind every action ---

    def _guarded(self, handler):
        def run(*args):
            try:
                handler(*args)
            except NotAllowed:
                self._refused()
                return
            self.refresh()

        return guarded(self.guard, run)

    def _click(self, control: w.Button, action) -> None:
        on_click(self.guard, control, self._guarded(lambda: action()))

    # --- actions that need the view ---

    def _start_room(self) -> None:
        self.console.start_room(
            self.name.value[:ROOM_NAME_CHARS],
            self.date.value or dt.date.today(),
            self.format.value,
            self.template_choice.value or None,
        )
        self.name.value = ""  # the next room gets its own name (an ended room's form invited a second room)
        self._next_room_asked = False
        self.report_note.value = ""  # "the report is made" spoke of the room before
        self.message.value = ""

    def _ask(self) -> None:
        question = self.question.value[:QUESTION_CHARS]
        if not question.strip():
            self.wall_message.value = (
                f"<p class='cc-status-error' role='alert'>{html.escape(self.guard.t('room.ask_empty'))}</p>"
            )
            return
        self.wall_message.value = ""
        self.console.ask(question)
        self.question.value = ""

    def _clear_question(self) -> None:
        self.wall_message.value = ""
        self.console.clear_question()

    def _on_auto_approve(self, change: dict) -> None:
        if not self._showing:
            self.console.auto_approve(bool(self.auto_approve.value))

    def _ask_end(self) -> None:
        t = self.guard.t
        yes = button(t("room.end_yes"), "cc-room-end-yes", "warning")
        no = button(t("room.end_no"), "cc-room-end-no")
        self._click(yes, self._end)
        self._click(no, lambda: replace_children(self.confirm, []))
        replace_children(self.confirm, [text(t("room.end_confirm")), row([yes, no])])

    def _end(self) -> None:
        self.console.end()
        replace_children(self.confirm, [])

    def _start_minutes(self) -> float:
        return float(min(MAX_TIMER_MINUTES, max(1, int(self.minutes.value or 1))))

    def _start_or_resume(self) -> None:
        """What the button says: "Resume" goes on with the time left after a pause (the extra minute
        included); "Start" counts down afresh from the minutes field."""
        if self.state is not None and self.state.timer.paused:
            self.console.timer_resume()
        else:
            self.console.timer_start(self._start_minutes())

    # --- the projector card: what every projector shows, its corner, look and sound (stored in the room) ---

    def _projector_card(self) -> w.Widget:
        t = self.guard.t
        self.projector_mode = w.ToggleButtons(
            options=[(t(f"room.mode.{mode}"), mode) for mode in PROJECTOR_MODES],
            description=t("room.projector_shows"),
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.projector_mode.add_class("cc-room-projector-mode")
        self.projector_corner = w.Checkbox(
            value=True, description=t("room.projector_corner"), indent=False, layout=w.Layout(width="auto")
        )
        self.projector_corner.add_class("cc-room-projector-corner")
        self.projector_theme = w.ToggleButtons(
            options=[(t(f"room.theme.{theme}"), theme) for theme in PROJECTOR_THEMES],
            description=t("room.projector_theme"),
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.projector_theme.add_class("cc-room-projector-theme")
        self.projector_sound = w.ToggleButtons(
            options=[(t("room.sound.on"), True), (t("room.sound.off"), False)],
            description=t("room.projector_sound"),
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.projector_sound.add_class("cc-room-projector-sound")
        act = self._guarded(self._on_projector)

        def on_change(change: dict) -> None:
            if not self._showing:  # refresh() putting the stored choice into the card is no choice of the coach
                act(change)

        for control in (self.projector_mode, self.projector_corner, self.projector_theme, self.projector_sound):
            control.observe(guarded(self.guard, on_change), "value")
        return card(
            [
                heading(t("room.projector"), 3),
                self.projector_mode,
                self.projector_corner,
                self.projector_theme,
                self.projector_sound,
            ],
            "cc-room-projector",
        )

    def _on_projector(self, change: dict) -> None:
        if self.state is None:
            return
        if change["owner"] is self.projector_mode:
            self.console.project(self.projector_mode.value)
        else:
            self.console.projector_settings(
                corner=self.projector_corner.value,
                theme=self.projector_theme.value,
                sound=self.projector_sound.value,
            )

    def _show_projector(self, state: RoomState) -> None:
        t = self.guard.t
        self.timer_start.description = t("room.timer_resume" if state.timer.paused else "room.timer_start")
        self.timer_pause.layout.display = None if state.timer.running else "none"
        self._showing = True
        try:
            self.projector_mode.value = state.projector
            self.projector_corner.value = state.corner
            self.projector_theme.value = state.theme
            self.projector_sound.value = state.sound
        finally:
            self._showing = False

    def _on_pacing(self, change: dict) -> None:
        if self._showing:
            return
        if self.pacing.value == "follow":
            self.console.follow(self.module.value)
        else:  # the module chosen is the room's, stored: the next look (or a reload) keeps it
            self.console.release(self.module.value)

    def _toggle_reveal(self) -> None:
        self.console.reveal(not (self.state and self.state.revealed))

    def _ask_erase(self) -> None:
        t = self.guard.t
        yes = button(t("room.erase_yes"), "cc-room-erase-yes", "danger")
        no = button(t("room.erase_no"), "cc-room-erase-no")
        self._click(yes, self._erase)
        self._click(no, lambda: replace_children(self.confirm, []))
        replace_children(self.confirm, [text(t("room.erase_confirm")), row([yes, no])])

    def _ask_next_room(self) -> None:
        self._next_room_asked = True
        self.refresh()

    def _show_ended(self) -> None:
        """The ended room's line: how many have their take-home, and that erasing comes when all have it."""
        t, lang = self.guard.t, self.language
        counted = self.console.took_home()
        downloaded, joined = counted if counted is not None else (0, 0)
        took = plural(self.workshop, "room.took_home", downloaded, lang, joined=joined) if joined else ""
        lines = [t("room.ended"), took, t("room.ended_erase")]
        self.ended_note.value = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)

    def _erase(self) -> None:
        self.console.erase()
        replace_children(self.confirm, [])
        self.report_note.value = ""  # the erase's line says what happened now
        self.message.value = f"<p class='cc-status-info' role='status'>{html.escape(self.guard.t('room.erased'))}</p>"

    # --- showing the room ---

    def _timer_labels(self) -> dict:
        t = self.guard.t
        return {
            "done": t("room.timer_done"),
            "paused": t("room.timer_paused"),
            "sound_on": t("room.sound_on"),
            "sound_off": t("room.sound_off"),
        }

    def refresh(self) -> None:
        """Show the room as stored (or the start form when there is none)."""
        try:
            current = self.console.current()
        except NotAllowed:
            self._refused()
            return
        body = [self.heading, self.guard.status, self.message]
        if not self.lead:
            self._show_cofacilitators_room(current, body)
            return
        if current is None or current[1].ended:
            self.state = None if current is None else current[1]
            if current is not None:
                self.end.layout.display = "none"
                self._show_feedback()
                self._show_ended()
                body += [self.ended_note, self.feedback_card]
            report = self._show_report(current is not None)
            if current is not None or report:
                body.append(self.report_card)
            if current is not None and not self._next_room_asked:
                # an ended room: its pages stay open for the take-home; the form for the next room comes after
                # the erase or one more click (open under an ended room, it invited a second room by mistake);
                # its setup can still be kept as a template (the guide's order: end, report, template, erase)
                self._show_templates(current[1])
                self._show([*body, self.template_card, self.finish_card, self.next_room])
                return
            self._show_template_choice()
            self._show([*body, self.start_box])
            return
        self._show_room(current[0], current[1], body)

    def _show_room(self, record: RoomRecord, state: RoomState, body: list[w.Widget]) -> None:
        """The open room: every card the console's role has."""
        t = self.guard.t
        self.state = state
        if record.id != self._room_seen:  # a room just opened: the minutes field starts at the run sheet's round
            self._room_seen = record.id
            self.minutes.value = length_minutes(state)
            self._rounds_seen = state.timer.rounds
            self.question.value = self.wall_message.value = ""  # nothing typed for an earlier room's wall
            self.template_name.value, self.template_note.value = record.name, ""
        if state.timer.rounds != self._rounds_seen:
            # a round started (here, by a preset or on another console): the field says its minutes, until the
            # coach types others; the field is the coach's setup a template keeps
            self._rounds_seen = state.timer.rounds
            self.minutes.value = length_minutes(state)
        self.end.layout.display = None
        results = self.console.results()
        held_on = readable(record.held_on, self.workshop, self.language)
        run = self.workshop.workshop_format(state.format).title[self.language] if state.format else ""
        said = html.escape(t("room.format_line", format=run))
        in_format = f"<p class='cc-room-format-line'>{said}</p>" if run else ""
        self.title.value = f"<h2>{html.escape(t('room.current', name=record.name, date=held_on))}</h2>{in_format}"
        self.joined.value = f"<p class='cc-room-count'>{html.escape(joined_line(t, results.joined))}</p>"
        self._showing = True
        try:
            self.pacing.value = state.pacing
            # the room's module (a room stored without one starts at its format's first): never the module an
            # earlier room on this console left in the dropdown
            module = state.module if state.module in self.workshop.module_ids else None
            options = tuple(
                (self.workshop.module_title(m, self.language), m)
                for m in room_modules(self.workshop, state.format, module)
            )
            if tuple(self.module.options) != options:
                self.module.options = options
            self.module.value = module or first_module(self.workshop, state.format)
            self.auto_approve.value = state.auto_approve
        finally:
            self._showing = False
        self.timer.show(state.timer)
        pages = self.console.pages_line(self.language)
        self.pages.value, self.pages.layout.display = f"<p>{html.escape(pages)}</p>", None if pages else "none"
        self.bring_back.layout.display = None if state.followed_module() else "none"
        self.presenter.show(state)
        self._show_presets(state)
        self._show_projector(state)
        self._show_groups(state)
        self._show_reveal(state, results.wall_missing if state.question else 0)
        if state.question:
            self.current_question.value = (
                f"<p><strong>{html.escape(t('room.current_question', question=state.question))}</strong></p>"
            )
        else:
            self.current_question.value = f"<p>{html.escape(t('room.no_question'))}</p>"
        self._show_entries(state)
        self._show_earlier()
        if self.lead:
            self._show_feedback()
            self._show_report(True)
            self._show_templates(state)
            self._show_cofacilitator()
        self._show([*body, self.room_box])

    def _show_reveal(self, state: RoomState, missing: int) -> None:
        """The reveal button, and while the wall waits for answers to show, how many more it needs and why."""
        t, lang = self.guard.t, self.language
        if state.revealed:
            self.reveal.description = t("room.conceal")
        elif missing:
            self.reveal.description = plural(self.workshop, "room.reveal_waits", missing, lang)
        else:
            self.reveal.description = t("room.reveal")
        needs = html.escape(plural(self.workshop, "room.wall_needs", missing, lang)) if missing else ""
        self.wall_needs.value = f"<p class='cc-room-wall-needs-text' role='status'>{needs}</p>" if missing else ""

    def _show_presets(self, state: RoomState) -> None:
        module_id = self.module.value  # the module the coach leads or looks at (refresh shows the stored one)
        presets = timer_presets(self.workshop, state.format, module_id)
        key = (state.format, module_id)
        if key == self._preset_key:
            return
        self._preset_key = key
        t = self.guard.t
        controls: list[w.Widget] = [w.HTML(f"<span>{html.escape(t('room.presets'))}</span>")]
        for preset in presets:
            control = button(t(f"room.preset_{preset.kind}", minutes=preset.minutes), f"cc-room-preset-{preset.kind}")
            self._click(control, lambda minutes=preset.minutes: self._start_preset(minutes))
            controls.append(control)
        if not presets:
            controls.append(w.HTML(f"<span class='cc-muted'>{html.escape(t('room.presets_none'))}</span>"))
        replace_children(self.presets, controls)

    def _start_preset(self, minutes: int) -> None:
        """A preset starts the shared timer with its minutes, and the minutes field says so (Stop, Start again)."""
        self.minutes.value = minutes
        self.console.timer_start(minutes)

    def _show_groups(self, state: RoomState) -> None:
        t, lang = self.guard.t, self.language
        # groups belong to a role-play the format plays: "form groups" only there; "next round" and "reshuffle"
        # only while there are groups
        offered = groups_offered(self.workshop, state.format, self.module.value)
        self.form_groups.layout.display = None if offered and not state.groups else "none"
        self.next_round.layout.display = self.reshuffle.layout.display = None if state.groups else "none"
        if not state.groups:
            note = "" if offered else f"<br><span class='cc-muted'>{html.escape(t('room.groups_not_here'))}</span>"
            self.groups_line.value = html.escape(t("room.no_groups")) + note
            self.group_list.value = ""
            self.unplaced_line.value = ""
            self.place_late.layout.display = "none"
            return
        self.groups_line.value = html.escape(
            t("room.groups_round", round=state.round, groups=groups_summary(self.workshop, state, lang))
        )
        items = []
        for number, group in enumerate(state.groups, start=1):
            colour = group_colour(self.workshop, number) or "transparent"
            name = group_name(self.workshop, number, lang)
            people = plural(self.workshop, "room.people", len(group), lang)
            items.append(
                f"<li><span class='cc-group-swatch' style='background:{html.escape(colour, quote=True)}' "
                f"aria-hidden='true'></span> {html.escape(t('room.group_row', name=name, people=people))}</li>"
            )
        self.group_list.value = f"<ul class='cc-room-group-names'>{''.join(items)}</ul>"
        late = self.console.unplaced()
        if late:
            count = html.escape(plural(self.workshop, "room.unplaced", late, lang))
            self.unplaced_line.value = (
                f"<p class='cc-room-unplaced-count' role='status'>{count}"
                f"<br><span class='cc-muted'>{html.escape(t('room.place_late_note'))}</span></p>"
            )
            self.place_late.description = plural(self.workshop, "room.place_late", late, lang)
            self.place_late.layout.display = None
        else:
            self.unplaced_line.value = ""
            self.place_late.layout.display = "none"

    def _show_entries(self, state: RoomState) -> None:
        t = self.guard.t
        entries = self.console.entries()
        flags = word_filter(self.workshop).flags
        statuses = [entry_status(entry, state.auto_approve, flags(entry.text)) for entry in entries]
        # a filtered answer never waits for the coach: it can never be approved, so it is counted on its own
        waiting, shown, filtered = (statuses.count(status) for status in ("waiting", "shown", "filtered"))
        answers = html.escape(plural(self.workshop, "room.answers", len(entries), self.language))
        queue = html.escape(t("room.queue", count=waiting, shown=shown, filtered=filtered))
        # an ended question's answers are counted under the earlier questions, not here as if live
        self.wall_count.value = f"<p class='cc-room-queue'>{answers} · {queue}</p>" if state.question else ""
        self.approve_all.layout.display = None if statuses.count("waiting") else "none"
        key = (state.auto_approve, tuple((e.entry_id, e.text, e.hidden, e.approved) for e in entries))
        if key == self._entry_rows:
            return
        self._entry_rows = key
        rows = []
        for entry, status in zip(entries, statuses, strict=True):
            muted = " cc-muted" if status in ("hidden", "filtered") else ""
            said = html.escape(t(f"room.status.{status}"))
            label = w.HTML(
                f"<span class='cc-room-entry-text{muted}'>{html.escape(entry.text)}</span> "
                f"<span class='cc-room-entry-status cc-room-entry-{status}'>({said})</span>",
                layout=ITEM_TEXT,
            )
            controls: list[w.Widget] = []
            if status == "waiting":
                approve = button(t("room.approve"), "cc-room-entry-approve", "success")
                self._click(approve, lambda e=entry: self.console.approve_entry(e.entry_id, True))
                controls.append(approve)
            elif entry.approved and status == "shown":
                withdraw = button(t("room.withdraw"), "cc-room-entry-withdraw")
                self._click(withdraw, lambda e=entry: self.console.approve_entry(e.entry_id, False))
                controls.append(withdraw)
            toggle = button(t("room.show_entry" if entry.hidden else "room.hide_entry"), "cc-room-entry-toggle")
            self._click(toggle, lambda e=entry: self.console.hide_entry(e.entry_id, not e.hidden))
            controls.append(toggle)
            # the answer on the left, its buttons together on the right (below it on a narrow screen)
            line = w.HBox([label, row(controls)], layout=ITEM_LINE)
            line.add_class("cc-room-entry")
            rows.append(line)
        replace_children(self.entries, rows)

    def _show_earlier(self) -> None:
        t, lang = self.guard.t, self.language
        earlier = self.console.earlier_questions()
        if not earlier:
            self.earlier.value = ""
            return
        items = "".join(
            "<li>{}</li>".format(
                html.escape(
                    t(
                        "room.earlier_row",
                        number=number,
                        question=question,
                        answers=plural(self.workshop, "room.answers", count, lang),
                    )
                )
            )
            for number, question, count in reversed(earlier)
        )
        self.earlier.value = f"<h4>{html.escape(t('room.earlier_questions'))}</h4><ul>{items}</ul>"

    # --- the co-facilitator: a link of its own, what its console shows, and a revoke ---

    def _facilitators_cards(self) -> list[w.Widget]:
        """The cards only the facilitator's console has (a co-facilitator's kernel is refused their actions)."""
        if not self.lead:
            return []
        return [self.cofac_card, self.feedback_card, self.report_card, self.template_card, self.finish_card]

    def _refused(self) -> None:
        """The token no longer opens this console: a revoked co-facilitator link says so, any other the plain
        "not for you"."""
        key = "room.not_for_you" if self.lead else "room.cofac_revoked"
        replace_children(self.root, [not_for_you(self.workshop, self.language, key)])

    def _show_cofacilitators_room(self, current: tuple[RoomRecord, RoomState] | None, body: list[w.Widget]) -> None:
        """A co-facilitator's console: the line on the role, then the room as it runs (or a note without it)."""
        body = [*body, self.cofac_role]
        if current is None:
            self.state = None
            self._show([*body, text(self.guard.t("room.cofac_no_room"))])
            return
        if current[1].ended:
            self.state = current[1]
            self._show([*body, self.ended_note])
            return
        self._show_room(*current, body)

    def _cofacilitator_card(self) -> w.Widget:
        t = self.guard.t
        self.cofac_line = w.HTML(layout=FULL_WIDTH, **css("cc-room-cofac-line"))
        self.cofac_link = w.Text(
            description=t("room.cofac_link"),
            layout=w.Layout(width="100%", max_width="40em"),
            style={"description_width": "initial"},
        )
        self.cofac_link.add_class("cc-room-cofac-link")
        words = {"copy": "builder.copy", "name": "room.cofac_copy_name", "copied": "room.cofac_copied"}
        self.cofac_copy = CopyButton(
            source="cc-room-cofac-link",
            labels={name: t(key) for name, key in {**words, "marked": "room.cofac_copy_marked"}.items()},
            **css("cc-room-cofac-copy"),
        )
        self.cofac_shown = w.VBox(
            [self.cofac_link, self.cofac_copy, text(t("room.cofac_shown"))],
            layout=w.Layout(width="100%", display="none"),
        )
        self.cofac_make = button(t("room.cofac_make"), "cc-room-cofac-make", hidden_at_times=True)
        self._click(self.cofac_make, self._make_cofacilitator_link)
        self.cofac_revoke = button(t("room.cofac_revoke"), "cc-room-cofac-revoke", "warning", hidden_at_times=True)
        self._click(self.cofac_revoke, self._revoke_cofacilitator_link)
        #: the link this console made, shown until it is revoked or replaced (only its hash is stored)
        self._cofac_token = ""
        return card(
            [
                heading(t("room.cofac"), 3),
                text(t("room.cofac_intro")),
                self.cofac_line,
                self.cofac_shown,
                row([self.cofac_make, self.cofac_revoke]),
            ],
            "cc-room-cofac",
        )

    def cofacilitator_address(self, token: str) -> str:
        """The co-facilitator's address: the participants' server with the console, the token and the language."""
        base = self.join_url or ""
        joiner = "&" if "?" in base else "?"
        return f"{base}{joiner}room=console&token={token}&lang={self.language}"

    def _make_cofacilitator_link(self) -> None:
        token = self.console.make_cofacilitator_link()
        if token:
            self._cofac_token, self.cofac_line.value = token, ""
            self.cofac_link.value = self.cofacilitator_address(token)
            self.cofac_copy.shown_changed()
            # the keys go to the new link's copy button: left on "make a new link", Enter would replace it
            self.focus(COFAC_COPY, reveal=".cc-room-cofac")

    def _revoke_cofacilitator_link(self) -> None:
        self.console.revoke_cofacilitator_link()
        self._cofac_token = self.cofac_link.value = ""
        self.cofac_line.value = (
            f"<p class='cc-status-info' role='status'>{html.escape(self.guard.t('room.cofac_revoked_note'))}</p>"
        )

    def _show_cofacilitator(self) -> None:
        t = self.guard.t
        made = self.console.cofacilitator_made()
        shown = bool(made and self._cofac_token)
        self.cofac_shown.layout.display = None if shown else "none"
        self.cofac_revoke.layout.display = None if made else "none"
        self.cofac_make.description = t("room.cofac_new") if made else t("room.cofac_make")
        if made and not shown:
            said = html.escape(t("room.cofac_active", made=local_moment(made, self.workshop, self.language)))
            self.cofac_line.value = f"<p class='cc-room-cofac-active'>{said}</p>"
        elif made:
            self.cofac_line.value = ""
        elif "cc-status-info" not in self.cofac_line.value:  # "revoked" stays until a new link is made
            self.cofac_line.value = f"<p class='cc-muted'>{html.escape(t('room.cofac_none'))}</p>"

    def _show(self, children: list[w.Widget]) -> None:
        if list(self.root.children) != children:
            self.root.children = tuple(children)

    # --- feedback: the ratings' distribution from 3 on, each comment approved or hidden by the coach ---

    def _feedback_card(self) -> w.Widget:
        t = self.guard.t
        self.feedback_count = w.HTML(layout=FULL_WIDTH, **css("cc-room-feedback-count"))
        self.feedback_ratings = w.HTML(layout=FULL_WIDTH, **css("cc-room-feedback-ratings"))
        self.feedback_comments = w.VBox(layout=FULL_WIDTH, **css("cc-room-feedback-comments"))
        self._feedback_rows: tuple = ()
        return card(
            [
                heading(t("room.feedback"), 3),
                text(t("room.feedback_intro")),
                self.feedback_count,
                self.feedback_ratings,
                self.feedback_comments,
            ],
            "cc-room-feedback",
        )

    def _show_feedback(self) -> None:
        t, lang = self.guard.t, self.language
        entries = self.console.feedback()
        rated = sum(entry.rating is not None for entry in entries)
        waiting = sum(entry.waiting for entry in entries)
        self.feedback_count.value = (
            f"<p>{html.escape(plural(self.workshop, 'room.feedback_count', rated, lang))} · "
            f"{html.escape(plural(self.workshop, 'room.feedback_waiting', waiting, lang))}</p>"
        )
        ratings = rating_distribution(entries)
        if ratings is None:
            self.feedback_ratings.value = (
                f"<p class='cc-muted' role='status'>{html.escape(t('room.feedback_fewer', min=MIN_GROUP))}</p>"
            )
        else:
            bars = "".join(
                f"<li><span class='cc-room-rating-label'>{html.escape(t(f'feedback.rating.{r}'))}</span>"
                "<span class='cc-room-rating-track'>"
                # a count of 0 draws no bar (a sliver read as one vote)
                + (f"<span class='cc-room-rating-bar' style='width:{c / max(ratings.counts):.0%}'></span>" if c else "")
                + f"</span><span class='cc-room-rating-count'>{c}</span></li>"
                for r, c in zip(FEEDBACK_RATINGS, ratings.counts, strict=True)
            )
            mean = one_decimal(ratings.mean, self.workshop, lang)
            self.feedback_ratings.value = (
                f"<p><strong>{html.escape(t('room.feedback_mean', mean=mean))}</strong></p>"
                f"<ul class='cc-room-rating-bars'>{bars}</ul>"
            )
        commented = [entry for entry in entries if entry.comment]
        key = tuple((e.entry_id, e.comment, e.approved, e.hidden) for e in commented)
        if key == self._feedback_rows:
            return
        self._feedback_rows = key
        # in one order that a click never changes (waiting first, it re-sorted under the coach's next click)
        order = sorted(commented, key=lambda e: e.entry_id)
        replace_children(self.feedback_comments, [self._comment_row(entry) for entry in order])

    def _comment_row(self, entry: FeedbackEntry) -> w.Widget:
        t = self.guard.t
        status = "hidden" if entry.hidden else "approved" if entry.approved else "waiting"
        muted = " cc-muted" if entry.hidden else ""
        label = w.HTML(
            f"<span class='cc-room-comment-text{muted}'>{html.escape(entry.comment)}</span> "
            f"<span class='cc-room-entry-status cc-room-comment-{status}'>"
            f"({html.escape(t(f'room.comment_status.{status}'))})</span>",
            layout=ITEM_TEXT,
        )
        controls: list[w.Widget] = []
        if status == "waiting":
            approve = button(t("room.approve"), "cc-room-comment-approve", "success")
            self._click(approve, lambda: self.console.moderate_feedback(entry.entry_id, approved=True))
            hide = button(t("room.hide_entry"), "cc-room-comment-hide")
            self._click(hide, lambda: self.console.moderate_feedback(entry.entry_id, hidden=True))
            controls += [approve, hide]
        elif status == "approved":
            withdraw = button(t("room.withdraw"), "cc-room-comment-withdraw")
            self._click(withdraw, lambda: self.console.moderate_feedback(entry.entry_id, approved=False))
            hide = button(t("room.hide_entry"), "cc-room-comment-hide")
            self._click(hide, lambda: self.console.moderate_feedback(entry.entry_id, approved=False, hidden=True))
            controls += [withdraw, hide]
        else:
            show = button(t("room.show_entry"), "cc-room-comment-show")
            self._click(show, lambda: self.console.moderate_feedback(entry.entry_id, hidden=False))
            controls.append(show)
        line = w.HBox([label, row(controls)], layout=ITEM_LINE)
        line.add_class("cc-room-entry")  # laid out as a wall answer: its text on the left, its buttons on the right
        line.add_class("cc-room-comment")
        return line

    # --- the session report: one button, kept in the journal (it outlives the room's erase) ---

    def _report_card(self) -> w.Widget:
        t = self.guard.t
        self.downloader = Downloader()
        self.make_report = button(t("room.report_make"), "cc-room-report-make", "primary", hidden_at_times=True)
        self._click(self.make_report, self._make_report)
        self.report_download = button(t("room.report_download"), "cc-room-report-download", hidden_at_times=True)
        self._click(self.report_download, self._download_report)
        self.report_line = w.HTML(layout=FULL_WIDTH, **css("cc-room-report-line"))
        self.report_note = w.HTML(layout=FULL_WIDTH, **css("cc-room-report-note"))
        return card(
            [
                heading(t("room.report"), 3),
                text(t("room.report_intro")),
                row([self.make_report, self.report_download]),
                self.report_line,
                self.report_note,
                self.downloader,
            ],
            "cc-room-report",
        )

    def _show_report(self, room_open: bool) -> bool:
        """The report card's buttons and its line on the report last kept; whether there is one."""
        t = self.guard.t
        kept = self.console.last_report()
        self.make_report.layout.display = None if room_open else "none"
        self.report_download.layout.display = None if kept else "none"
        if kept is None:
            self.report_line.value = ""
            return False
        made = local_moment(kept.made_at, self.workshop, self.language)  # the server's time, not UTC
        held_on = readable(kept.held_on, self.workshop, self.language)
        said = html.escape(t("room.report_kept", name=kept.name, date=held_on, made=made))
        self.report_line.value = f"<p class='cc-room-report-kept'>{said}</p>"
        return True

    def _make_report(self) -> None:
        """Make the report of the current room in the console's language, keep it, and offer it at once."""
        from coffeechat.documents.session_report import session_report  # ReportLab and matplotlib: only now

        made = self.console.report_figures()
        if made is None:
            return
        record, figures = made
        state = RoomState.from_json(record.state)
        files = session_report(self.workshop, figures, self.language, record.name, record.held_on, state.asked)
        content = files.zip()
        self.console.keep_report(record, self.language, files.filename, content, figures)
        self.downloader.offer(files.filename, content, "application/zip")
        self.report_note.value = (
            f"<p class='cc-status-ok' role='status'>{html.escape(self.guard.t('room.report_made'))}</p>"
        )

    def _download_report(self) -> None:
        kept = self.console.last_report()
        if kept is not None:
            self.downloader.offer(kept.filename, kept.content, "application/zip")

    # --- rooms that come back: a template of the room's setup, the start form's choice, the trend (issue 29) ---

    def _template_controls(self) -> None:
        """The start form's template choice, the room's "save as template" card, the prepared questions' row."""
        t = self.guard.t
        self.template_choice = w.Dropdown(
            options=[(t("room.template_none"), "")],
            value="",
            description=t("room.template"),
            layout=w.Layout(width="auto", max_width="100%"),
            style={"description_width": "initial"},
        )
        self.template_choice.add_class("cc-room-template")
        self.template_choice.observe(self._guarded(self._on_template_choice), "value")
        self._template_options: tuple = ()
        self.template_delete = button(t("room.template_delete"), "cc-room-template-delete", hidden_at_times=True)
        self._click(self.template_delete, self._delete_template)
        self.template_summary = w.HTML(layout=FULL_WIDTH, **css("cc-room-template-summary"))
        self.template_trend = w.HTML(layout=FULL_WIDTH, **css("cc-room-trend"))
        self.template_setup = w.VBox(
            [self.template_summary, self.template_delete, self.template_trend], layout=FULL_WIDTH
        )
        self.template_name = w.Text(
            description=t("room.template_name"),
            layout=w.Layout(width="28em", max_width="100%"),
            style={"description_width": "initial"},
        )
        self.template_name.add_class("cc-room-template-name")
        self.template_save = button(t("room.template_save"), "cc-room-template-save")
        self._click(self.template_save, self._save_template)
        self.template_note = w.HTML(layout=FULL_WIDTH, **css("cc-room-template-note"))
        self.room_trend = w.HTML(layout=FULL_WIDTH, **css("cc-room-trend"))
        self.template_card = card(
            [
                heading(t("room.templates"), 3),
                text(t("room.templates_intro")),
                self.template_name,
                self.template_save,
                self.template_note,
                self.room_trend,
            ],
            "cc-room-templates",
        )
        self.prepared = w.HBox(layout=w.Layout(width="100%", flex_flow="row wrap", align_items="center"))
        self.prepared.add_class("cc-room-prepared")
        self._prepared_key: tuple = ()

    def _show_template_choice(self) -> None:
        """The start form offers the templates kept (a choice, not typing); the one picked, its setup and trend."""
        t = self.guard.t
        templates = self.console.templates()
        options = ((t("room.template_none"), ""), *((template.name, template.id) for template in templates))
        if options != self._template_options:
            self._template_options = options
            chosen = self.template_choice.value
            self._showing = True
            try:
                self.template_choice.options = options
                self.template_choice.value = chosen if any(chosen == value for _, value in options) else ""
            finally:
                self._showing = False
        template = next((each for each in templates if each.id == self.template_choice.value), None)
        self.template_delete.layout.display = None if template else "none"
        if template is None:
            self.template_summary.value = self.template_trend.value = ""
            return
        fmt = template.format if template.format in facilitated_formats(self.workshop) else None
        run = self.workshop.workshop_format(fmt).title[self.language] if fmt else ""
        said = t(
            "room.template_setup",
            format=run,
            questions=plural(self.workshop, "room.template_questions", len(template.questions), self.language),
            minutes=template.timer_minutes,
            projector=t(f"room.mode.{template.projector}"),
        )
        self.template_summary.value = f"<p class='cc-room-template-setup'>{html.escape(said)}</p>"
        self.template_trend.value = self._trend_html(template.name, self.console.trend(template.id))

    def _on_template_choice(self, change: dict) -> None:
        """Picking a template fills the form with its setup: the room's name and its format."""
        if self._showing:
            return
        self.message.value = ""
        template = self.console.template(self.template_choice.value)
        if template is None:
            return
        self.name.value = template.name
        if template.format in facilitated_formats(self.workshop):
            self.format.value = template.format

    def _delete_template(self) -> None:
        template = self.console.template(self.template_choice.value)
        if template is None or not self.console.delete_template(template.id):
            return
        self.template_choice.value = ""
        said = html.escape(self.guard.t("room.template_deleted", name=template.name))
        self.message.value = f"<p class='cc-status-info' role='status'>{said}</p>"

    def _save_template(self) -> None:
        # the minutes in the timer's field are the coach's setup, whether or not a round was started with them
        template = self.console.save_template(self.template_name.value, int(self._start_minutes()))
        if template is None:
            return
        self.template_name.value = template.name
        said = html.escape(self.guard.t("room.template_saved", name=template.name))
        self.template_note.value = f"<p class='cc-status-ok' role='status'>{said}</p>"

    def _show_templates(self, state: RoomState) -> None:
        """The room's part of templates: the prepared questions to ask, the trend of the template it came from."""
        prepared = still_prepared(state)
        if prepared != self._prepared_key:
            self._prepared_key = prepared
            controls: list[w.Widget] = []
            if prepared:
                controls.append(w.HTML(f"<span>{html.escape(self.guard.t('room.prepared'))}</span>"))
            for question in prepared:
                control = button(question, "cc-room-prepared-question")
                self._click(control, lambda question=question: setattr(self.question, "value", question))
                controls.append(control)
            replace_children(self.prepared, controls)
        template = self.console.template(state.template) if state.template else None
        self.room_trend.value = (
            "" if template is None else self._trend_html(template.name, self.console.trend(template.id))
        )

    def _trend_html(self, name: str, rows: tuple[TrendRow, ...]) -> str:
        """The trend table of a template: per kept report its date, how many came, the fear change, the feedback."""
        t, lang = self.guard.t, self.language
        title = f"<h4>{html.escape(t('room.trend', name=name))}</h4>"
        if not rows:
            return f"{title}<p class='cc-muted'>{html.escape(t('room.trend_none'))}</p>"

        def number(value: float) -> str:
            return one_decimal(value, self.workshop, lang)

        fewer, unknown = html.escape(t("room.trend_fewer")), html.escape(t("room.trend_unknown"))
        lines = []
        for each in rows:
            point = each.point
            date = html.escape(short_date(each.held_on, self.workshop, lang))
            if point is None:
                cells = [date, unknown, unknown, unknown]
            else:
                change = point.change
                fear = fewer if change is None else f"{number(change[0])} → {number(change[1])}"
                rating = fewer if point.ratings_mean is None else number(point.ratings_mean)
                cells = [date, str(point.participants), fear, rating]
            lines.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        head = "".join(
            f"<th scope='col'>{html.escape(t(key))}</th>"
            for key in ("room.trend_date", "room.trend_people", "room.trend_fear", "room.trend_feedback")
        )
        return (
            f"{title}<p class='cc-muted'>{html.escape(t('room.trend_note'))}</p>"
            f"<div class='cc-room-trend-scroll'><table class='cc-room-trend-table'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(lines)}</tbody></table></div>"
        )


def entry_status(entry: WordEntry, auto_approve: bool, filtered: bool) -> str:
    """What the console says of a wall answer: shown, waiting, hidden or filtered (never on the projector)."""
    if entry.hidden:
        return "hidden"
    if filtered:
        return "filtered"
    if entry.approved or auto_approve:
        return "shown"
    return "waiting"


def groups_summary(workshop: Workshop, state: RoomState, language: str) -> str:
    """ "2 Dreiergruppen, 1 Paar": the groups by size, each count in its right number (none of a size: left out)."""
    sizes = [len(group) for group in state.groups]
    parts = [
        plural(workshop, f"room.{kind}", sizes.count(size), language)
        for size, kind in ((3, "trios"), (2, "pairs"), (4, "quartets"), (1, "solos"))
        if sizes.count(size)
    ]
    return ", ".join(parts)


def text(value: str) -> w.HTML:
    return w.HTML(f"<p>{html.escape(value)}</p>", layout=FULL_WIDTH)


def row(children: list[w.Widget]) -> w.HBox:
    box = w.HBox(children, layout=BUTTON_ROW)
    box.add_class("cc-console-row")
    return box

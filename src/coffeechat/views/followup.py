"""The weeks after the workshop ("Dranbleiben" / "Keep going") in four steps: today (what is due, and what has
happened since, in one go), my contacts (add, move along, the message for each moment, the reflection after a
conversation, a reframe when one stalls), finding people, and the weekly goal with the list to take home.

What is due when is :mod:`coffeechat.models.followup_rhythm`'s, the messages
:mod:`~coffeechat.models.followup_messages`'s, the words :mod:`~coffeechat.models.followup_words`'s; this view
only shows them and saves the contacts. The contacts are other people's data: they are saved under the
participant's code only and shown to no one else (the room's summary of this module says only whether it is
done).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from coffeechat.content import paragraphs
from coffeechat.documents.charts import to_svg, weeks_compact
from coffeechat.models import keys
from coffeechat.models.answers import AnswerRejected, clean_text, today
from coffeechat.models.builder import PlanRequest, request_from_answers
from coffeechat.models.dates import as_date, long_date
from coffeechat.models.followup import (
    Contact,
    advance,
    clean_contacts,
    clean_state,
    clean_weekly_goal,
    contacts_csv,
    load_contacts,
    new_contact,
    next_contact_id,
    next_stages,
    person_key,
    same_person,
    saved_state,
    undo,
    weekly_goal,
    with_meeting,
)
from coffeechat.models.followup_messages import (
    DUE_MESSAGE,
    Message,
    clean_message_values,
    gaps,
    is_plan_contact,
    message_for,
    plans_draft,
    saved_message_values,
)
from coffeechat.models.followup_rhythm import (
    DONE_STAGE,
    WAITING_STAGES,
    Due,
    calendar_events,
    due,
    planned_requests,
    pressing,
    promised_contact,
    stall_reason,
    summary,
    weekly_counts,
    written_in_week,
)
from coffeechat.models.followup_rhythm import (
    status as urgency,
)
from coffeechat.models.followup_words import (
    calendar_texts,
    calendar_titles,
    csv_labels,
    due_status,
    due_title,
    first_due,
    stage_words,
    summary_lines,
    who,
    whom,
)
from coffeechat.models.outreach import SENTENCE_MESSAGE_FIELDS, kind_of, missing_parts, tip_situation
from coffeechat.models.reminders import commitment, ics
from coffeechat.models.session import Session
from coffeechat.models.steps import FOLLOWUP_STEPS
from coffeechat.models.workdays import NO_HOLIDAYS, STATES
from coffeechat.views.common import (
    BUTTON_ROW,
    FULL_WIDTH,
    ModuleSteps,
    SteppedView,
    button,
    card,
    css,
    download_button,
    download_note,
    download_note_html,
    heading,
    heading_html,
    html_part,
    labelled,
    offer_download,
    on_click,
    one_line,
    paragraphs_html,
    replace_children,
    shared_style,
    text_card,
    text_html,
    watch,
)
from coffeechat.views.fields import FieldView
from coffeechat.views.message_tip import MessageTip
from coffeechat.widgets.copy import CopyButton
from coffeechat.widgets.download import Downloader

#: a contact's next stage, its day and "record" side by side on a laptop, under each other on a phone (the
#: layouts of a card's widgets are its own: a redraw closes them with the card)
MOVE_ROW = {"width": "100%", "flex_flow": "row wrap", "align_items": "flex-end", "justify_content": "flex-start"}
CHOICE_WIDTH = {"flex": "1 1 16em", "max_width": "26em", "min_width": "0"}
DAY_WIDTH = {"flex": "0 1 12em", "min_width": "0"}
#: the step of the contact list (from 1): where a name found, or a contact to change, is typed in
CONTACTS_STEP = 2


class FollowThroughView(SteppedView):
    """The follow-through in four steps (:data:`~coffeechat.models.steps.FOLLOWUP_STEPS`), with the steps'
    interface of a module view (see :class:`~coffeechat.views.fear.FearView`). A participant who comes back
    with something due today or overdue opens at "Today", whatever step they left at (and one who resumes with
    their code at the weeks after too: :meth:`~coffeechat.pages.navigation.ModuleNavigation.resume_at`)."""

    steps: tuple[str, ...] = FOLLOWUP_STEPS

    def __init__(self, session: Session, module_id: str, on_erased: Callable[[], None] | None = None, focus=None):
        self.session = session
        self.module_id = module_id
        self.focus = focus or (lambda _selector, **_options: None)
        self.workshop = session.workshop
        self.content = self.workshop.follow_through
        t = session.t
        self.downloader = Downloader()
        self.contacts: tuple[Contact, ...] = load_contacts(session.get(keys.FOLLOWUP_CONTACTS))
        #: whether the participant comes back to a list (the greeting says so), not starting one in this visit
        self.returning = bool(self.contacts)
        #: the contact whose "remove" waits for a yes (None: none)
        self.removing: str | None = None
        #: the due items whose message is open, by (contact id, kind)
        self.open_messages: set[tuple[str, str]] = set()
        #: each due card on screen with its "show the message" button and message box, by (contact id, due kind):
        #: opening a message or asking about its gaps renews that card in place (:meth:`_renew_card`)
        self.due_cards: dict[tuple[str, str], tuple[w.Box, w.Button, w.Box]] = {}
        #: each open message's fields that write the draft on screen, by (contact id, due kind), by placeholder:
        #: „Zurück zur Nachricht“ goes to the first empty one its gaps name (none while the text is the participant's)
        self.gap_fields: dict[tuple[str, str], dict[str, w.Text | w.Textarea]] = {}
        #: the draft on screen of each open message, by (contact id, due kind): what „Erledigt“ records as sent
        self.drafts: dict[tuple[str, str], str] = {}
        #: the due item whose „Erledigt“ waits for a yes, its draft still having gaps (None: none)
        self.confirming: tuple[str, str] | None = None
        #: the contact whose card shows its fields to change (None: none)
        self.editing: str | None = None
        #: what the card of a contact says after the last action on it: (contact id, note markup)
        self.card_said: tuple[str, str] | None = None
        #: how the view asks for another of its steps (the page's navigation puts its own move here)
        self.ask_step: Callable[[int], None] = self.step_alone

        self.greeting = html_part("", "cc-followup-greeting", "cc-live", layout=FULL_WIDTH)
        self.due_box = w.VBox(layout=FULL_WIDTH, **css("cc-followup-due"))
        self.since_box = w.VBox(layout=FULL_WIDTH, **css("cc-followup-since"))
        self.today_note = html_part("", "cc-followup-today-note", "cc-live", layout=FULL_WIDTH)
        self.list_box = w.VBox(layout=FULL_WIDTH, **css("cc-followup-list"))
        self.list_note = html_part("", "cc-followup-list-note", "cc-live", layout=FULL_WIDTH)
        self.plan_buttons = [button("", "cc-followup-from-plan", "primary", hidden_at_times=True) for _ in range(2)]
        for plan_button in self.plan_buttons:
            on_click(session, plan_button, self.add_from_plan)
        self.week_progress = html_part("", "cc-followup-week-progress", layout=FULL_WIDTH)
        self.chart = html_part("", "cc-followup-chart", layout=w.Layout(width="100%", max_width="420px"))
        parts: dict[str, list[w.Widget]] = {
            "today": [
                text_html(t("followup.intro")),
                self.greeting,
                self.plan_buttons[0],
                self.today_note,
                self.due_box,
                self.since_box,
            ],
            "contacts": [
                text_html(t("followup.contacts_intro")),
                self.plan_buttons[1],
                self._add_form(),
                heading(t("followup.list_heading"), 4),
                self.list_note,
                self.list_box,
            ],
            "finding": self._finding(),
            "week": self._week(),
        }
        titles = [t(f"followup.step.{name}") for name in self.steps]
        self.step_parts = ModuleSteps(session, module_id, self.steps, titles, parts.values(), "cc-followup")
        self.redraw()
        if self.step != 1 and pressing(self.due_items, self.contacts):
            self.step_parts.show(1, remember=False)  # coming back: what is due first
        self.widget = w.VBox(
            [heading(t("followup.title")), *self.step_boxes, self.downloader],
            layout=FULL_WIDTH,
            **css("cc-followup"),
        )

    # --- what the page knows -----------------------------------------------------------------------

    @property
    def state(self) -> str | None:
        """The federal state whose holidays count (None: the nationwide holidays only)."""
        return saved_state(self.session.get(keys.FOLLOWUP_STATE))

    @property
    def due_items(self) -> list[Due]:
        """Every next step, most urgent first; the contact the commitment names is to be written to on its day."""
        return due(self.contacts, today(), self.state, planned_requests(self.contacts, *self.promise))

    @property
    def promise(self) -> tuple[str, dt.date | None]:
        """Whom the participant promised at the end of the journey to write to („Frau Ölmez (UX-Designerin …)“), and
        by when (the commitment; no day: none promised)."""
        promise = commitment(self.workshop, self.session.answers(), language=self.session.language)
        return " ".join(str(promise["who"] or "").split()), as_date(promise["due"])

    def _plan_request(self, answers: dict[str, Any]) -> PlanRequest:
        """What the participant said in the plan about themselves, their aim and its contact."""
        return request_from_answers(self.workshop.bank, [f.id for f in self.workshop.fears], answers)

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    def save(self, contacts: tuple[Contact, ...]) -> bool:
        """Keep ``contacts`` (checked as the server checks anything from the page); a refusal is said, nothing lost."""
        relationships = [r.id for r in self.workshop.bank.relationships]
        channels = [c.id for c in self.workshop.outreach.channels]
        try:
            cleaned = clean_contacts([c.model_dump(mode="json") for c in contacts], relationships, channels)
        except AnswerRejected as refused:
            self.session.reject(refused)
            return False
        self.session.set(keys.FOLLOWUP_CONTACTS, cleaned)
        self.contacts = contacts
        self.forget_said()  # the list changed again: what the last change said is old news
        return True

    def forget_said(self) -> None:
        """Take away the notes that say what the last action did („„Frau Berger“ steht jetzt auf Ihrer Liste.“):
        they go with the next change and the next step (a walk read one long after it no longer held). A new note
        comes afresh into its emptied live region and is read out."""
        for note in (self.add_note, self.list_note, self.today_note):
            if note.value:
                note.value = ""

    def shown(self, number: int) -> None:
        """Another step: what the last action said stays behind."""
        self.forget_said()

    def replace(self, changed: Contact) -> bool:
        return self.save(tuple(changed if c.id == changed.id else c for c in self.contacts))

    # --- drawing -----------------------------------------------------------------------------------

    def redraw(self) -> None:
        """Everything that follows from the contacts: the greeting, the due list, the question what has happened,
        the list, the week and the plan's contact button."""
        items = self.due_items
        self._greet(items)
        self._redraw_due(items)
        replace_children(self.since_box, self._since())
        self._redraw_list(items)
        self._show_plan_buttons()
        self._show_week()

    def _redraw_due(self, items: list[Due] | None = None) -> None:
        """The due cards on "Today": what is due now, a message due later that the participant opened, and the
        first message they promised at the end of the journey, with its day, however far off: as the card of its
        contact once they are on the list, else as the promise alone (a walk found "Today" silent about it)."""
        items = self.due_items if items is None else items
        who, day = self.promise
        planned = planned_requests(self.contacts, who, day)
        shown = [
            i
            for i in items
            if i.status != "later" or (i.contact_id, i.kind) in self.open_messages or i.contact_id in planned
        ]
        self.due_cards = {}
        cards = [self._due_card(item) for item in shown]
        if who and day is not None and promised_contact(self.contacts, who) is None:
            cards.append(self._promise_card(who, day))
        replace_children(self.due_box, cards)

    def _redraw_list(self, items: list[Due] | None = None) -> None:
        """The contact cards (or the line that there are none), from the contacts and what is due."""
        items = self.due_items if items is None else items
        labels = csv_labels(self.workshop, self.session.language)  # the words for ids, once for every card
        cards = [self._contact_card(c, items, labels) for c in self.contacts]
        replace_children(self.list_box, cards or [self._none()])

    def _none(self) -> w.Widget:
        return html_part(f"<p class='cc-muted'>{html.escape(self.session.t('followup.no_contacts'))}</p>")

    def _greet(self, items: list[Due]) -> None:
        t, lang = self.session.t, self.session.language
        if not self.contacts:
            empty = "followup.greeting_empty" if self.plan_contact() else "followup.greeting_empty_no_plan"
            said = f"<p>{html.escape(t(empty))}</p>"
        else:
            lines = summary_lines(self.workshop, summary(items), lang)
            back = f"<strong>{html.escape(t('followup.greeting_back'))}</strong> " if self.returning else ""
            said = f"<p>{back}"
            if lines:
                listed = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
                said += f"{html.escape(t('followup.summary_intro'))}</p><ul>{listed}</ul>"
            else:
                said += f"{html.escape(t('followup.greeting_nothing'))}</p>"
        self.greeting.value = f"<div class='cc-card cc-followup-summary'>{said}</div>"

    # --- today: what is due ------------------------------------------------------------------------

    def _due_card(self, item: Due) -> w.Widget:
        t, lang = self.session.t, self.session.language
        contact = self.contact(item.contact_id)
        title = html.escape(due_title(self.workshop, item, contact, lang))
        status = html.escape(due_status(self.workshop, item, lang))
        head = html_part(
            f"<h4>{title}</h4><p class='cc-followup-status cc-followup-{item.status}'>{status}</p>", layout=FULL_WIDTH
        )
        buttons: list[w.Widget] = []
        message_box = w.VBox(layout=FULL_WIDTH)
        shown_with: w.Button | None = None
        opened = (item.contact_id, item.kind) in self.open_messages
        if contact is not None and DUE_MESSAGE.get(item.kind):  # finding a person there asks for no message
            show = button(t("followup.hide_message" if opened else "followup.show_message"), "cc-followup-show")
            on_click(self.session, show, lambda: self.toggle_message(item))
            buttons.append(show)
            if opened:
                replace_children(message_box, [self._message(contact, item.kind)])
            shown_with = show
        done_part: list[w.Widget] = []
        if _recordable(item):
            done_part = self._done_part(item)
        elif item.kind == "meeting":
            pass  # a conversation still to come: nothing to record yet (the card says when)
        elif item.kind == "second-person":
            second = button(t("followup.add_second"), "cc-followup-add-second", "primary")
            on_click(self.session, second, lambda: self.add_second(item))
            buttons.append(second)
        elif item.kind == "find-person":
            find = button(t("followup.find_person"), "cc-followup-find-person", "primary")
            on_click(self.session, find, lambda: self.open_edit(item.contact_id))
            buttons.append(find)
        # "show the message" above it, "done" after it (a keyboard walk met "done" before the message it records)
        rows = [w.HBox(buttons, layout=BUTTON_ROW, **css("cc-button-row"))] if buttons else []
        where = f"cc-followup-due-{item.contact_id}-{item.kind}"
        parts = [head, *rows, message_box, *done_part]
        drawn = card(parts, "cc-followup-due-item", f"cc-followup-due-{item.kind}", where)
        if shown_with is not None:
            self.due_cards[item.contact_id, item.kind] = (drawn, shown_with, message_box)
        return drawn

    def _renew_card(self, item: Due, message: bool) -> None:
        """Draw a due card anew in its place: its heading and buttons stay as they are (the button pressed stays
        under the finger), below them the message (``message``: opened or closed as ``open_messages`` says) and
        „Erledigt“ or the question about the gaps. Redrawing all of "Today" emptied the page for a moment: the
        browser scrolled up as it shrank, the focus scrolled the pressed button back to the top, and „Erledigt“
        came where the finger had been, so that the next tap counted as a double tap, which the page stops
        (page.js ``oneStepPerDoubleClick``), and was lost. A card not on screen, or one that goes, redraws all."""
        place = (item.contact_id, item.kind)
        contact, drawn = self.contact(item.contact_id), self.due_cards.get(place)
        opened = place in self.open_messages
        if contact is None or drawn is None or (item.status == "later" and not opened):
            self._redraw_due()
            return
        box, show, message_box = drawn
        parts = list(box.children)
        if message:
            show.description = self.session.t("followup.hide_message" if opened else "followup.show_message")
            replace_children(message_box, [self._message(contact, item.kind)] if opened else [])
        kept = parts[: parts.index(message_box) + 1]
        replace_children(box, [*kept, *(self._done_part(item) if _recordable(item) else [])])

    def _done_part(self, item: Due) -> list[w.Widget]:
        """The button that records the due item as done; while its open draft's gaps wait for a yes, what is
        missing in words, „Zurück zur Nachricht“ and „Trotzdem eintragen“ in its place."""
        t = self.session.t
        place = (item.contact_id, item.kind)
        if self.confirming == place:
            missing = gaps(self.workshop, self.drafts.get(place, ""), self.session.language)
            warning = html_part(_error(t("followup.done_gaps", names=", ".join(missing))), layout=FULL_WIDTH)
            back = button(t("followup.done_back"), "cc-followup-done-back", "primary")
            anyway = button(t("followup.done_anyway"), "cc-followup-done-anyway")
            on_click(self.session, back, lambda: self.back_to_message(item))
            on_click(self.session, anyway, lambda: self.mark_done(item, anyway=True))
            return [warning, w.HBox([back, anyway], layout=BUTTON_ROW, **css("cc-button-row"))]
        # a reply to a yes is done once the date stands: the button says so (it said "done" after proposing times)
        label = {"reply-yes": t("followup.move.scheduled"), "meeting": t("followup.meeting_done")}.get(
            item.kind, t("followup.mark_done")
        )
        done = button(label, "cc-followup-done", "primary")
        on_click(self.session, done, lambda: self.mark_done(item))
        return [w.HBox([done], layout=BUTTON_ROW, **css("cc-button-row", "cc-followup-done-row"))]

    def _promise_card(self, who: str, day: dt.date) -> w.Widget:
        """The first message promised to someone not on the list yet: whom, by when, and where its message will be."""
        t, lang = self.session.t, self.session.language
        promised = Due("", "request", day, urgency(day, today()))
        title = html.escape(t("followup.due_for", kind=t("followup.kind.request"), who=who))
        said = html.escape(due_status(self.workshop, promised, lang))
        note = html.escape(t("followup.promise_note"))
        return card(
            [
                html_part(
                    f"<h4>{title}</h4><p class='cc-followup-status cc-followup-{promised.status}'>{said}</p>"
                    f"<p class='cc-muted'>{note}</p>",
                    layout=FULL_WIDTH,
                )
            ],
            "cc-followup-due-item",
            "cc-followup-promise",
        )

    def _message(self, contact: Contact, due_kind: str) -> w.Widget:
        """The message for this moment: a field for each value it asks for (the times and place after a yes, a
        second person's name, what was learned for the thank-you, taken from the reflection where there is one),
        the draft in a field to change, and a button to copy it. Typing in a value's field composes the draft
        again; what was typed there is saved for the contact (``keys.followup_values``), for all its messages.
        The participant's own changes to the draft
        are saved (``keys.followup_draft``) and stay, as the plan's do, until „Entwurf neu erstellen“; the first
        message to the plan's own contact starts from the plan's draft, the participant's changes in it too."""
        t, lang = self.session.t, self.session.language
        own_key = keys.followup_draft(contact.id, due_kind)
        source = f"cc-followup-message-{contact.id}-{due_kind}"
        draft = labelled(
            w.Textarea,
            t("followup.message_label"),
            "cc-followup-message",
            source,
            layout=w.Layout(width="100%", height="12em"),  # its own: a shared layout's height is every widget's
        )
        first = message_for(self.workshop, contact, due_kind, lang)
        labels = self.workshop.outreach.placeholder_labels
        inputs: dict[str, w.Text | w.Textarea] = {}
        names = list(kind_of(self.workshop, first.kind).fields) if first else []
        if (
            first
            and "field" in first.draft.missing
            and not is_plan_contact(contact, self._plan_request(self.session.answers()))
        ):
            names.append("field")  # where this contact works: the plan's field is where its own contact works
        saved = saved_message_values(self.session.get(keys.followup_values(contact.id)))
        for name in names:
            typed = saved.get(name, self._noted(contact, name))
            grows = name in SENTENCE_MESSAGE_FIELDS
            field = one_line(
                labels[name][lang], f"cc-followup-field-{name}", grows=grows, value=typed, layout=FULL_WIDTH
            )
            inputs[name] = field

        composed: dict[str, Message | None] = {"message": first}

        def compose(_change: dict | None = None) -> None:
            answers = self.session.answers()
            plan = self._plan_request(answers)
            extra = {name: field.value for name, field in inputs.items()}
            if is_plan_contact(contact, plan) and plan.connection.strip() and not contact.connection.strip():
                extra.setdefault("connection", plan.connection)  # how they know them: said in the plan
            message = message_for(self.workshop, contact, due_kind, lang, plan=plan, extra=extra)
            composed["message"] = message
            own = self.session.get(own_key)
            if not isinstance(own, str) or not own:
                own = plans_draft(self.workshop, contact, due_kind, message, plan, answers)
            draft.value = own or (message.text if message else "")
            copy.shown_changed()
            say_missing(draft.value)

        def say_missing(text: str) -> None:
            """What the draft on screen still lacks (a gap the participant fills in the draft itself goes)."""
            self.drafts[contact.id, due_kind] = text
            message = composed["message"]
            writes = message is not None and text == message.text  # not while the text is the participant's own
            self.gap_fields[contact.id, due_kind] = dict(inputs) if writes else {}
            missing = gaps(self.workshop, text, lang)
            unfilled = html.escape(t("builder.unfilled", names=", ".join(missing)))
            hint.value = f"<p class='cc-muted cc-followup-unfilled'>{unfilled}</p>" if missing else ""

        copy = CopyButton(
            source=source,
            labels={name: t(f"builder.{key}") for name, key in _COPY_WORDS.items()},
            **css("cc-followup-copy"),
        )
        #: what the draft still lacks ("[Ihr Name fehlt]"): said before it is copied with its gaps
        hint = html_part("", layout=FULL_WIDTH)
        # the gaps and the tip (never both: a draft with gaps gets no tip) in one place under the draft; once the
        # participant changes the draft it keeps a tip's room (``cc-edited``; page.js then keeps the tallest it held),
        # so that a tip coming as they pause never moves „Erledigt“ below it under their finger
        edited = isinstance(self.session.get(own_key), str) and bool(self.session.get(own_key))
        place = w.VBox(layout=FULL_WIDTH, **css("cc-followup-tip-place", *(("cc-edited",) if edited else ())))
        tip = MessageTip(
            draft,
            self.session,
            lambda text: self._tip_situation(contact, composed["message"], text),
            refocus=lambda: self.focus(f".{source} textarea"),
        )

        def keep_own(change: dict) -> None:
            message = composed["message"]
            try:
                text = clean_text(change["new"] or "", keys.MESSAGE_TEXT_CHARS)
            except AnswerRejected as rejected:
                self.session.reject(rejected)
                return
            own = text if message is None or text != message.text else None
            if self.session.get(own_key) != own:
                self.session.set(own_key, own)
            if own is not None:
                place.add_class("cc-edited")
            say_missing(text)

        def redo() -> None:
            self.session.set(own_key, None)
            message = composed["message"]
            draft.value = message.text if message else ""
            self.focus(f".{source} textarea")

        redo_button = button(t("builder.reset_draft"), "cc-followup-redo")
        on_click(self.session, redo_button, redo)

        def value_typed(name: str, change: dict) -> None:
            if self._keep_value(contact.id, name, change["new"]):
                compose()

        for name, field in inputs.items():
            watch(self.session, field, functools.partial(value_typed, name))
        compose()
        tip.look()  # a draft changed earlier that asks for a job says so as it is opened, before any key
        watch(self.session, draft, keep_own)
        place.children = (hint, tip.widget)
        return w.VBox([*inputs.values(), draft, place, copy, redo_button], layout=FULL_WIDTH)

    def _tip_situation(self, contact: Contact, message: Message | None, text: str) -> dict[str, Any] | None:
        """What the message tip needs to know of a draft the participant edited; ``None`` for the kit's own
        draft, one with gaps, and a due item without a message."""
        if message is None or not text.strip() or text == message.text:
            return None
        if missing_parts(self.workshop, text, self.session.language):  # the gaps are said first, under the draft
            return None
        plan = self._plan_request(self.session.answers())
        known = [contact.name, contact.role, contact.organisation, contact.introduced_by, contact.connection,
                 plan.my_name, plan.my_situation, plan.field, plan.connection]  # fmt: skip
        return tip_situation(self.workshop, message.kind, message.channel, text, plan, known)

    def _keep_value(self, contact_id: str, name: str, value: str) -> bool:
        """Save what was typed into a message's field (placeholder ``name``) for the contact: it comes back after a
        reload and in a second tab. One too long is refused in words (it stays in its field, the draft as it was)."""
        key = keys.followup_values(contact_id)
        try:
            values = clean_message_values({**saved_message_values(self.session.get(key)), name: value})
        except AnswerRejected as rejected:
            self.session.reject(rejected)
            return False
        if self.session.get(key) != values:
            self.session.set(key, values)
        return True

    def _noted(self, contact: Contact, name: str) -> str:
        """A message's value the reflection after the conversation already holds (what was learned, what comes
        next), else empty."""
        prompt = {"learned": "learned", "my_next_step": "try-next"}.get(name)
        noted = self.session.get(keys.after_conversation(contact.id, prompt)) if prompt else None
        return noted if isinstance(noted, str) else ""

    def toggle_message(self, item: Due) -> None:
        """Open or close the message of a due item (the focus stays on its button)."""
        place = (item.contact_id, item.kind)
        self.open_messages ^= {place}
        if self.confirming == place:
            self.confirming = None
        self._renew_card(item, message=True)
        # the focus stays on the button pressed (a field's focus would open a phone's keyboard over the buttons)
        self.focus(f".cc-followup-due-{item.contact_id}-{item.kind} .cc-followup-show")

    def go_to_message(self, item: Due) -> None:
        """A contact card's next message: "Today" opens with it, and the focus goes into its draft."""
        self.open_messages.add((item.contact_id, item.kind))
        self._redraw_due()
        if self.step != 1:
            self.ask_step(1)
        self.focus(f".cc-followup-message-{item.contact_id}-{item.kind} textarea")

    def mark_done(self, item: Due, anyway: bool = False) -> None:
        """The due item is done: its contact reaches the stage that follows (dated today). An open draft that still
        has gaps („[Ihr Name fehlt]“) is recorded only ``anyway``: first the card says what is missing."""
        contact, stage = self.contact(item.contact_id), DONE_STAGE.get(item.kind)
        if contact is None or stage is None:
            return
        place = (item.contact_id, item.kind)
        open_gaps = place in self.open_messages and gaps(
            self.workshop, self.drafts.get(place, ""), self.session.language
        )
        if open_gaps and not anyway:
            self.confirming = place
            self._renew_card(item, message=False)
            self.focus(f".cc-followup-due-{item.contact_id}-{item.kind} .cc-followup-done-back")
            return
        self.confirming = None
        # a conversation is recorded on its day (the thank-you is due a day later), anything else today
        self.record(contact, stage, item.day if item.kind == "meeting" else today(), self.today_note)
        self.focus(".cc-followup-today-note", reveal=".cc-followup-today-note")

    def back_to_message(self, item: Due) -> None:
        """Not recorded after all: the card as it was (the draft and its values kept), the focus where the first gap
        is filled: the first empty field above the draft that the gaps named („Berufsfeld“), else the draft."""
        place = (item.contact_id, item.kind)
        self.confirming = None
        self._renew_card(item, message=False)
        missing = missing_parts(self.workshop, self.drafts.get(place, ""), self.session.language)
        fields = self.gap_fields.get(place, {})
        empty = next((name for name, field in fields.items() if name in missing and not field.value.strip()), None)
        if empty is None:
            self.focus(f".cc-followup-message-{item.contact_id}-{item.kind} textarea")
            return
        tag = "textarea" if isinstance(fields[empty], w.Textarea) else "input"
        self.focus(f".cc-followup-due-{item.contact_id}-{item.kind} .cc-followup-field-{empty} {tag}")

    def add_second(self, item: Due) -> None:
        """A second person at the organisation of a contact that has not answered: a new contact to find."""
        contact = self.contact(item.contact_id)
        if contact is None:
            return
        fields: dict[str, Any] = {
            "kind": "organisation",
            "organisation": contact.organisation,
            "channel": contact.channel,
        }
        added = new_contact(next_contact_id(self.contacts), today(), **fields)
        if self.save((*self.contacts, added)):
            self.open_edit(added.id)  # its name, where the participant can type it

    # --- today: what has happened since ------------------------------------------------------------

    def _since(self) -> list[w.Widget]:
        t, lang = self.session.t, self.session.language
        # a contact that has gone quiet after its one nudge is let go (its card offers the reframe, and a late reply
        # can still be recorded there)
        waiting = [
            c
            for c in self.contacts
            if c.stage in WAITING_STAGES and next_stages(c) and stall_reason(c, today(), self.state) is None
        ]
        self.since_choices: dict[str, w.Dropdown] = {}
        if not waiting:
            return []
        rows: list[w.Widget] = [heading(t("followup.since_heading"), 4), text_html(t("followup.since_intro"))]
        for contact in waiting:
            options = [(t("followup.nothing_new"), "")]
            options += [(t(f"followup.move.{stage}"), stage) for stage in next_stages(contact)]
            label = t("followup.next_label", who=whom(contact, self.session.language))
            line = html.escape(
                f"{who(contact)}: "
                + t(
                    "followup.contact_line",
                    stage=stage_words(self.workshop, contact.stage, lang),
                    day=self._day(contact.since),
                )
            )
            choice = labelled(w.Dropdown, label, "cc-followup-since-choice", options=options, value="")
            self.since_choices[contact.id] = choice
            rows.append(w.VBox([html_part(f"<p>{line}</p>"), choice], layout=FULL_WIDTH))
        apply = button(t("followup.apply"), "cc-followup-apply", "primary")
        on_click(self.session, apply, self.apply_since)
        return [*rows, apply]

    def apply_since(self) -> None:
        """Record everything chosen under "what has happened since", dated today, in one go."""
        chosen = {cid: choice.value for cid, choice in self.since_choices.items() if choice.value}
        if not chosen:
            self.today_note.value = _ok(self.session.t("followup.applied_none"))
            self.focus(".cc-followup-today-note", reveal=".cc-followup-today-note")
            return
        contacts = list(self.contacts)
        try:
            for index, contact in enumerate(contacts):
                if contact.id in chosen:
                    contacts[index] = advance(contact, chosen[contact.id], today())
        except AnswerRejected as refused:
            self.session.reject(refused)
            return
        if self.save(tuple(contacts)):
            self.redraw()
            self.today_note.value = _ok(self.session.t("followup.applied"))
            self.focus(".cc-followup-today-note", reveal=".cc-followup-today-note")

    # --- my contacts -------------------------------------------------------------------------------

    def _add_form(self) -> w.Widget:
        t = self.session.t
        self.entry = labelled(
            w.RadioButtons,
            t("followup.entry"),
            "cc-followup-entry",
            options=[(t("followup.entry.person"), "person"), (t("followup.entry.organisation"), "organisation")],
            value="person",
        )
        self.name = labelled(
            w.Text,
            t("followup.name"),
            "cc-followup-name",
            placeholder=t("followup.name_placeholder"),
            layout=w.Layout(width="100%"),  # its own: hidden while an organisation is entered
        )
        watch(self.session, self.entry, self._entry_changed)
        self.role = labelled(w.Text, t("followup.role"), "cc-followup-role", placeholder=t("followup.role_placeholder"))
        self.organisation = labelled(
            w.Text,
            t("followup.organisation"),
            "cc-followup-organisation",
            placeholder=t("followup.organisation_placeholder"),
        )
        self.relationship, self.channel = self._connection_choices("cc-followup", "cold", "email")
        self.connection = self._connection_field("cc-followup-connection", "", self.relationship)
        self.written = w.Checkbox(
            description=t("followup.already_written"),
            indent=False,
            style=shared_style(w.Checkbox),
            **css("cc-followup-written"),
        )
        add = button(t("followup.add"), "cc-followup-add", "primary")
        on_click(self.session, add, self.add_contact)
        self.add_note = html_part("", "cc-followup-add-note", "cc-live", layout=FULL_WIDTH)
        for field in (self.name, self.role, self.organisation):  # the next contact is being typed: old news
            watch(self.session, field, self._typing_next)
        fields = [self.entry, self.name, self.role, self.organisation, self.relationship, self.connection]
        fields += [self.channel, self.written]
        return card([heading(t("followup.add_heading"), 4), *fields, add, self.add_note], "cc-followup-add-card")

    def _typing_next(self, change: dict) -> None:
        if change["new"] and self.add_note.value:
            self.forget_said()

    def _entry_changed(self, change: dict) -> None:
        """An organisation where the person is still to be found has no name field."""
        self.name.layout.display = "none" if change["new"] == "organisation" else None

    def add_contact(self) -> None:
        """Add the contact of the form (a name or an organisation is needed); the form empties for the next."""
        t = self.session.t
        name, role, organisation = (" ".join(f.value.split()) for f in (self.name, self.role, self.organisation))
        if self.entry.value == "organisation":
            name = ""
        if not (name or organisation):
            self.add_note.value = _error(t("followup.need_name"))
            self.focus(".cc-followup-name input")
            return
        fields = {
            "kind": self.entry.value if name else "organisation",  # no name yet: a person still to find there
            "name": name,
            "role": role,
            "organisation": organisation,
            "relationship": self.relationship.value,
            "channel": self.channel.value,
            "connection": " ".join(self.connection.value.split()),
        }
        try:
            added = new_contact(next_contact_id(self.contacts), today(), written=self.written.value, **fields)
        except (AnswerRejected, ValueError):
            too_long = max(
                (fields["role"], keys.CONTACT_ROLE_CHARS),
                (fields["connection"], keys.CONTACT_CONNECTION_CHARS),
                key=lambda said: len(said[0]) - said[1],
            )
            self.add_note.value = _error(t("field.too_long", limit=too_long[1], length=len(too_long[0])))
            return
        if not self.save((*self.contacts, added)):
            return
        for field in (self.name, self.role, self.organisation, self.connection):
            field.value = ""
        self.written.value = False
        self.relationship.value, self.channel.value = "cold", "email"  # the next contact starts afresh
        self.redraw()
        self.add_note.value = _ok(t("followup.added", name=who(added)))

    def plan_contact(self) -> dict[str, Any] | None:
        """The contact of the participant's plan (name, role, how they know them, the channel committed to), or None
        when the plan names nobody or the list has them already."""
        answers = self.session.answers()
        request = self._plan_request(answers)
        name = " ".join(request.contact_name.split())
        if not name or any(same_person(c.name, name) for c in self.contacts):
            return None
        channel = commitment(self.workshop, answers).get("channel")
        channels = {c.id for c in self.workshop.outreach.channels}
        return {
            "name": name,
            "role": request.contact_role[: keys.CONTACT_ROLE_CHARS],
            "relationship": request.relationship,
            "channel": channel if channel in channels else "email",
            "connection": " ".join(request.connection.split())[: keys.CONTACT_CONNECTION_CHARS],
        }

    def _show_plan_buttons(self) -> None:
        found = self.plan_contact()
        for plan_button in self.plan_buttons:
            plan_button.layout.display = None if found else "none"
            if found:
                plan_button.description = self.session.t("followup.from_plan", name=found["name"])

    def add_from_plan(self) -> None:
        found = self.plan_contact()
        if found is None:
            return
        added = new_contact(next_contact_id(self.contacts), today(), **found)
        if self.save((*self.contacts, added)):
            self.redraw()
            said = _ok(self.session.t("followup.added", name=who(added)))
            self.list_note.value = said
            if self.step == 1:  # pressed on "today": said there, where the button was (it went without a word)
                self.today_note.value = said
                self.focus(".cc-followup-today-note", reveal=".cc-followup-today-note")
            else:
                self.focus(f".cc-followup-contact-{added.id} h4", reveal=f".cc-followup-contact-{added.id}")

    def _contact_card(self, contact: Contact, items: list[Due], labels: dict[str, str]) -> w.Widget:
        t, lang = self.session.t, self.session.language
        details = [contact.role, contact.organisation, labels.get(f"relationship.{contact.relationship}", "")]
        details.append(labels.get(f"channel.{contact.channel}", ""))
        about = " · ".join(html.escape(part) for part in details if part.strip() and part.strip() != who(contact))
        stage = t(
            "followup.contact_line", stage=stage_words(self.workshop, contact.stage, lang), day=self._day(contact.since)
        )
        steps = ", ".join(
            t("followup.history_step", stage=stage_words(self.workshop, s.stage, lang), day=self._day(s.day))
            for s in contact.history
        )
        item = first_due(items, contact.id)
        next_line = (
            f"<p><strong>{html.escape(t(f'followup.kind.{item.kind}'))}</strong>, "
            f"{html.escape(due_status(self.workshop, item, lang))}</p>"
            if item
            else ""
        )
        head = html_part(
            f"<h4>{html.escape(who(contact))}</h4><p class='cc-muted'>{about}</p>"
            f"<p class='cc-followup-stage'>{html.escape(stage)}</p>{next_line}"
            + (
                f"<p class='cc-muted cc-followup-history'>{html.escape(t('followup.history', steps=steps))}</p>"
                if len(contact.history) > 1
                else ""
            ),
            layout=FULL_WIDTH,
        )
        parts: list[w.Widget] = [head]
        if item and DUE_MESSAGE.get(item.kind):  # the message itself is on "Today": the button goes there
            go = button(t("followup.go_to_message"), "cc-followup-go-message")
            on_click(self.session, go, lambda: self.go_to_message(item))
            parts.append(w.HBox([go], layout=BUTTON_ROW, **css("cc-button-row")))
        if self.editing == contact.id:
            parts.append(self._edit_form(contact))
        parts += self._meeting_row(contact)
        parts += self._move(contact)
        said = self.card_said[1] if self.card_said and self.card_said[0] == contact.id else ""
        parts.append(html_part(said, "cc-live", f"cc-followup-card-note-{contact.id}", layout=FULL_WIDTH))
        reason = stall_reason(contact, today(), self.state)
        if reason and contact.stage in ("nudged", "replied-no"):  # not once they are thanked for the no
            turn = sum(1 for c in self.contacts[: self.contacts.index(contact)] if stall_reason(c, today(), self.state))
            reframe = self.workshop.stall_reframe(reason, turn)
            parts.append(
                text_card(t("followup.stalled_heading"), reframe.text[lang], "cc-card-reframe", "cc-followup-reframe")
            )
        if any(s.stage == "met" for s in contact.history):
            parts.append(self._after(contact))
        parts.append(self._contact_buttons(contact))
        return card(parts, "cc-followup-contact", f"cc-followup-contact-{contact.id}")

    def _move(self, contact: Contact) -> list[w.Widget]:
        """What happened with this contact: the next stage and its day, and "record"."""
        t = self.session.t
        stages = next_stages(contact)
        if not stages:
            return []
        choice = labelled(
            w.Dropdown,
            t("followup.next_label", who=whom(contact, self.session.language)),
            "cc-followup-next",
            options=[(t("followup.choose_next"), ""), *((t(f"followup.move.{stage}"), stage) for stage in stages)],
            value="",
            layout=w.Layout(**CHOICE_WIDTH),
        )
        day = labelled(
            w.DatePicker, t("followup.day_label"), "cc-followup-day", value=today(), layout=w.Layout(**DAY_WIDTH)
        )
        record = button(t("followup.record"), "cc-followup-record", "primary")
        on_click(self.session, record, lambda: self.record_on_card(contact, choice.value, day.value))
        return [w.HBox([choice, day, record], layout=w.Layout(**MOVE_ROW), **css("cc-followup-move"))]

    def _meeting_row(self, contact: Contact) -> list[w.Widget]:
        """For a conversation agreed on: the day it takes place, to give or to change."""
        if contact.stage != "scheduled":
            return []
        t = self.session.t
        day = labelled(
            w.DatePicker,
            t("followup.meeting_label", who=whom(contact, self.session.language)),
            "cc-followup-meeting-day",
            value=contact.meeting,
            layout=w.Layout(**DAY_WIDTH),
        )
        save = button(t("followup.meeting_save"), "cc-followup-meeting-save")
        on_click(self.session, save, lambda: self.set_meeting(contact, day.value))
        return [w.HBox([day, save], layout=w.Layout(**MOVE_ROW), **css("cc-followup-meeting"))]

    def set_meeting(self, contact: Contact, day: dt.date | None) -> None:
        """The day of an agreed conversation: saved, said on the card (and due on that day)."""
        t = self.session.t
        if day is None:
            self.say_on_card(contact.id, _error(t("field.date_invalid")))
            return
        try:
            changed = with_meeting(self.contact(contact.id) or contact, day, today())
        except AnswerRejected as refused:
            self.say_on_card(contact.id, _error(t(refused.ui_key, **_said(refused.values, self))))
            return
        if self.replace(changed):
            self.redraw()
            self.say_on_card(contact.id, _ok(t("followup.meeting_saved", day=self._day(day))))

    def record_on_card(self, contact: Contact, stage: str, day: dt.date | None) -> None:
        """ "Record" on a contact's card: the step, and what became of it said on that card, where the focus goes."""
        note = html_part()
        if not stage:
            note.value = _error(self.session.t("followup.need_next"))
        else:
            self.record(contact, stage, day, note)
        self.say_on_card(contact.id, note.value)
        note.close()

    def say_on_card(self, contact_id: str, said: str) -> None:
        """Redraw the list with ``said`` on the contact's card, and put the focus there."""
        self.card_said = (contact_id, said)
        self._redraw_list()
        self.focus(f".cc-followup-card-note-{contact_id}", reveal=f".cc-followup-card-note-{contact_id}")

    def record(self, contact: Contact, stage: str, day: dt.date | None, note: w.HTML) -> None:
        """Add the step (``stage`` on ``day``) to ``contact``; a step that cannot be is refused with its reason."""
        t = self.session.t
        if day is None:
            note.value = _error(t("field.date_invalid"))
            return
        current = self.contact(contact.id) or contact
        try:
            moved = advance(current, stage, day, today())
        except AnswerRejected as refused:
            note.value = _error(self.session.t(refused.ui_key, **_said(refused.values, self)))
            return
        if self.replace(moved):
            self.redraw()
            note.value = _ok(
                t(
                    "followup.recorded",
                    who=whom(moved, self.session.language),
                    stage=stage_words(self.workshop, stage, self.session.language),
                    day=self._day(day),
                )
            )

    def _after(self, contact: Contact) -> w.Widget:
        """The reflection after the conversation, and the people suggested as contacts in one go."""
        t = self.session.t
        prompts = self.content.after_conversation.prompts
        fields = [
            FieldView(
                prompt,
                self.session,
                keys.after_conversation(contact.id, prompt.id),
                css_class=f"cc-followup-after-{prompt.id}",
            ).widget
            for prompt in prompts
        ]
        add = button(t("followup.add_suggested"), "cc-followup-add-suggested")
        on_click(self.session, add, lambda: self.add_suggested(contact))
        intro = text_html(self.content.after_conversation.intro[self.session.language])
        return w.VBox(
            [heading(t("followup.after_heading", who=whom(contact, self.session.language)), 4), intro, *fields, add],
            layout=FULL_WIDTH,
            **css("cc-followup-after"),
        )

    def add_suggested(self, contact: Contact) -> None:
        """Each person the contact suggested (the reflection's list), not on the list yet, as a new contact."""
        t = self.session.t
        saved = self.session.get(keys.after_conversation(contact.id, self.content.after_conversation.suggested))
        names = [" ".join(str(n).split()) for n in saved or [] if isinstance(n, str) and n.strip()]
        known = {person_key(c.name) for c in self.contacts}
        once: dict[str, str] = {}
        for name in names:
            once.setdefault(person_key(name), name)  # a name typed twice, in other letters too: its first spelling
        fresh = [n[: keys.CONTACT_NAME_CHARS] for key, n in once.items() if key not in known]
        if not fresh:
            self.say_on_card(contact.id, _ok(t("followup.suggested_none")))
            return
        contacts = list(self.contacts)
        for name in fresh:
            fields: dict[str, Any] = {"name": name, "relationship": "shared-contact", "channel": contact.channel}
            fields["introduced_by"] = who(contact)[: keys.CONTACT_NAME_CHARS]
            contacts.append(new_contact(next_contact_id(contacts), today(), **fields))
        if self.save(tuple(contacts)):
            self.redraw()
            self.say_on_card(contact.id, _ok(t("followup.suggested_added", names=", ".join(fresh))))

    def _contact_buttons(self, contact: Contact) -> w.Widget:
        t = self.session.t
        buttons: list[w.Widget] = []
        if len(contact.history) > 1:
            back = button(t("followup.undo"), "cc-followup-undo")
            on_click(self.session, back, lambda: self.take_back(contact))
            buttons.append(back)
        if self.removing == contact.id:
            warning = html_part(_error(t("followup.remove_confirm", who=whom(contact, self.session.language))))
            yes = button(t("followup.remove_yes"), "cc-followup-remove-yes", "danger")
            no = button(t("followup.remove_no"), "cc-followup-remove-no")
            on_click(self.session, yes, lambda: self.remove(contact))
            on_click(self.session, no, lambda: self.ask_remove(None))
            return w.VBox([w.HBox(buttons, layout=BUTTON_ROW), warning, w.HBox([yes, no], layout=BUTTON_ROW)])
        if self.editing != contact.id:
            edit = button(
                t("followup.edit"),
                "cc-followup-edit",
                tooltip=t("followup.edit_name", who=whom(contact, self.session.language)),
            )
            on_click(self.session, edit, lambda: self.open_edit(contact.id))
            buttons.insert(0, edit)
        remove = button(
            t("followup.remove"),
            "cc-followup-remove",
            tooltip=t("followup.remove_name", who=whom(contact, self.session.language)),
        )
        on_click(self.session, remove, lambda: self.ask_remove(contact.id))
        buttons.append(remove)
        return w.HBox(buttons, layout=BUTTON_ROW, **css("cc-button-row"))

    def _edit_form(self, contact: Contact) -> w.Widget:
        """The contact's details to change: the name (found at last), role, organisation, how they are known and
        the channel; Save keeps them (its history stays), Cancel leaves them."""
        t = self.session.t
        name = labelled(w.Text, t("followup.name"), "cc-followup-edit-name", value=contact.name, layout=FULL_WIDTH)
        role = labelled(w.Text, t("followup.role"), "cc-followup-edit-role", value=contact.role, layout=FULL_WIDTH)
        organisation = labelled(
            w.Text, t("followup.organisation"), "cc-followup-edit-organisation", value=contact.organisation
        )
        relationship, channel = self._connection_choices("cc-followup-edit", contact.relationship, contact.channel)
        connection = self._connection_field("cc-followup-edit-connection", contact.connection, relationship)
        save = button(t("followup.save"), "cc-followup-save", "primary")
        cancel = button(t("followup.cancel"), "cc-followup-cancel")
        fields = {"name": name, "role": role, "organisation": organisation, "connection": connection}
        choices = {"relationship": relationship, "channel": channel}
        on_click(self.session, save, lambda: self.save_edit(contact.id, fields, choices))
        on_click(self.session, cancel, lambda: self.open_edit(None))
        parts = [name, role, organisation, relationship, connection, channel, w.HBox([save, cancel], layout=BUTTON_ROW)]
        return w.VBox(parts, layout=FULL_WIDTH, **css("cc-followup-edit-form"))

    def _connection_choices(self, prefix: str, relationship: str, channel: str) -> tuple[w.Dropdown, w.Dropdown]:
        """How the participant knows a contact and how they write to them: two drop-downs (CSS classes
        ``<prefix>-relationship`` and ``<prefix>-channel``) set to ``relationship`` and ``channel``."""
        t, lang = self.session.t, self.session.language
        known = [(r.label[lang], r.id) for r in self.workshop.bank.relationships]
        ways = [(c.label[lang], c.id) for c in self.workshop.outreach.channels]
        return (
            labelled(
                w.Dropdown, t("followup.relationship"), f"{prefix}-relationship", options=known, value=relationship
            ),
            labelled(w.Dropdown, t("followup.channel"), f"{prefix}-channel", options=ways, value=channel),
        )

    def _connection_field(self, css_class: str, value: str, relationship: w.Dropdown) -> w.Textarea:
        """How the participant knows a contact, one sentence written to them, asked in the plan's words with the
        example of the connection chosen (``relationship``): its requests say it."""
        field = one_line(
            self._connection_label(relationship.value), css_class, grows=True, value=value, layout=FULL_WIDTH
        )
        relabel = lambda change: setattr(field, "description", self._connection_label(change["new"]))
        watch(self.session, relationship, relabel)
        return field

    def _connection_label(self, relationship: str) -> str:
        known = next((r for r in self.workshop.bank.relationships if r.id == relationship), None)
        example = known.connection_example[self.session.language] if known else ""
        return self.session.t("builder.connection", example=example)

    def save_edit(
        self, contact_id: str, fields: dict[str, w.Text | w.Textarea], choices: dict[str, w.Dropdown]
    ) -> None:
        """Keep the changed details (checked as the server checks them); a name makes an organisation a person."""
        contact = self.contact(contact_id)
        if contact is None:
            return
        said = {part: " ".join(field.value.split()) for part, field in fields.items()}
        if not (said["name"] or said["organisation"]):
            self.say_on_card(contact_id, _error(self.session.t("followup.need_name")))
            return
        update = {**said, **{part: choice.value for part, choice in choices.items()}}
        update["kind"] = "person" if said["name"] else "organisation"
        try:
            changed = Contact.model_validate({**contact.model_dump(), **update})
        except ValueError:
            limits = {"name": keys.CONTACT_NAME_CHARS, "role": keys.CONTACT_ROLE_CHARS}
            limits |= {"organisation": keys.CONTACT_ORGANISATION_CHARS, "connection": keys.CONTACT_CONNECTION_CHARS}
            part = max(said, key=lambda part: len(said[part]) - limits[part])
            said_error = self.session.t("field.too_long", limit=limits[part], length=len(said[part]))
            self.say_on_card(contact_id, _error(said_error))
            return
        if self.replace(changed):
            self.editing = None
            self.redraw()
            self.say_on_card(contact_id, _ok(self.session.t("followup.saved", who=who(changed))))

    def open_edit(self, contact_id: str | None) -> None:
        """Show (or, with None, close) a contact's fields to change, on the contact list, with the focus in its
        name."""
        self.editing = contact_id
        self.card_said = None
        self._redraw_list()
        if contact_id is None:
            return
        if self.step != CONTACTS_STEP:
            self.ask_step(CONTACTS_STEP)
        self.focus(f".cc-followup-contact-{contact_id} .cc-followup-edit-name input")

    def take_back(self, contact: Contact) -> None:
        current = self.contact(contact.id)
        if current is None or len(current.history) < 2:
            return
        back = undo(current)
        if self.replace(back):
            self.redraw()
            said = self.session.t(
                "followup.undone", who=who(back), stage=stage_words(self.workshop, back.stage, self.session.language)
            )
            self.say_on_card(back.id, _ok(said))

    def ask_remove(self, contact_id: str | None) -> None:
        self.removing = contact_id
        self._redraw_list()
        if contact_id:
            self.focus(f".cc-followup-contact-{contact_id} .cc-followup-remove-no")

    def remove(self, contact: Contact) -> None:
        """The contact goes, with its steps, what was noted after talking to them, its messages as rewritten and
        what was typed into their fields (its id may be the next contact's)."""
        remaining = tuple(c for c in self.contacts if c.id != contact.id)
        if not self.save(remaining):
            return
        gone = [keys.after_conversation(contact.id, prompt.id) for prompt in self.content.after_conversation.prompts]
        gone += [keys.followup_draft(contact.id, kind) for kind, asked in DUE_MESSAGE.items() if asked]
        for key in [*gone, keys.followup_values(contact.id)]:
            if self.session.get(key) is not None:
                self.session.set(key, None)
        self.open_messages = {place for place in self.open_messages if place[0] != contact.id}
        self.removing = None
        self.redraw()
        self.list_note.value = _ok(self.session.t("followup.removed", who=who(contact)))
        self.focus(".cc-followup-list-note", reveal=".cc-followup-list-note")

    # --- finding people ----------------------------------------------------------------------------

    def _finding(self) -> list[w.Widget]:
        """The intro, then each way of finding people folded under its title (a disclosure the participant opens
        one at a time): unfolded, the step was about six phone screens."""
        lang = self.session.language
        finding = self.content.finding
        cards = []
        for section in finding.sections:
            steps = "".join(f"<li>{html.escape(step[lang])}</li>" for step in section.steps)
            body = paragraphs_html(section.text[lang]) + (f"<ol>{steps}</ol>" if steps else "")
            title = heading_html(section.title[lang], 4)
            cards.append(
                html_part(
                    f"<details class='cc-disclosure'><summary>{title}</summary>{body}</details>",
                    "cc-card",
                    "cc-text-card",
                    "cc-followup-finding",
                    f"cc-followup-finding-{section.id}",
                    layout=FULL_WIDTH,
                )
            )
        return [text_html(finding.intro[lang]), *cards]

    # --- the week and the list ---------------------------------------------------------------------

    def _week(self) -> list[w.Widget]:
        t, lang = self.session.t, self.session.language
        rhythm = self.content.rhythm
        rules = "".join(
            f"<li>{html.escape(paragraphs(text[lang])[0])}</li>"
            for text in (rhythm.second_person, rhythm.nudge, rhythm.let_go)
        )
        about = html_part(
            paragraphs_html(rhythm.weekly_goal[lang]) + paragraphs_html(rhythm.rhythm[lang]) + f"<ul>{rules}</ul>",
            layout=FULL_WIDTH,
        )
        self.goal = labelled(
            w.Dropdown,
            t("followup.weekly_goal"),
            "cc-followup-goal",
            options=list(range(keys.WEEKLY_GOAL_MIN, keys.WEEKLY_GOAL_MAX + 1)),
            value=weekly_goal(self.session.get(keys.FOLLOWUP_WEEKLY_GOAL)),
            layout=w.Layout(width="12em"),
        )
        watch(self.session, self.goal, self._on_goal)
        states = [
            (t("followup.state_none"), ""),
            (t("followup.state_weekends_only"), NO_HOLIDAYS),
            *sorted((t(f"followup.state.{code}"), code) for code in STATES),
        ]
        self.state_choice = labelled(
            w.Dropdown,
            t("followup.state"),
            "cc-followup-state",
            options=states,
            value=self.state or "",
            layout=w.Layout(width="100%", max_width="26em"),
        )
        watch(self.session, self.state_choice, self._on_state)
        self.notes = {kind: download_note(self.session) for kind in ("csv", "ics")}
        rows = []
        for kind, label in (("csv", "followup.download_csv"), ("ics", "followup.download_ics")):
            control = download_button(t(label), f"cc-followup-download-{kind}")
            on_click(self.session, control, functools.partial(self.download, kind))
            rows.append(w.HBox([control, self.notes[kind]], layout=BUTTON_ROW, **css("cc-download-row")))
        return [
            heading(t("followup.week_heading"), 4),
            about,
            self.goal,
            self.week_progress,
            self.chart,
            self.state_choice,
            html_part(f"<div class='cc-muted cc-help'>{html.escape(t('followup.state_help'))}</div>"),
            heading(t("followup.downloads_heading"), 4),
            *rows,
            text_card(t("followup.privacy_heading"), self.content.privacy[lang], "cc-followup-privacy"),
        ]

    def _on_goal(self, change: dict) -> None:
        try:
            self.session.set(keys.FOLLOWUP_WEEKLY_GOAL, clean_weekly_goal(change["new"]))
        except AnswerRejected as refused:
            self.session.reject(refused)
        self._show_week()

    def _on_state(self, change: dict) -> None:
        try:
            self.session.set(keys.FOLLOWUP_STATE, clean_state(change["new"] or None))
        except AnswerRejected as refused:
            self.session.reject(refused)
            return
        self.redraw()  # the working days, and so the dates due, change with the holidays

    def _show_week(self) -> None:
        t, lang = self.session.t, self.session.language
        goal = weekly_goal(self.session.get(keys.FOLLOWUP_WEEKLY_GOAL))
        done = written_in_week(self.contacts, today())
        key = "followup.week_reached" if done >= goal else "followup.week_progress"
        self.week_progress.value = f"<p>{html.escape(t(key, done=done, goal=goal))}</p>"
        weeks = weekly_counts(self.contacts, today())[-keys.FOLLOWUP_CHART_WEEKS :]
        if not any(week.sent or week.replied or week.met for week in weeks):
            self.chart.value = f"<p class='cc-muted'>{html.escape(t('followup.chart_empty'))}</p>"
            return
        labels = [t("followup.chart_week", day=long_date(_monday(week.week), self.workshop, lang)) for week in weeks]
        series = [
            (t("followup.chart_sent"), [week.sent for week in weeks]),
            (t("followup.chart_replied"), [week.replied for week in weeks]),
            (t("followup.chart_met"), [week.met for week in weeks]),
        ]
        self.chart.value = to_svg(weeks_compact(labels, series, t("followup.chart_title")))

    def download(self, kind: str) -> bool:
        """The list as CSV, or the next steps as a calendar file; what became of it is said beside the button."""
        t, lang = self.session.t, self.session.language
        for name, other in self.notes.items():
            if name != kind:
                other.value = download_note_html(self.session)
        stem = t("followup.file_stem")
        if kind == "csv":
            make = lambda: (contacts_csv(self.contacts, lang, csv_labels(self.workshop, lang)).encode(), "text/csv")
            return offer_download(self.session, self.downloader, self.notes[kind], f"{stem}.csv", make)
        items = [i for i in self.due_items if i.kind in calendar_titles(self.workshop, lang)]
        if not items:
            self.notes[kind].value = download_note_html(self.session, _muted(t("followup.no_calendar")))
            return False
        events = calendar_events(
            items, self.contacts, calendar_titles(self.workshop, lang), calendar_texts(self.workshop, lang)
        )
        make = lambda: (ics(events, t("followup.calendar_name")), "text/calendar")
        return offer_download(self.session, self.downloader, self.notes[kind], f"{stem}.ics", make)

    def _day(self, day: dt.date) -> str:
        return long_date(day, self.workshop, self.session.language)


_COPY_WORDS = {"copy": "copy", "name": "copy_name", "copied": "copied", "marked": "copy_marked"}


def _monday(week: str) -> dt.date:
    """The Monday of an ISO week such as ``2026-W49``."""
    year, number = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(number), 1)


def _ok(text: str) -> str:
    return f"<div class='cc-status-ok' role='status'>{html.escape(text)}</div>"


def _error(text: str) -> str:
    return f"<div class='cc-status-error' role='alert'>{html.escape(text)}</div>"


def _muted(text: str) -> str:
    return f"<span class='cc-muted'>{html.escape(text)}</span>"


def _said(values: dict[str, Any], view: FollowThroughView) -> dict[str, Any]:
    """A refusal's values as the page says them (days as long dates)."""
    return {name: view._day(value) if isinstance(value, dt.date) else value for name, value in values.items()}


def _recordable(item: Due) -> bool:
    """Whether a due card has „Erledigt“ (a conversation still to come has nothing to record yet)."""
    return bool(DONE_STAGE.get(item.kind)) and not (item.kind == "meeting" and item.day > today())

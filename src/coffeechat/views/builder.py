"""The question builder view: describe the conversation, review the plan, the messages, take it home.

All decisions live in ``builder``, ``outreach`` and ``report``; this view shows their results and turns
clicks into edits, which the session saves at once. What the builder changes on its own after an edit (a
question out to keep to the time, another in) is said in words under the questions, with a way back.

Four steps (:data:`~coffeechat.models.builder.BUILDER_STEPS`), one on screen at a time, with the same interface
as a fear module's (:class:`~coffeechat.views.fear.FearView`): the page's Back and Next walk through them.
"""

from __future__ import annotations

import html
from typing import Any, NamedTuple

import ipywidgets as w

from coffeechat.documents.export import family_label, plan_document, plan_filename, to_markdown
from coffeechat.models import keys
from coffeechat.models.answers import AnswerRejected, clean_text, has_unstorable, replace_unstorable
from coffeechat.models.builder import (
    BUILDER_STEPS,
    Plan,
    PlanChange,
    PlanEdits,
    PlannedQuestion,
    PlanRequest,
    build_plan,
    carried_field,
    carried_questions,
    contact_first_name,
    edits_from_answers,
    first_name,
    plan_changes,
    request_from_answers,
    swap_options,
    updated_request,
)
from coffeechat.models.outreach import (
    FIELD_KEYS,
    SENTENCE_MESSAGE_FIELDS,
    Draft,
    channel_hint,
    channel_label,
    channels_for,
    check,
    chip_label,
    clean_shown_message,
    closing_lines,
    compose,
    informal,
    kind_of,
    message_fields,
    message_ids,
    opening_lines,
    renamed,
    saved_channel,
    shown_message,
    stale_names,
    switched_channel,
    tip_situation,
    with_seen,
)
from coffeechat.models.session import Session
from coffeechat.upstream.ipywidgets import replace_classes
from coffeechat.views.common import (
    FULL_WIDTH,
    GROWING,
    PLAIN_LAYOUT,
    WRAPPING_ROW,
    ModuleSteps,
    SteppedView,
    button,
    card,
    css,
    download_button,
    download_note,
    heading,
    heading_html,
    hide,
    html_part,
    labelled,
    offer_download,
    on_click,
    one_line,
    replace_children,
    shared_style,
    text_html,
    watch,
)
from coffeechat.views.message_tip import MessageTip
from coffeechat.views.question_tip import QuestionTip
from coffeechat.widgets.copy import CopyButton
from coffeechat.widgets.download import Downloader

#: a question of the plan with its buttons: a button that takes the focus after a change brings all of it into view
#: (the redrawn plan had the new question's text above the window's top edge, only its buttons in view)
QUESTION_ROW = ".cc-question"

TEXT_FIELDS = ("contact_name", "contact_first_name", "contact_role", "field", "my_name", "my_situation", "connection")
#: fields that hold a sentence: a text area of a few lines that grows with it (one line did not fit it)
SENTENCE_FIELDS = frozenset({"my_situation", "connection"})
#: fields that may hold a long answer (fear 1 carries one into the field): one line that grows with it
GROWING_FIELDS = frozenset({"contact_role", "field"})
#: what a change of the request is, for the words that report what it did to the plan
REQUEST_CAUSES = {"minutes": "minutes"}
#: the words that open a report of what the builder changed on its own, by what the participant did
CAUSE_KEYS = {
    "own": "builder.changed_own",
    "include": "builder.changed_include",
    "remove": "builder.changed_remove",
    "swap": "builder.changed_swap",
    "minutes": "builder.changed_minutes",
    "request": "builder.changed_request",
    "seed": "builder.changed_seed",
    "other": "builder.changed_other",
}

#: the step that shows the plan (from 1)
PLAN_STEP = BUILDER_STEPS.index("plan") + 1
#: the step that shows the messages (from 1)
MESSAGES_STEP = BUILDER_STEPS.index("messages") + 1


class BuilderView(SteppedView):
    """Four steps, one on screen at a time: the conversation, the plan, the messages, the take-home files.

    The steps' interface of a module view (see :class:`~coffeechat.views.fear.FearView`): ``steps`` (the names,
    on the class), ``step`` (the one on screen, from 1) and ``show_step(n)``. A new view opens at the step saved
    in the session (``keys.step``); every step's widgets are built at once and the others only hidden, so the
    plan follows the description even while it is out of sight. Each step is an element ``.cc-module-step-<n>``
    that starts with its heading in ``.cc-module-step-heading``. The messages step shows one message at a time
    (:func:`~coffeechat.models.outreach.shown_message`), the others one tap away on their chips.
    """

    steps: tuple[str, ...] = BUILDER_STEPS

    def __init__(self, session: Session, module_id: str, on_erased=None, focus=None):
        self.session = session
        self.module_id = module_id
        self.focus = focus or (lambda _selector, reveal="": None)
        self.workshop = session.workshop
        self.bank = session.workshop.bank
        self.lang = session.language
        answers = session.answers()
        #: the field named in a fear module, and that fear (None: none): the plan takes it until they name one
        self.field_carried = carried_field(self.workshop, answers)
        self.request = request_from_answers(self.bank, [f.id for f in self.workshop.fears], answers, self.field_carried)
        self.edits = edits_from_answers(answers)
        # the questions written in the fear modules come along (as far as the time allows)
        self.carried = carried_questions(self.workshop, answers)
        self.downloader = Downloader()
        self.plan_box = w.VBox(layout=FULL_WIDTH, **css("cc-plan"))
        # what the builder changed on its own, in words (a polite live region) and with a way back; it stays
        # when the plan is redrawn, so that its text is announced as it changes
        self.changes_text = html_part("", "cc-plan-changes", layout=FULL_WIDTH)
        #: whether the participant has had the plan on screen: until then there is no plan to say changes of
        #: (a first visit read "the plan has changed" before it had ever been seen)
        self.plan_seen = False
        self.bring_back_row = w.HBox(layout=WRAPPING_ROW, **css("cc-bring-back-row"))
        self.changes_box = w.VBox([self.changes_text, self.bring_back_row], layout=FULL_WIDTH)
        #: what the plan on screen was built from (see _plan_layout), and its question rows' text and minutes
        self._shown_layout: tuple | None = None
        self._rows: dict[str, tuple[w.Textarea, w.HTML]] = {}
        #: the question rows, one per place in the plan: a redraw renews their words, arrows and classes in place
        #: (drawing the plan anew shrank the page for a moment and the browser scrolled the pressed ⇄ away)
        self.rows_box = w.VBox(layout=FULL_WIDTH, **css("cc-plan-rows"))
        self._slots: list[PlanSlot] = []
        #: the removal that „↶ Zurückholen“ takes back: (place, question id, text, edits before, edits after)
        self._removed: Removal | None = None
        #: what decides the parts below the rows (language, spare questions): drawn anew only when it changes
        self._shown_tail: tuple | None = None
        #: the contact's names before the participant changed them here (a draft they edited may still say one)
        self.earlier_names: list[str] = []
        #: the question texts whose tip the participant waved away ("Passt so"), kept over redraws of the plan
        self.dismissed_tips: set[str] = set()
        self.editors: list[MessageEditor] = []
        self.messages_box = w.VBox(self._message_widgets(), layout=FULL_WIDTH, **css("cc-messages"))
        self.download_note = download_note(session)
        self.plan: Plan
        t = session.t
        parts: dict[str, list[w.Widget]] = {
            "describe": [text_html(t("builder.intro")), self._describe()],
            "plan": [self._rules(), self._skip_questions(), self.plan_box],
            "messages": [self.message_choice, self.messages_box],
            "take-home": [text_html(t("builder.take_home_intro")), self._downloads(), *self._follow_up()],
        }
        titles = [t(f"builder.step_{name.replace('-', '_')}") for name in self.steps]
        self.plan_seen = False
        self.step_parts = ModuleSteps(session, module_id, self.steps, titles, parts.values(), "cc-builder")
        self.shown(self.step)
        self.widget = w.VBox(
            [heading(t("builder.title")), *self.step_boxes, self.downloader],
            layout=FULL_WIDTH,
            **css("cc-builder"),
        )
        self.redraw_plan()

    def _rules(self) -> w.Widget:
        """One short line on why questions come and go, and what the arrows do (the rules in ``builder``)."""
        rules = html.escape(self.session.t("builder.plan_rules"))
        return html_part(f"<p class='cc-muted'>{rules}</p>", "cc-plan-rules", layout=FULL_WIDTH)

    def _skip_questions(self) -> w.Widget:
        """A visible way past the questions for the keyboard (each question has five buttons and a text: about
        44 presses of Tab to Next): the focus goes to the first field after them, the participant's own question.
        """
        skip = button(self.session.t("builder.skip_questions"), "cc-skip-questions")
        on_click(self.session, skip, lambda: self.focus(".cc-own-text textarea"))
        return skip

    def shown(self, number: int) -> None:
        """Once the plan was on screen it reports its changes; a message on screen goes into the take-home."""
        self.plan_seen = self.plan_seen or number >= PLAN_STEP
        if number == MESSAGES_STEP:
            self._note_seen(self.message)

    def _note_seen(self, kind: str) -> None:
        """Remember that the participant had this message on screen: it goes into the take-home (once complete)."""
        saved = self.session.get(keys.BUILDER_MESSAGES_SEEN)
        seen = with_seen(saved, kind, message_ids(self.workshop))
        if seen != saved:
            self.session.set(keys.BUILDER_MESSAGES_SEEN, seen)

    # --- step 1: the conversation ------------------------------------------------------------------

    def _describe(self) -> w.Widget:
        t, lang, bank, request = self.session.t, self.lang, self.bank, self.request
        self.inputs: dict[str, w.Widget] = {}
        rows: list[w.Widget] = []
        for name in TEXT_FIELDS:
            label = t("builder." + name) if name != "connection" else self._connection_label()
            css_class = f"cc-builder-{name.replace('_', '-')}"
            # the first name is hidden and shown, so it has a layout of its own (never the shared one)
            layout = w.Layout(width="100%") if name == "contact_first_name" else FULL_WIDTH
            value = getattr(request, name)
            if name in SENTENCE_FIELDS:
                widget = labelled(
                    w.Textarea,
                    label,
                    css_class,
                    "cc-sentence",
                    value=value,
                    rows=3,
                    layout=layout,
                    continuous_update=False,
                )
            else:
                widget = one_line(
                    label, css_class, grows=name in GROWING_FIELDS, value=value, layout=layout, continuous_update=False
                )
            watch(self.session, widget, lambda change, name=name: self._set(name, change["new"]))
            self.inputs[name] = widget
            rows.append(widget)
            if name == "field":  # where a field named in a fear module came from, while it is unchanged
                # a layout of its own: hidden while it has nothing to say (no gap under the field)
                self.carried_note = html_part("", "cc-carried-note", layout=w.Layout(width="100%"))
                self._show_carried()
                rows.append(self.carried_note)

        def choice(control: type[w.DOMWidget], name: str, **traits) -> w.DOMWidget:
            widget = labelled(control, t(f"builder.{name}"), f"cc-builder-{name}", **traits)
            watch(self.session, widget, lambda change: self._set(name, change["new"] or None))
            self.inputs[name] = widget
            return widget

        relationship = choice(
            w.Dropdown,
            "relationship",
            options=[(r.label[lang], r.id) for r in bank.relationships],
            value=request.relationship,
        )
        seniority = choice(
            w.Dropdown,
            "seniority",
            options=[(t("builder.seniority_any"), "")] + [(s.label[lang], s.id) for s in bank.seniorities],
            value=request.seniority or "",
        )
        minutes = choice(
            w.ToggleButtons,
            "minutes",
            options=[(f"{m} {t('builder.min')}", m) for m in bank.durations],
            value=request.minutes,
            style={"button_width": "auto"},
        )
        fear = choice(
            w.Dropdown,
            "fear",
            options=[(t("builder.fear_none"), "")] + [(f.title[lang], f.id) for f in self.workshop.fears],
            value=request.fear or "",
        )
        self.goal_boxes = {
            g.id: w.Checkbox(
                value=g.id in request.goals,
                description=g.label[lang],
                indent=False,
                layout=FULL_WIDTH,
                style=shared_style(w.Checkbox),
                **css("cc-builder-goal"),
            )
            for g in bank.goals
        }
        for box in self.goal_boxes.values():
            watch(self.session, box, lambda _change: self._set_goals())
        self.first_names = w.Checkbox(
            value=informal(self.workshop, request),
            description=t("builder.informal"),
            indent=False,
            layout=FULL_WIDTH,
            style=shared_style(w.Checkbox),
            **css("cc-builder-informal"),
        )
        watch(self.session, self.first_names, lambda change: self._set("informal", bool(change["new"])))
        goals = w.VBox(
            [
                html_part(f"<p class='cc-label cc-group-label'>{html.escape(t('builder.goals'))}</p>"),
                *self.goal_boxes.values(),
            ],
            layout=FULL_WIDTH,
            **css("cc-field"),
        )
        # how they are connected comes right before the sentence saying so (its example follows the choice);
        # first-name terms follow the relationship, so their box and the first name (asked for on them) come
        # right after that sentence, in sight when choosing a former colleague ticks the box (never far above)
        rows.remove(self.inputs["contact_first_name"])
        rows.insert(rows.index(self.inputs["connection"]), relationship)
        at = rows.index(self.inputs["connection"]) + 1
        rows[at:at] = [self.first_names, self.inputs["contact_first_name"]]
        rows += [seniority, goals, minutes, fear]
        self._show_first_name_field()
        return card(rows)

    def _show_first_name_field(self) -> None:
        """The contact's first name is asked for while the messages are on first-name terms; where the contact's
        name says one („Aoife“, „Dr. Aylin Özdemir“), the label says it is optional and which one the messages
        use, and the field shows it as its placeholder."""
        on_first_names = informal(self.workshop, self.request)
        field = self.inputs["contact_first_name"]
        field.layout.display = None if on_first_names else "none"
        derived = first_name(self.request.contact_name)
        label = (
            self.session.t("builder.contact_first_name_derived", name=derived)
            if derived
            else self.session.t("builder.contact_first_name")
        )
        if field.description != label:
            field.description = label
        if field.placeholder != derived:
            field.placeholder = derived

    def _connection_label(self) -> str:
        """The connection's label: it shows the example sentence of the chosen relationship."""
        relationship = next((r for r in self.bank.relationships if r.id == self.request.relationship), None)
        example = relationship.connection_example[self.lang] if relationship else ""
        return self.session.t("builder.connection", example=example)

    def _show_connection_example(self) -> None:
        self.inputs["connection"].description = self._connection_label()

    def _show_carried(self) -> None:
        """„Aus … übernommen“ under the field while it holds what the participant named in a fear module."""
        carried = self.field_carried
        if carried is None or self.request.field != carried[0]:
            self.carried_note.value = ""
            self.carried_note.layout.display = "none"
            return
        self.carried_note.layout.display = None
        fear = self.workshop.fear(carried[1]).title[self.lang]
        said = html.escape(self.session.t("builder.carried_from", fear=fear))
        self.carried_note.value = f"<p class='cc-muted cc-help'>{said}</p>"

    def _set(self, name: str, value) -> None:
        if name in ("contact_name", "contact_first_name"):  # an edited draft may still say the name before
            for earlier in (self.request.contact_name, contact_first_name(self.request)):
                if earlier.strip() and earlier.strip() not in self.earlier_names:
                    self.earlier_names.append(earlier.strip())
        replaced = has_unstorable(value)  # half an emoji from a paste: saved as U+FFFD, and said so
        try:
            request = updated_request(self.request, name, replace_unstorable(value))
        except AnswerRejected as rejected:
            self.session.reject(rejected)
            return
        self._save_request(request, replaced, REQUEST_CAUSES.get(name, "request"))
        if name == "field":
            self._show_carried()

    def _set_goals(self) -> None:
        goals = tuple(goal_id for goal_id, box in self.goal_boxes.items() if box.value)
        if not goals:
            self.session.reject(AnswerRejected("builder.need_goal"))
            return
        self._save_request(self.request.model_copy(update={"goals": goals}))

    def _save_request(self, request: PlanRequest, replaced: bool = False, cause: str = "request") -> None:
        self.request = request
        self.session.set(keys.BUILDER_REQUEST, request.model_dump(mode="json"), replaced=replaced)
        self.refresh(cause)

    def _save_edits(
        self,
        edits: PlanEdits,
        in_place: bool = False,
        replaced: bool = False,
        cause: str = "other",
        touched: tuple[str, ...] = (),
    ) -> bool:
        """Save the edits and show the new plan; returns whether the plan was redrawn.

        ``in_place`` edits (a star, a reworded text) are already on screen: the plan is only redrawn if they
        changed which questions it holds, so the keyboard focus stays where the participant put it. What the
        builder changed besides the ``touched`` questions is said in words (see :meth:`report`).
        """
        self.edits = edits
        self._removed = None  # the way back from a removal goes with the next change of the plan
        self.session.set(keys.BUILDER_EDITS, edits.model_dump(mode="json"), replaced=replaced)
        redrawn = self.redraw_plan(only_if_changed=in_place, cause=cause, touched=touched)
        self._show_removed()
        return redrawn

    # --- step 2: the plan --------------------------------------------------------------------------

    def refresh(self, cause: str = "request") -> None:
        """Rebuild the plan and bring the example and the message drafts up to date with the request."""
        self._show_connection_example()
        if self.request.informal is None:
            self.first_names.value = informal(self.workshop, self.request)
        self._show_first_name_field()
        self.redraw_plan(cause=cause)
        for editor in self.editors:
            editor.update()

    def redraw_plan(self, only_if_changed: bool = False, cause: str = "other", touched: tuple[str, ...] = ()) -> bool:
        """Rebuild the plan from the request and edits and show it; returns whether it was redrawn.

        With ``only_if_changed``, a plan that holds the same questions as the one on screen is not redrawn.
        What the builder changed on its own, besides the ``touched`` questions, is reported (``cause`` says
        what the participant did).
        """
        before = getattr(self, "plan", None)
        shown = self.plan.ids if only_if_changed else None
        self.plan = build_plan(self.bank, self.request, self.edits, self.carried)
        if self.plan.ids == shown:
            return False
        if before is not None:
            self.report(before, cause, touched)
        layout = self._plan_layout()
        if layout == self._shown_layout:
            self._update_plan_texts()  # same questions in the same places: only words and minutes change
            return True
        self._show_rows()
        tail = (self.lang, tuple(self.plan.spare))
        if tail != self._shown_tail:
            replace_children(self.plan_box, self._plan_widgets(), keep=[self.changes_box, self.rows_box])
            self._shown_tail = tail
        self._update_plan_texts()
        self._shown_layout = layout
        return True

    def _show_rows(self) -> None:
        """Show the plan's questions in the rows, one per place: rows are added or taken at the end, the others
        keep their widgets and only change what they say (a row drawn anew left the page shorter for a moment)."""
        if self._slots and self._slots[0].lang != self.lang:
            self._slots = []
        questions = self.plan.questions
        starts = {qs[0].id: family for family, qs in self.plan.grouped()}
        labels = [family_label(self.workshop, starts[q.id], self.lang) if q.id in starts else "" for q in questions]
        kept = self._slots[: len(questions)]
        for slot, question, label in zip(kept, questions, labels, strict=False):
            slot.show(question, label)
        # a new row is made showing its question: its classes come with its first message
        added = [PlanSlot(self, n + 1, questions[n], labels[n]) for n in range(len(kept), len(questions))]
        self._slots = kept + added
        if tuple(self.rows_box.children) != tuple(slot.box for slot in self._slots):
            replace_children(self.rows_box, [slot.box for slot in self._slots])
        self._rows = {q.id: (slot.text, slot.minutes) for slot, q in zip(self._slots, questions, strict=True)}

    def _show_removed(self) -> None:
        """The line „„…“ entfernt“ with „↶ Zurückholen“ in the removed question's place, while it can come back."""
        place = min(self._removed.place, len(self._slots) - 1) if self._removed else -1
        for index, slot in enumerate(self._slots):
            slot.show_removed(self._removed.text if index == place and self._removed else "")

    def report(self, before: Plan, cause: str, touched: tuple[str, ...] = ()) -> None:
        """Say in words what the builder changed on its own from ``before`` to the plan now, with a button to
        bring back each question it took out. The last report stays until the plan's questions change again."""
        if not self.plan_seen:
            return
        changes = plan_changes(self.bank, before, self.plan, touched)
        t = self.session.t
        # where a question of one's own went, always: the walk's landed under a heading off screen, unsaid
        own = next((q for q in self.plan.questions if q.id in touched), None) if cause == "own" else None
        placed = t("builder.own_placed", topic=family_label(self.workshop, own.family, self.lang)) if own else ""
        if not changes and not (self.plan.over_time and not before.over_time):
            if cause == "seed":  # „↻ Neue Vorschläge“ and nothing to change: said, not a silent button (a walk)
                placed = t("builder.seed_unchanged")
            if placed:
                self._show_report(f"<div class='cc-status-info' role='status'><p>{html.escape(placed)}</p></div>", [])
            elif set(before.ids) != set(self.plan.ids):
                self._show_report("", [])
            return
        question = next((self._text(q) for q in self.plan.questions if q.id in touched), "")
        if self.plan.over_time:  # where the plan stands, once: not "to keep to the time" for a plan over it
            lead = t("builder.changed_over", total=self.plan.total_minutes, asked=self.request.minutes)
            lead += f" {t('builder.changed_over_list')}" if changes else ""
        else:
            lead = t(CAUSE_KEYS.get(cause, CAUSE_KEYS["other"]), minutes=self.request.minutes, question=question)
        lead = f"{placed} {lead}" if placed else lead  # „Ihre Frage steht jetzt … unter …“ and what else changed
        items = [self._change_text(change, cause) for change in changes]
        buttons = []
        for change in changes:
            if change.kind == "dropped":
                text = self._text(change.question)
                back = button(
                    t("builder.bring_back", question=_short(text)),
                    "cc-bring-back",
                    tooltip=t("builder.bring_back_tip", question=text),
                )
                on_click(self.session, back, lambda question_id=change.question.id: self._include(question_id))
                buttons.append(back)
        listed = f"<ul>{''.join(f'<li>{html.escape(item)}</li>' for item in items)}</ul>" if items else ""
        self._show_report(
            f"<div class='cc-status-info' role='status'><p>{html.escape(lead)}</p>{listed}</div>", buttons
        )

    def _show_report(self, value: str, buttons: list[w.Widget]) -> None:
        self.changes_text.value = value
        replace_children(self.bring_back_row, buttons)

    def _text(self, question) -> str:
        return question.text(self.bank, self.lang)

    def _change_text(self, change: PlanChange, cause: str) -> str:
        """One change in words: what happened to which question, and why."""
        t, text = self.session.t, self._text(change.question)
        if change.kind == "spared":
            return t("builder.spared", question=text, heading=t("builder.spare_heading"))
        if change.kind == "added":
            return t("builder.added_carried" if change.question.source == "carried" else "builder.added", question=text)
        if change.kind == "moved":
            return t("builder.moved", question=text, number=self.plan.ids.index(change.question.id) + 1)
        if cause == "seed":
            said = t("builder.dropped_seed", question=text)
        elif change.reason == "unsuitable":
            said = t("builder.dropped_unsuitable", question=text)
        else:  # a plan still over its time took it out to save time, not for want of it
            said = t("builder.dropped_time_over" if self.plan.over_time else "builder.dropped_time", question=text)
        if change.goals:
            labels = ", ".join(g.label[self.lang] for g in self.bank.goals if g.id in change.goals)
            said += " " + t("builder.dropped_goal", goals=labels)
        return said

    def _plan_layout(self) -> tuple:
        """What decides the plan's widgets: its questions in their places (and their stars and arrows); the
        texts around them, the minutes and the summary are updated in place."""
        places = tuple(
            (family, q.id, q.starred, self.plan.can_move(q.id, -1), self.plan.can_move(q.id, 1))
            for family, questions in self.plan.grouped()
            for q in questions
        )
        return (self.lang, places, tuple(self.plan.spare))

    def _update_plan_texts(self) -> None:
        """Bring the texts of the plan on screen up to date without rebuilding it (an edit of the request
        rebuilt some 60 widgets: slow on a busy server, and the keyboard focus fell off the page)."""
        self._opening_heading.value = heading_html(self._opening_title(), 4)
        self._opening_list.value = self._opening_lines_html()
        for question in self.plan.questions:
            text, minutes = self._rows[question.id]
            text.value = question.text(self.bank, self.lang)  # _reword sees the plan's own text: nothing saved
            minutes.value = self._minutes_html(question.minutes)
        self._closing_heading.value = heading_html(self._closing_title(), 4)
        self._closing_list.value = self._closing_lines_html()
        self._summary.value = self._summary_html()

    def _plan_widgets(self) -> list[w.Widget]:
        """The plan's parts: the opening and the rows stay (their words change in place), the parts below them
        are drawn anew."""
        t, lang, bank, plan = self.session.t, self.lang, self.bank, self.plan
        if not hasattr(self, "_opening_heading"):
            self._opening_heading = heading(self._opening_title(), 4)
            self._opening_list = html_part(self._opening_lines_html())
        parts: list[w.Widget] = [self._opening_heading, self._opening_list, self.rows_box, self.changes_box]
        if plan.spare:
            include = t("builder.include")
            parts += [
                heading(t("builder.spare_heading"), 4),
                html_part(f"<div class='cc-muted'>{html.escape(t('builder.spare', button=include))}</div>"),
            ]
            for text, question_id in zip(plan.spare, plan.spare_ids, strict=True):
                take = button(f"⇄ {include}", "cc-include", tooltip=t("builder.include_tip", question=text))
                on_click(self.session, take, lambda question_id=question_id: self._include(question_id))
                words = html_part(f"<p>{html.escape(text)}</p>", layout=w.Layout(flex="1 1 16em"))
                parts.append(w.HBox([words, take], layout=WRAPPING_ROW, **css("cc-spare")))
        self._closing_heading = heading(self._closing_title(), 4)
        self._closing_list = html_part(self._closing_lines_html())
        parts += [self._closing_heading, self._closing_list]
        self._summary = html_part(self._summary_html())
        regenerate = button(f"↻ {t('builder.regenerate')}", "cc-regenerate")
        on_click(
            self.session,
            regenerate,
            lambda: self._save_request(self.request.model_copy(update={"seed": self.request.seed + 1}), cause="seed"),
        )
        # a question may be long: one line that grows with it (a one-line input hid its end); its text arrives
        # key by key, and Enter clicks the add button beside it (``cc-enter-adds`` in page.js)
        self.own_text = one_line(
            t("builder.own_question"),
            "cc-own-text",
            grows=True,
            placeholder=t("builder.add_own_placeholder"),
            layout=w.Layout(flex="1 1 16em"),
            continuous_update=True,
        )
        self.own_family = labelled(
            w.Dropdown,
            t("builder.own_family"),
            options=[(f.label[lang], f.id) for f in bank.families],
            layout=w.Layout(flex="0 1 14em"),
        )
        add = button(f"+ {t('builder.add_own')}", "cc-add-own", kind="cc-enter-target")
        on_click(self.session, add, self._add_own)
        own_tip = QuestionTip(
            self.own_text,
            self.session,
            refocus=lambda: self.focus(".cc-own-text textarea"),
            dismissed=self.dismissed_tips,
            split_into=self._add_own_two,
        )
        parts += [
            self._summary,
            w.VBox(
                [
                    w.HBox([self.own_text, self.own_family, add], layout=WRAPPING_ROW, **css("cc-enter-adds")),
                    own_tip.widget,
                ],
                layout=FULL_WIDTH,
                **css("cc-question-block"),
            ),
            regenerate,
        ]
        return parts

    def _opening_title(self) -> str:
        t = self.session.t
        return f"{t('builder.opening')} ({self.plan.opening_minutes} {t('builder.min')})"

    def _opening_lines_html(self) -> str:
        """The opening's lines, which use the contact's name and role."""
        lines = opening_lines(self.workshop, self.request, self.session.answers(), self.lang)
        return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"

    def _closing_lines_html(self) -> str:
        """The closing's lines, in the register of the plan („du“ or „Sie“)."""
        lines = closing_lines(self.workshop, self.request, self.lang)
        return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"

    def _closing_title(self) -> str:
        t = self.session.t
        return f"{t('builder.closing')} ({self.plan.closing_minutes} {t('builder.min')})"

    def _minutes_html(self, minutes: int) -> str:
        return f"<span class='cc-muted'>{minutes} {html.escape(self.session.t('builder.min'))}</span>"

    def _summary_html(self) -> str:
        t, plan = self.session.t, self.plan
        # where the plan stands, in one statement: its minutes, and when over, by how much and what to do
        minutes = {"total": plan.total_minutes, "asked": self.request.minutes, "over": plan.over_minutes}
        total = t("builder.over_time" if plan.over_time else "builder.minutes_total", **minutes)
        style = "cc-plan-total cc-status-error" if plan.over_time else "cc-plan-total"
        summary = [f"<div class='{style}'>{html.escape(total)}</div>"]
        if plan.uncovered_goals:
            labels = ", ".join(g.label[self.lang] for g in self.bank.goals if g.id in plan.uncovered_goals)
            summary.append(f"<div class='cc-status-warn'>{html.escape(t('builder.uncovered', goals=labels))}</div>")
        return "".join(summary)

    def _is_kit_text(self, question_id: str, text: str) -> bool:
        """Is ``text`` the question bank's own wording of the question (no tip for the kit's words)?"""
        question = next((q for q in self.plan.questions if q.id == question_id), None)
        return question is not None and question.own_text is None and text.strip() == self._text(question).strip()

    def _toggle_star(self, question_id: str, slot: PlanSlot) -> None:
        """Star or unstar in place: the row keeps its place and the keyboard focus stays where it is."""
        if self._save_edits(self.edits.toggle_star(question_id), in_place=True):
            return
        slot.show_star(question_id in self.edits.starred)

    def _reword(self, question_id: str, text: str) -> None:
        """Save a reworded question; one too long is refused with its limit and stays on screen as typed."""
        try:
            text = clean_text(text, keys.OWN_QUESTION_CHARS)
        except AnswerRejected as rejected:
            self.session.reject(rejected)
            return
        original = next((q for q in self.plan.questions if q.id == question_id), None)
        if original and text.strip() == original.text(self.bank, self.lang).strip():
            return
        replaced = has_unstorable(text)
        self._save_edits(self.edits.reword(question_id, replace_unstorable(text)), in_place=True, replaced=replaced)

    def _move(self, question_id: str, step: int) -> None:
        """Move exactly that question by one place in the plan; the focus stays on the arrow, in its new row."""
        if not self.plan.can_move(question_id, step):
            self.session.reject(AnswerRejected("builder.move_edge"))
            return
        self._save_edits(self.edits.move(self.plan, question_id, step), touched=(question_id,))
        same = "cc-up" if step < 0 else "cc-down"
        other = "cc-down" if step < 0 else "cc-up"
        arrow = same if self.plan.can_move(question_id, step) else other
        self.focus(f".cc-question-{question_id} button.{arrow}", reveal=QUESTION_ROW)

    def _remove(self, question_id: str) -> None:
        """Remove the question; in its place a line says so, with „↶ Zurückholen“, which takes the focus (the
        add-own field when no question is left)."""
        ids = self.plan.ids
        question = next((q for q in self.plan.questions if q.id == question_id), None)
        before = self.edits
        self._save_edits(self.edits.remove(question_id), cause="remove", touched=(question_id,))
        if question is None or not self._slots:
            self.focus(".cc-own-text textarea")
            return
        place = min(ids.index(question_id), len(self._slots) - 1)
        self._removed = Removal(place, question_id, self._text(question), before, self.edits)
        self._show_removed()
        self.focus(f".cc-plan-slot-{place + 1} .cc-undo-remove", reveal=".cc-removed-line")

    def _undo_remove(self) -> None:
        """Put the question just removed back in its place (the plan as it was before ✕)."""
        if self._removed is None or self._removed.after is not self.edits:
            return
        question_id = self._removed.question_id
        self._save_edits(self._removed.before, cause="include", touched=(question_id,))
        self.focus(f".cc-question-{question_id} button.cc-remove", reveal=QUESTION_ROW)

    def _swap(self, question_id: str) -> None:
        options = swap_options(self.bank, self.plan, question_id)
        if not options:
            self.session.reject(AnswerRejected("builder.swap_none"))
            return
        self._save_edits(
            self.edits.swap(question_id, options[0].id), cause="swap", touched=(question_id, options[0].id)
        )
        self.focus(f".cc-question-{options[0].id} button.cc-swap", reveal=QUESTION_ROW)

    def _include(self, question_id: str) -> None:
        """Bring a question into the plan (one that did not fit, or one the builder took out); what made room
        is said, and the focus goes to the question, now in the plan."""
        self._save_edits(self.edits.include(question_id), cause="include", touched=(question_id,))
        if question_id in self.plan.ids:
            self.focus(f".cc-question-{question_id} button.cc-star")

    def _split(self, question_id: str, first: str, second: str) -> None:
        """Two questions in one made two: the first in this question's place, the second right after it; the
        focus goes to the second."""
        edits = self.edits.split(self.plan, question_id, first, second)
        if edits == self.edits:
            return
        second_id = edits.own[-1].id
        self._save_edits(edits, cause="own", touched=(question_id, second_id))
        self.focus(f".cc-question-{second_id} .cc-question-text textarea", reveal=QUESTION_ROW)

    def _add_own_two(self, first: str, second: str) -> None:
        """The own question's two asks added as two questions of the plan, one after the other."""
        edits = self.edits.add_own(first, self.own_family.value).add_own(second, self.own_family.value)
        first_id, second_id = (question.id for question in edits.own[-2:])
        self._save_edits(edits, cause="own", touched=(first_id, second_id))
        self.focus(f".cc-question-{first_id} button.cc-star")

    def _add_own(self) -> None:
        try:
            text = clean_text(self.own_text.value.strip(), keys.OWN_QUESTION_CHARS)
        except AnswerRejected as rejected:
            self.session.reject(rejected)
            return
        if not text:
            return
        replaced = has_unstorable(text)
        edits = self.edits.add_own(replace_unstorable(text), self.own_family.value)
        own_id = edits.own[-1].id
        self.own_text.value = ""  # the field is empty for the next one (it stays on screen now)
        self._save_edits(edits, replaced=replaced, cause="own", touched=(own_id,))
        self.focus(f".cc-question-{own_id} button.cc-star")

    # --- step 3: messages --------------------------------------------------------------------------

    def _message_widgets(self) -> list[w.Widget]:
        """One box per message (its heading, when to send it, its own fields, its editor), only the chosen one
        shown; above them the chips that name every message, the chosen one pressed."""
        t, lang = self.session.t, self.lang
        kinds = message_ids(self.workshop)
        #: the message on screen
        self.message = shown_message(kinds, self.session.get(keys.BUILDER_MESSAGE))
        self.message_choice = labelled(
            w.ToggleButtons,
            t("builder.message_choice"),
            "cc-message-choice",
            options=[(chip_label(k, lang), k.id) for k in self.workshop.outreach.kinds],
            value=self.message,
            style={"button_width": "auto"},
        )
        watch(self.session, self.message_choice, lambda change: self.show_message(change["new"]))
        self.message_boxes: dict[str, w.VBox] = {}
        for message_kind in self.workshop.outreach.kinds:
            kind = message_kind.id
            parts: list[w.Widget] = [
                heading(message_kind.label[lang], 4),
                html_part(f"<div class='cc-muted'>{html.escape(message_kind.hint[lang])}</div>"),
            ]
            for name in message_kind.fields:  # what the participant fills in for this message (content says)
                key = FIELD_KEYS[name]
                field = one_line(
                    t("builder." + name),
                    f"cc-{keys.MESSAGES.get(kind, kind)}-{name.replace('_', '-')}",
                    grows=name in SENTENCE_MESSAGE_FIELDS,
                    value=self.session.get(key, ""),
                    layout=FULL_WIDTH,
                    continuous_update=False,
                )
                watch(self.session, field, lambda change, key=key: self._set_message_field(key, change["new"]))
                parts.append(field)
            editor = MessageEditor(self, kind)
            self.editors.append(editor)
            parts.append(editor.widget)
            self.message_boxes[kind] = w.VBox(
                parts,
                layout=w.Layout(width="100%", display=None if kind == self.message else "none"),  # hidden, shown
                **css("cc-message-box", f"cc-message-box-{kind}"),
            )
        return list(self.message_boxes.values())

    def show_message(self, kind: str) -> None:
        """Show the message ``kind`` (the others keep what was typed into them) and remember the choice; a kind
        the content does not have is refused and nothing changes."""
        try:
            kind = clean_shown_message(kind, message_ids(self.workshop))
        except AnswerRejected as rejected:
            self.session.reject(rejected)
            self.message_choice.value = self.message
            return
        if self.session.get(keys.BUILDER_MESSAGE) != kind:
            self.session.set(keys.BUILDER_MESSAGE, kind)
        self.message = kind
        if self.message_choice.value != kind:
            self.message_choice.value = kind
        for each, box in self.message_boxes.items():
            box.layout.display = None if each == kind else "none"
        if self.step == MESSAGES_STEP:
            self._note_seen(kind)

    def _set_message_field(self, key: str, value: str) -> None:
        try:
            self.session.set(key, clean_text(value, keys.MESSAGE_FIELD_CHARS))
        except AnswerRejected as rejected:
            self.session.reject(rejected)
            return
        for editor in self.editors:
            editor.update()

    # --- step 4: take home -------------------------------------------------------------------------

    def _downloads(self) -> w.Widget:
        t = self.session.t
        markdown = download_button(t("builder.download_markdown"), "cc-download-markdown")
        pdf = download_button(t("builder.download_pdf"), "cc-download-pdf", "primary")
        on_click(self.session, markdown, lambda: self.download("md"))
        on_click(self.session, pdf, lambda: self.download("pdf"))
        return w.VBox([w.HBox([pdf, markdown], layout=WRAPPING_ROW), self.download_note])

    def _follow_up(self) -> list[w.Widget]:
        """What to do after the conversation (the same for every plan: it goes home with the plan)."""
        items = "".join(f"<li>{html.escape(c[self.lang])}</li>" for c in self.bank.frame.follow_up)
        return [heading(self.session.t("builder.follow_up"), 4), html_part(f"<ul>{items}</ul>", "cc-follow-up")]

    def filename(self, extension: str) -> str:
        return plan_filename(self.session.t("builder.file_stem"), self.request, extension)

    def download(self, extension: str) -> bool:
        """Offer the plan as a PDF pocket card or as Markdown; a failure is explained beside the buttons."""

        def make() -> tuple[bytes, str]:
            document = plan_document(self.workshop, self.plan, self.lang, self.session.answers())
            if extension == "pdf":
                from coffeechat.documents.pdf import (
                    pocket_card_pdf,  # the PDF library: only for whoever downloads a PDF
                )

                return pocket_card_pdf(document), "application/pdf"
            return to_markdown(document).encode("utf-8"), "text/markdown"

        return offer_download(self.session, self.downloader, self.download_note, self.filename(extension), make)


class MessageEditor:
    """A draft message: channel choice, editable text, and checks for open placeholders and length."""

    def __init__(self, view: BuilderView, kind: str):
        self.view, self.kind = view, kind
        self.channel_key, self.text_key = keys.message(kind, "channel"), keys.message(kind, "text")
        session, t, lang = view.session, view.session.t, view.lang
        channels = channels_for(view.workshop, kind)
        channel_id = saved_channel(view.workshop, kind, session.answers())
        self.channel = labelled(
            w.ToggleButtons,
            t("builder.channel"),
            f"cc-{kind}-channel",
            options=[(channel_label(view.workshop, kind, c.id, lang), c.id) for c in channels],
            value=channel_id,
            style={"button_width": "auto"},
        )
        watch(session, self.channel, self._on_channel)
        # a Premium account allows a longer invitation note: one named control per channel that has one
        first_contact = not kind_of(view.workshop, kind).existing_contact
        self.premium = {
            c.id: w.Checkbox(
                value=c.id in view.request.premium,
                description=c.premium_label[lang],
                indent=False,
                layout=w.Layout(width="100%"),  # hidden and shown with its channel: a layout of its own
                style=shared_style(w.Checkbox),
                **css(f"cc-{kind}-premium", f"cc-premium-{c.id}"),
            )
            for c in channels
            if first_contact and c.premium_label
        }
        for channel_id_, box in self.premium.items():
            watch(session, box, lambda change, c=channel_id_: self._on_premium(c, bool(change["new"])))
        self.text = labelled(
            w.Textarea,
            t("builder.message_text"),
            f"cc-{kind}-text",
            "cc-message-text",
            visible=False,
            value=self._current_text(),
            layout=w.Layout(width="100%", height="14em"),
            continuous_update=True,
        )
        watch(session, self.text, self._on_text)
        self.check = html_part("", f"cc-{kind}-check", "cc-live")  # its length, said as it changes
        reset = button(t("builder.reset_draft"), f"cc-{kind}-reset")
        on_click(session, reset, self._reset)
        # an edited draft that still names the contact as they were called before: their new name in one tap
        self.rename = button("", f"cc-{kind}-rename", kind="cc-hidden")  # hidden from the start: sent whole
        on_click(session, self.rename, self._rename)
        # the draft goes out of the app by a tap: the text as the field shows it, the participant's edits in it
        words = {"copy": "copy", "name": "copy_name", "copied": "copied", "marked": "copy_marked"}
        self.copy = CopyButton(
            source=f"cc-{kind}-text",
            labels={name: t(f"builder.{key}") for name, key in words.items()},
            **css(f"cc-{kind}-copy"),
        )
        # another channel's draft, a reset or a draft that follows the fields: "Copied" spoke of the text before
        watch(session, self.text, lambda _change: self.copy.shown_changed())
        self.hint = html_part()
        # one tip on what the participant wrote (the length is the check line's): only for their own words
        self.tip = MessageTip(
            self.text,
            session,
            self._tip_situation,
            said_elsewhere=("too-long",),
            refocus=lambda: view.focus(f".cc-{kind}-text textarea"),
            on_shown=lambda _flag: self._show_check(self.text.value),
        )
        self.widget = w.VBox(
            [
                self.channel,
                *self.premium.values(),
                self.hint,
                self.text,
                self.copy,
                self.check,
                self.rename,
                self.tip.widget,
                reset,
            ],
            layout=FULL_WIDTH,
            **css(f"cc-message-{kind}"),
        )
        self._show_premium()
        self._show_hint()
        self.tip.look()  # a draft written earlier that asks for a job says so as it is shown
        self._show_check(self.text.value)

    def update(self) -> None:
        """Follow what the participant entered elsewhere, unless they have rewritten this draft themselves."""
        if not self.view.session.get(self.text_key):
            self.text.value = self._auto_text()
        self._show_check(self.text.value)

    def _show_premium(self) -> None:
        """A channel's Premium control is shown while that channel is chosen."""
        for channel_id, box in self.premium.items():
            box.layout.display = None if channel_id == self.channel.value else "none"

    def _on_premium(self, channel_id: str, on: bool) -> None:
        """Save whether the participant has Premium on this channel, with the other builder answers."""
        premium = tuple(c for c in self.view.request.premium if c != channel_id) + ((channel_id,) if on else ())
        self.view._set("premium", premium)

    def _show_hint(self, note: str = "") -> None:
        hint = channel_hint(self.view.workshop, self.kind, self.channel.value, self.view.lang)
        kept = f"<div class='cc-status-info'>{html.escape(note)}</div>" if note else ""
        self.hint.value = f"<div class='cc-muted'>{html.escape(hint)}</div>{kept}"

    def _auto_draft(self) -> Draft:
        view = self.view
        fields = message_fields(view.session.answers())
        return compose(view.workshop, self.kind, view.request, self.channel.value, view.lang, fields)

    def _auto_text(self) -> str:
        return self._auto_draft().as_text()

    def _current_text(self) -> str:
        edited = self.view.session.get(self.text_key)
        return edited if isinstance(edited, str) and edited else self._auto_text()

    def _on_channel(self, change: dict) -> None:
        """Another channel: a rewritten draft is kept for its channel and comes back when it is chosen again."""
        session = self.view.session
        had_rewrite = bool(session.get(self.text_key))
        for key, value in switched_channel(session.answers(), self.kind, change["old"], change["new"]).items():
            session.set(key, value)
        old = channel_label(self.view.workshop, self.kind, change["old"], self.view.lang)
        self._show_premium()
        self._show_hint(session.t("builder.edited_kept", channel=old) if had_rewrite else "")
        self.text.value = session.get(self.text_key) or self._auto_text()
        self._show_check(self.text.value)

    def _on_text(self, change: dict) -> None:
        try:
            text = clean_text(change["new"], keys.MESSAGE_TEXT_CHARS)
        except AnswerRejected as rejected:
            self.view.session.reject(rejected)
            return
        self.view.session.set(self.text_key, text if text != self._auto_text() else None)
        self._show_check(text)

    def _tip_situation(self, text: str) -> dict[str, Any] | None:
        """What the message tip needs to know of this draft; ``None`` for the kit's own text and one with gaps (the
        check line says those first)."""
        view = self.view
        if not text.strip() or text == self._auto_text():
            return None
        if check(view.workshop, self.kind, self.channel.value, view.request, text, view.lang).missing:
            return None
        request = view.request
        known = [request.contact_name, request.contact_first_name, request.contact_role, request.field,
                 request.my_situation, request.connection, request.my_name]  # fmt: skip
        return tip_situation(view.workshop, self.kind, self.channel.value, text, request, known)

    def _names_now(self) -> tuple[str, str]:
        """The contact's name and first name as the plan has them now."""
        request = self.view.request
        return " ".join(request.contact_name.split()), contact_first_name(request)

    def _stale(self, text: str) -> tuple[str, ...]:
        """The contact's earlier names that this draft, edited by the participant, still says (none for the kit's
        own draft, which follows the plan, or while the plan names no one)."""
        name, first = self._names_now()
        if not name or not self.view.session.get(self.text_key):
            return ()
        return stale_names(text, self.view.earlier_names, (name, first))

    def _rename(self) -> None:
        """Put the contact's name as the plan has it now in place of each earlier one the draft still says (a
        first name by the first name now, where there is one); the rest of the draft stays as edited."""
        name, first = self._names_now()
        text = self.text.value
        for old in self._stale(text):
            text = renamed(text, old, first if first and " " not in old else name)
        self.view.focus(f".cc-{self.kind}-text textarea")
        self.text.value = text  # saved by its observer, as if typed

    def _reset(self) -> None:
        self.view.session.set(self.text_key, None)
        self.text.value = self._auto_text()

    def _tip_shown(self) -> bool:
        tip = getattr(self, "tip", None)  # the first check line is drawn before the tip is made
        return tip is not None and tip.flag is not None

    def _show_check(self, text: str) -> None:
        """What the message still lacks (in words) and its length against what its channel allows, with by
        how much it is over."""
        view, t, lang = self.view, self.view.session.t, self.view.lang
        found = check(view.workshop, self.kind, self.channel.value, view.request, text, lang)
        labels = view.workshop.outreach.placeholder_labels
        notes = []
        made = self._auto_draft()
        cut = bool(made.shortened) and text == made.as_text()  # the kit's own draft, a sentence cut to fit
        names = ", ".join(labels[name][lang] for name in found.missing)
        self.copy.unfinished = t("builder.copied_open", names=names) if found.missing else ""
        stale = self._stale(text)
        if stale:  # a name the plan no longer has: said first, with the button that puts the new one in
            name = self._names_now()[0]
            notes.append(("cc-status-warn", t("builder.stale_name", old=stale[0], new=name)))
            self.rename.description = t("builder.stale_rename", new=name)
        (self.rename.remove_class if stale else self.rename.add_class)("cc-hidden")
        if found.missing:
            notes.append(("cc-status-warn", t("builder.unfilled", names=names)))
        elif cut:
            notes.append(("cc-status-warn", t("builder.draft_shortened")))
        elif (
            found.ready and not self._tip_shown() and not stale
        ):  # green only for a note that can go as it is: one over its
            # limit says so below, and a tip under the draft says something is off
            notes.append(("cc-status-ok", t("builder.all_filled")))
        bound, over = found.limit, found.over
        if bound is None:
            notes.append(("cc-muted", t("builder.length_words", words=found.length)))
        elif bound.unit == "characters":
            key = (
                ("builder.length_advice" if bound.advice else "builder.length_limit")
                if not over
                else ("builder.length_advice_over" if bound.advice else "builder.length_over")
            )
            style = "cc-muted" if not over else "cc-status-warn" if bound.advice else "cc-status-error"
            notes.append((style, t(key, chars=found.length, max=bound.most, over=over)))
        else:
            words = t(
                "builder.words_over" if over else "builder.words_limit",
                words=found.length,
                over=over,
                fewer=bound.most + 1,
            )
            notes.append(("cc-status-warn" if over else "cc-muted", words))
        self.check.value = "".join(f"<div class='{style}'>{html.escape(note)}</div>" for style, note in notes)


class Removal(NamedTuple):
    """A question just removed, which „↶ Zurückholen“ takes back while the plan is as the removal left it."""

    place: int
    question_id: str
    text: str
    before: PlanEdits
    after: PlanEdits


class PlanSlot:
    """One place in the plan: a heading when a family's block starts here, the line of a question removed
    here with „↶ Zurückholen“, and the question's row (☆, its text, minutes, ↑ ↓ ⇄ ✕) with its tip. A redraw
    shows another question here by changing words, arrows and classes (:meth:`show`): the widgets stay on the
    page, so the button pressed stays under the finger. A slot is made showing its first question, with the
    classes that question asks for (a class changed after the widget's first message is one more message)."""

    def __init__(self, view: BuilderView, number: int, question: PlannedQuestion, family_heading: str):
        t = view.session.t
        self.view, self.lang, self.question_id = view, view.lang, ""
        hidden = "" if family_heading else "cc-hidden"
        self.heading = html_part("", "cc-plan-slot-heading", hidden, layout=FULL_WIDTH)
        self.removed_text = html_part("", "cc-removed-text", layout=w.Layout(flex="1 1 12em"))
        undo = button(t("builder.undo_remove"), "cc-undo-remove", tooltip=t("builder.undo_remove_tip"))
        on_click(view.session, undo, view._undo_remove)
        self.removed_line = w.HBox(
            [self.removed_text, undo], layout=WRAPPING_ROW, **css("cc-removed-line", "cc-hidden")
        )
        self.star = button("★" if question.starred else "☆", "cc-star", tooltip=t("builder.star"))
        # a question wraps over as many lines as it needs (a one-line box cut long questions off)
        self.text = labelled(
            w.Textarea,
            t("builder.question_label", number=number),
            "cc-question-text",
            visible=False,
            rows=2,
            layout=GROWING,
            continuous_update=False,
        )
        watch(view.session, self.text, lambda change: view._reword(self.question_id, change["new"]))
        self.minutes = html_part("")
        self.up = button("↑", "cc-up", tooltip=t("builder.up"))
        self.down = button("↓", "cc-down", tooltip=t("builder.down"))
        # ⇄ and ✕ say in words what they do (a tooltip reaches neither a phone nor a keyboard); the participant's
        # own words are never swapped for a suggestion (swap_options): their ⇄ is hidden
        swap_hidden = "" if question.source == "bank" else "cc-hidden"
        self.swap = button(f"⇄ {t('builder.swap_short')}", "cc-swap", kind=swap_hidden, tooltip=t("builder.swap"))
        remove = button(f"✕ {t('builder.remove_short')}", "cc-remove", tooltip=t("builder.remove"))
        on_click(view.session, self.up, lambda: view._move(self.question_id, -1))
        on_click(view.session, self.down, lambda: view._move(self.question_id, 1))
        on_click(view.session, self.swap, lambda: view._swap(self.question_id))
        on_click(view.session, remove, lambda: view._remove(self.question_id))
        on_click(view.session, self.star, lambda: view._toggle_star(self.question_id, self))
        # ⇄ and ✕ with their words keep together: on a phone they move below the arrows as a pair
        worded = w.HBox([self.swap, remove], layout=PLAIN_LAYOUT, **css("cc-question-actions"))
        self.row = w.HBox(
            [self.star, self.text, self.minutes, self.up, self.down, worded],
            layout=FULL_WIDTH,
            **css("cc-question", *_row_classes(question.id, question.starred)),
        )
        self.tip = QuestionTip(
            self.text,
            view.session,
            refocus=lambda: view.focus(
                f".cc-question-{self.question_id} .cc-question-text textarea", reveal=QUESTION_ROW
            ),
            dismissed=view.dismissed_tips,
            skip=lambda words: view._is_kit_text(self.question_id, words),
            split_into=lambda first, second: view._split(self.question_id, first, second),
        )
        self.box = w.VBox(
            [self.heading, self.removed_line, self.row, self.tip.widget],
            layout=FULL_WIDTH,
            **css("cc-question-block", f"cc-plan-slot-{number}"),
        )
        self.show(question, family_heading)

    def show(self, question: PlannedQuestion, family_heading: str) -> None:
        """Show ``question`` here, under ``family_heading`` when its block starts here ("" for none)."""
        view = self.view
        self.question_id = question.id
        self.heading.value = heading_html(family_heading, 4) if family_heading else ""
        hide(self.heading, hidden=not family_heading)
        self.text.value = question.text(view.bank, view.lang)  # _reword sees the plan's own text: nothing saved
        self.minutes.value = view._minutes_html(question.minutes)
        self.up.disabled = not view.plan.can_move(question.id, -1)
        self.down.disabled = not view.plan.can_move(question.id, 1)
        hide(self.swap, hidden=question.source != "bank")
        self.show_star(question.starred)
        self.tip.check(self.text.value)  # a question added or reworded before: its tip comes with it

    def show_star(self, starred: bool) -> None:
        """The row's ☆ or ★, and its classes: the question it shows, and whether starred (one message)."""
        self.star.description = "★" if starred else "☆"
        replace_classes(self.row, "cc-question-", _row_classes(self.question_id, starred))

    def show_removed(self, text: str) -> None:
        """The line of a question removed here ("" hides it)."""
        if text:
            said = self.view.session.t("builder.removed", question=_short(text))
            self.removed_text.value = f"<p>{html.escape(said)}</p>"
        hide(self.removed_line, hidden=not text)


def _row_classes(question_id: str, starred: bool) -> tuple[str, ...]:
    """The classes a plan row shows its question by (besides ``cc-question``): its id, and ★ when starred."""
    return (f"cc-question-{question_id}", "cc-question-starred") if starred else (f"cc-question-{question_id}",)


def _short(text: str, length: int = keys.BUTTON_QUOTED_CHARS) -> str:
    """The start of a question for a button's label, cut at a word (the tooltip holds all of it)."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(" ,;:–-") + " …"

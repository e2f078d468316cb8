"""Role-play: practise the conversation in pairs or trios with a timer and a debrief, or rehearse alone.

Three steps (:data:`~coffeechat.models.roleplay.ROLEPLAY_STEPS`), with the interface of
:class:`~coffeechat.views.fear.FearView`: 1 how it works and the choice between a group and practising alone,
2 the round (or the rehearsal), 3 the debrief. The asker sees their own plan, the contact a persona card (which
the asker never gets), the observer a checklist. In solo mode a persona answers from its card and the participant
may send a follow-up to each answer, which the persona answers too; the debrief step shows the conversation.

In a facilitated room the app tells the view what the room assigned (:meth:`RolePlayView.show_room`, from its
room tick): while the participant is placed in a group, the round shows the room's role and round and none of
the module's own controls (the room bar's shared timer is the only timer), and it follows "next round" in place.
Which is shown is decided by :func:`coffeechat.models.roleplay.group_practice`, and which step by
:func:`~coffeechat.models.roleplay.room_step` (a page opened in a room's group shows the round rather than the
choice, a placement or a new round shows the round); this view only shows it.
"""

from __future__ import annotations

import functools
import html

import ipywidgets as w

from coffeechat.content import Persona, Prompt
from coffeechat.models import keys
from coffeechat.models.answers import AnswerRejected, clean_choice, clean_number
from coffeechat.models.builder import TimeChange, plan_from_answers
from coffeechat.models.roleplay import (
    DEFAULT_ROUND_MINUTES,
    PLAN_PERSONA,
    PRACTICE_STEP,
    REACTION_REPLIES,
    ROLEPLAY_STEPS,
    ROLES,
    Reply,
    RoomRound,
    asks_back,
    first_mode,
    first_solo_persona,
    follow_up_in_plan,
    follow_up_into_plan,
    follow_up_time,
    group_practice,
    has_new_answer,
    keep_draft,
    keep_reaction_reply,
    next_role,
    persona,
    plan_question_about,
    rehearsal_asked,
    room_step,
    round_summaries,
    send_follow_up,
    solo_turns,
    turn_question,
    turn_replies,
)
from coffeechat.models.session import Session
from coffeechat.views.common import (
    FULL_WIDTH,
    ModuleSteps,
    SteppedView,
    button,
    card,
    css,
    heading,
    html_part,
    labelled,
    on_click,
    replace_children,
    text_html,
    watch,
)
from coffeechat.views.fields import FieldView
from coffeechat.views.question_tip import QuestionTip
from coffeechat.views.ratings import SliderNumber
from coffeechat.widgets.timer import RoundTimer

#: where the keyboard focus goes when the view itself shows another step (a new round): that step's heading
STEP_HEADING = ".cc-roleplay .cc-module-step-{step} .cc-module-step-heading h3"


def saved_plan(session: Session):
    """The participant's conversation plan as the builder would show it now."""
    return plan_from_answers(session.workshop, session.answers())


class RolePlayView(SteppedView):
    """Choose group or solo practice (step 1); the group part runs rounds, the solo part a rehearsal (step 2),
    each with its debrief (step 3).

    ``show_room(room_round)`` says what the facilitated room assigned (None: no room, or no group): in a room's
    group the round is the room's, and the choice between group and solo practice is not offered.
    ``show_in_room(in_room)`` says whether the page is in a room at all: until the participant chooses, the
    practice offered is the group in a room and the solo practice alone
    (:func:`~coffeechat.models.roleplay.first_mode`).
    """

    steps: tuple[str, ...] = ROLEPLAY_STEPS

    def __init__(
        self,
        session: Session,
        module_id: str,
        on_erased=None,
        focus=None,
        room: RoomRound | None = None,
        in_room: bool = False,
    ):
        self.session = session
        self.room = room
        self._defaulting = False  # set while the page, not the participant, sets the choice
        self.focus = focus or (lambda _selector, _reveal="": None)
        self.workshop = session.workshop
        self.lang = session.language
        t = session.t
        self.mode = labelled(
            w.ToggleButtons,
            t("roleplay.mode"),
            "cc-roleplay-mode",
            options=[(t(f"roleplay.mode_{m}"), m) for m in keys.ROLEPLAY_MODES],
            value=first_mode(session.get(keys.ROLEPLAY_MODE), in_room or room is not None),
            style={"button_width": "auto"},
        )
        watch(session, self.mode, self._on_mode)
        #: the round or the rehearsal (step 2), and its debrief (step 3)
        self.body = w.VBox(layout=FULL_WIDTH, **css("cc-roleplay-practice"))
        self.debrief_body = w.VBox(layout=FULL_WIDTH, **css("cc-roleplay-debrief"))
        self.step_parts = ModuleSteps(
            session,
            module_id,
            self.steps,
            [t(f"roleplay.step.{name}") for name in self.steps],
            [[text_html(t("roleplay.intro")), self.mode], [self.body], [self.debrief_body]],
            "cc-roleplay",
        )
        self.widget = w.VBox(
            [heading(t("roleplay.title")), *self.step_parts.boxes],
            layout=FULL_WIDTH,
            **css("cc-roleplay"),
        )
        self.render()
        if room is not None and room_step(self.step, placed=True) != self.step:
            self.step_parts.show(room_step(self.step, placed=True))

    def show_practice(self) -> None:
        """The round step, with the focus on its heading (a new round: the step on screen went away)."""
        moved = self.step != PRACTICE_STEP
        self.show_step(PRACTICE_STEP)
        if moved:
            self.focus(STEP_HEADING.format(step=PRACTICE_STEP))

    def _on_mode(self, change: dict) -> None:
        if not self._defaulting:
            self.session.set(keys.ROLEPLAY_MODE, clean_choice(change["new"], keys.ROLEPLAY_MODES))
        self.render()

    def show_in_room(self, in_room: bool) -> None:
        """The page is in a facilitated room (or no longer): the practice offered follows, unless the participant
        chose one (their choice holds)."""
        mode = first_mode(self.session.get(keys.ROLEPLAY_MODE), in_room or self.room is not None)
        if mode == self.mode.value:
            return
        self._defaulting = True
        try:
            self.mode.value = mode
        finally:
            self._defaulting = False

    def render(self) -> None:
        self.mode.layout.display = "none" if self.room is not None else None
        grouped = self.room is not None or self.mode.value == "group"
        self.part = GroupRound(self) if grouped else SoloRehearsal(self)
        replace_children(self.body, [self.part.widget])
        replace_children(self.debrief_body, [self.part.debrief_widget])

    def show_room(self, room_round: RoomRound | None) -> None:
        """The room's round for this participant (None: they practise on their own). Only a change of role,
        round or group redraws the round, and shows its step (:func:`~coffeechat.models.roleplay.room_step`);
        any other change of the room leaves every field and the step as they are."""
        if room_round == self.room:
            return
        self.room = room_round
        self.render()
        if room_round is not None and room_step(self.step, placed=True, new_round=True) != self.step:
            self.show_practice()


class GroupRound:
    """One round of role-play: role, material for that role, timer (``widget``, the round step); the debrief and
    the next round (``debrief_widget``, the debrief step); then swap roles.

    In a room's group (:attr:`RolePlayView.room`) the role and round are the room's: no own timer, minutes,
    round, pair/trio or role controls, only the material for the role and the debrief.
    """

    def __init__(self, view: RolePlayView):
        self.view = view
        session = view.session
        own = group_practice(None, None, session.get(keys.ROLEPLAY_ROUND, 1))  # a usable saved round, else 1
        saved_role = session.get(keys.round_answer(own.round, "role")) or session.get(keys.ROLEPLAY_ROLE)
        self.practice = group_practice(view.room, saved_role, own.round)
        self.number = self.practice.round
        self.material = w.VBox(layout=FULL_WIDTH, **css("cc-role-material"))
        self.debrief = w.VBox(layout=FULL_WIDTH, **css("cc-debrief"))
        if self.practice.by_room:
            self.widget, self.debrief_widget = self._room_round()
        else:
            self.widget, self.debrief_widget = self._own_round()
        self._show_material()

    def _round_heading(self) -> w.Widget:
        return heading(self.view.session.t("roleplay.round", number=self.number), 4, "cc-round-heading")

    def _room_round(self) -> tuple[w.Widget, w.Widget]:
        """The room's round: which role the room gave, that the room's timer runs it, the material, the debrief."""
        session, t = self.view.session, self.view.session.t
        self.role = None
        if self.number > group_practice(None, None, session.get(keys.ROLEPLAY_ROUND)).round:
            session.set(keys.ROLEPLAY_ROUND, self.number)  # the take-home counts the rounds played
        role = t(f"roleplay.role.{self.practice.role}")
        line = t("roleplay.room_role", role=role)
        round_part = w.VBox(
            [
                self._round_heading(),
                html_part(f"<p class='cc-room-role'><strong>{html.escape(line)}</strong></p>"),
                html_part(f"<p class='cc-muted cc-room-round-note'>{html.escape(t('roleplay.room_note'))}</p>"),
                self.material,
            ],
            layout=FULL_WIDTH,
            **css("cc-room-round"),
        )
        debrief = w.VBox(
            [self._round_heading(), self.debrief, self._history()], layout=FULL_WIDTH, **css("cc-room-debrief")
        )
        return round_part, debrief

    def _own_round(self) -> tuple[w.Widget, w.Widget]:
        """A round the participant runs: pairs or trios, their role, minutes, their own timer, next round."""
        session, t = self.view.session, self.view.session.t
        self.role = labelled(
            w.ToggleButtons,
            t("roleplay.my_role"),
            "cc-role",
            options=[(t(f"roleplay.role.{r}"), r) for r in ROLES],
            value=self.practice.role,
            style={"button_width": "auto"},
        )
        watch(session, self.role, self._on_role)
        group = session.get(keys.ROLEPLAY_GROUP_SIZE, keys.GROUP_SIZES[-1])
        self.group_size = labelled(
            w.ToggleButtons,
            t("roleplay.group_size"),
            options=[(t("roleplay.pairs" if size == 2 else "roleplay.trios"), size) for size in keys.GROUP_SIZES],
            value=group if group in keys.GROUP_SIZES else keys.GROUP_SIZES[-1],
            style={"button_width": "auto"},
        )
        watch(
            session,
            self.group_size,
            lambda change: session.set(keys.ROLEPLAY_GROUP_SIZE, clean_choice(change["new"], keys.GROUP_SIZES)),
        )
        low, high = keys.ROUND_MINUTES_MIN, keys.ROUND_MINUTES_MAX
        minutes = session.get(keys.ROLEPLAY_MINUTES, DEFAULT_ROUND_MINUTES)
        self.minutes = labelled(
            w.IntSlider,
            t("roleplay.minutes"),
            "cc-round-minutes",
            value=minutes if isinstance(minutes, int) and low <= minutes <= high else DEFAULT_ROUND_MINUTES,
            min=low,
            max=high,
            continuous_update=False,
            readout=False,
            layout=w.Layout(flex="1 1 auto", min_width="0"),
        )
        # the number beside it is plain text, as the ratings' (ipywidgets' readout was an editable box, a Tab stop)
        self.minutes_number = SliderNumber(self.minutes, True, "cc-round-minutes-value")
        self.timer = RoundTimer(
            labels={
                "start": t("roleplay.timer_start"),
                "pause": t("roleplay.timer_pause"),
                "reset": t("roleplay.timer_reset"),
                "done": t("roleplay.timer_done"),
                "sound_on": t("roleplay.sound_on"),
                "sound_off": t("roleplay.sound_off"),
            }
        )
        self.timer.minutes = self.minutes.value
        watch(session, self.minutes, self._on_minutes)
        watch(session, self.timer, self._on_finished, "finished_count")
        # the step's one primary action is the page's Next; another round is the other way on
        next_round = button(f"{t('roleplay.next_round')} →", "cc-next-round")
        on_click(session, next_round, self._next_round)
        round_part = w.VBox(
            [
                self._round_heading(),
                self.group_size,
                self.role,
                self.material,
                card([self.minutes_number.row, self.timer]),
            ],
            layout=FULL_WIDTH,
        )
        debrief = w.VBox([self._round_heading(), self.debrief, self._history(), next_round], layout=FULL_WIDTH)
        return round_part, debrief

    @property
    def role_value(self) -> str:
        return self.practice.role if self.role is None else self.role.value

    def _on_role(self, change: dict) -> None:
        role = clean_choice(change["new"], ROLES)
        self.view.session.set(keys.ROLEPLAY_ROLE, role)
        self.view.session.set(keys.round_answer(self.number, "role"), role)
        self._show_material()

    def _on_minutes(self, change: dict) -> None:
        try:
            minutes = clean_number(change["new"], keys.ROUND_MINUTES_MIN, keys.ROUND_MINUTES_MAX)
        except AnswerRejected as rejected:
            self.view.session.reject(rejected)
            return
        self.minutes_number.show()
        self.view.session.set(keys.ROLEPLAY_MINUTES, minutes)
        self.timer.minutes = minutes

    def _on_finished(self, _change: dict) -> None:
        self.view.session.set(keys.round_answer(self.number, "timer-finished"), True)

    def _show_material(self) -> None:
        role = self.role_value
        if self.view.session.get(keys.round_answer(self.number, "role")) != role:
            self.view.session.set(keys.round_answer(self.number, "role"), role)
        if role == "asker":
            replace_children(self.material, [self._plan_card()])
        elif role == "contact":
            replace_children(self.material, [self._persona_choice()])
        else:
            replace_children(self.material, [self._observer_sheet()])
        replace_children(self.debrief, [self._debrief(role)])

    def _plan_card(self) -> w.Widget:
        session, t, lang = self.view.session, self.view.session.t, self.view.lang
        plan = saved_plan(session)
        items = "".join(
            f"<li>{'★ ' if q.starred else ''}{html.escape(q.text(session.workshop.bank, lang))}</li>"
            for q in plan.questions
        )
        hint = (
            "" if session.get(keys.BUILDER_REQUEST) else f"<p class='cc-muted'>{html.escape(t('roleplay.no_plan'))}</p>"
        )
        return card(
            [html_part(f"<h4>{html.escape(t('roleplay.your_plan'))}</h4>{hint}<ol>{items}</ol>")], "cc-asker-plan"
        )

    def _persona_choice(self) -> w.Widget:
        session, t, lang = self.view.session, self.view.session.t, self.view.lang
        personas = session.workshop.role_cards.personas
        chosen = session.get(keys.ROLEPLAY_PERSONA)
        choice = labelled(
            w.Dropdown,
            t("roleplay.card"),
            "cc-persona-choice",
            options=[
                (f"{t('roleplay.card')} {i + 1}: {p.name[lang]} – {p.role[lang]}", p.id) for i, p in enumerate(personas)
            ],
            value=chosen if chosen in {p.id for p in personas} else personas[0].id,
            layout=FULL_WIDTH,
        )
        shown = w.VBox([persona_card(session, choice.value)])

        def on_choice(change):
            chosen = clean_choice(change["new"], [p.id for p in personas])
            session.set(keys.ROLEPLAY_PERSONA, chosen)
            replace_children(shown, [persona_card(session, chosen)])

        watch(session, choice, on_choice)
        return w.VBox([html_part(f"<p class='cc-muted'>{html.escape(t('roleplay.contact_hint'))}</p>"), choice, shown])

    def _observer_sheet(self) -> w.Widget:
        """What the observer watches for, and room for their own notes."""
        session = self.view.session
        strings = session.workshop.ui.strings
        checklist = Prompt(
            id="observed",
            kind="checklist",
            label=strings["roleplay.observer_heading"],
            options=session.workshop.role_cards.observer_checklist,
        )
        notes = Prompt(id="observer-notes", kind="text", label=strings["roleplay.observer_notes"])
        observed = FieldView(
            checklist, session, keys.round_answer(self.number, "observed"), css_class="cc-observer-checklist"
        )
        written = FieldView(
            notes, session, keys.round_answer(self.number, "observer-notes"), css_class="cc-observer-notes"
        )
        return card([observed.widget, written.widget])

    def _debrief(self, role: str) -> w.Widget:
        """After the round: how nervous the asker was before and after, what went well, what to change."""
        session = self.view.session
        strings = session.workshop.ui.strings
        prompts = [
            Prompt(
                id="nervous-before",
                kind="scale",
                label=strings["roleplay.nervous_before"],
                low_label=strings["roleplay.calm"],
                high_label=strings["roleplay.very_nervous"],
            ),
            Prompt(
                id="nervous-after",
                kind="scale",
                label=strings["roleplay.nervous_after"],
                low_label=strings["roleplay.calm"],
                high_label=strings["roleplay.very_nervous"],
            ),
            Prompt(id="went-well", kind="text", label=strings["roleplay.went_well"]),
            Prompt(id="change", kind="text", label=strings["roleplay.change"]),
        ]
        if role != "asker":
            prompts = [p for p in prompts if p.id not in keys.ASKER_ONLY_ANSWERS]
        self.debrief_fields = {p.id: FieldView(p, session, keys.round_answer(self.number, p.id)) for p in prompts}
        return card([f.widget for f in self.debrief_fields.values()])

    def _history(self) -> w.Widget:
        session, t = self.view.session, self.view.session.t
        rows = []
        for summary in round_summaries(session.answers(), self.number - 1):
            before = "–" if summary.nervous_before is None else summary.nervous_before
            after = "–" if summary.nervous_after is None else summary.nervous_after
            role = t(f"roleplay.role.{summary.role}") if summary.role in ROLES else ""
            row = t("roleplay.history_row", number=summary.number, role=role, before=before, after=after)
            rows.append(f"<li>{html.escape(row)}</li>")
        return html_part(f"<ul class='cc-round-history'>{''.join(rows)}</ul>" if rows else "")

    def _next_round(self) -> None:
        session = self.view.session
        if self.number >= keys.ROUNDS_MAX:
            session.reject(AnswerRejected("field.limit_reached", limit=keys.ROUNDS_MAX))
            return
        session.set(keys.ROLEPLAY_ROUND, self.number + 1)
        session.set(keys.ROLEPLAY_ROLE, next_role(self.role_value, self.group_size.value))
        self.view.render()
        self.view.show_practice()  # the new round's role and material


def _short(text: str, length: int = keys.BUTTON_QUOTED_CHARS) -> str:
    """The start of a question for a button's label, cut at a word (the tooltip holds all of it)."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(" ,;:–-") + " …"


def content_note_html(session: Session, card_: Persona) -> str:
    """A persona's content note as a paragraph to read first ("" for a persona without one)."""
    if card_.content_note is None:
        return ""
    label, note = session.t("roleplay.content_note"), card_.content_note[session.language]
    return f"<p class='cc-content-note'><strong>{html.escape(label)}:</strong> {html.escape(note)}</p>"


def persona_card(session: Session, persona_id: str) -> w.Widget:
    """The card the contact plays from: its content note first (if it has one), who they are, how to answer,
    what the asker can find out."""
    t, lang = session.t, session.language
    card_ = persona(session.workshop, persona_id)
    style = next((s.label[lang] for s in session.workshop.role_cards.styles if s.id == card_.style), "")
    facts = "".join(f"<li>{html.escape(f[lang])}</li>" for f in card_.facts)
    cues = "".join(f"<li>{html.escape(r.text[lang])}</li>" for r in card_.reactions)
    body = (
        content_note_html(session, card_)
        + f"<h4>{html.escape(card_.name[lang])} · {html.escape(card_.role[lang])}</h4>"
        f"<p>{html.escape(card_.background[lang])}</p>"
        f"<p><strong>{html.escape(t('roleplay.style'))}:</strong> {html.escape(style)}</p>"
        f"<p><strong>{html.escape(t('roleplay.how_to_play'))}:</strong> {html.escape(card_.how_to_play[lang])}</p>"
        f"<p><strong>{html.escape(t('roleplay.facts'))}:</strong></p><ul>{facts}</ul>"
        f"<p><strong>{html.escape(t('roleplay.cues'))}:</strong></p><ul>{cues}</ul>"
    )
    return card([html_part(body)], "cc-persona-card")


#: where the keyboard focus goes once the persona answered turn ``index`` (``reply``: "answer" to its question,
#: "follow-up" to its follow-up), and the card then brought into view as a whole
SOLO_REPLY = ".cc-solo-turn-{index} .cc-solo-reply-{reply}"
SOLO_TURN = ".cc-solo-turn-{index}"


class SoloRehearsal:
    """Ask a persona the questions of your plan; it answers from its card; to each answer you may send one
    follow-up, which it answers too (``widget``, the practice step). When the persona asks you something back
    (a reaction that ``asks``), you may answer it in a field under the hint; the persona does not answer that,
    it is practice in answering. The debrief step (``debrief_widget``) shows what was asked and followed up,
    with the persona's answers and yours.

    Laid out like a chat: the persona, then the conversation so far, then the next question and "Ask" at the
    bottom, so on a phone the newest answer appears just above the thumb; after each answer the focus moves to
    it and its card is brought into view (:data:`SOLO_REPLY`).
    """

    def __init__(self, view: RolePlayView):
        self.view = view
        session, t, lang = view.session, view.session.t, view.lang
        # the plan's own contact first (:func:`~coffeechat.models.roleplay.plan_persona`), then the cards
        personas = [self.card(PLAN_PERSONA), *session.workshop.role_cards.personas]
        chosen = first_solo_persona(session.get(keys.SOLO_PERSONA))
        self.persona = labelled(
            w.Dropdown,
            t("roleplay.solo_persona"),
            "cc-solo-persona",
            options=[(f"{p.name[lang]} – {p.role[lang]}", p.id) for p in personas],
            value=chosen if chosen in {p.id for p in personas} else PLAN_PERSONA,
            layout=FULL_WIDTH,
        )
        watch(session, self.persona, self._on_persona)
        #: who the participant talks to (the plan's contact) or the card's content note, before the first answer
        self.note = html_part(self._note_html(self.persona.value), "cc-solo-note")
        self.plan = saved_plan(session)
        self.question = labelled(
            w.Dropdown,
            t("roleplay.solo_question"),
            "cc-solo-question",
            options=[(q.text(session.workshop.bank, lang), q.id) for q in self.plan.questions],
            layout=FULL_WIDTH,
        )
        ask = button(t("roleplay.ask"), "cc-solo-ask", "primary")
        on_click(session, ask, self.ask)
        self.transcript = w.VBox(layout=FULL_WIDTH, **css("cc-solo-transcript"))
        #: the card shown for each turn, with what it was drawn from (a card that did not change is kept)
        self._cards: dict[int, tuple[tuple, w.Widget]] = {}
        #: the follow-ups whose tip the participant waved away ("Keep mine"), kept when a card is drawn again
        self.dismissed_tips: set[str] = set()
        self.look_back = html_part("", "cc-solo-look-back", layout=FULL_WIDTH)
        #: the follow-ups written, each with a button that carries it into the plan (or a line: it is there)
        self.to_plan = w.VBox(layout=FULL_WIDTH, **css("cc-solo-to-plan"))
        #: what a follow-up just carried into the plan did to its time, by turn (said in the line that confirms it),
        #: and a line under it where the plan is now over its time
        self._time_said: dict[int, tuple[str, str]] = {}
        self.debrief_widget = w.VBox(
            [text_html(t("roleplay.solo_debrief_intro")), self.look_back, self.to_plan], layout=FULL_WIDTH
        )
        self.widget = w.VBox(
            [
                text_html(t("roleplay.solo_intro")),
                self.persona,
                self.note,
                self.transcript,
                self.question,  # the button below, never pushed out of view by a long question
                ask,
            ],
            layout=FULL_WIDTH,
        )
        self._draw()

    def turns(self) -> list[dict]:
        """The turns with the persona chosen now, cleaned (:func:`~coffeechat.models.roleplay.solo_turns`)."""
        return [turn for turn in self._all_turns() if turn["persona"] == self.persona.value]

    def _all_turns(self) -> list[dict]:
        return solo_turns(self.view.session.get(keys.SOLO_TURNS))

    def card(self, persona_id: str) -> Persona:
        """The persona with this id; the plan's contact as the participant's plan describes them now."""
        return persona(self.view.session.workshop, persona_id, self.view.session.answers())

    def _note_html(self, persona_id: str) -> str:
        """For the plan's contact, who the participant talks to (the plan's role in its field, or where to say
        it); for a card, its content note."""
        session = self.view.session
        if persona_id != PLAN_PERSONA:
            return content_note_html(session, self.card(persona_id))
        request = saved_plan(session).request
        if request.contact_role.strip() or request.field.strip():
            said = session.t("roleplay.plan_persona_note", contact=self.card(persona_id).role[session.language])
        else:
            said = session.t("roleplay.plan_persona_undescribed")
        return f"<p class='cc-help cc-solo-plan-contact'>{html.escape(said)}</p>"

    def _on_persona(self, change: dict) -> None:
        personas = [PLAN_PERSONA, *(p.id for p in self.view.session.workshop.role_cards.personas)]
        chosen = clean_choice(change["new"], personas)
        self.view.session.set(keys.SOLO_PERSONA, chosen)
        self.note.value = self._note_html(chosen)
        self._draw()

    def ask(self) -> None:
        question = next((q for q in self.plan.questions if q.id == self.question.value), None)
        if question is None:
            return
        session, workshop = self.view.session, self.view.session.workshop
        turns = self._all_turns()
        if len(turns) >= keys.SOLO_TURNS_MAX:
            session.reject(AnswerRejected("field.limit_reached", limit=keys.SOLO_TURNS_MAX))
            return
        text = question.text(workshop.bank, self.view.lang)
        about = plan_question_about(workshop, question, text)
        card = self.card(self.persona.value)
        asked = rehearsal_asked(workshop, self.turns())
        if not has_new_answer(card, asked, about, workshop.role_cards.generic_answers):
            session.reject(AnswerRejected("roleplay.nothing_new", name=card.name[self.view.lang]))
            return
        turns.append(
            {
                "persona": self.persona.value,
                "question": question.id,
                "family": question.family,
                "topic": about[0],
                "text": text,
                "follow_up": "",
                "reaction_reply": "",
                "follow_up_reaction_reply": "",
                "follow_up_sent": False,
            }
        )
        session.set(keys.SOLO_TURNS, turns)
        asked_ids = {turn["question"] for turn in self.turns()}
        upcoming = [q.id for q in self.plan.questions if q.id not in asked_ids]
        if upcoming:
            self.question.value = upcoming[0]
        self._draw()
        self._show_reply(len(self.turns()) - 1, "answer")

    def _mine(self, index: int) -> int:
        """The place in all turns of the ``index``-th turn with the persona chosen now."""
        return [i for i, turn in enumerate(self._all_turns()) if turn["persona"] == self.persona.value][index]

    def _keep_draft(self, index: int, text: str) -> None:
        """A follow-up being written: kept as typed (not sent, the persona has not heard it)."""
        try:
            turns = keep_draft(self._all_turns(), self._mine(index), text)
        except (AnswerRejected, IndexError) as rejected:
            self.view.session.reject(rejected if isinstance(rejected, AnswerRejected) else AnswerRejected("app.error"))
            return
        self.view.session.set(keys.SOLO_TURNS, turns)
        self._draw_look_back()

    def send_follow_up(self, index: int, field: w.Textarea) -> None:
        """Send the follow-up written in ``field`` to the ``index``-th turn's answer; the persona answers it."""
        try:
            turns = send_follow_up(self._all_turns(), self._mine(index), field.value)
        except (AnswerRejected, IndexError) as rejected:
            self.view.session.reject(rejected if isinstance(rejected, AnswerRejected) else AnswerRejected("app.error"))
            return
        self.view.session.set(keys.SOLO_TURNS, turns)
        self._draw()
        self._show_reply(index, "follow-up")

    def _show_reply(self, index: int, reply: str) -> None:
        """The persona's newest reply: the keyboard focus on it, its card in view."""
        self.view.focus(SOLO_REPLY.format(index=index, reply=reply), SOLO_TURN.format(index=index))

    def _draw_look_back(self) -> None:
        """The debrief step: each question asked of this persona, the persona's answer, and the follow-up with
        the persona's answer to it (a follow-up not sent yet as written, marked so)."""
        session, t, lang = self.view.session, self.view.session.t, self.view.lang
        turns = self.turns()
        self._draw_to_plan()
        if not turns:
            self.look_back.value = f"<p class='cc-muted'>{html.escape(t('roleplay.solo_nothing_asked'))}</p>"
            return
        card_ = self.card(self.persona.value)
        name = html.escape(card_.name[lang])
        you = html.escape(t("roleplay.you"))
        rows = []
        for turn, replies in zip(turns, turn_replies(session.workshop, card_, turns, lang), strict=True):
            parts = [f"<p class='cc-solo-asked'><strong>{you}:</strong> {html.escape(turn['text'])}</p>"]
            parts.append(self._said(name, replies.answer, card_))
            parts.append(self._answered(you, replies.answer, turn["reaction_reply"]))
            follow_up = turn["follow_up"]
            if replies.follow_up is not None:
                parts.append(f"<p class='cc-solo-asked'><strong>{you}:</strong> {html.escape(follow_up)}</p>")
                parts.append(self._said(name, replies.follow_up, card_))
                parts.append(self._answered(you, replies.follow_up, turn["follow_up_reaction_reply"]))
            elif follow_up.strip():
                draft = html.escape(t("roleplay.follow_up_not_sent"))
                parts.append(f"<p>→ {html.escape(follow_up)} <span class='cc-muted'>({draft})</span></p>")
            else:
                parts.append(f"<p class='cc-muted'>→ {html.escape(t('roleplay.no_follow_up'))}</p>")
            rows.append(f"<li>{''.join(parts)}</li>")
        self.look_back.value = f"<ol class='cc-solo-look-back-list'>{''.join(rows)}</ol>"

    def _draw_to_plan(self) -> None:
        """Under the debrief, each follow-up written with a button that adds it to the plan as the participant's
        own question (:func:`~coffeechat.models.roleplay.follow_up_into_plan`), or, once it is there, a line that
        says so."""
        session, t = self.view.session, self.view.session.t
        answers = session.answers()
        rows: list[w.Widget] = []
        for index, turn in enumerate(self.turns()):
            text = " ".join(turn["follow_up"].split())
            if not text:
                continue
            if follow_up_in_plan(session.workshop, answers, text):
                said = html.escape(t("roleplay.in_plan", question=text))
                time, over = self._time_said.get(index, ("", ""))  # "+3 Min., jetzt 17 von 15 Minuten"
                line = f"<p class='cc-status-ok'>✓ {said}{time}</p>{over}"
                rows.append(html_part(line, f"cc-solo-in-plan-{index}"))
                continue
            into = button(
                f"+ {t('roleplay.to_plan', question=_short(text))}",
                "cc-solo-to-plan-button",
                tooltip=t("roleplay.to_plan_tip", question=text),
            )
            on_click(session, into, functools.partial(self._into_plan, index, text))
            rows.append(into)
        heading_ = [html_part(f"<h4>{html.escape(t('roleplay.to_plan_heading'))}</h4>")] if rows else []
        replace_children(self.to_plan, heading_ + rows)

    def _into_plan(self, index: int, text: str) -> None:
        """Add the follow-up of turn ``index`` to the plan (saved with the plan's edits); the focus then goes to
        the line that says it is in the plan."""
        session = self.view.session
        try:
            about = turn_question(session.workshop, self.turns()[index])
            edits = follow_up_into_plan(session.workshop, session.answers(), text, about)
        except (AnswerRejected, IndexError) as rejected:
            session.reject(rejected if isinstance(rejected, AnswerRejected) else AnswerRejected("app.error"))
            return
        self._time_said[index] = self._time_html(follow_up_time(session.workshop, session.answers(), edits))
        session.set(keys.BUILDER_EDITS, edits.model_dump(mode="json"))
        self._draw_to_plan()
        self.view.focus(f".cc-solo-in-plan-{index}")

    def _time_html(self, change: TimeChange | None) -> tuple[str, str]:
        """What a question brought into the plan did to its time, in words after the line that confirms it (its
        minutes, the suggestions that made room, by their words, where the plan stands), and a line of its own on
        what to do where the plan is now over its time."""
        if change is None:
            return "", ""
        t, bank = self.view.session.t, self.view.session.workshop.bank
        names = ", ".join(t("roleplay.in_plan_named", question=q.text(bank, self.view.lang)) for q in change.taken_out)
        values = {"minutes": change.minutes, "total": change.total, "asked": change.asked, "count": change.made_room}
        values["questions"] = names
        key = {0: "roleplay.in_plan_time", 1: "roleplay.in_plan_room"}.get(change.made_room, "roleplay.in_plan_rooms")
        said = f" {html.escape(t(key, **values))}"
        # where to go, by the names the stepper and the plan's steps show (a phone walk found no way back to it)
        part, step = self.view.session.workshop.module_short("question-builder", self.view.lang), t("builder.step_plan")
        said_over = t("roleplay.in_plan_over", part=part, step=step)
        over = f"<p class='cc-status-warn'>{html.escape(said_over)}</p>" if change.over_time else ""
        return said, over

    def _answered(self, you: str, reply: Reply, text: str) -> str:
        """For the debrief: what the persona asked back and the participant's answer to it (none: nothing)."""
        if not text.strip():
            return ""
        asked = reply.reaction.text[self.view.lang] if reply.reaction else ""
        return (
            f"<p class='cc-solo-reaction'><em>{html.escape(asked)}</em></p>" if asked else ""
        ) + f"<p class='cc-solo-asked cc-solo-reaction-answered'><strong>{you}:</strong> {html.escape(text)}</p>"

    def _said(self, name: str, reply: Reply, card_, css_class: str = "") -> str:
        """What the persona said (or that it had nothing new), as markup; ``css_class`` marks the paragraph."""
        t, lang = self.view.session.t, self.view.lang
        if reply.text is None:  # asked again after the persona had said all it has (saved before the limit)
            nothing = t("roleplay.nothing_new", name=card_.name[lang])
            return f"<p class='cc-muted cc-solo-nothing-new {css_class}'>{html.escape(nothing)}</p>"
        said = f"<p class='cc-solo-answer {css_class}'><strong>{name}:</strong> {html.escape(reply.text)}</p>"
        if reply.example:  # the card's answer on another question of this kind: said so, honestly
            said += f"<p class='cc-muted cc-solo-example'>{html.escape(t('roleplay.example_answer'))}</p>"
        return said

    def _reaction(self, reply: Reply) -> str:
        t, lang = self.view.session.t, self.view.lang
        if not reply.reaction:
            return ""
        return (
            f"<p class='cc-solo-reaction'><em>{html.escape(reply.reaction.text[lang])}</em></p>"
            f"<p class='cc-status-info cc-solo-hint'>{html.escape(t('roleplay.hint'))}: "
            f"{html.escape(reply.reaction.hint[lang])}</p>"
        )

    def _draw(self) -> None:
        session, t, lang = self.view.session, self.view.session.t, self.view.lang
        card_ = self.card(self.persona.value)
        name, you = html.escape(card_.name[lang]), html.escape(t("roleplay.you"))
        items: list[w.Widget] = []
        turns = self.turns()
        cards: dict[int, tuple[tuple, w.Widget]] = {}
        for index, (turn, replies) in enumerate(
            zip(turns, turn_replies(session.workshop, card_, turns, lang), strict=True)
        ):
            drawn_from = (card_.id, lang, turn["text"], turn["follow_up_sent"] and turn["follow_up"], replies)
            kept = self._cards.get(index)
            if kept is not None and kept[0] == drawn_from:
                cards[index] = kept
                items.append(kept[1])
                continue
            question = html.escape(turn["text"])
            parts = [f"<p class='cc-solo-asked'><strong>{you}:</strong> {question}</p>"]
            parts.append(
                self._said(name, replies.answer, card_, "cc-solo-reply-answer") + self._reaction(replies.answer)
            )
            children: list[w.Widget] = [html_part("".join(parts))]
            if asks_back(replies.answer):
                children.extend(self._reaction_reply_field(index, "answer", turn))
            if replies.follow_up is not None:
                follow_up = html.escape(turn["follow_up"])
                said = (
                    f"<p class='cc-solo-asked cc-solo-follow-up-sent'><strong>{you}:</strong> {follow_up}</p>"
                    + self._said(name, replies.follow_up, card_, "cc-solo-reply-follow-up")
                    + self._reaction(replies.follow_up)
                )
                children.append(html_part(said))
                if asks_back(replies.follow_up):
                    children.extend(self._reaction_reply_field(index, "follow-up", turn))
            else:
                children.extend(self._follow_up_field(index, turn))
            widget = card(children, "cc-solo-turn", f"cc-solo-turn-{index}")
            cards[index] = (drawn_from, widget)
            items.append(widget)
        self._cards = cards
        replace_children(self.transcript, items)
        self._draw_look_back()

    def _reaction_reply_field(self, index: int, reply: str, turn: dict) -> list[w.Widget]:
        """The field for the participant's answer to what the persona asked back with its ``reply`` ("answer" or
        "follow-up") of turn ``index``, saved as it changes, and the line that says it was practised."""
        session, t = self.view.session, self.view.session.t
        text = turn[REACTION_REPLIES[reply]]
        field = labelled(
            w.Textarea,
            t("roleplay.reaction_reply_label"),
            "cc-solo-reaction-reply",
            f"cc-solo-reaction-reply-{reply}",
            value=text,
            rows=2,
            layout=FULL_WIDTH,
            continuous_update=False,
        )
        saved = html_part(self._practised(text), "cc-solo-reaction-saved", layout=FULL_WIDTH)
        watch(session, field, lambda change: self._keep_reaction_reply(index, reply, change["new"], saved))
        return [field, saved]

    def _practised(self, text: str) -> str:
        if not text.strip():
            return ""
        return f"<p class='cc-status-ok'>{html.escape(self.view.session.t('roleplay.reaction_reply_saved'))}</p>"

    def _keep_reaction_reply(self, index: int, reply: str, text: str, saved: w.HTML) -> None:
        """The participant's answer to what the persona asked back: kept with the turn (the persona does not
        answer it); the card then says that this is how to practise it."""
        try:
            turns = keep_reaction_reply(self._all_turns(), self._mine(index), reply, text)
        except (AnswerRejected, IndexError) as rejected:
            self.view.session.reject(rejected if isinstance(rejected, AnswerRejected) else AnswerRejected("app.error"))
            return
        self.view.session.set(keys.SOLO_TURNS, turns)
        saved.value = self._practised(turns[self._mine(index)][REACTION_REPLIES[reply]])
        self._draw_look_back()

    def _follow_up_field(self, index: int, turn: dict) -> list[w.Widget]:
        """The field for the follow-up to a turn's answer (what was written so far in it) and its send button."""
        session, t = self.view.session, self.view.session.t
        field = labelled(
            w.Textarea,
            t("roleplay.follow_up_label"),
            "cc-solo-follow-up",
            value=turn["follow_up"],
            placeholder=t("roleplay.follow_up"),
            rows=2,
            layout=FULL_WIDTH,
            continuous_update=False,
        )
        watch(session, field, lambda change: self._keep_draft(index, change["new"]))
        where = f"{SOLO_TURN.format(index=index)} .cc-solo-follow-up textarea"
        tip = QuestionTip(field, session, refocus=lambda: self.view.focus(where), dismissed=self.dismissed_tips)
        send = button(t("roleplay.send_follow_up"), "cc-solo-send-follow-up", "primary")
        on_click(session, send, lambda: self.send_follow_up(index, field))
        return [field, tip.widget, send]

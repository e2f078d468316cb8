"""Role-play: practise the conversation in pairs or trios with a timer and a debrief, or rehearse alone.

The asker sees their own plan, the contact a persona card (which the asker never gets), the observer a
checklist. In solo mode a persona answers from its card and the participant writes a follow-up to each answer.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..answers import AnswerRejected, clean_text
from ..content import Prompt
from ..roleplay import DEFAULT_ROUND_MINUTES, ROLES, next_role, persona, rehearsal_replies, round_key, round_summaries
from ..session import Session
from ..timer import RoundTimer
from .builder import saved_plan
from .common import FULL_WIDTH, button, card, heading, replace_children, text_html
from .fields import FieldView

ROUND_KEY = "roleplay.round"
ROLE_KEY = "roleplay.role"
MODE_KEY = "roleplay.mode"
SOLO_KEY = "solo.turns"


class RolePlayView:
    """Choose group or solo practice; the group part runs rounds, the solo part a rehearsal."""

    def __init__(self, session: Session):
        self.session = session
        self.workshop = session.workshop
        self.lang = session.language
        t = session.t
        mode = session.get(MODE_KEY, "group")
        self.mode = w.ToggleButtons(
            options=[(t("roleplay.mode_group"), "group"), (t("roleplay.mode_solo"), "solo")],
            value=mode if mode in ("group", "solo") else "group",
        )
        self.mode.add_class("cc-roleplay-mode")
        self.mode.observe(self._on_mode, "value")
        self.body = w.VBox(layout=FULL_WIDTH)
        self.widget = w.VBox(
            [heading(t("roleplay.title")), text_html(t("roleplay.intro")), self.mode, self.body], layout=FULL_WIDTH
        )
        self.widget.add_class("cc-roleplay")
        self.render()

    def _on_mode(self, change: dict) -> None:
        self.session.set(MODE_KEY, change["new"])
        self.render()

    def render(self) -> None:
        self.part = GroupRound(self) if self.mode.value == "group" else SoloRehearsal(self)
        replace_children(self.body, [self.part.widget])


class GroupRound:
    """One round of role-play: role, material for that role, timer, debrief; then swap roles."""

    def __init__(self, view: RolePlayView):
        self.view = view
        session, t = view.session, view.session.t
        self.number = session.get(ROUND_KEY, 1) if isinstance(session.get(ROUND_KEY), int) else 1
        role = session.get(round_key(self.number, "role")) or session.get(ROLE_KEY) or "asker"
        self.role = w.ToggleButtons(options=[(t(f"roleplay.role.{r}"), r) for r in ROLES], value=role if role in ROLES else "asker")
        self.role.add_class("cc-role")
        self.role.observe(self._on_role, "value")
        group = session.get("roleplay.group-size", 3)
        self.group_size = w.ToggleButtons(options=[(t("roleplay.pairs"), 2), (t("roleplay.trios"), 3)],
                                          value=group if group in (2, 3) else 3)
        self.group_size.observe(lambda change: session.set("roleplay.group-size", change["new"]), "value")
        minutes = session.get("roleplay.minutes", DEFAULT_ROUND_MINUTES)
        self.minutes = w.IntSlider(value=minutes if isinstance(minutes, int) and 1 <= minutes <= 20 else DEFAULT_ROUND_MINUTES,
                                   min=1, max=20, description=t("roleplay.minutes"), continuous_update=False,
                                   style={"description_width": "initial"})
        self.minutes.add_class("cc-round-minutes")
        self.timer = RoundTimer(seconds=self.minutes.value * 60, labels={
            "start": t("roleplay.timer_start"), "pause": t("roleplay.timer_pause"),
            "reset": t("roleplay.timer_reset"), "done": t("roleplay.timer_done"),
        })
        self.minutes.observe(self._on_minutes, "value")
        self.timer.observe(self._on_finished, "finished_count")
        self.material = w.VBox(layout=FULL_WIDTH)
        self.material.add_class("cc-role-material")
        next_round = button(f"{t('roleplay.next_round')} →", "cc-next-round", "primary")
        next_round.on_click(lambda _b: self._next_round())
        self.widget = w.VBox(
            [
                heading(t("roleplay.round", number=self.number), 3),
                w.HBox([self.group_size], layout=FULL_WIDTH),
                w.HTML(f"<label class='cc-label'>{html.escape(t('roleplay.my_role'))}</label>"),
                self.role,
                self.material,
                card([self.minutes, self.timer]),
                heading(t("roleplay.debrief"), 3),
                self._debrief(),
                self._history(),
                next_round,
            ],
            layout=FULL_WIDTH,
        )
        self._show_material()

    def _on_role(self, change: dict) -> None:
        self.view.session.set(ROLE_KEY, change["new"])
        self.view.session.set(round_key(self.number, "role"), change["new"])
        self._show_material()

    def _on_minutes(self, change: dict) -> None:
        self.view.session.set("roleplay.minutes", change["new"])
        self.timer.seconds = change["new"] * 60

    def _on_finished(self, _change: dict) -> None:
        self.view.session.set(round_key(self.number, "timer-finished"), True)

    def _show_material(self) -> None:
        role = self.role.value
        self.view.session.set(round_key(self.number, "role"), role)
        if role == "asker":
            replace_children(self.material, [self._plan_card()])
        elif role == "contact":
            replace_children(self.material, [self._persona_choice()])
        else:
            replace_children(self.material, [self._checklist()])

    def _plan_card(self) -> w.Widget:
        session, t, lang = self.view.session, self.view.session.t, self.view.lang
        plan = saved_plan(session)
        items = "".join(
            f"<li>{'★ ' if q.starred else ''}{html.escape(q.text(session.workshop.bank, lang))}</li>" for q in plan.questions
        )
        hint = "" if session.get("builder.request") else f"<p class='cc-muted'>{html.escape(t('roleplay.no_plan'))}</p>"
        box = card([w.HTML(f"<h4>{html.escape(t('roleplay.your_plan'))}</h4>{hint}<ol>{items}</ol>")])
        box.add_class("cc-asker-plan")
        return box

    def _persona_choice(self) -> w.Widget:
        session, t, lang = self.view.session, self.view.session.t, self.view.lang
        personas = session.workshop.role_cards.personas
        chosen = session.get("roleplay.persona")
        choice = w.Dropdown(
            options=[(f"{t('roleplay.card')} {i + 1}: {p.name[lang]} – {p.role[lang]}", p.id) for i, p in enumerate(personas)],
            value=chosen if chosen in {p.id for p in personas} else personas[0].id,
            layout=FULL_WIDTH,
        )
        choice.add_class("cc-persona-choice")
        shown = w.VBox([persona_card(session, choice.value)])

        def on_choice(change):
            session.set("roleplay.persona", change["new"])
            replace_children(shown, [persona_card(session, change["new"])])

        choice.observe(on_choice, "value")
        return w.VBox([w.HTML(f"<p class='cc-muted'>{html.escape(t('roleplay.contact_hint'))}</p>"), choice, shown])

    def _checklist(self) -> w.Widget:
        session = self.view.session
        cards = session.workshop.role_cards
        prompt = Prompt(id="observed", kind="checklist", label=session.workshop.ui.strings["roleplay.observer_heading"],
                        options=cards.observer_checklist)
        view = FieldView(prompt, session, round_key(self.number, "observed"))
        view.widget.add_class("cc-observer-checklist")
        return card([view.widget])

    def _debrief(self) -> w.Widget:
        session = self.view.session
        strings = session.workshop.ui.strings
        prompts = [
            Prompt(id="nervous-before", kind="scale", label=strings["roleplay.nervous_before"],
                   low_label=strings["roleplay.calm"], high_label=strings["roleplay.very_nervous"]),
            Prompt(id="nervous-after", kind="scale", label=strings["roleplay.nervous_after"],
                   low_label=strings["roleplay.calm"], high_label=strings["roleplay.very_nervous"]),
            Prompt(id="went-well", kind="text", label=strings["roleplay.went_well"]),
            Prompt(id="change", kind="text", label=strings["roleplay.change"]),
        ]
        self.debrief_fields = {p.id: FieldView(p, session, round_key(self.number, p.id)) for p in prompts}
        box = card([f.widget for f in self.debrief_fields.values()])
        box.add_class("cc-debrief")
        return box

    def _history(self) -> w.Widget:
        session, t = self.view.session, self.view.session.t
        rows = []
        for summary in round_summaries(session.answers(), self.number - 1):
            before = "–" if summary.nervous_before is None else summary.nervous_before
            after = "–" if summary.nervous_after is None else summary.nervous_after
            role = t(f"roleplay.role.{summary.role}") if summary.role in ROLES else ""
            rows.append(f"<li>{html.escape(t('roleplay.history_row', number=summary.number, role=role, before=before, after=after))}</li>")
        return w.HTML(f"<ul class='cc-round-history'>{''.join(rows)}</ul>" if rows else "")

    def _next_round(self) -> None:
        session = self.view.session
        session.set(ROUND_KEY, self.number + 1)
        session.set(ROLE_KEY, next_role(self.role.value, self.group_size.value))
        self.view.render()


def persona_card(session: Session, persona_id: str) -> w.Widget:
    """The card the contact plays from: who they are, how to answer, what the asker can find out."""
    t, lang = session.t, session.language
    card_ = persona(session.workshop, persona_id)
    style = next((s.label[lang] for s in session.workshop.role_cards.styles if s.id == card_.style), "")
    facts = "".join(f"<li>{html.escape(f[lang])}</li>" for f in card_.facts)
    cues = "".join(f"<li>{html.escape(r.text[lang])}</li>" for r in card_.reactions)
    body = (
        f"<h4>{html.escape(card_.name[lang])} · {html.escape(card_.role[lang])}</h4>"
        f"<p>{html.escape(card_.background[lang])}</p>"
        f"<p><strong>{html.escape(t('roleplay.style'))}:</strong> {html.escape(style)}</p>"
        f"<p><strong>{html.escape(t('roleplay.how_to_play'))}:</strong> {html.escape(card_.how_to_play[lang])}</p>"
        f"<p><strong>{html.escape(t('roleplay.facts'))}:</strong></p><ul>{facts}</ul>"
        f"<p><strong>{html.escape(t('roleplay.cues'))}:</strong></p><ul>{cues}</ul>"
    )
    box = card([w.HTML(body)])
    box.add_class("cc-persona-card")
    return box


class SoloRehearsal:
    """Ask a persona the questions of your plan; it answers from its card; you write a follow-up each time."""

    def __init__(self, view: RolePlayView):
        self.view = view
        session, t, lang = view.session, view.session.t, view.lang
        personas = session.workshop.role_cards.personas
        chosen = session.get("solo.persona")
        self.persona = w.Dropdown(
            options=[(f"{p.name[lang]} – {p.role[lang]}", p.id) for p in personas],
            value=chosen if chosen in {p.id for p in personas} else personas[0].id,
            layout=FULL_WIDTH,
        )
        self.persona.add_class("cc-solo-persona")
        self.persona.observe(self._on_persona, "value")
        self.plan = saved_plan(session)
        self.question = w.Dropdown(
            options=[(q.text(session.workshop.bank, lang), q.id) for q in self.plan.questions], layout=FULL_WIDTH
        )
        self.question.add_class("cc-solo-question")
        ask = button(t("roleplay.ask"), "cc-solo-ask", "primary")
        ask.on_click(lambda _b: self.ask())
        self.transcript = w.VBox(layout=FULL_WIDTH)
        self.transcript.add_class("cc-solo-transcript")
        self.widget = w.VBox(
            [
                text_html(t("roleplay.solo_intro")),
                w.HTML(f"<label class='cc-label'>{html.escape(t('roleplay.solo_persona'))}</label>"),
                self.persona,
                w.HTML(f"<label class='cc-label'>{html.escape(t('roleplay.solo_question'))}</label>"),
                w.HBox([self.question, ask], layout=FULL_WIDTH),
                self.transcript,
            ],
            layout=FULL_WIDTH,
        )
        self._draw()

    def turns(self) -> list[dict]:
        turns = self.view.session.get(SOLO_KEY) or []
        return [turn for turn in turns if isinstance(turn, dict) and turn.get("persona") == self.persona.value]

    def _all_turns(self) -> list[dict]:
        return [turn for turn in (self.view.session.get(SOLO_KEY) or []) if isinstance(turn, dict)]

    def _on_persona(self, change: dict) -> None:
        self.view.session.set("solo.persona", change["new"])
        self._draw()

    def ask(self) -> None:
        question = next((q for q in self.plan.questions if q.id == self.question.value), None)
        if question is None:
            return
        turns = self._all_turns()
        if len(turns) >= 60:
            self.view.session.reject(AnswerRejected("field.limit_reached", limit=60))
            return
        turns.append({"persona": self.persona.value, "question": question.id, "family": question.family,
                      "text": question.text(self.view.session.workshop.bank, self.view.lang), "follow_up": ""})
        self.view.session.set(SOLO_KEY, turns)
        asked = {turn.get("question") for turn in self.turns()}
        upcoming = [q.id for q in self.plan.questions if q.id not in asked]
        if upcoming:
            self.question.value = upcoming[0]
        self._draw()

    def _set_follow_up(self, index: int, text: str) -> None:
        try:
            text = clean_text(text, 1000)
        except AnswerRejected as rejected:
            self.view.session.reject(rejected)
            return
        turns = self._all_turns()
        mine = [i for i, turn in enumerate(turns) if turn.get("persona") == self.persona.value]
        turns[mine[index]] = {**turns[mine[index]], "follow_up": text}
        self.view.session.set(SOLO_KEY, turns)

    def _draw(self) -> None:
        session, t, lang = self.view.session, self.view.session.t, self.view.lang
        card_ = persona(session.workshop, self.persona.value)
        items: list[w.Widget] = []
        turns = self.turns()
        replies = rehearsal_replies(card_, [str(turn.get("family", "")) for turn in turns], lang)
        for index, (turn, answer) in enumerate(zip(turns, replies)):
            parts = [
                f"<p class='cc-solo-asked'><strong>{html.escape(t('roleplay.you'))}:</strong> {html.escape(str(turn.get('text', '')))}</p>",
                f"<p class='cc-solo-answer'><strong>{html.escape(card_.name[lang])}:</strong> {html.escape(answer.text)}</p>",
            ]
            if answer.reaction:
                parts.append(f"<p class='cc-solo-reaction'><em>{html.escape(answer.reaction.text[lang])}</em></p>")
                parts.append(f"<p class='cc-status-info cc-solo-hint'>{html.escape(t('roleplay.hint'))}: "
                             f"{html.escape(answer.reaction.hint[lang])}</p>")
            follow_up = w.Text(value=str(turn.get("follow_up", "")), placeholder=t("roleplay.follow_up"),
                               layout=FULL_WIDTH, continuous_update=False)
            follow_up.add_class("cc-solo-follow-up")
            follow_up.observe(lambda change, index=index: self._set_follow_up(index, change["new"]), "value")
            turn_box = card([w.HTML("".join(parts)), follow_up])
            turn_box.add_class("cc-solo-turn")
            items.append(turn_box)
        replace_children(self.transcript, items)

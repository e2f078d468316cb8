"""Role-play in the kernel: each role sees its own material, debriefs are saved, solo rehearsal works."""

from __future__ import annotations

import html
import re

import ipywidgets as w
import pytest

from coffeechat.models.session import Session
from coffeechat.pages import notebook
from coffeechat.storage.journal import Journal
from coffeechat.views.roleplay import RolePlayView, persona_card
from tests.conftest import all_text, find, walk


def test_asker_sees_the_plan_contact_the_card_observer_the_checklist(session: Session, workshop):
    view = RolePlayView(session, "role-play", in_room=True)
    role = find(view.widget, "cc-role")
    card = workshop.role_cards.personas[0]
    role.value = "asker"
    asker_text = all_text(view.widget)
    assert find(view.widget, "cc-asker-plan")
    assert card.facts[0]["de"] not in asker_text, "the asker never sees the persona's facts"
    role.value = "contact"
    assert card.facts[0]["de"] in all_text(find(view.widget, "cc-persona-card"))
    role.value = "observer"
    checklist = find(view.widget, "cc-observer-checklist")
    assert workshop.role_cards.observer_checklist[0].label["de"] in all_text(checklist)


def test_debrief_and_observations_are_saved_per_round(session: Session, journal: Journal, workshop):
    view = RolePlayView(session, "role-play", in_room=True)
    part = view.part
    part.debrief_fields["nervous-before"].slider.value = 8
    part.debrief_fields["nervous-after"].slider.value = 3
    part.debrief_fields["went-well"].input.value = "Ich habe ruhig eröffnet 🙂"
    find(view.widget, "cc-role").value = "observer"
    observed = find(view.widget, "cc-observer-checklist")
    next(
        n
        for n in walk(observed)
        if getattr(n, "description", "") == workshop.role_cards.observer_checklist[0].label["de"]
    ).value = True
    saved = journal.load(session.code)
    assert saved["roleplay.round-1.nervous-before"] == 8
    assert saved["roleplay.round-1.nervous-after"] == 3
    assert saved["roleplay.round-1.went-well"] == "Ich habe ruhig eröffnet 🙂"
    assert saved["roleplay.round-1.observed"] == [workshop.role_cards.observer_checklist[0].id]


def test_next_round_swaps_roles_and_shows_the_last_round(session: Session, journal: Journal):
    view = RolePlayView(session, "role-play", in_room=True)
    find(view.widget, "cc-role").value = "asker"
    view.part.debrief_fields["nervous-before"].slider.value = 6
    find(view.widget, "cc-next-round").click()
    assert journal.load(session.code)["roleplay.round"] == 2
    assert find(view.widget, "cc-role").value == "contact"
    assert session.t("roleplay.round", number=2) in all_text(view.widget)
    assert "6" in all_text(view.widget)


def test_round_length_is_adjustable_and_reaches_the_timer(session: Session):
    view = RolePlayView(session, "role-play", in_room=True)
    find(view.widget, "cc-round-minutes").value = 10
    assert view.part.timer.seconds == 600
    assert session.get("roleplay.minutes") == 10
    view.part.timer.finished_count = 1
    assert session.get("roleplay.round-1.timer-finished") is True


def test_is_the_round_length_a_slider_with_a_plain_number_beside_it_not_an_editable_box(session: Session):
    """ipywidgets' readout beside the minutes per round was an editable box, a Tab stop where the arrows did nothing
    (as the rating sliders' was): the number is plain text that follows the slider, as there (SliderNumber)."""
    view = RolePlayView(session, "role-play", in_room=True)
    minutes = find(view.widget, "cc-round-minutes")
    assert minutes.readout is False, "no editable readout"
    number = find(view.widget, "cc-round-minutes-value")
    assert isinstance(number, w.HTML) and "cc-rating-value" in number._dom_classes
    assert re.sub("<[^>]+>", "", number.value) == str(minutes.value)
    minutes.value = 12
    assert re.sub("<[^>]+>", "", number.value) == "12" and session.get("roleplay.minutes") == 12


def test_solo_rehearsal_answers_from_the_card_and_keeps_follow_ups(session: Session, journal: Journal, workshop):
    view = RolePlayView(session, "role-play")
    find(view.widget, "cc-roleplay-mode").value = "solo"
    solo = view.part
    card = solo.card(solo.persona.value)
    for _ in range(card.reaction_every):
        find(view.widget, "cc-solo-ask").click()
    turns = [n for n in walk(view.widget) if "cc-solo-turn" in n._dom_classes]
    assert len(turns) == card.reaction_every
    text = all_text(view.widget)
    first_key = solo.plan.questions[0].answer_key
    assert card.answers[first_key][0]["de"] in text
    assert card.reactions[0].hint["de"] in text, "the persona reacted like its type, with a hint"
    follow_up = next(n for n in walk(turns[0]) if "cc-solo-follow-up" in n._dom_classes)
    follow_up.value = "Und wie sah das konkret aus?"
    assert journal.load(session.code)["solo.turns"][0]["follow_up"] == "Und wie sah das konkret aus?"
    again = RolePlayView(Session(workshop, journal, code=session.code), "role-play")
    assert "Und wie sah das konkret aus?" in all_text(again.widget)


def test_after_asking_the_next_question_of_the_plan_is_ready(session: Session):
    view = RolePlayView(session, "role-play")
    find(view.widget, "cc-roleplay-mode").value = "solo"
    solo = view.part
    first, second = solo.plan.questions[0].id, solo.plan.questions[1].id
    assert solo.question.value == first
    find(view.widget, "cc-solo-ask").click()
    assert solo.question.value == second


def test_only_the_asker_is_asked_about_nerves_and_the_observer_gets_a_notes_field(session, journal):
    view = RolePlayView(session, "role-play", in_room=True)
    role = find(view.widget, "cc-role")
    assert {"nervous-before", "nervous-after"} <= set(view.part.debrief_fields)
    role.value = "observer"
    assert not {"nervous-before", "nervous-after"} & set(view.part.debrief_fields)
    notes = find(view.widget, "cc-observer-notes")
    textarea = next(node for node in walk(notes) if type(node).__name__ == "Textarea")
    textarea.value = "Sie hat gut nachgefragt – „und dann?“ 🙂"
    assert journal.get(session.code, "roleplay.round-1.observer-notes") == "Sie hat gut nachgefragt – „und dann?“ 🙂"
    role.value = "contact"
    assert not {"nervous-before", "nervous-after"} & set(view.part.debrief_fields)
    role.value = "asker"
    assert {"nervous-before", "nervous-after"} <= set(view.part.debrief_fields)


def test_a_solo_question_about_making_contacts_gets_an_answer_about_contacts(session: Session, workshop):
    session.set("builder.request", {"goals": ["get-in"], "minutes": 45, "seed": 0})
    session.set("builder.edits", {"pinned": ["advice-making-contacts"], "order": ["advice-making-contacts"]})
    view = RolePlayView(session, "role-play")
    find(view.widget, "cc-roleplay-mode").value = "solo"
    solo = view.part
    solo.question.value = "advice-making-contacts"
    find(view.widget, "cc-solo-ask").click()
    card = solo.card(solo.persona.value)
    text = all_text(view.widget)
    assert card.answers["making-contacts"][0]["de"] in text
    assert "kleines eigenes Projekt" not in text, "not the advice about a side project"


def test_are_round_minutes_sent_past_the_sliders_ends_refused_with_the_range(session: Session, journal: Journal):
    """Over the websocket a visitor can widen the slider first (max, min are widget state too)."""
    messages = []
    session.on_status(lambda kind, message: messages.append((kind, message)))
    view = RolePlayView(session, "role-play", in_room=True)
    minutes = view.part.minutes
    minutes.value = 12
    for sent in (99999, 0):
        minutes.max, minutes.min = 100_000, -5
        minutes.value = sent
        assert messages[-1] == ("rejected", session.t("field.number_out_of_range", low=1, high=20))
        assert journal.load(session.code)["roleplay.minutes"] == 12
    assert view.part.timer.minutes == 12, "the timer keeps the last good length"


def spoken(solo) -> list[str]:
    """What the persona said, turn by turn, as the transcript shows it (HTML-escaped)."""
    return [
        match
        for node in walk(solo.transcript)
        for match in re.findall(
            r"<p class='cc-solo-answer[^']*'><strong>[^<]*</strong> (.*?)</p>", str(getattr(node, "value", ""))
        )
    ]


def _solo_with_own_questions(session: Session, texts: list[str]):
    """Solo rehearsal of a plan of the participant's own questions, filed under the builder's first family."""
    own = [{"id": f"own-{n}", "text": text, "family": "career-path", "minutes": 3} for n, text in enumerate(texts, 1)]
    session.set("builder.request", {"goals": ["understand-role"], "minutes": 15, "seed": 0})
    session.set("builder.edits", {"own": own})
    view = RolePlayView(session, "role-play")
    find(view.widget, "cc-roleplay-mode").value = "solo"
    return view, view.part


def test_does_the_persona_answer_a_typical_day_and_the_first_months_differently_and_to_the_point(
    session: Session, workshop
):
    view, solo = _solo_with_own_questions(session, ["Wie sieht ein typischer Tag aus?", "Wie waren die ersten Monate?"])
    for question_id in ("own-1", "own-2"):
        solo.question.value = question_id
        find(view.widget, "cc-solo-ask").click()
    card = solo.card(solo.persona.value)
    assert spoken(solo) == [html.escape(card.answers[key][0]["de"]) for key in ("day-to-day", "first-year")]


def test_does_a_persona_asked_the_same_own_question_again_never_repeat_itself(session: Session, workshop):
    session.language = "en"
    view, solo = _solo_with_own_questions(session, ["What does a typical day look like?"])
    for _ in range(4):
        solo.question.value = "own-1"
        find(view.widget, "cc-solo-ask").click()
    answers = spoken(solo)
    assert len(answers) == 4 and len(set(answers)) == 4


def test_is_a_question_the_persona_has_nothing_new_for_refused_with_a_message_and_nothing_lost(
    session: Session, journal: Journal, workshop
):
    messages = []
    session.on_status(lambda kind, message: messages.append((kind, message)))
    view, solo = _solo_with_own_questions(session, ["Wie sieht ein typischer Tag aus?"])
    card = solo.card(solo.persona.value)
    said = len(card.answers["day-to-day"]) + len(workshop.role_cards.generic_answers)  # on the day, then generic
    for _ in range(said + 1):
        solo.question.value = "own-1"
        find(view.widget, "cc-solo-ask").click()
    assert len(set(spoken(solo))) == said, "every answer it had, each once"
    assert messages[-1] == ("rejected", session.t("roleplay.nothing_new", name=card.name["de"]))
    assert len(journal.load(session.code)["solo.turns"]) == said


def test_does_the_persona_answer_the_questions_carried_from_a_fear_module_on_their_subject(session: Session, workshop):
    """The fresh-eye walk: the questions written in "Ich bin noch nicht bereit" came into the plan under no family of
    the bank's ("carried"), and the persona answered them with its card's answers in the card's order."""
    session.set(
        "not-ready.exercise.questions",
        ["Wie sieht ein typischer Tag bei Ihnen aus?", "Welche Fähigkeiten braucht man dafür?"],
    )
    view = RolePlayView(session, "role-play")
    find(view.widget, "cc-roleplay-mode").value = "solo"
    solo = view.part
    carried = [q.id for q in solo.plan.questions if q.source == "carried"]
    assert len(carried) == 2
    for question_id in carried:
        solo.question.value = question_id
        find(view.widget, "cc-solo-ask").click()
    card = solo.card(solo.persona.value)
    assert spoken(solo) == [html.escape(card.answers[key][0]["de"]) for key in ("day-to-day", "skills")]


def step_shown(view) -> int:
    shown = [n for n, box in enumerate(view.step_parts.boxes, start=1) if box.layout.display != "none"]
    assert len(shown) == 1, f"one step at a time, not {shown}"
    return shown[0]


def test_does_the_role_play_come_as_the_choice_the_round_and_the_debrief(session: Session, journal: Journal):
    view = RolePlayView(session, "role-play", in_room=True)
    assert view.steps == ("start", "practice", "debrief") and step_shown(view) == 1
    choice, practice, debrief = view.step_parts.boxes
    assert "Schritt 1 von 3 · So funktioniert es" in all_text(choice)
    assert [n for n in walk(choice) if "cc-roleplay-mode" in n._dom_classes]
    assert [n for n in walk(practice) if "cc-role" in n._dom_classes]
    assert [n for n in walk(practice) if "cc-round-minutes" in n._dom_classes]
    assert [n for n in walk(debrief) if "cc-next-round" in n._dom_classes]
    assert "nervous-before" in view.part.debrief_fields
    assert any(n is view.part.debrief_fields["went-well"].widget for n in walk(debrief))
    view.show_step(3)
    assert journal.get(session.code, "step.role-play") == 3


def test_does_the_next_round_open_at_its_round_step_with_the_focus_on_its_heading(session: Session):
    asked: list[str] = []
    view = RolePlayView(session, "role-play", in_room=True, focus=asked.append)
    view.show_step(3)
    find(view.widget, "cc-next-round").click()
    assert view.step == 2 and step_shown(view) == 2
    assert asked == [".cc-roleplay .cc-module-step-2 .cc-module-step-heading h3"]
    assert session.t("roleplay.round", number=2) in all_text(view.step_parts.boxes[1])


def test_does_the_solo_debrief_show_each_question_asked_with_its_follow_up(session: Session):
    view = RolePlayView(session, "role-play")
    find(view.widget, "cc-roleplay-mode").value = "solo"
    look_back = find(view.widget, "cc-solo-look-back")
    assert session.t("roleplay.solo_nothing_asked") in look_back.value
    find(view.widget, "cc-solo-ask").click()
    follow_up = next(n for n in walk(view.part.transcript) if "cc-solo-follow-up" in n._dom_classes)
    follow_up.value = "Und <wie> genau?"
    asked = html.escape(view.part.plan.questions[0].text(session.workshop.bank, "de"))
    assert asked in look_back.value and "Und &lt;wie&gt; genau?" in look_back.value
    assert any(n is look_back for n in walk(view.step_parts.boxes[2])), "on the debrief step"


def test_does_the_role_play_notebook_show_the_same_three_steps(session: Session, monkeypatch):
    monkeypatch.setattr(notebook, "local_session", lambda: session)
    shown = notebook.show_roleplay()
    forth = find(shown, "cc-module-step-next")
    forth.click()
    forth.click()
    assert session.get("step.role-play") == 3 and forth.layout.visibility == "hidden"
    assert "Schritt 3 von 3 · Nachbesprechung" in all_text(find(shown, "cc-roleplay"))


def _solo(session: Session, focus=None):
    view = RolePlayView(session, "role-play", focus=focus)
    find(view.widget, "cc-roleplay-mode").value = "solo"
    return view, view.part


def _in(node, css_class: str) -> list:
    return [n for n in walk(node) if css_class in n._dom_classes]


def test_does_a_sent_follow_up_get_the_personas_next_answer_about_the_same_thing(
    session: Session, journal: Journal, workshop
):
    """The walk: a follow-up typed into its field had no send button, and the persona never answered it."""
    view, solo = _solo(session)
    card = solo.card(solo.persona.value)
    find(view.widget, "cc-solo-ask").click()
    question = solo.plan.questions[0]
    field, send = _in(solo.transcript, "cc-solo-follow-up")[0], _in(solo.transcript, "cc-solo-send-follow-up")[0]
    assert type(field).__name__ == "Textarea" and send.button_style == "primary"
    assert send.description == session.t("roleplay.send_follow_up")
    field.value = "Und wie sah das konkret aus? Ärger mit 🚋?"
    send.click()
    on_topic = [*card.answers[question.answer_key], *card.answers.get(question.family, ())]
    answers = [html.escape(a["de"]) for a in dict.fromkeys(on_topic)]  # what it is about, then its family
    assert spoken(solo)[:2] == answers[:2], "the follow-up gets the next answer on the same topic"
    text = all_text(solo.transcript)
    assert "Und wie sah das konkret aus? Ärger mit 🚋?" in text
    assert not _in(solo.transcript, "cc-solo-follow-up"), "one follow-up per turn: the field has gone"
    turn = journal.load(session.code)["solo.turns"][0]
    assert turn["follow_up"] == "Und wie sah das konkret aus? Ärger mit 🚋?" and turn["follow_up_sent"] is True
    again = RolePlayView(Session(workshop, journal, code=session.code), "role-play").part
    assert spoken(again)[:2] == answers[:2] and not _in(again.transcript, "cc-solo-follow-up"), "after a reload"
    look_back = find(view.widget, "cc-solo-look-back").value
    assert html.escape("Und wie sah das konkret aus? Ärger mit 🚋?") in look_back and answers[1] in look_back


def test_is_an_empty_follow_up_refused_with_a_message_and_the_turn_left_as_it_was(session: Session, journal: Journal):
    messages = []
    session.on_status(lambda kind, message: messages.append((kind, message)))
    view, solo = _solo(session)
    find(view.widget, "cc-solo-ask").click()
    before = journal.load(session.code)["solo.turns"]
    field = _in(solo.transcript, "cc-solo-follow-up")[0]
    field.value = "  \n "
    _in(solo.transcript, "cc-solo-send-follow-up")[0].click()
    assert messages[-1] == ("rejected", session.t("roleplay.follow_up_empty"))
    assert _in(solo.transcript, "cc-solo-follow-up"), "the field is still there"
    assert len(spoken(solo)) == 1
    assert [t["follow_up_sent"] for t in journal.load(session.code)["solo.turns"]] == [False] * len(before)


def test_does_each_answer_get_the_focus_and_come_into_view(session: Session):
    """The walk: after "Ask" the answer appeared below the fold and nothing showed that anything happened."""
    asked = []
    view, solo = _solo(session, focus=lambda selector, reveal="": asked.append((selector, reveal)))
    find(view.widget, "cc-solo-ask").click()
    find(view.widget, "cc-solo-ask").click()
    assert asked == [
        (".cc-solo-turn-0 .cc-solo-reply-answer", ".cc-solo-turn-0"),
        (".cc-solo-turn-1 .cc-solo-reply-answer", ".cc-solo-turn-1"),
    ]
    assert _in(solo.transcript, "cc-solo-turn-1") and _in(solo.transcript, "cc-solo-turn-0")
    field = _in(_in(solo.transcript, "cc-solo-turn-0")[0], "cc-solo-follow-up")[0]
    field.value = "Wie genau?"
    _in(_in(solo.transcript, "cc-solo-turn-0")[0], "cc-solo-send-follow-up")[0].click()
    assert asked[-1] == (".cc-solo-turn-0 .cc-solo-reply-follow-up", ".cc-solo-turn-0")
    markup = "".join(str(getattr(n, "value", "")) for n in walk(_in(solo.transcript, "cc-solo-turn-0")[0]))
    assert "cc-solo-reply-follow-up" in markup and "cc-solo-reply-answer" in markup


def test_is_the_conversation_above_the_next_question_and_ask_like_a_chat(session: Session):
    view, solo = _solo(session)
    order = list(solo.widget.children)
    assert order.index(solo.transcript) < order.index(solo.question) < order.index(find(view.widget, "cc-solo-ask"))


def test_does_a_turn_saved_before_follow_ups_were_sent_keep_its_follow_up_as_a_draft(
    session: Session, journal: Journal, workshop
):
    view, _solo_part = _solo(session)
    find(view.widget, "cc-solo-ask").click()
    old = {k: v for k, v in journal.load(session.code)["solo.turns"][0].items() if k != "follow_up_sent"}
    session.set("solo.turns", [{**old, "follow_up": "Meine alte Nachfrage"}, "not a turn"])
    again = RolePlayView(Session(workshop, journal, code=session.code), "role-play").part
    assert len(spoken(again)) == 1, "the persona never heard it"
    assert _in(again.transcript, "cc-solo-follow-up")[0].value == "Meine alte Nachfrage", "ready to send"
    assert session.t("roleplay.follow_up_not_sent") in again.look_back.value


def test_does_a_persona_that_asks_something_back_get_an_answer_field_whose_answer_is_kept_and_shown(
    session: Session, journal: Journal, workshop
):
    """The walk: „Und Sie? Was reizt Sie eigentlich an diesem Bereich?“ with a tip to answer in two or three
    sentences, and nowhere to answer; both walkers looked for a field."""
    messages = []
    session.on_status(lambda kind, message: messages.append((kind, message)))
    view, solo = _solo(session)
    card = solo.card(solo.persona.value)
    assert card.reaction_every == 3 and card.reactions[0].asks, "the plan's contact asks back with its third reply"
    find(view.widget, "cc-solo-ask").click()
    find(view.widget, "cc-solo-ask").click()
    assert not _in(solo.transcript, "cc-solo-reaction-reply"), "no reaction yet, so no field"
    follow_up = _in(_in(solo.transcript, "cc-solo-turn-1")[0], "cc-solo-follow-up")[0]
    follow_up.value = "Wie genau?"
    _in(_in(solo.transcript, "cc-solo-turn-1")[0], "cc-solo-send-follow-up")[0].click()  # the third reply
    turn = _in(solo.transcript, "cc-solo-turn-1")[0]
    assert card.reactions[0].text["de"] in all_text(turn)
    field = _in(turn, "cc-solo-reaction-reply-follow-up")[0]
    assert type(field).__name__ == "Textarea" and field.description == session.t("roleplay.reaction_reply_label")
    saved = _in(turn, "cc-solo-reaction-saved")[0]
    assert saved.value == "", "nothing said before anything is written"
    field.value = "Ja, danke – ich nehme mit, dass <Zuhören> zählt. 🙂"
    assert journal.load(session.code)["solo.turns"][1]["follow_up_reaction_reply"] == field.value
    assert session.t("roleplay.reaction_reply_saved") in saved.value
    assert _in(solo.transcript, "cc-solo-turn-1")[0] is turn, "the card stays (the focus is not lost)"
    assert html.escape(field.value) in solo.look_back.value, "in the debrief"
    assert html.escape(card.reactions[0].text["de"]) in solo.look_back.value
    assert len(spoken(solo)) == 3, "the persona does not answer it"

    messages.clear()
    field.value = "x" * 1_001
    assert messages[-1] == ("rejected", session.t("field.too_long", limit=1_000, length=1_001))
    assert journal.load(session.code)["solo.turns"][1]["follow_up_reaction_reply"].startswith("Ja, danke")

    again = RolePlayView(Session(workshop, journal, code=session.code), "role-play").part
    kept = _in(_in(again.transcript, "cc-solo-turn-1")[0], "cc-solo-reaction-reply-follow-up")[0]
    assert kept.value.startswith("Ja, danke"), "after a reload"


def test_does_a_persona_card_with_a_content_note_show_the_note_before_the_person(session: Session, workshop):
    """The contact reads what the card is about (children at risk) before taking it on, and may choose another."""
    noted = next(p for p in workshop.role_cards.personas if p.content_note is not None)
    card = all_text(persona_card(session, noted.id))
    assert noted.content_note["de"] in card
    assert card.index(noted.content_note["de"]) < card.index(noted.name["de"])
    plain = next(p for p in workshop.role_cards.personas if p.content_note is None)
    assert session.t("roleplay.content_note") not in all_text(persona_card(session, plain.id))


def test_does_solo_rehearsal_show_a_personas_content_note_before_the_first_answer(session: Session, workshop):
    noted = next(p for p in workshop.role_cards.personas if p.content_note is not None)
    plain = next(p for p in workshop.role_cards.personas if p.content_note is None)
    view = RolePlayView(session, "role-play")
    find(view.widget, "cc-roleplay-mode").value = "solo"
    choice = find(view.widget, "cc-solo-persona")
    choice.value = noted.id
    assert noted.content_note["de"] in all_text(find(view.widget, "cc-solo-note"))
    choice.value = plain.id
    assert noted.content_note["de"] not in all_text(find(view.widget, "cc-solo-note"))


def test_does_the_role_play_at_home_open_on_the_solo_practice_and_in_a_room_on_the_group(session: Session, journal):
    """Issue 27's walks: self-paced, with nobody in the room, the page offered the group role-play first."""
    alone = RolePlayView(session, "role-play")
    assert find(alone.widget, "cc-roleplay-mode").value == "solo"
    assert isinstance(alone.part.widget, w.Widget) and find(alone.widget, "cc-solo-persona")
    assert "roleplay.mode" not in journal.load(session.code), "a default is no choice of theirs"
    alone.show_in_room(True)  # the page joined a room: the group, as long as they chose nothing
    assert find(alone.widget, "cc-roleplay-mode").value == "group"
    assert "roleplay.mode" not in journal.load(session.code)
    in_room = RolePlayView(session, "role-play", in_room=True)
    assert find(in_room.widget, "cc-roleplay-mode").value == "group"
    find(in_room.widget, "cc-roleplay-mode").value = "solo"
    assert journal.load(session.code)["roleplay.mode"] == "solo"
    in_room.show_in_room(False)
    in_room.show_in_room(True)
    assert find(in_room.widget, "cc-roleplay-mode").value == "solo", "their own choice holds"


def test_does_a_follow_up_answered_from_another_topic_of_its_kind_say_that_it_is_an_example(session: Session):
    """The walk of issue 27: canned follow-up answers missed the question asked. An answer the card keeps for
    another question of the same kind is shown with a line that says honestly that it is an example; one on the
    question itself is not."""
    view, solo = _solo_with_own_questions(session, ["Wie sind Sie zu Ihrem Beruf gekommen?"])
    solo.question.value = "own-1"
    find(view.widget, "cc-solo-ask").click()
    shown = lambda: "".join(str(getattr(node, "value", "")) for node in walk(solo.transcript))
    assert "cc-solo-example" not in shown(), "an answer on the question itself is just an answer"
    _in(solo.transcript, "cc-solo-follow-up")[0].value = "Können Sie das genauer sagen?"
    _in(solo.transcript, "cc-solo-send-follow-up")[0].click()
    note = session.t("roleplay.example_answer")
    assert "cc-solo-example" in shown() and html.escape(note) in find(view.widget, "cc-solo-look-back").value


def test_does_the_rehearsal_start_with_the_contact_of_the_participants_own_plan(session: Session, workshop):
    """The walk of issue 27: a participant who plans a talk with a product manager got a UX researcher. The
    rehearsal's first persona is the plan's contact, named and described as the plan describes them; the cards
    stay one choice away."""
    session.set("builder.request", {"contact_role": "Produktmanagerin", "field": "Medizintechnik"})
    view, solo = _solo(session)
    choice = find(view.widget, "cc-solo-persona")
    assert choice.value == "plan-contact"
    assert "Produktmanagerin im Bereich Medizintechnik" in choice.options[0][0]
    assert len(choice.options) == 1 + len(workshop.role_cards.personas), "every card still to choose"
    assert "Sie sprechen mit: Produktmanagerin im Bereich Medizintechnik" in all_text(solo.note)
    find(view.widget, "cc-solo-ask").click()
    question = solo.plan.questions[0]
    key = question.topic or question.family
    assert spoken(solo) == [html.escape(workshop.role_cards.plan_persona.answers[key][0]["de"])]


def test_does_the_debrief_carry_a_follow_up_into_the_plan_saved_named_and_with_the_focus_on_what_it_did(
    session: Session, journal: Journal, workshop
):
    """The walk of issue 27: after the debrief there was no way to carry a follow-up question into the plan."""
    from coffeechat.models.builder import plan_from_answers

    moved: list[str] = []
    view, solo = _solo(session, focus=lambda selector, _reveal="": moved.append(selector))
    find(view.widget, "cc-solo-ask").click()
    asked = "Mit wem sollte ich sonst noch sprechen?"
    _in(solo.transcript, "cc-solo-follow-up")[0].value = asked
    _in(solo.transcript, "cc-solo-send-follow-up")[0].click()
    debrief = view.step_parts.boxes[2]
    (into,) = _in(debrief, "cc-solo-to-plan-button")
    assert isinstance(into, w.Button) and asked[:10] in into.description, "a named button, in the debrief"
    into.click()
    saved = journal.load(session.code)
    own = [q["text"] for q in saved["builder.edits"]["own"]]
    assert own == [asked]
    assert any(q.own_text == asked for q in plan_from_answers(workshop, saved).questions), "in the plan"
    assert not _in(debrief, "cc-solo-to-plan-button"), "done: no second button"
    assert moved[-1] == ".cc-solo-in-plan-0" and _in(debrief, "cc-solo-in-plan-0")
    again = RolePlayView(Session(workshop, journal, code=session.code), "role-play")
    assert not _in(again.step_parts.boxes[2], "cc-solo-to-plan-button"), "after a reload: still in the plan"
    assert session.t("roleplay.in_plan", question=asked) in all_text(again.step_parts.boxes[2])


@pytest.mark.parametrize(("minutes", "over"), [(15, True), (45, False)])
def test_does_the_line_that_confirms_a_follow_up_in_the_plan_say_what_it_did_to_the_time(
    session: Session, workshop, minutes: int, over: bool
):
    """Issue 27's walks: „+ In den Plan“ added a question and its minutes silently. The line that confirms it
    says by how much and where the plan stands („+3 Min., jetzt 17 von 15 Minuten“), what made room, and what to
    do where the plan is now over its time."""
    from coffeechat.models.builder import plan_from_answers

    session.set("builder.request", {"minutes": minutes})
    own = [{"id": f"own-{n}", "text": f"Frage {n}?", "family": "career-path"} for n in (1, 2, 3)]
    session.set("builder.edits", {"own": own})  # 9 minutes of their own: at 15, no suggestion fits any more
    before = plan_from_answers(workshop, session.answers())
    view, solo = _solo(session)
    find(view.widget, "cc-solo-ask").click()
    _in(solo.transcript, "cc-solo-follow-up")[0].value = "Mit wem sollte ich sonst noch sprechen?"
    _in(solo.transcript, "cc-solo-send-follow-up")[0].click()
    debrief = view.step_parts.boxes[2]
    _in(debrief, "cc-solo-to-plan-button")[0].click()
    after = plan_from_answers(workshop, session.answers())
    said = html.unescape(_in(debrief, "cc-solo-in-plan-0")[0].value)
    assert f"jetzt {after.total_minutes} von {minutes} Minuten" in said, said
    assert "+3 Min." in said
    if before.total_minutes == after.total_minutes - 3:
        assert "herausgenommen" not in said
    else:
        assert "herausgenommen" in said, "what made room is said"
    for gone in (q for q in before.questions if q.id not in after.ids):  # named (a keyboard walk: „which one?“)
        assert f"„{gone.text(workshop.bank, 'de')}“" in said, said
    # where to go, by the names on screen (a phone walk found no way back to the plan from here)
    where = "Streichen Sie im Teil „Plan“, Schritt „Ihr Plan“, eine Frage oder erbitten Sie dort mehr Zeit"
    assert (where in said) == over == after.over_time, said

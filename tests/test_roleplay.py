"""The persona engine: answers from the card, reactions now and then, the same every time; role rotation."""

from __future__ import annotations

from coffeechat.keys import round_answer
from coffeechat.roleplay import next_role, persona, rehearsal_replies, reply, round_summaries


def test_every_style_of_contact_has_a_card_in_both_languages(workshop):
    cards = workshop.role_cards
    assert len(cards.personas) >= 8
    assert {p.style for p in cards.personas} >= {s.id for s in cards.styles} - {"cautious"}
    for card in cards.personas:
        assert 2 <= len(card.facts) <= 3
        assert card.name["de"] and card.name["en"] and card.how_to_play["de"] != card.how_to_play["en"]


def test_a_persona_answers_every_question_family_from_its_card(workshop):
    for card in workshop.role_cards.personas:
        for family in workshop.bank.families:
            answer = reply(card, family.id, 0, "de")
            assert answer.text == card.answers[family.id][0]["de"]


def test_reactions_come_now_and_then_and_cycle(workshop):
    card = workshop.role_cards.personas[0]
    replies = [reply(card, "advice", turn, "en") for turn in range(card.reaction_every * 2)]
    reacting = [r for r in replies if r.reaction is not None]
    assert len(reacting) == 2
    assert replies[card.reaction_every - 1].reaction == card.reactions[0]
    assert all(r.reaction.hint["en"] for r in reacting)


def test_the_same_rehearsal_gives_the_same_answers(workshop):
    card = workshop.role_cards.personas[3]
    first = [reply(card, f.id, turn, "de") for turn, f in enumerate(workshop.bank.families)]
    second = [reply(card, f.id, turn, "de") for turn, f in enumerate(workshop.bank.families)]
    assert first == second


def test_a_frank_persona_exists_for_the_regret_fear(workshop):
    frank = [p for p in workshop.role_cards.personas if p.style == "frank-downsides"]
    assert frank, "participants can rehearse hearing the downsides safely"


def test_unknown_persona_falls_back_to_the_first(workshop):
    assert persona(workshop, "nobody") == workshop.role_cards.personas[0]


def test_roles_rotate_in_pairs_and_trios():
    assert [next_role(r, 3) for r in ("asker", "contact", "observer")] == ["contact", "observer", "asker"]
    assert [next_role(r, 2) for r in ("asker", "contact")] == ["contact", "asker"]
    assert next_role("observer", 2) == "asker"


def test_round_summaries_read_the_debriefs():
    answers = {
        round_answer(1, "role"): "asker",
        round_answer(1, "nervous-before"): 7,
        round_answer(1, "nervous-after"): 4,
        round_answer(2, "role"): "contact",
        round_answer(2, "observed"): ["asked-who-else"],
    }
    summaries = round_summaries(answers, 2)
    assert [(s.number, s.role, s.nervous_before, s.nervous_after) for s in summaries] == [
        (1, "asker", 7, 4),
        (2, "contact", None, None),
    ]


def test_a_second_question_of_the_same_family_gets_the_next_answer_on_the_card(workshop):
    from coffeechat.roleplay import rehearsal_replies

    card = next(p for p in workshop.role_cards.personas if len(p.answers["day-to-day"]) > 1)
    replies = rehearsal_replies(card, ["day-to-day", "advice", "day-to-day"], "en")
    assert replies[0].text == card.answers["day-to-day"][0]["en"]
    assert replies[2].text == card.answers["day-to-day"][1]["en"]


def test_every_persona_answers_what_each_bank_question_is_about(workshop):
    """The topic where the bank gives one (first year, making contacts, who else ...), else the family."""
    for card in workshop.role_cards.personas:
        for question in workshop.bank.questions:
            assert card.answers.get(question.topic or question.family), (card.id, question.id)


def test_a_question_about_making_contacts_gets_an_answer_about_contacts_from_every_persona(workshop):
    """It used to get the family's first advice ("Machen Sie daraus ein kleines eigenes Projekt")."""
    question = next(q for q in workshop.bank.questions if q.id == "advice-making-contacts")
    for card in workshop.role_cards.personas:
        answer = reply(card, question.topic or question.family, 0, "en").text
        assert answer == card.answers["making-contacts"][0]["en"]
        assert any(word in answer.lower() for word in ("contact", "people", "talk", "go up", "ask", "write")), card.id
    leonie = workshop.role_cards.personas[0]
    assert "small project" not in reply(leonie, question.topic, 0, "en").text


def test_questions_about_the_start_the_highs_and_lows_and_the_way_in_get_answers_about_them(workshop):
    for question_id, key in (
        ("path-first-year", "first-year"),
        ("day-harder-than-it-looks", "highs-and-lows"),
        ("next-hiring-process", "getting-in"),
        ("next-other-teams", "who-else"),
        ("path-where-next", "future"),
    ):
        question = next(q for q in workshop.bank.questions if q.id == question_id)
        assert question.topic == key


def test_a_second_question_on_a_topic_with_one_answer_gets_the_familys_answer_not_a_repeat(workshop):
    card = next(p for p in workshop.role_cards.personas if p.id == "youth-welfare-social-worker")
    asked = [("first-year", "career-path"), ("first-year", "culture"), ("culture", "culture")]
    first, second, third = (r.text for r in rehearsal_replies(card, asked, "de"))
    assert first == card.answers["first-year"][0]["de"]
    assert second == card.answers["culture"][0]["de"], "not the first-year answer word for word again"
    assert third == card.answers["culture"][1]["de"], "and then the family's next answer"

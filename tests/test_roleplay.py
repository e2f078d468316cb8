"""The persona engine: answers from the card, reactions now and then, the same every time; role rotation."""

from __future__ import annotations

from coffeechat.keys import round_answer
from coffeechat.roleplay import next_role, persona, reply, round_summaries


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

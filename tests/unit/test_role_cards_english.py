"""Do the English persona cards read as people an English-speaking job seeker in the UK would meet?

A walker in English met personas with German names, German towns, German laws and German associations
(„Deutschlandticket“, the German UPA, a Jugendamt, the Börsenblatt). The German side stays as it is; the English
side has names, places and institutions of its own, the same name throughout each card.
"""

from __future__ import annotations

import re

import pytest
import yaml

from coffeechat.content import load_workshop
from coffeechat.content.loader import default_content_dir
from coffeechat.content.schema import ROLE_CARDS_FILE

WORKSHOP = load_workshop()
PERSONAS = WORKSHOP.role_cards.personas

#: what gave the English cards away as German: places, institutions, laws and words left in German
GERMAN = [
    "Germany",
    "German",
    "Deutsch",
    "Hamburg",
    "Berlin",
    "Munich",
    "Leipzig",
    "Frankfurt",
    "Nuremberg",
    "Husum",
    "Innsbruck",
    "Jugendamt",
    "Volontariat",
    "Umschulung",
    "Mittelstand",
    "Börsenblatt",
    "BücherFrauen",
    "Akademie",
    "Bundes",
    "Aktion Mensch",
    "UPA",
    "BWE",
    "Immission",
    "DBSH",
    "ConSozial",
    "DBfK",
    "DGFP",
    "AOK",
    "Hauptstadtkongress",
    "Krankenhaus",
    "Kununu",
    "IHK",
    "BVL",
    "re:publica",
    "GoodJobs",
    "Talents4Good",
    "Ayşe",
    "Museumspädagogik",
    "employment agency",
    "collective agreement",
    "works council",
    "youth welfare",
]


def english_texts(persona) -> list[tuple[str, str]]:
    """Every English text of a persona's card, with where it is."""
    found = []

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("en"), str) and "de" in node:
                found.append((where, node["en"]))
                return
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list | tuple):
            for index, value in enumerate(node):
                walk(value, f"{where}.{index}")

    walk(persona.model_dump(), persona.id)
    return found


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.id)
def test_does_the_english_card_leave_out_german_places_institutions_and_words(persona):
    found = [
        f"{where}: «{word}»"
        for where, text in english_texts(persona)
        for word in GERMAN
        if re.search(rf"(?<!\w){re.escape(word)}", text)
    ]
    assert found == []


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.id)
def test_does_the_english_card_give_the_persona_an_english_name_used_throughout(persona):
    """The English name is its own, no word of the German name is left in an English text, and where the German
    card calls the persona by first name (a reaction: „Leonie lächelt …“), the English card uses the English one."""
    german, english = persona.name["de"], persona.name["en"]
    assert english != german
    german_words = [w for w in re.split(r"[\s.]+", german) if w and w != "Dr"]
    left = [
        f"{where}: «{word}»"
        for where, text in english_texts(persona)
        for word in german_words
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    ]
    assert left == []
    first_de = german_words[0]
    first_en = next(w for w in re.split(r"[\s.]+", english) if w and w != "Dr")
    for reaction in persona.reactions:
        if first_de in reaction.text["de"]:
            assert first_en in reaction.text["en"], reaction.id


def test_is_the_german_side_of_the_cards_as_it_was():
    """Only the English side changed: the German names stand as before."""
    raw = yaml.safe_load((default_content_dir() / ROLE_CARDS_FILE).read_text(encoding="utf-8"))
    assert [p["name"]["de"] for p in raw["personas"]] == [
        "Leonie Brandt",
        "Jonas Albrecht",
        "Dr. Miriam Hoffmann",
        "Katharina Berger",
        "Stefan Reinhardt",
        "Mehmet Yıldız",
        "Anna-Lena Fischer",
        "Dariusz Nowak",
        "Grace Mensah",
        "Sophie Lehmann",
    ]

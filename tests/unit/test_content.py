"""Is the workshop content complete, and does a broken content file get a precise message?"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from coffeechat.content import (
    DEFAULT_CONTENT_DIR,
    UI_KEYS,
    ContentError,
    Text,
    check_directory,
    group_colour,
    group_name,
    load_workshop,
    plural,
)

FEAR_IDS = ["not-ready", "not-connected", "not-good-at-networking", "regret"]


def edit_yaml(path: Path, change) -> None:
    """Edit a content file as data, read and written by libyaml (the loader's own choice; pure Python took 6 s to
    rewrite every file for a third language)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # libyaml's safe loader
    change(data)
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_content_has_no_problems():
    assert check_directory(DEFAULT_CONTENT_DIR) == []


def test_all_four_fears_in_order_in_german_and_english():
    workshop = load_workshop()
    assert [f.id for f in workshop.fears] == FEAR_IDS
    assert workshop.languages[:2] == ("de", "en")
    assert workshop.default_language == "de"
    for fear in workshop.fears:
        assert fear.title["de"] != fear.title["en"]
        assert 2 <= len(fear.reflection) <= 4
        assert any(p.kind != "text" for p in fear.reflection)
        assert any(p.kind == "text" for p in fear.reflection)


def test_german_uses_formal_address():
    workshop = load_workshop()
    german = " ".join(text["de"] for fear in workshop.fears for text in (fear.reframe, fear.why_it_feels_true))
    assert " Sie " in german
    assert " du " not in german.lower() and " dich " not in german.lower()


def test_every_module_has_minutes_and_formats_fit():
    workshop = load_workshop()
    for ref in workshop.manifest.modules:
        assert ref.minutes > 0
    for fmt in workshop.manifest.formats:
        assert sum(workshop.module_ref(m).minutes for m in fmt.modules) <= fmt.minutes


def test_a_format_that_does_not_add_up_is_reported_with_its_sums(content_copy: Path):
    edit_yaml(content_copy / "workshop.yaml", lambda d: d["formats"][0].update(minutes=95))
    messages = [str(p) for p in check_directory(content_copy)]
    assert any(
        m.startswith("workshop.yaml: formats.0.minutes: the run sheet adds up to 90 minutes (arrival 5 + modules 82")
        and m.endswith("not 95")
        for m in messages
    ), messages


def test_a_stepper_name_too_long_for_its_column_is_reported(content_copy: Path):
    edit_yaml(content_copy / "workshop.yaml", lambda d: d["modules"][2]["short"].update(en="Not connected enough yet"))
    messages = [str(p) for p in check_directory(content_copy)]
    assert "workshop.yaml: modules.2.short [en]: 24 characters: the stepper's column holds 12" in messages, messages


def test_facilitator_steps_longer_than_the_exercise_are_reported_in_the_modules_file(content_copy: Path):
    def longer(data):
        data["facilitator"]["steps"][1]["minutes"] = 7  # 6 + 7 = 13 minutes in a 10-minute exercise

    edit_yaml(content_copy / "fears/02-not-connected.yaml", longer)
    messages = [str(p) for p in check_directory(content_copy)]
    assert (
        "fears/02-not-connected.yaml: facilitator.steps: the steps take 13 minutes, but workshop.yaml gives the "
        "exercise 10 (modules.2.exercise_minutes)" in messages
    )


def test_only_a_role_play_runs_in_rounds(content_copy: Path):
    edit_yaml(content_copy / "workshop.yaml", lambda d: d["formats"][1]["schedule"][0].update(rounds=2))
    messages = [str(p) for p in check_directory(content_copy)]
    assert any("formats.1.schedule.0.rounds: only a role-play runs in rounds" in m for m in messages)


def test_missing_translation_names_file_field_and_language(content_copy: Path):
    edit_yaml(content_copy / "fears/02-not-connected.yaml", lambda d: d["reframe"].pop("en"))
    problems = check_directory(content_copy)
    assert [(p.file, p.field, p.language, p.message) for p in problems] == [
        ("fears/02-not-connected.yaml", "reframe", "en", "missing translation")
    ]


def test_every_problem_is_reported_at_once(content_copy: Path):
    def break_fear(data):
        data["reflection"][0]["label"]["de"] = "   "
        data["reflection"][1]["id"] = data["reflection"][0]["id"]

    edit_yaml(content_copy / "fears/01-not-ready.yaml", break_fear)
    schedule = []
    edit_yaml(content_copy / "workshop.yaml", lambda d: schedule.extend(d["formats"][0]["schedule"] + ["not-a-module"]))
    edit_yaml(content_copy / "workshop.yaml", lambda d: d["formats"][0].update(schedule=schedule))
    (content_copy / "fears/04-regret.yaml").write_text("id: regret\ntitle: de: x\n", encoding="utf-8")
    messages = [str(p) for p in check_directory(content_copy)]
    assert any("fears/01-not-ready.yaml: reflection" in m and "duplicate prompt id" in m for m in messages)
    unknown = f"workshop.yaml: formats.0.schedule.{len(schedule) - 1}"
    assert any(unknown in m and "unknown module id 'not-a-module'" in m for m in messages)
    assert any(m.startswith("fears/04-regret.yaml: bad YAML at line 2") for m in messages)


def test_empty_prompt_is_reported_with_language(content_copy: Path):
    edit_yaml(
        content_copy / "fears/03-not-good-at-networking.yaml",
        lambda d: d["exercise"]["fields"][0]["label"].update(de=""),
    )
    problems = check_directory(content_copy)
    assert [(p.field, p.language, p.message) for p in problems] == [("exercise.fields.0.label", "de", "empty text")]


def test_unknown_module_file_id_is_reported(content_copy: Path):
    edit_yaml(content_copy / "fears/04-regret.yaml", lambda d: d.update(id="regrets"))
    assert any("workshop.yaml lists this file as 'regret'" in str(p) for p in check_directory(content_copy))


def test_missing_interface_string_is_reported(content_copy: Path):
    edit_yaml(content_copy / "ui.yaml", lambda d: d["strings"].pop("app.next"))
    assert [str(p) for p in check_directory(content_copy)] == ["ui.yaml: strings.app.next: missing interface string"]


def test_load_raises_with_all_problems(content_copy: Path):
    edit_yaml(content_copy / "welcome.yaml", lambda d: d.pop("intro"))
    with pytest.raises(ContentError) as caught:
        load_workshop(content_copy)
    assert "welcome.yaml: intro: Field required" in str(caught.value)


def _add_french(node):
    """Give every text a French version (a coach adding a language touches only data)."""
    if isinstance(node, dict):
        if {"de", "en"} <= set(node) <= {"de", "de_informal", "en"} and all(isinstance(v, str) for v in node.values()):
            fits = len(node["en"]) <= 12 < len(node["en"]) + 3  # a stepper's name must stay short: no prefix
            node["fr"] = node["en"] if fits else "FR " + node["en"]
        for value in node.values():
            _add_french(value)
    elif isinstance(node, list):
        for item in node:
            _add_french(item)


def test_a_coach_can_add_a_third_language_by_editing_data_only(content_copy: Path):
    for path in content_copy.rglob("*.yaml"):
        edit_yaml(path, _add_french)
    edit_yaml(content_copy / "workshop.yaml", lambda d: d["languages"].append({"code": "fr", "name": "Français"}))
    assert check_directory(content_copy) == []
    workshop = load_workshop(content_copy)
    assert workshop.languages == ("de", "en", "fr")
    assert workshop.fear("regret").reframe["fr"].startswith("FR ")
    assert workshop.t("app.next", "fr") == "FR Next"


def test_a_coach_can_add_a_prompt_by_editing_data_only(content_copy: Path):
    new_prompt = {"id": "extra", "kind": "text", "label": {"de": "Was noch?", "en": "What else?"}}
    edit_yaml(
        content_copy / "fears/01-not-ready.yaml",
        lambda d: d["reflection"].insert(0, new_prompt) or d["reflection"].pop(),
    )
    workshop = load_workshop(content_copy)
    assert workshop.fear("not-ready").reflection[0].label["en"] == "What else?"


def test_interface_strings_cover_what_the_code_asks_for():
    workshop = load_workshop()
    assert UI_KEYS <= set(workshop.ui.strings)
    assert workshop.t("app.progress", "de", done=2, total=5) == "2 von 5 Teilen erledigt"


def test_texts_are_frozen():
    workshop = load_workshop()
    with pytest.raises(ValidationError):
        workshop.fears[0].title = Text({"de": "x", "en": "y"})


def test_the_question_bank_has_enough_questions_in_every_family():
    workshop = load_workshop()
    bank = workshop.bank
    assert len(bank.questions) >= 60
    for family in bank.families:
        in_family = [q for q in bank.questions if q.family == family.id]
        assert len(in_family) >= 6, family.id
        assert all(q.text["de"].strip() and q.text["en"].strip() for q in in_family)
    assert any(q.fear == "regret" for q in bank.questions)


def test_a_message_template_with_an_unknown_placeholder_is_a_content_error(content_copy: Path):
    def typo(data):
        data["templates"][0]["body"]["de"] += " Grüße, {my_nmae}"

    edit_yaml(content_copy / "outreach.yaml", typo)
    assert [str(p) for p in check_directory(content_copy)] == [
        "outreach.yaml: templates.0.body [de]: unknown placeholder {my_nmae}"
    ]


def test_a_question_in_an_unknown_family_is_a_content_error(content_copy: Path):
    edit_yaml(content_copy / "question-bank.yaml", lambda d: d["questions"][3].update(family="gossip"))
    assert [str(p) for p in check_directory(content_copy)] == [
        "question-bank.yaml: questions.3.family: unknown id 'gossip'"
    ]


def test_a_stray_brace_in_a_question_is_a_content_error(content_copy: Path):
    edit_yaml(content_copy / "question-bank.yaml", lambda d: d["questions"][0]["text"].update(en="What {is this?"))
    problems = check_directory(content_copy)
    assert [(p.field, p.language) for p in problems] == [("questions.0.text", "en")]


def test_an_edited_content_file_is_picked_up_by_the_next_load(content_copy: Path):
    first = load_workshop(content_copy)
    assert first.t("app.next", "de") == "Weiter"
    edit_yaml(content_copy / "ui.yaml", lambda d: d["strings"]["app.next"].update(de="Weiter geht's"))
    assert load_workshop(content_copy).t("app.next", "de") == "Weiter geht's"
    from coffeechat.content import loader

    loader._load_cached.cache_clear()  # a new kernel: only the on-disk cache is left
    assert load_workshop(content_copy).t("app.next", "de") == "Weiter geht's"


def test_every_interface_string_the_code_names_is_one_that_check_asks_for():
    """A key used as t("...") but missing from UI_KEYS would never be reported by ``coffeechat check``."""
    import re

    package = Path(__file__).resolve().parents[2] / "src" / "coffeechat"
    named = set()
    for path in package.rglob("*.py"):
        named |= set(re.findall(r"""\bt\(\s*["']([a-z]+\.[a-z0-9_.-]+)["']""", path.read_text(encoding="utf-8")))
    assert named, "the scan finds the keys"
    assert sorted(named - UI_KEYS) == []


# --- the projector's slide (the facilitated room) ---


def test_does_a_fear_without_a_slide_block_get_its_slide_from_its_own_texts(content_copy: Path):
    edit_yaml(content_copy / "fears" / "04-regret.yaml", lambda data: data.pop("slide"))
    workshop = load_workshop(content_copy)
    fear = workshop.fear("regret")
    parts = dict(workshop.slide("regret", "en"))
    assert parts["fear.reframe"] == fear.reframe["en"].split("\n\n")[0].strip()
    assert parts["fear.exercise"].startswith(fear.exercise.instructions["en"].split("\n\n")[0].strip()[:30])


def test_can_a_coach_word_one_part_of_a_slide_and_is_a_missing_translation_reported(content_copy: Path):
    workshop = load_workshop(content_copy)
    assert dict(workshop.slide("regret", "de"))["fear.exercise"].startswith("Schlimmster")
    edit_yaml(content_copy / "fears" / "04-regret.yaml", lambda data: data["slide"]["reframe"].pop("en"))
    problems = [str(p) for p in check_directory(content_copy)]
    assert "fears/04-regret.yaml: slide.reframe [en]: missing translation" in problems


def test_is_a_keyword_under_two_topics_or_a_family_without_keywords_reported_with_file_field_and_language(
    content_copy: Path,
):
    def edit(data):
        data["keywords"]["skills"]["en"] += ", typical"  # a keyword of day-to-day already
        del data["keywords"]["trends"]
        data["keywords"]["gossip"] = {"de": "Klatsch", "en": "gossip"}
        data["keywords"]["advice"]["de"] += ", Rat*schlag"

    edit_yaml(content_copy / "role-cards.yaml", edit)
    assert sorted(str(p) for p in check_directory(content_copy)) == sorted(
        [
            "role-cards.yaml: keywords: no keywords for 'trends'",
            "role-cards.yaml: keywords.advice [de]: 'Rat*schlag' is not a word or phrase (\"*\" at an end only)",
            "role-cards.yaml: keywords.gossip: neither a family nor a question's topic",
            "role-cards.yaml: keywords.skills [en]: 'typical' is a keyword of 'day-to-day' too",
        ]
    )


def test_is_a_persona_saying_a_generic_answer_or_its_own_answer_again_word_for_word_reported(content_copy: Path):
    def edit(data):
        persona = data["personas"][1]
        persona["answers"]["skills"][1] = dict(persona["answers"]["skills"][0])
        persona["answers"]["advice"] = [dict(data["generic_answers"][0])]

    edit_yaml(content_copy / "role-cards.yaml", edit)
    problems = [(p.field, p.message, p.language) for p in check_directory(content_copy)]
    assert problems == [
        ("personas.1.answers.skills.1", "the same text as answers.skills.0", "de"),
        ("personas.1.answers.skills.1", "the same text as answers.skills.0", "en"),
        ("personas.1.answers.advice.0", "the same text as generic_answers", "de"),
        ("personas.1.answers.advice.0", "the same text as generic_answers", "en"),
    ]


def test_is_a_formal_question_without_its_du_form_reported_with_file_field_and_language(content_copy: Path):
    """A participant on first-name terms must not read „Wie sind Sie …“ in their plan."""

    def break_register(data):
        data["questions"][0]["text"].pop("de_informal")
        data["questions"][1]["text"]["de_informal"] = "Wie haben Sie deine erste Stelle gefunden?"

    edit_yaml(content_copy / "question-bank.yaml", break_register)
    problems = [(p.file, p.field, p.language, p.message) for p in check_directory(content_copy)]
    assert problems == [
        ("question-bank.yaml", "questions.0.text", "de", "formal address without its de_informal form"),
        ("question-bank.yaml", "questions.1.text", "de_informal", "formal 'Sie' in the de_informal form"),
    ]


def test_does_every_placeholder_need_its_words_for_missing(content_copy: Path):
    edit_yaml(content_copy / "outreach.yaml", lambda d: d["placeholder_missing"].pop("introducer"))
    assert [(p.field, p.message) for p in check_directory(content_copy)] == [
        ("placeholder_missing.introducer", "missing text")
    ]


# --- the room's content: the word wall's filter and the groups' names (issue 23) ---------------------------


def test_does_the_shipped_wall_filter_name_its_source_and_licence_and_hold_german_and_english_words():
    data = yaml.safe_load((DEFAULT_CONTENT_DIR / "wall-filter.yaml").read_text(encoding="utf-8"))
    assert data["source"]["license"] == "CC-BY-4.0" and "LDNOOBW" in data["source"]["url"]
    assert {"de", "en"} <= set(data["ldnoobw"]) and len(data["ldnoobw"]["de"]) > 50 and len(data["ldnoobw"]["en"]) > 300
    workshop = load_workshop()
    assert {"fotze", "fuck", "*idiot"} <= set(workshop.wall_terms), "both lists and the kit's own, case-folded"


def test_is_a_filter_list_in_a_language_the_workshop_does_not_have_reported(content_copy: Path):
    edit_yaml(content_copy / "wall-filter.yaml", lambda data: data["own"].update({"fr": ["con"]}))
    problems = [str(p) for p in check_directory(content_copy)]
    assert problems == ["wall-filter.yaml: own [fr]: language not listed in workshop.yaml"]


def test_is_a_filter_term_that_is_only_a_star_reported(content_copy: Path):
    edit_yaml(content_copy / "wall-filter.yaml", lambda data: data["own"]["de"].append("*"))
    problems = check_directory(content_copy)
    assert len(problems) == 1 and problems[0].file == "wall-filter.yaml", problems
    assert problems[0].field.startswith("own.de."), "the field names the list and the place in it"


def test_can_a_coach_add_a_word_to_the_filter_by_editing_data_only(content_copy: Path):
    edit_yaml(content_copy / "wall-filter.yaml", lambda data: data["own"]["de"].append("Lappen"))
    assert "lappen" in load_workshop(content_copy).wall_terms


def test_does_every_group_have_a_name_in_both_languages_and_a_colour_of_its_own():
    workshop = load_workshop()
    assert group_name(workshop, 1, "de") == "Gruppe Blau" and group_name(workshop, 1, "en") == "Blue group"
    assert group_colour(workshop, 1) == "#0072B2"
    count = len(workshop.group_styles)
    for language in ("de", "en"):
        names = [group_name(workshop, n, language) for n in range(1, count + 1)]
        assert len(set(names)) == count
    assert len({group_colour(workshop, n).lower() for n in range(1, count + 1)}) == count
    assert group_name(workshop, count + 1, "de") == f"Gruppe {count + 1}", "beyond the list: numbered"
    assert group_colour(workshop, count + 1) is None


def test_is_a_colour_given_to_two_groups_or_a_missing_name_reported(content_copy: Path):
    def edit(data):
        data["groups"][1]["colour"] = data["groups"][0]["colour"]
        del data["groups"][2]["name"]["en"]

    edit_yaml(content_copy / "groups.yaml", edit)
    problems = [str(p) for p in check_directory(content_copy)]
    assert "groups.yaml: groups: colour #0072b2 is given to two groups" in problems
    assert any(p.startswith("groups.yaml: groups.2.name [en]") for p in problems), problems


def test_do_counts_of_one_read_in_the_singular_in_both_languages():
    workshop = load_workshop()
    assert plural(workshop, "room.trios", 1, "de") == "1 Dreiergruppe"
    assert plural(workshop, "room.pairs", 2, "de") == "2 Paare"
    assert plural(workshop, "room.trios", 1, "en") == "1 trio"
    assert plural(workshop, "room.pairs", 1, "en") == "1 pair"


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_every_module_the_coach_can_lead_have_a_slide_with_text(workshop, language):
    """The projector's module slide is never a bare title: the role-play names its three roles."""
    for module_id in workshop.module_ids:
        parts = workshop.slide(module_id, language)
        assert parts and all(text.strip() for _, text in parts), module_id
    roles = [label for label, _ in workshop.slide("role-play", language)]
    assert roles == ["roleplay.role.asker", "roleplay.role.contact", "roleplay.role.observer"]


def test_is_a_persona_content_note_without_its_english_reported_with_file_field_and_language(content_copy: Path):
    def drop_english_note(data):
        persona = next(p for p in data["personas"] if "content_note" in p)
        persona["content_note"].pop("en")

    edit_yaml(content_copy / "role-cards.yaml", drop_english_note)
    problems = [(p.file, p.field, p.language, p.message) for p in check_directory(content_copy)]
    assert problems == [("role-cards.yaml", "personas.3.content_note", "en", "missing translation")]


#: each language's double quotes (opening, closing); a quote inside a quote takes the single ones (‚…‘, ‘…’)
DOUBLE_QUOTES = {"de": ("„", "“"), "en": ("“", "”")}


def nested_double_quotes(text: str, language: str) -> list[str]:
    """Each stretch of ``text`` where a double quote opens inside another („… „…“ …“), with some context."""
    opening, closing = DOUBLE_QUOTES[language]
    depth, found = 0, []
    for at, mark in enumerate(text):
        if mark == opening:
            if depth:
                found.append(text[max(0, at - 40) : at + 40])
            depth += 1
        elif mark == closing and depth:
            depth -= 1
    return found


def texts_by_language(node, language: str | None = None):
    """Every text of a content file with the language it is in (the ``de:`` or ``en:`` key above it)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from texts_by_language(value, key if key in DOUBLE_QUOTES else language)
    elif isinstance(node, list):
        for value in node:
            yield from texts_by_language(value, language)
    elif isinstance(node, str) and language:
        yield language, node


def test_is_a_quote_inside_a_quote_written_with_single_quotes_in_every_content_file():
    """The guide read „3 von 12 haben „Meine Ergebnisse“ heruntergeladen“ (a coach's walk): inside „…“ the
    German quote is ‚…‘, inside “…” the English one '…' or ‘…’."""
    assert nested_double_quotes("„3 von 12 haben „Meine Ergebnisse“ heruntergeladen“", "de")
    assert not nested_double_quotes("„3 von 12 haben ‚Meine Ergebnisse‘ heruntergeladen“, „Start“", "de")
    found = [
        f"{path.name} ({language}): …{stretch}…"
        for path in sorted(DEFAULT_CONTENT_DIR.glob("*.yaml"))
        for language, text in texts_by_language(yaml.safe_load(path.read_text(encoding="utf-8")))
        for stretch in nested_double_quotes(text, language)
    ]
    assert found == []

"""The take-home: does everything a participant wrote come back, readable, in Markdown and plain text?

The PDF rendering of the same documents is tested in ``test_pdf.py``.
"""

from __future__ import annotations

import pytest
import yaml

from coffeechat.content import DEFAULT_CONTENT_DIR as REAL_CONTENT
from coffeechat.content import MESSAGE_PLACEHOLDERS, UI_KEYS, load_workshop
from coffeechat.documents.export import plan_document, take_home, take_home_files, to_markdown, to_text
from coffeechat.models.builder import PlanEdits, build_plan
from coffeechat.models.reminders import reminder_lines
from coffeechat.storage.journal import Journal
from tests.conftest import REQUEST


@pytest.fixture
def journal(tmp_path):
    with Journal(tmp_path / "journal.sqlite3") as journal:
        yield journal


@pytest.fixture
def code(journal) -> str:
    return journal.create_participant("de")


def markdown(journal: Journal, code: str, workshop, language: str) -> str:
    return to_markdown(take_home(workshop, journal.load(code), language))


# --- a tiny two-language workshop, written as YAML like the real one ------------------------------


def _text(de: str, en: str) -> dict:
    return {"de": de, "en": en}


def _options(*pairs):
    return [{"id": option_id, "label": _text(de, en)} for option_id, de, en in pairs]


def _fear(fear_id: str, de: str, en: str) -> dict:
    return {
        "schema_version": 1,
        "id": fear_id,
        "title": _text(de, en),
        "in_your_words": _text("Worte", "Words"),
        "why_it_feels_true": _text("Warum", "Why"),
        "reframe": _text("Anders", "Differently"),
        "reflection": [
            {"id": "why", "kind": "text", "label": _text("Warum zögern Sie?", "Why do you hesitate?")},
            {"id": "sure", "kind": "scale", "label": _text("Wie sicher?", "How sure?")},
            {
                "id": "source",
                "kind": "choice",
                "label": _text("Woher kommt das?", "Where does it come from?"),
                "options": _options(
                    ("experience", "Aus Erfahrung", "From experience"), ("hearsay", "Vom Hörensagen", "From hearsay")
                ),
            },
            {
                "id": "signs",
                "kind": "checklist",
                "label": _text("Woran merken Sie es?", "How do you notice it?"),
                "options": _options(
                    ("heart", "Herzklopfen", "Racing heart"),
                    ("delay", "Aufschieben", "Putting it off"),
                    ("blank", "Kopf leer", "Mind goes blank"),
                ),
            },
        ],
        "exercise": {
            "id": "practice",
            "title": _text("Übung: Kontakte", "Exercise: contacts"),
            "instructions": _text("Tragen Sie ein.", "Fill in."),
            "fields": [
                {"id": "strengths", "kind": "list", "label": _text("Stärken", "Strengths")},
                {
                    "id": "contacts",
                    "kind": "table",
                    "label": _text("Kontakte", "Contacts"),
                    "columns": [
                        {"id": "name", "label": _text("Name", "Name")},
                        {
                            "id": "channel",
                            "kind": "choice",
                            "label": _text("Kanal", "Channel"),
                            "options": _options(("mail", "E-Mail", "Email"), ("phone", "Telefon", "Phone")),
                        },
                    ],
                },
                {"id": "story", "kind": "text", "label": _text("Geschichte", "Story")},
                {"id": "notes", "kind": "text", "label": _text("Notizen", "Notes")},
            ],
        },
        "next_step": {"label": _text("Schritt", "Step"), "date_label": _text("Bis wann?", "By when?")},
        "facilitator": {"notes": _text("Nur für Coaches", "Coaches only")},
    }


def _builder_files() -> dict:
    """The smallest question bank and message templates the schema accepts."""
    one = lambda key: [{"id": key, "label": _text(key, key)}]
    bank = {
        "schema_version": 1,
        "families": one("advice"),
        "goals": [
            {
                "id": "learn",
                "label": _text("Lernen", "Learn"),
                "topic": _text("Ihrer Arbeit", "your work"),
                "topic_informal": _text("deiner Arbeit", "your work"),
            }
        ],
        "relationships": [{"id": "cold", "label": _text("kalt", "cold"), "connection_example": _text("So.", "So.")}],
        "seniorities": one("peer"),
        "frame": {
            "small_talk": [_text("Hallo", "Hi")],
            "transition": _text("{minutes} Minuten zu {topic}", "{minutes} minutes on {topic}"),
            "transition_informal": _text("{minutes} Minuten zu {topic}", "{minutes} minutes on {topic}"),
            "closing": [_text("Danke", "Thanks")],
            "follow_up": [_text("Dankeschön senden", "Send thanks")],
            "opening_minutes": 2,
            "closing_minutes": 3,
        },
        "questions": [
            {"id": "q1", "family": "advice", "text": _text("Rat?", "Advice?"), "goals": ["learn"], "minutes": 3}
        ],
    }
    outreach = {
        "schema_version": 1,
        "placeholder_labels": {name: _text(name, name) for name in MESSAGE_PLACEHOLDERS},
        "placeholder_missing": {name: _text(f"[{name} fehlt]", f"[{name} missing]") for name in MESSAGE_PLACEHOLDERS},
        "kinds": [{"id": "outreach", "label": _text("Anfrage", "Request"), "hint": _text("kurz", "short")}],
        "channels": [{"id": "email", "label": _text("E-Mail", "Email"), "hint": _text("kurz", "short")}],
        "templates": [
            {
                "id": "t1",
                "kind": "outreach",
                "channel": "email",
                "body": _text("Hallo {contact_name}", "Hi {contact_name}"),
            }
        ],
    }
    persona = {
        "id": "kim",
        "name": _text("Kim", "Kim"),
        "role": _text("Rolle", "Role"),
        "background": _text("B", "B"),
        "style": "open",
        "how_to_play": _text("offen", "open"),
        "facts": [_text("a", "a"), _text("b", "b")],
        "answers": {"advice": _text("Rat", "Advice")},
        "reactions": [{"id": "r", "text": _text("kurz", "short"), "hint": _text("Tipp", "Tip")}],
    }
    role_cards = {
        "schema_version": 1,
        "styles": one("open"),
        "observer_checklist": one("a") + one("b") + one("c"),
        "keywords": {"advice": _text("Rat", "advice")},
        "generic_answers": [_text("Hm.", "Hm."), _text("Tja.", "Well."), _text("Gute Frage.", "Good question.")],
        "plan_persona": {**persona, "id": "plan-contact", "answers": {"advice": _text("Rat?", "Advice?")}},
        "personas": [persona],
    }
    notes = {"notes": _text("Notiz", "Note")}
    bank["facilitator"] = role_cards["facilitator"] = notes
    wrap_up = {"schema_version": 1, "closing": _text("Mut!", "Courage!"), "facilitator": notes}
    prompt = lambda key, kind: {"id": key, "kind": kind, "label": _text(key, key)}
    reframe = {"fear": "regret", "text": _text("Kurz.", "Short.")}
    follow_through = {
        "schema_version": 1,
        "rhythm": {key: _text(key, key) for key in ("weekly_goal", "rhythm", "second_person", "nudge", "let_go")},
        "finding": {
            "intro": _text("Suchen", "Find"),
            "sections": [
                {"id": "s", "title": _text("T", "T"), "text": _text("X", "X"), "steps": [_text("a", "a")] * 2}
            ],
        },
        "after_conversation": {
            "intro": _text("Danach", "After"),
            "prompts": [prompt("learned", "text"), prompt("suggested", "list")],
            "suggested": "suggested",
        },
        "stalled": {"no-reply": [reframe], "no": [reframe]},
        "privacy": _text("Privat", "Private"),
        "session": {
            "title": _text("Später", "Later"),
            "minutes": 5,
            "bring": [_text("Liste", "List")],
            "facilitator": {**notes, "steps": [{"minutes": 5, "text": _text("Reden", "Talk")}]},
        },
    }
    return {
        "question-bank.yaml": bank,
        "outreach.yaml": outreach,
        "role-cards.yaml": role_cards,
        "wrap-up.yaml": wrap_up,
        "follow-through.yaml": follow_through,
        "question-checks.yaml": yaml.safe_load((REAL_CONTENT / "question-checks.yaml").read_text(encoding="utf-8")),
        "message-checks.yaml": yaml.safe_load((REAL_CONTENT / "message-checks.yaml").read_text(encoding="utf-8")),
        "guide.yaml": {
            "schema_version": 1,
            **{key: _text(key, key) for key in ("intro", "console_intro", "privacy_intro", "online_intro", "printing")},
            "console": _console_steps(("welcome", "not-ready", "regret")),
            "labels": yaml.safe_load((REAL_CONTENT / "guide.yaml").read_text(encoding="utf-8"))["labels"],
            "checklist": [{"title": _text("Raum", "Room"), "items": [_text("Beamer", "Projector")]}],
            "ways": [{"id": "room", **{key: _text(key, key) for key in ("title", "where", "say")}}],
            "online_steps": [_text("Räume", "Rooms")],
        },
    }


def _console_steps(module_ids) -> dict:
    """The guide's console column for a small workshop: one plain step per row kind and per module."""
    step = {"projector": ["module"], "text": _text("Schritt", "Step")}
    rows = ("arrival", "first_round", "next_round", "debrief", "break", "buffer", "end")
    return {**dict.fromkeys(rows, step), "modules": dict.fromkeys(module_ids, step)}


@pytest.fixture(scope="module")
def small_workshop(tmp_path_factory):
    directory = tmp_path_factory.mktemp("exercises")
    files = {
        "workshop.yaml": {
            "schema_version": 1,
            "title": _text("Kaffee-Kit", "Coffee kit"),
            "subtitle": _text("Untertitel", "Subtitle"),
            "languages": [
                {"code": "de", "name": "Deutsch", "locale": "de_DE"},
                {"code": "en", "name": "English", "locale": "en_GB"},
            ],
            "default_language": "de",
            "modules": [
                {"id": "welcome", "kind": "welcome", "file": "welcome.yaml", "teach_minutes": 5, "exercise_minutes": 5},
                {
                    "id": "not-ready",
                    "kind": "fear",
                    "file": "fears/not-ready.yaml",
                    "teach_minutes": 5,
                    "exercise_minutes": 10,
                },
                {
                    "id": "regret",
                    "kind": "fear",
                    "file": "fears/regret.yaml",
                    "teach_minutes": 5,
                    "exercise_minutes": 10,
                },
            ],
        },
        "welcome.yaml": {
            "schema_version": 1,
            "id": "welcome",
            "title": _text("Willkommen", "Welcome"),
            "intro": _text("Hallo", "Hello"),
            "what_is_it": _text("Was", "What"),
            "rating_intro": _text("Bewerten", "Rate"),
            "low_label": _text("wenig", "little"),
            "high_label": _text("stark", "strongly"),
            "facilitator": {"notes": _text("Notiz", "Note")},
        },
        "fears/not-ready.yaml": _fear("not-ready", "Nicht bereit", "Not ready"),
        "fears/regret.yaml": _fear("regret", "Bereuen", "Regret"),
        "ui.yaml": {
            "schema_version": 1,
            "strings": {
                **{key: _text(f"de:{key}", f"en:{key}") for key in UI_KEYS},
                "fear.reflection": _text("Nachdenken", "Reflect"),
                "export.nothing_yet": _text("Noch nichts eingetragen.", "Nothing entered yet."),
                "export.next_step": _text("Nächster Schritt", "Next step"),
                "export.due": _text("bis", "by"),
                "export.ratings": _text("Wie stark mich jede Angst zurückhält", "How strongly each fear holds me back"),
            },
        },
    }
    files.update(_builder_files())
    for name, data in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_workshop(directory)


def _fill(journal, code):
    journal.save(code, "welcome.rating.not-ready", 7)
    journal.save(code, "not-ready.reflection.why", "Weil ich | niemanden\nkenne.")
    journal.save(code, "not-ready.reflection.sure", 4)
    journal.save(code, "not-ready.reflection.source", "experience")
    journal.save(code, "not-ready.reflection.signs", ["heart", "blank"])
    journal.save(code, "not-ready.exercise.strengths", ["zuhören", "", "Ausdauer"])
    journal.save(
        code,
        "not-ready.exercise.contacts",
        [{"name": "Frau A | B\nKöln", "channel": "phone"}, {"name": "", "channel": ""}, {"name": "Herr C"}],
    )
    journal.save(code, "not-ready.exercise.notes", "")
    journal.save(code, "not-ready.next_step.action", "Frau A anrufen")
    journal.save(code, "not-ready.next_step.due", "2026-12-01")
    journal.save(code, "progress.not-ready", True)


def test_the_markdown_export_reads_well_in_german(journal, code, small_workshop):
    _fill(journal, code)
    text = markdown(journal, code, small_workshop, "de")
    assert text.startswith("# Kaffee-Kit\n")
    assert "## Willkommen\n\n### Wie stark mich jede Angst zurückhält\n\n- Nicht bereit: 7/10\n" in text
    assert "Bereuen: " not in text  # not rated
    assert "## Nicht bereit\n\n### Nachdenken\n" in text
    assert "**Warum zögern Sie?**\n\nWeil ich | niemanden\nkenne.\n" in text  # verbatim outside tables
    assert "**Wie sicher?**\n\n4/10\n" in text
    assert "**Woher kommt das?**\n\nAus Erfahrung\n" in text
    assert "**Woran merken Sie es?**\n\n- Herzklopfen\n- Kopf leer\n" in text
    assert "### Übung: Kontakte" in text
    assert "**Stärken**\n\n- zuhören\n- Ausdauer\n" in text
    assert "| Name | Kanal |\n| --- | --- |\n| Frau A \\| B<br>Köln | Telefon |\n| Herr C |  |\n" in text
    assert "**Notizen**" not in text and "**Geschichte**" not in text  # unanswered: left out
    assert "### Nächster Schritt\n\nFrau A anrufen\n\nbis 1. Dezember 2026\n" in text  # as people write dates
    assert text.rstrip().endswith("## Bereuen\n\nNoch nichts eingetragen.")
    assert text.index("## Willkommen") < text.index("## Nicht bereit") < text.index("## Bereuen")


def test_the_markdown_export_reads_well_in_english(journal, code, small_workshop):
    _fill(journal, code)
    text = markdown(journal, code, small_workshop, "en")
    for expected in (
        "# Coffee kit",
        "## Welcome",
        "- Not ready: 7/10",
        "**Why do you hesitate?**",
        "From experience",
        "- Racing heart\n- Mind goes blank",
        "| Name | Channel |",
        "| Frau A \\| B<br>Köln | Phone |",
        "### Next step",
        "by 1 December 2026",
        "## Regret\n\nNothing entered yet.",
    ):
        assert expected in text
    for german in ("Willkommen", "Aus Erfahrung", "Herzklopfen", "Kanal", "Telefon", "Noch nichts"):
        assert german not in text


def test_a_fresh_participant_exports_nothing_yet_everywhere(journal, code, small_workshop):
    text = markdown(journal, code, small_workshop, "de")
    assert text.count("Noch nichts eingetragen.") == 3


def test_answers_the_content_no_longer_knows_do_not_break_the_export(journal, code, small_workshop):
    journal.save(code, "not-ready.reflection.source", "removed-option")
    journal.save(code, "not-ready.reflection.sure", "sieben")  # wrong type for a scale
    journal.save(code, "gone-fear.reflection.why", "alt")
    text = markdown(journal, code, small_workshop, "en")
    assert "removed-option" in text and "sieben" in text and "gone-fear" not in text


# --- the shipped content -------------------------------------------------------------------------


def test_markdown_plan_has_every_part_and_the_questions(workshop):
    plan = build_plan(workshop.bank, REQUEST)
    text = to_markdown(plan_document(workshop, plan, "de"))
    for key in ("builder.opening", "builder.closing", "builder.follow_up"):
        assert workshop.t(key, "de") in text
    for question in plan.questions:
        assert question.text(workshop.bank, "de") in text
    assert "Frau Ölmez" in text


def test_plan_text_is_in_the_chosen_language(workshop):
    plan = build_plan(workshop.bank, REQUEST)
    english = to_text(plan_document(workshop, plan, "en"))
    assert workshop.t("builder.plan_title", "en") in english
    assert workshop.t("builder.plan_title", "de") not in english


def test_a_starred_question_is_marked_in_every_rendering(workshop):
    plan = build_plan(workshop.bank, REQUEST)
    starred = plan.questions[0]
    plan = build_plan(workshop.bank, REQUEST, PlanEdits().toggle_star(starred.id))
    text = starred.text(workshop.bank, "de")
    document = plan_document(workshop, plan, "de")
    assert f"- ★ {text}" in to_markdown(document)
    assert f"★ {text}" in to_text(document)


def test_the_take_home_has_the_plan_the_messages_and_the_commitment(workshop, finished_answers):
    answers = finished_answers | {"builder.outreach.text": "Liebe Frau Ölmez,\nich würde gern …"}
    text = to_markdown(take_home(workshop, answers, "de"))
    assert "Frau Öztürk schreiben, trotz Bauchgrummeln 🙂" in text
    assert "| 8 | 3 |" in text
    assert "> Liebe Frau Ölmez,\n> ich würde gern …" in text
    assert "- " + workshop.t("wrapup.commit_who", "de") + " Jörg Übel" in text
    assert "Frau Ölmez (Stadtplanerin im Bereich Verkehrswende)" in text


#: what a participant says about themselves in the builder (the fixture's request has only the contact)
SAID = {
    "my_name": "Anna Berg",
    "my_situation": "Ich schließe gerade meinen Master in Stadtplanung ab.",
    "connection": "Wir haben beide an der TU Dresden studiert.",
}


def test_does_the_take_home_carry_only_the_messages_i_had_on_screen_or_worked_on(workshop, finished_answers):
    """The take-home held all six drafts, those never opened full of „[… fehlt]“; now only the messages the
    participant saw or worked on, as generated if they accepted them."""
    never_opened = to_markdown(take_home(workshop, finished_answers, "de"))
    for kind in workshop.outreach.kinds:
        assert f"### {kind.label['de']}" not in never_opened
    answers = finished_answers | {"builder.messages-seen": ["outreach", "nudge"]}
    answers["builder.request"] = answers["builder.request"] | SAID
    text = to_markdown(take_home(workshop, answers, "de"))
    assert "> Guten Tag Frau Ölmez," in text, "the generated request, though never edited"
    shown = {kind.id: f"### {kind.label['de']}" in text for kind in workshop.outreach.kinds}
    assert shown == {k: k in ("outreach", "nudge") for k in shown}
    assert "4. Dezember 2026" in text and "2026-12-04" not in text


def test_does_the_take_home_say_the_channel_of_the_request_it_carries_the_one_i_committed_to(
    workshop, finished_answers
):
    """The phone walker's take-home carried the cut LinkedIn note (the tab left open) though they committed to
    e-mail: now the e-mail goes home, headed „Ihre Anfrage (E-Mail)“, and the wrap-up names e-mail too."""
    email = "Betreff: Kurze Frage\n\nGuten Tag Frau Ölmez,\nhätten Sie 20 Minuten?\nAnna Berg"
    answers = finished_answers | {
        "builder.outreach.channel": "linkedin",
        "builder.outreach.drafts": {"email": email},
    }
    answers["builder.request"] = answers["builder.request"] | SAID
    assert answers["wrapup.commit.channel"] == "email"
    text = to_markdown(take_home(workshop, answers, "de"))
    assert "### Ihre Anfrage (E-Mail)" in text and "> hätten Sie 20 Minuten?" in text
    assert "LinkedIn-Kontaktanfrage" not in text
    said = f"{workshop.t('wrapup.commit_channel', 'de')} {workshop.t('wrapup.channel.email', 'de')}"
    assert said in text, "the wrap-up's commitment names the same channel"
    answers["wrapup.commit.channel"] = "linkedin"
    assert "### Ihre Anfrage (LinkedIn-Kontaktanfrage)" in to_markdown(take_home(workshop, answers, "de"))


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_no_gap_marker_ever_reach_the_take_home(workshop, finished_answers, language):
    """A message with a gap stays out, named; one whose gap the participant has filled since comes along filled."""
    missing = workshop.outreach.placeholder_missing
    answers = finished_answers | {
        "builder.messages-seen": [kind.id for kind in workshop.outreach.kinds],
        # rewritten before the contact's name was given: the name is there now, so the gap is filled
        "builder.nudge.text": f"{missing['contact_name'][language]}, kurz nachgefragt. {missing['my_name'][language]}",
        "builder.thanks.learned": "Quereinsteigende zählen",  # the thank-you still lacks the next step
    }
    answers["builder.request"] = answers["builder.request"] | {**SAID, "my_name": "Kim Becker"}
    document = take_home(workshop, answers, language)
    for text in (to_markdown(document), to_text(document)):
        for said in missing.values():
            assert said[language] not in text
        assert "Frau Ölmez, kurz nachgefragt. Kim Becker" in text
        assert workshop.t("builder.take_home_left_out_heading", language) in text
        left_out = text.split(workshop.t("builder.take_home_left_out_heading", language))[1]
        thanks = next(k for k in workshop.outreach.kinds if k.id == "thank-you")
        assert (thanks.short or thanks.label)[language] in left_out, "the incomplete thank-you is named"


def test_the_plan_in_the_take_home_has_the_participants_own_questions_and_opener(workshop, finished_answers):
    answers = finished_answers | {
        "not-ready.exercise.questions": ["Wie sieht Ihr erstes Jahr aus?"],
        "not-good-at-networking.exercise.opener": "Ich komme aus der Pflege und möchte in die Stadtplanung.",
    }
    text = to_markdown(take_home(workshop, answers, "de"))
    assert "- Ich komme aus der Pflege und möchte in die Stadtplanung." in text
    assert workshop.t("builder.carried_questions", "de") in text
    assert "- Wie sieht Ihr erstes Jahr aus? (3 Min.)" in text


def test_the_take_home_ends_with_the_closing_words_on_courage(workshop, finished_answers):
    text = to_markdown(take_home(workshop, finished_answers, "en"))
    assert f"*{workshop.wrap_up.closing['en']}*" in text


def test_does_the_take_home_say_how_many_fears_were_faced_instead_of_four(workshop, finished_answers):
    """The take-home said „vier Ängste“ to a participant who had done one fear module of four."""
    answers = {**finished_answers, "progress.regret": True}
    text = to_markdown(take_home(workshop, answers, "de"))
    assert "*Sie haben sich 1 von 4 Ängsten mit eigenen Antworten gestellt; noch nicht: „Nicht bereit“, " in text
    assert "vier Ängste" not in text


#: participant text that Markdown, ReportLab or a formula renderer would otherwise turn into something else
LITERAL_TEXTS = (
    "$$\\begin{x} \\frac{a}{b} $$",
    "Kaffee kostet $5, das Mittagessen $12",
    "**nicht fett** und __auch nicht__ und *kein* _Kursiv_",
    "Zeile<br>weiter <b>fett?</b> &amp; <script>alert(1)</script>",
    "# keine Überschrift\n## auch keine\n> kein Zitat\n- keine Liste\n1. keine Nummer\n---\n===",
    "[kein Link](https://example.invalid) ![kein Bild](x.png) `kein Code` ~~nicht durch~~",
    "    eingerückt, aber kein Code\nZeile mit Leerzeichen am Ende   ",
    "Backslash \\ am Ende \\",
)


@pytest.mark.parametrize("text", LITERAL_TEXTS)
def test_does_participant_text_come_back_literally_from_the_markdown_download(text, workshop):
    """Rendered by a real CommonMark parser, each answer reads exactly as typed, with no markup in it."""
    from tests.readback import markdown_blocks

    fear = workshop.fears[0]
    answers = {f"{fear.id}.next_step.action": text}
    blocks = markdown_blocks(to_markdown(take_home(workshop, answers, "de")))
    heading = [shown for shown, _markup in blocks].index(workshop.t("export.next_step", "de"))
    shown, markup = blocks[heading + 1]  # the answer is the paragraph under its heading
    assert shown == text
    assert not markup, "no markup came out of the participant's text"


@pytest.mark.parametrize("text", LITERAL_TEXTS)
def test_does_participant_text_come_back_literally_from_the_pdf_and_the_text(text, workshop):
    from coffeechat.documents.pdf import document_pdf
    from tests.readback import pdf_text

    fear = workshop.fears[0]
    answers = {f"{fear.id}.next_step.action": text}
    document = take_home(workshop, answers, "de")
    assert text in to_text(document)
    extracted = pdf_text(document_pdf(document))
    for line in text.split("\n"):
        assert line.strip() in extracted, f"{line!r} is in the PDF as typed"


#: what a participant who only practised alone has saved: opening the role-play showed the group view first,
#: which noted a role for round 1 (here the observer's, clicked on the way to "alone")
SOLO_ANSWERS = {
    "roleplay.mode": "solo",
    "roleplay.round": 1,
    "roleplay.round-1.role": "observer",
    "solo.persona": "ux-public-transport",
    "solo.turns": [
        {
            "persona": "ux-public-transport",
            "question": "own-1",
            "family": "career-path",
            "topic": "day-to-day",
            "text": "Wie sieht ein typischer Tag aus? 🙂",
            "follow_up": "Und wie viel davon draußen?",
        }
    ],
}


@pytest.mark.parametrize(
    ("language", "solo", "group"), [("de", "Allein geübt:", "Runde 1"), ("en", "Solo practice:", "Round 1")]
)
def test_does_the_take_home_describe_solo_practice_as_solo_practice_with_the_persona(workshop, language, solo, group):
    from coffeechat.documents.pdf import document_pdf
    from tests.readback import pdf_text

    card = workshop.role_cards.personas[0]
    document = take_home(workshop, SOLO_ANSWERS, language)
    for text in (to_markdown(document), pdf_text(document_pdf(document))):
        assert f"{solo} {card.name[language]}" in text
        assert group not in text, "no group round the participant never played"
        assert workshop.t("roleplay.role.observer", language) not in text
        assert "Wie sieht ein typischer Tag aus? 🙂" in text and "Und wie viel davon draußen?" in text


def test_do_group_rounds_keep_their_round_and_role_in_the_take_home_beside_solo_practice(workshop):
    answers = {**SOLO_ANSWERS, "roleplay.round": 2, "roleplay.round-2.role": "asker"}
    answers["roleplay.round-2.went-well"] = "Ruhig eröffnet"
    answers["roleplay.round-1.observed"] = ["asked-who-else"]
    text = to_markdown(take_home(workshop, answers, "en"))
    assert "Round 1 · I observe" in text, "the observer ticked what they saw: a round they played"
    assert "Round 2 · I ask" in text and "Ruhig eröffnet" in text
    assert f"Solo practice: {workshop.role_cards.personas[0].name['en']}" in text


def test_does_the_end_screen_offer_the_plan_only_once_built_and_the_calendar_only_with_a_date():
    workshop = load_workshop()
    assert take_home_files(workshop, {}) == ("pdf",), "the take-home always; no empty plan, no empty calendar"
    built = {"builder.request": {"contact_name": "Frau Ölmez", "contact_role": "Stadtplanerin", "field": ""}}
    assert take_home_files(workshop, built) == ("pdf", "plan")
    dated = {**built, "wrapup.commit.due": "2026-12-04"}
    assert take_home_files(workshop, dated) == ("pdf", "plan", "ics")


def test_does_my_take_home_say_the_warm_up_line_with_my_word_for_its_blank(journal, code, workshop):
    key = "not-good-at-networking.exercise.warm-up"
    journal.save(code, key, ["thanks", "shared-background"])
    journal.save(code, key + ".blanks", {"shared-background": ["HTW Berlin"]})
    text = markdown(journal, code, workshop, "de")
    assert "„Ich habe gesehen, dass Sie auch an der HTW Berlin studiert haben.“" in text
    assert "„Vielen Dank, dass Sie sich die Zeit nehmen.“" in text
    journal.save(code, key + ".blanks", "garbled from an old version")
    assert r"an der \[Hochschule\] studiert" in markdown(journal, code, workshop, "de"), "garbled: the blank shows"


def _conversation_answers(workshop) -> tuple[dict, list[str]]:
    """A solo rehearsal of three turns, each follow-up sent and every question back answered, and what the take-home
    should say of it, in the order it was said: question, answer, question back, my answer, follow-up, answer, ..."""
    from coffeechat.models.roleplay import asks_back, persona, turn_replies

    card = persona(workshop, "ux-public-transport")
    texts = ["Wie sieht ein typischer Tag aus?", "Was hat Sie überrascht?", "Wen sollte ich noch fragen?"]
    turns = [
        {
            "persona": card.id,
            "question": f"own-{n}",
            "family": "day-to-day",
            "text": text,
            "follow_up": f"Nachfrage {n}: und genauer?",
            "follow_up_sent": True,
        }
        for n, text in enumerate(texts, start=1)
    ]
    said: list[str] = []
    for n, (turn, replies) in enumerate(zip(turns, turn_replies(workshop, card, turns, "de"), strict=True), start=1):
        said.append(turn["text"])
        for reply, field in ((replies.answer, "reaction_reply"), (replies.follow_up, "follow_up_reaction_reply")):
            if field == "follow_up_reaction_reply":
                said.append(turn["follow_up"])
            said.append(reply.text)
            if asks_back(reply):  # the persona asked something back, and the participant answered it
                turn[field] = f"Meine Antwort {n} auf die Rückfrage ({field})"
                said += [reply.reaction.text["de"], turn[field]]
    return {"roleplay.mode": "solo", "solo.persona": card.id, "solo.turns": turns}, said


def test_does_the_take_home_keep_the_solo_rehearsal_as_it_was_said_the_answers_and_my_answers_to_questions_back(
    workshop,
):
    """A walk: the take-home kept the questions and follow-ups but not what the persona answered to a follow-up,
    nor the participant's answers to the persona's questions back."""
    from coffeechat.documents.pdf import document_pdf
    from tests.readback import markdown_text, pdf_text

    answers, said = _conversation_answers(workshop)
    assert sum("Rückfrage" in s for s in said) >= 2 and len(said) > 9
    document = take_home(workshop, answers, "de")
    flat = lambda text: " ".join(text.replace("-\n", "-").split())
    for text in (flat(markdown_text(to_markdown(document))), flat(pdf_text(document_pdf(document)))):
        where = [text.find(flat(part)[:50]) for part in said]
        assert -1 not in where, [part for part, at in zip(said, where, strict=True) if at == -1]
        assert where == sorted(where), "in the order of the conversation"


def test_the_take_home_keeps_the_commitment_the_page_showed_filled_in_for_them(workshop):
    """A walker accepted the wrap-up's filled-in contact, day and channel and changed nothing: the end screen said
    "By 10 December you ask Ms Müller", the PDF had no commitment at all (nothing of it was saved)."""
    answers = {"builder.request": {"contact_name": "Frau Müller", "contact_role": "Produktmanagerin"}}
    answers["regret.next_step.due"] = "2026-12-10"
    text = to_markdown(take_home(workshop, answers, "de"))
    assert workshop.t("wrapup.commitment", "de") in text
    assert "Frau Müller" in text and "10. Dezember 2026" in text


def test_does_the_take_home_name_a_rehearsal_with_the_plans_contact_as_the_plan_describes_them(workshop):
    """Issue 27: the rehearsal's persona is the plan's contact; the take-home names them as the plan does."""
    turns = [{**turn, "persona": "plan-contact"} for turn in SOLO_ANSWERS["solo.turns"]]
    request = {"contact_name": "Aylin Özdemir", "contact_role": "Stadtplanerin", "field": "Verkehr"}
    answers = {**SOLO_ANSWERS, "solo.persona": "plan-contact", "solo.turns": turns, "builder.request": request}
    text = to_markdown(take_home(workshop, answers, "de"))
    assert "Allein geübt: Aylin Özdemir (Stadtplanerin im Bereich Verkehr)" in text


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_take_home_says_where_a_conversation_date_is_entered_not_above(workshop, finished_answers, language):
    """A walk read „tragen Sie ihn oben ein“ in the PDF, which has no „oben“: the take-home names the kit's part and
    its field, the page names the field."""
    text = to_text(take_home(workshop, finished_answers, language))
    where = {"de": "„Wann ist das Gespräch?“", "en": "“When is the conversation?”"}[language]
    line = next(line for line in text.splitlines() if where in line)
    assert workshop.module_short("wrap-up", language) in line, "the part of the kit it is entered in"
    assert " oben " not in text and " above" not in text
    page = reminder_lines(workshop, finished_answers, language)[-1]
    assert where in page and " oben " not in page and " above" not in page

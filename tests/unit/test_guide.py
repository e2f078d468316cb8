"""Could a coach run tomorrow's workshop from the guide alone, in German or English?"""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat import cli
from coffeechat.content import check_directory, load_workshop, paragraphs
from coffeechat.documents.agenda import run_sheet
from coffeechat.documents.export import to_markdown
from coffeechat.documents.guide import facilitator_guide
from coffeechat.documents.pdf import document_pdf
from tests.readback import markdown_text
from tests.unit.test_printables import layout_problems, pdf_pages

WORKSHOP = load_workshop()
CASES = [(f.id, language) for f in WORKSHOP.manifest.formats for language in WORKSHOP.languages]


@pytest.mark.parametrize(("format_id", "language"), CASES)
def test_the_guide_has_the_run_sheet_and_every_note_and_debrief_question_of_its_modules(format_id, language):
    document = facilitator_guide(WORKSHOP, format_id, language, dt.time(9, 0))
    text = " ".join(pdf_pages(document_pdf(document)))
    fmt = WORKSHOP.workshop_format(format_id)
    for module_id in fmt.modules:
        facilitator = WORKSHOP.facilitator(module_id)
        for paragraph in paragraphs(facilitator.notes[language]):
            assert " ".join(paragraph.split()) in text, (module_id, paragraph[:40])
        for question in facilitator.debrief_questions:
            assert question[language] in text
        for goal in facilitator.goals:
            assert " ".join(goal[language].split()) in text
        in_rounds = any(entry.rounds for entry in fmt.schedule if entry.module == module_id)
        for step in () if in_rounds else facilitator.steps:  # rounds take their steps from the run sheet
            assert " ".join(step.text[language].split()) in text
    if not fmt.self_paced:
        assert "09:00" in text
    assert WORKSHOP.t("agenda.end", language) in text
    assert layout_problems(document) == []


@pytest.mark.parametrize("language", WORKSHOP.languages)
def test_the_guide_covers_materials_room_technology_privacy_for_each_way_of_use_and_online(language):
    markdown = markdown_text(to_markdown(facilitator_guide(WORKSHOP, "half-day", language)))  # as a reader sees it
    guide = WORKSHOP.guide
    for group in guide.checklist:
        assert group.title[language] in markdown
        assert all(item[language] in markdown for item in group.items)
    for way in guide.ways:
        assert way.title[language] in markdown and way.where[language] in markdown and way.say[language] in markdown
    assert guide.online_intro[language] in markdown
    assert all(step[language] in markdown for step in guide.online_steps)
    projector = {"de": "Beamer", "en": "projector"}[language]
    assert projector in markdown and ("QR" in markdown)


def test_the_guide_command_writes_pdf_and_markdown(tmp_path, capsys):
    assert (
        cli.main(["guide", "--format", "taster", "--language", "de", "--start", "12:15", "--out", str(tmp_path)]) == 0
    )
    pdf, markdown = tmp_path / "leitfaden-taster-de.pdf", tmp_path / "leitfaden-taster-de.md"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "| 12:15 |" in markdown.read_text(encoding="utf-8")
    assert str(pdf) in capsys.readouterr().out


def test_the_guide_refuses_an_unknown_format_with_the_known_ones(capsys):
    assert cli.main(["guide", "--format", "full-day"]) == 2
    assert "half-day" in capsys.readouterr().err


# --- The guide walks the console (issue 23) --------------------------------------------------------------------

#: what the guide said before the room had a console, and what would now send a coach the wrong way
CONTRADICTIONS = {
    "de": [
        "zeigt nur den Ablauf",  # the projector shows the room's modes, switched from the console
        "Handzeichen: Welche Angst",  # the fear profile on the projector shows it, anonymously
        "Datenordner lösche",
        "Löschen Sie den Datenordner",  # the console erases the room
        "die fragende Person den Timer",
        "ihren eigenen Timer",  # the room's shared timer times every round
        "wählt ihre Rolle auf dem eigenen Gerät",  # the room assigns the roles
    ],
    "en": [
        "shows only the run sheet",
        "Show of hands: which fear",
        "delete the data folder",
        "starts the timer on their own device",
        "start its own timer",
        "picks their role on their own device",
    ],
}
#: the console's own labels (ui.yaml) the guide must name, so a coach finds the button it talks about
CONSOLE_LABELS = [
    "room.start",
    "room.follow_me",
    "room.own_pace",
    "room.bring_back",
    "room.timer_pause",
    "room.timer_resume",
    "room.timer_extend",
    "room.ask",
    "room.reveal",
    "room.auto_approve",
    "room.clear_question",
    "room.form_groups",
    "room.next_round",
    "room.reshuffle",
    "room.projector_corner",
    "room.end",
    "room.erase",
]
CONSOLE_WORDS = {"de": ["Konsole", "token", "Wortwand"], "en": ["console", "token", "word wall"]}
ROOM_FORMATS = [(f.id, language) for f in WORKSHOP.manifest.formats if not f.self_paced for language in ("de", "en")]


def guide_markdown(format_id: str, language: str) -> str:
    return to_markdown(facilitator_guide(WORKSHOP, format_id, language, dt.time(9, 0)))


def run_sheet_rows(markdown: str) -> list[list[str]]:
    """The run sheet table of the guide's Markdown, row by row (header first), cells as a reader sees them."""
    lines = markdown.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("| "))
    table = []
    for line in lines[first:]:
        if not line.startswith("| "):
            break
        table += [] if line.startswith("| ---") else [line]
    return [[markdown_text(cell) for cell in line.strip("|").split(" | ")] for line in table]


@pytest.mark.parametrize(("format_id", "language"), ROOM_FORMATS)
def test_does_every_run_sheet_row_say_what_to_do_on_the_console_with_its_projector_mode_and_timer(format_id, language):
    from coffeechat.documents.guide import console_step  # (here: the guide before the console had none)

    rows = run_sheet_rows(guide_markdown(format_id, language))
    header, rows = rows[0], rows[1:]
    assert header[-1] == {"de": "Auf der Konsole", "en": "On the console"}[language]
    sheet = run_sheet(WORKSHOP, format_id, language, dt.time(9, 0))
    assert len(rows) == len(sheet.slots) + 1, "one row per slot and the end"
    projector = {"de": "Beamer:", "en": "Projector:"}[language]
    minutes = lambda m: WORKSHOP.t("agenda.minutes", language, minutes=m)
    for slot, row in zip((*sheet.slots, None), rows, strict=True):
        console = row[-1]
        assert projector in console.split("\n")[0], row
        assert console_step(WORKSHOP, slot).text[language] in console
        for preset in slot.timers if slot else ():
            assert minutes(preset) in console, (slot.title, preset)
        if slot and slot.kind == "module":
            assert WORKSHOP.module_title(slot.module_id, language) in console, "which module to lead"
    words = "\n".join(row[-1] for row in rows)
    assert {"de": "Raum eröffnen", "en": "Open the room"}[language] in words
    assert {"de": "Workshop beenden", "en": "End the workshop"}[language] in rows[-1][-1]
    if any(slot.kind == "round" for slot in sheet.slots):
        assert {"de": "Gruppen bilden", "en": "Form groups"}[language] in words
        assert {"de": "Nächste Runde", "en": "Next round"}[language] in words


@pytest.mark.parametrize(("format_id", "language"), CASES)
def test_does_the_guide_say_nothing_the_console_contradicts(format_id, language):
    text = " ".join(markdown_text(guide_markdown(format_id, language)).split())
    for phrase in CONTRADICTIONS[language]:
        assert phrase.lower() not in text.lower(), phrase


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_the_guide_explain_the_console_token_wall_follow_me_groups_pause_end_and_erase(language):
    text = " ".join(markdown_text(guide_markdown("half-day", language)).split())
    for word in CONSOLE_WORDS[language]:
        assert word.lower() in text.lower(), word
    for key in CONSOLE_LABELS:
        assert WORKSHOP.t(key, language) in text, key
    technology = " ".join(item[language] for item in WORKSHOP.guide.checklist[0].items)
    assert "make serve" in technology and "WLAN" if language == "de" else "Wi-Fi" in technology
    for way in ("laptop-room", "hosted"):
        say = next(w for w in WORKSHOP.guide.ways if w.id == way).say[language]
        assert {"de": "Alle Daten dieses Raums löschen", "en": "Erase all data of this room"}[language] in say


@pytest.mark.parametrize("language", ["de", "en"])
def test_do_rounds_minutes_and_roles_of_the_role_play_agree_between_run_sheet_and_guide(language):
    entry = next(e for e in WORKSHOP.workshop_format("half-day").schedule if e.rounds)
    sheet = run_sheet(WORKSHOP, "half-day", language, dt.time(9, 0))
    markdown = guide_markdown("half-day", language)
    title = WORKSHOP.module_title("role-play", language)
    section = markdown.split(f"## {title} · ", 1)[1].split("\n## ", 1)[0]
    ref = WORKSHOP.module_ref("role-play")
    exercise = entry.rounds * (entry.round_minutes + entry.changeover_minutes) + entry.debrief_minutes
    assert section.startswith(WORKSHOP.t("guide.module_minutes", language, teach=ref.teach_minutes, exercise=exercise))
    on_sheet = sum(slot.minutes for slot in sheet.slots if slot.module_id == "role-play")
    assert on_sheet == ref.teach_minutes + exercise, "the run sheet and the guide give the role-play the same time"
    rounds = [slot for slot in sheet.slots if slot.kind == "round"]
    assert len(rounds) == entry.rounds == entry.group_size == 3, "trios: everyone asks once"
    steps = [line for line in section.splitlines() if line.startswith("- ")]
    for slot in rounds:
        who = slot.detail.rsplit(" · ", 1)[0]
        step = next(line for line in steps if who in line)
        assert WORKSHOP.t("agenda.minutes", language, minutes=slot.minutes) in step
        assert str(entry.round_minutes) in step and str(entry.changeover_minutes) in step
    text = " ".join(markdown_text(section).split()).lower()
    for pairs in ("zu zweit", "in pairs", "8 min. gespräch", "8 min conversation"):
        assert pairs not in text, pairs


def test_does_the_ninety_minute_workshop_give_real_minutes_to_debriefs_and_still_add_up():
    fmt = WORKSHOP.workshop_format("ninety-minutes")
    sheet = run_sheet(WORKSHOP, fmt.id, "de", dt.time(9, 0))
    debriefs = [slot for slot in sheet.slots if slot.kind == "debrief"]
    assert len(debriefs) >= 3 and all(slot.minutes >= 3 for slot in debriefs)
    assert sheet.total_minutes == fmt.minutes == 90
    for slot in debriefs:
        assert WORKSHOP.facilitator(slot.module_id).debrief_questions, "a debrief has questions to ask"


def test_does_the_content_check_report_a_module_without_its_console_step(tmp_path):
    import shutil

    import yaml

    shutil.copytree(WORKSHOP.directory, tmp_path / "exercises")
    guide_file = tmp_path / "exercises" / "guide.yaml"
    guide = yaml.safe_load(guide_file.read_text(encoding="utf-8"))
    del guide["console"]["modules"]["wrap-up"]
    guide["console"]["modules"]["wrapup"] = guide["console"]["modules"]["welcome"]
    guide_file.write_text(yaml.safe_dump(guide, allow_unicode=True), encoding="utf-8")
    problems = [str(problem) for problem in check_directory(tmp_path / "exercises")]
    assert "guide.yaml: console.modules.wrap-up: no console step" in problems
    assert "guide.yaml: console.modules.wrapup: not a module in workshop.yaml" in problems


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_the_self_paced_guide_leave_the_console_out(language):
    text = markdown_text(guide_markdown("self-paced", language))
    assert WORKSHOP.guide.labels["console_heading"][language] not in text
    assert WORKSHOP.guide.labels["console_column"][language] not in text
    assert WORKSHOP.t("guide.how", language) in text


def test_does_the_guide_name_the_projector_modes_as_the_console_labels_them(workshop):
    """The guide's modes are the console's and the thank-you slide; a coach reads the button they will press."""
    from coffeechat import content
    from coffeechat.documents.agenda import run_sheet
    from coffeechat.documents.guide import console_text
    from coffeechat.room import model as room

    assert content.PROJECTOR_MODES == (*room.PROJECTOR_MODES, "thanks")
    for language in ("de", "en"):
        rows = "\n".join(
            console_text(workshop, slot, language) for slot in run_sheet(workshop, "half-day", language).slots
        )
        for mode in ("join", "module", "profile", "wall", "groups"):
            assert workshop.t(f"room.mode.{mode}", language) in rows, (language, mode)


def test_does_the_follow_up_sessions_guide_say_what_participants_bring():
    from coffeechat.content import load_workshop
    from coffeechat.documents.export import to_markdown
    from coffeechat.documents.guide import facilitator_guide

    workshop = load_workshop()
    for language in ("de", "en"):
        text = to_markdown(facilitator_guide(workshop, "two-weeks-later", language))
        assert workshop.t("guide.bring", language) in text
        for thing in workshop.follow_through.session.bring:
            assert thing[language] in text

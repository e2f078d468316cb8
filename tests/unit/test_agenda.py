"""Do the run sheets add up, and do the README's tables come from the manifest?"""

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from coffeechat.content import load_workshop
from coffeechat.documents.agenda import agenda_text, format_table, module_table, run_sheet

README = Path(__file__).resolve().parents[2] / "README.md"
WORKSHOP = load_workshop()
FORMATS = [f.id for f in WORKSHOP.manifest.formats]


def readme_block(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    return re.search(rf"<!-- {name} -->\n(.*?)\n<!-- /{name} -->", text, re.S).group(1)


def test_readme_module_table_matches_the_manifest(workshop):
    assert readme_block("module-table") == module_table(workshop)


def test_readme_format_table_matches_the_manifest(workshop):
    assert readme_block("format-table") == format_table(workshop)


def test_the_kit_offers_a_taster_the_ninety_minutes_the_half_day_and_a_self_paced_way():
    assert {"taster", "ninety-minutes", "half-day", "self-paced"} <= set(FORMATS)


@pytest.mark.parametrize("format_id", FORMATS)
@pytest.mark.parametrize("language", WORKSHOP.languages)
def test_each_run_sheet_adds_up_to_its_formats_length(format_id, language):
    sheet = run_sheet(WORKSHOP, format_id, language, dt.time(9, 0))
    assert sheet.total_minutes == WORKSHOP.workshop_format(format_id).minutes
    starts = [slot.start for slot in sheet.slots]
    assert starts == sorted(starts) and starts[0] == 0
    for slot, following in zip(sheet.slots, sheet.slots[1:], strict=False):
        assert slot.start + slot.minutes == following.start, "no gap and no overlap"
    assert {s.module_id for s in sheet.slots if s.module_id} == set(WORKSHOP.workshop_format(format_id).modules)


def test_the_half_day_has_clock_times_arrival_breaks_buffer_and_the_rounds_with_their_rotation():
    text = agenda_text(WORKSHOP, "half-day", "en", dt.time(13, 30))
    lines = text.splitlines()
    assert lines[0] == "Half-day workshop (3.5 hours) · 210 min · 13:30–17:00"
    assert lines[1].startswith("13:30    10 min  Arrival and setup")
    assert sum("Break" in line for line in lines) == 2
    assert any("Buffer" in line for line in lines)
    rounds = [line for line in lines if "Round " in line]
    assert len(rounds) == 3
    assert "A: asks · B: contact · C: observes" in rounds[0]
    assert "A: observes · B: asks · C: contact" in rounds[1], "round 2 as the room assigns it (room.role)"
    assert "A: contact · B: observes · C: asks" in rounds[2], "everyone asks once"
    assert lines[-3].startswith("17:00") and lines[-3].endswith("End")
    roleplay = next(i for i, line in enumerate(lines) if "Role-play" in line)
    builder = next(i for i, line in enumerate(lines) if "conversation plan" in line)
    assert builder < roleplay, "the role-play needs the plan, so it follows the builder"


def test_a_self_paced_format_has_no_clock_only_time_from_the_start():
    text = agenda_text(WORKSHOP, "self-paced", "de")
    assert " 0:00 " in text and "09:00" not in text


def test_without_a_format_the_agenda_lists_the_modules_with_their_minutes():
    lines = agenda_text(WORKSHOP, None, "en").splitlines()
    assert len(lines) == 2 + len(WORKSHOP.manifest.modules)
    assert lines[-1].strip() == f"{sum(ref.minutes for ref in WORKSHOP.manifest.modules)} min"


def test_no_module_needs_more_time_for_its_steps_than_it_has():
    for ref in WORKSHOP.manifest.modules:
        facilitator = WORKSHOP.facilitator(ref.id)
        assert facilitator.notes["de"] and facilitator.debrief_questions, ref.id
        assert facilitator.step_minutes <= ref.exercise_minutes, ref.id


@pytest.mark.parametrize("language", WORKSHOP.languages)
def test_does_each_row_give_the_console_its_timer_presets_from_the_run_sheet(language):
    """The console's presets come from here: a round's conversation and changeover, a module's exercise and sharing."""
    fmt = WORKSHOP.workshop_format("half-day")
    entry = next(e for e in fmt.schedule if e.rounds)
    sheet = run_sheet(WORKSHOP, "half-day", language, dt.time(9, 0))
    rounds = [slot for slot in sheet.slots if slot.kind == "round"]
    assert [slot.round for slot in rounds] == [1, 2, 3]
    assert {slot.timers for slot in rounds} == {(entry.round_minutes, entry.changeover_minutes)}
    assert all(slot.module_id == "role-play" for slot in rounds)
    ref = WORKSHOP.module_ref("not-ready")
    module = next(slot for slot in sheet.slots if slot.module_id == "not-ready")
    assert module.timers == (ref.exercise_minutes, 5)
    for slot in sheet.slots:
        assert sum(slot.timers) <= slot.minutes, slot.title
        assert slot.kind not in ("break", "debrief") or slot.timers == (slot.minutes,)


@pytest.mark.parametrize("language", ["de", "en"])
def test_people_coming_back_two_weeks_later_are_told_to_open_their_own_code_not_to_start_afresh(language):
    workshop = load_workshop()
    back = run_sheet(workshop, "two-weeks-later", language).slots[0]
    first = run_sheet(workshop, "half-day", language).slots[0]
    assert back.kind == first.kind == "arrival"
    assert back.detail == workshop.t("agenda.arrival_detail_returning", language)
    assert first.detail == workshop.t("agenda.arrival_detail", language)


def test_does_the_module_before_a_break_offer_the_break_as_a_timer_button():
    """A coach's walk: the guide names a 15-minute break after the second fear, the console had no button for it."""
    from coffeechat.room.live import Preset, timer_presets

    schedule = WORKSHOP.workshop_format("half-day").schedule
    before_breaks = [entry.module for entry, after in itertools.pairwise(schedule) if after.pause]
    assert before_breaks == ["not-connected", "question-builder"]
    for module in before_breaks:
        assert timer_presets(WORKSHOP, "half-day", module)[-1] == Preset("break", 15)
    assert all(p.kind != "break" for p in timer_presets(WORKSHOP, "half-day", "regret")), "no break after it"
    assert all(p.kind != "break" for p in timer_presets(WORKSHOP, "ninety-minutes", "not-connected"))

"""The checks that need more than one file at a time, and the interface strings the code asks for.

Each ``check_*`` function appends every problem it finds to ``problems`` (never stops at the first); the
loader (:mod:`coffeechat.content.loader`) runs them all once the files have been parsed one by one.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from coffeechat.content.kinds import KINDS
from coffeechat.content.problems import ContentProblem
from coffeechat.content.schema import (
    BANK_FILE,
    FOLLOW_THROUGH_FILE,
    FOLLOW_THROUGH_PLACEHOLDERS,
    GROUPS_FILE,
    GUIDE_FILE,
    GUIDE_LABELS,
    INFORMAL_SUFFIX,
    MESSAGE_CHECK_PLACEHOLDERS,
    MESSAGE_CHECKS_FILE,
    MESSAGE_FIELDS,
    MESSAGE_PLACEHOLDERS,
    OUTREACH_FILE,
    QUESTION_CHECKS_FILE,
    REFRAME_MAX_CHARS,
    REFRAME_MAX_SENTENCES,
    ROLE_CARDS_FILE,
    STALL_REASONS,
    TRANSITION_PLACEHOLDERS,
    WALL_FILTER_FILE,
    Fear,
    FollowThrough,
    GroupsFile,
    Guide,
    Manifest,
    MessageChecks,
    MessageKind,
    MessageTemplate,
    ModuleRef,
    Outreach,
    QuestionBank,
    QuestionChecks,
    RoleCards,
    Text,
    Ui,
    WallFilterFile,
    duplicates,
    keyword_list,
)
from coffeechat.content.workshop import Workshop, module_facilitator

#: the interface strings the code asks for, listed
_LISTED_UI_KEYS = frozenset(
    """
    app.language app.progress app.next app.back
    app.saved app.conflict app.error app.module_done
    app.step app.step_done app.position app.steps app.skip_to_content
    code.noted code.show_hints
    welcome.chart_alt welcome.chart_value welcome.chart_unrated wrapup.chart_alt wrapup.chart_value wrapup.not_rated
    builder.question_label builder.own_question builder.own_family builder.goal_heading builder.message_text
    builder.channel builder.edited_kept builder.move_edge builder.spare_note builder.include builder.include_tip
    builder.bring_back builder.bring_back_tip builder.changed_own builder.own_placed builder.seed_unchanged
    builder.changed_include builder.removed builder.undo_remove builder.undo_remove_tip
    builder.changed_remove builder.changed_swap builder.changed_minutes builder.changed_request builder.changed_seed
    builder.changed_other
    builder.stale_name builder.stale_rename builder.dropped_time builder.dropped_time_over builder.changed_over
    builder.changed_over_list
    builder.dropped_unsuitable builder.dropped_seed builder.dropped_goal builder.spared
    builder.added builder.added_carried builder.moved
    roleplay.mode roleplay.group_size roleplay.observer_notes roleplay.follow_up_label roleplay.sound_on
    roleplay.sound_off field.cell field.item
    code.new_intro code.have_one code.enter_placeholder code.resume code.start_new code.invalid
    code.unknown code.your_code code.write_down code.link_hint code.forget_device code.forgotten
    code.forget_confirm code.forget_yes code.forget_cancel code.forgotten_heading code.forgotten_hide
    code.local_mode code.start_full code.start_failed
    welcome.rating_heading welcome.chart_title welcome.chart_caption welcome.chart_pending
    fear.in_your_words fear.why_it_feels_true fear.reframe fear.reflection fear.exercise fear.next_step
    fear.examples
    field.unrated field.keep_value field.kept field.add_row field.remove_row field.add_item field.too_long
    field.blank field.limit_reached field.date_invalid field.date_unreadable field.choose
    journal.full journal.read-only journal.busy journal.other
    export.nothing_yet export.next_step export.due export.ratings
    builder.title builder.intro builder.step_describe builder.step_plan builder.step_messages builder.step_take_home
    builder.contact_name builder.contact_role builder.field builder.my_name builder.my_situation builder.connection
    builder.relationship builder.seniority builder.seniority_any builder.goals builder.minutes builder.fear
    builder.fear_none builder.min builder.need_goal builder.opening builder.closing builder.follow_up
    builder.own_questions builder.minutes_total builder.over_time builder.uncovered builder.regenerate builder.add_own
    builder.add_own_placeholder builder.star builder.up builder.down builder.swap builder.remove
    builder.swap_none builder.learned builder.my_next_step builder.reset_draft
    builder.copy builder.copy_name builder.copied builder.copied_open builder.copy_marked
    builder.unfilled builder.all_filled builder.length_limit builder.length_words builder.download_markdown
    builder.download_pdf builder.downloaded builder.file_stem builder.and builder.plan_title
    roleplay.cues roleplay.title roleplay.intro roleplay.mode_group roleplay.mode_solo roleplay.round
    roleplay.pairs roleplay.trios roleplay.my_role roleplay.role.asker roleplay.role.contact
    roleplay.role.observer roleplay.minutes roleplay.timer_start roleplay.timer_pause roleplay.timer_reset
    roleplay.timer_done roleplay.next_round roleplay.debrief roleplay.no_plan roleplay.your_plan
    roleplay.card roleplay.contact_hint roleplay.observer_heading roleplay.nervous_before roleplay.nervous_after
    roleplay.calm roleplay.very_nervous roleplay.went_well roleplay.change roleplay.history_row
    roleplay.nervous_summary roleplay.style roleplay.how_to_play roleplay.content_note roleplay.facts roleplay.ask
    roleplay.solo_intro roleplay.solo_persona roleplay.solo_question roleplay.you roleplay.hint
    roleplay.follow_up roleplay.nothing_new roleplay.example_answer roleplay.solo_with wrapup.title wrapup.intro
    roleplay.plan_persona_note roleplay.plan_persona_undescribed roleplay.to_plan_heading roleplay.to_plan
    roleplay.to_plan_tip roleplay.in_plan roleplay.in_plan_time roleplay.in_plan_room roleplay.in_plan_rooms
    roleplay.in_plan_named roleplay.in_plan_over
    wrapup.rate_again
    wrapup.chart_title
    wrapup.before wrapup.after wrapup.fear wrapup.commitment wrapup.commit_who
    wrapup.who_placeholder wrapup.commit_due wrapup.commit_channel wrapup.commit_draft wrapup.channel.email
    wrapup.channel.linkedin wrapup.channel.phone wrapup.channel.in-person wrapup.draft.builder wrapup.draft.new
    wrapup.other_channel wrapup.other_channel_gap wrapup.thanks_reminder wrapup.take_home
    wrapup.take_home_intro wrapup.download_pdf
    wrapup.download_markdown wrapup.download_json wrapup.file_stem wrapup.take_home_title wrapup.take_home_subtitle
    wrapup.your_data wrapup.erase wrapup.erase_intro wrapup.erase_confirm wrapup.erase_yes
    wrapup.erase_no wrapup.erased
    print.file.guide print.file.workbook print.file.question-bank print.file.persona-cards print.file.observer-sheet
    print.file.plan-template print.file.message-templates print.answer_cues print.subject
    print.messages_title print.messages_subtitle print.messages_informal print.persona_cards_title
    builder.carried_questions
    builder.spare_heading builder.spare
    builder.informal wrapup.commit_talk wrapup.channel.xing wrapup.download_ics reminder.contact.title
    reminder.contact.text reminder.nudge.title reminder.nudge.text reminder.talk.title reminder.talk.text
    reminder.thanks.title reminder.thanks.text reminder.update.title reminder.update.text reminder.talk_unknown
    reminder.talk_unknown_paper
    reminder.next_step.title reminder.next_step.text wrapup.due_from_next_step builder.contact_described
    builder.contact_role_in_field builder.contact_in_field builder.carried_from
    agenda.minutes agenda.arrival agenda.arrival_detail agenda.arrival_detail_returning
    agenda.teach agenda.exercise agenda.share agenda.group.2
    agenda.group.3 agenda.break agenda.buffer agenda.end agenda.roleplay_intro agenda.round_detail agenda.groups.2
    agenda.groups.3 agenda.role.asker agenda.role.contact agenda.role.observer agenda.debrief
    guide.about guide.checklist guide.debrief guide.goals guide.how guide.length guide.module_minutes guide.notes
    guide.online guide.printing guide.privacy guide.run_sheet guide.steps guide.time guide.title guide.what
    print.background print.card_secret print.my_opener print.my_questions print.my_transition print.name_or_code
    print.observer_subtitle print.observer_title print.one_tip print.only_for print.plan_subtitle print.question
    print.question_bank_subtitle print.question_bank_title print.questions_hint print.round_and_asker
    print.thanks_by print.transition_example print.who print.workbook_title
    room.not_for_you room.console_title room.start_heading room.name room.date room.start room.none room.current
    room.format_line room.joined room.projector_link room.pacing room.own_pace room.follow_me room.module
    room.timer room.minutes
    room.timer_start room.timer_pause room.timer_extend room.timer_stop room.timer_done room.groups
    room.form_groups room.next_round room.reshuffle room.groups_summary room.no_groups room.wall room.wall_question
    room.wall_question_placeholder room.ask room.reveal room.conceal room.hide_entry room.show_entry
    room.wall_count room.end room.erase room.erase_confirm room.erase_yes room.erase_no room.erased room.ended
    room.ended_erase room.took_home.one room.took_home.other room.next_room
    room.join room.qr_alt room.results room.fear_profile room.rated_by room.too_few room.change room.change_row
    room.finished room.wall_hidden room.slide.about room.slide.asker room.slide.contact
    room.slide.observer room.slide.plan room.slide.next_step room.bar_title room.following room.your_group
    room.your_answer
    room.share room.shared room.shared_shortened room.end_heading room.end_text
    roleplay.room_role roleplay.room_note room.elsewhere room.back_to room.bring_back
    room.pages_here room.pages_per_module
    room.timer_resume room.timer_paused room.projector room.projector_shows room.mode.join room.mode.module
    room.mode.profile room.mode.change room.mode.wall room.mode.groups room.mode.timer room.projector_corner
    room.projector_theme room.theme.light room.theme.dark room.projector_sound room.sound.on room.sound.off
    room.joined_one room.round room.mean room.before room.after
    room.finished_here room.projector_no_question room.projector_waiting
    room.wall_more room.projector_thanks room.projector_thanks_text room.groups_not_here
    field.date_out_of_range field.date_stored_out_of_range field.number_out_of_range field.replaced_characters
    download.failed code.unknown_address status.saving status.offline status.lost code.start_lead
    app.finish app.complete_heading app.complete_text app.complete_next app.complete_written
    app.complete_commit app.complete_open app.complete_forget
    app.complete_heading_partly app.complete_partly
    builder.contact_first_name builder.contact_first_name_derived builder.introducer builder.what_happened
    builder.length_over builder.length_advice builder.length_advice_over builder.words_limit builder.words_over
    builder.draft_incomplete field.date_past
    wrapup.due_past wrapup.talk_past wrapup.talk_before_due
    room.group_number room.your_group_named room.groups_round room.trios.one room.trios.other room.pairs.one
    room.pairs.other room.quartets.one room.quartets.other room.solos.one room.solos.other room.people.one
    room.people.other room.group_row room.unplaced.one room.unplaced.other room.place_late.one
    room.place_late.other room.place_late_note room.pacing_choice room.sound_on room.sound_off room.end_confirm
    room.end_yes room.end_no room.format room.presets room.presets_none room.preset_round room.preset_exercise
    room.preset_share room.preset_changeover room.preset_debrief room.preset_break
    room.ask_empty room.clear_question room.current_question
    room.no_question room.auto_approve room.approve room.approve_all room.withdraw room.queue room.status.waiting
    room.status.shown room.status.hidden room.status.filtered room.answers.one room.answers.other
    room.earlier_questions room.earlier_row
    end.download_plan end.no_calendar end.erased_heading end.erased end.erased_elsewhere
    code.wait_seconds.one code.wait_seconds.other
    save.retrying
    fear.step_position fear.step.fear fear.step.reflection fear.step.exercise fear.step.next-step
    builder.plan_rules builder.message_choice builder.take_home_intro
    wrapup.step.rate wrapup.step.commit wrapup.step.take-home wrapup.step.end wrapup.end_chart_title
    wrapup.end_no_ratings wrapup.end_next_heading wrapup.end_next wrapup.end_next_channel wrapup.end_someone
    wrapup.end_written wrapup.end_closing_written
    wrapup.end_no_step wrapup.end_to_commitment wrapup.end_closing wrapup.faced_all wrapup.faced_some
    wrapup.faced_open_part
    welcome.step.what welcome.step.rating roleplay.step.start roleplay.step.practice roleplay.step.debrief
    roleplay.solo_debrief_intro roleplay.solo_nothing_asked roleplay.no_follow_up
    builder.take_home_left_out builder.take_home_left_out_heading builder.swap_short builder.remove_short
    builder.skip_questions builder.draft_shortened
    roleplay.send_follow_up roleplay.follow_up_empty roleplay.follow_up_not_sent
    roleplay.reaction_reply_label roleplay.reaction_reply_saved
    followup.stage_not_allowed followup.date_before_last followup.date_future followup.history_full
    followup.meeting_before_agreed followup.meeting_not_agreed followup.meeting_done followup.meeting_label
    followup.meeting_save followup.meeting_saved followup.meeting_status.overdue followup.meeting_status.today
    followup.meeting_status.this-week followup.meeting_status.later followup.status.later-request
    followup.too_many_contacts followup.duplicate_contact
    """.split()
)

#: the follow-through's families of strings, one per stage, due kind, urgency, federal state and spreadsheet column
#: (the lists are models.followup's, models.followup_rhythm's and models.workdays's; the content layer imports none)
_FOLLOWUP_FAMILIES = {
    "step": "today contacts finding week",
    "stage": "to-write written nudged replied-yes replied-not-now replied-no scheduled no-show met thanked update-sent",
    "move": "written nudged replied-yes replied-not-now replied-no scheduled no-show met thanked update-sent",
    "kind": "request find-person second-person nudge reply-yes reply-not-now reply-no reschedule thank-you update",
    "status": "overdue today this-week later",
    "summary": "overdue today this-week",
    "entry": "person organisation",
    "state": "BB BE BW BY HB HE HH MV NI NW RP SH SL SN ST TH",
    "csv": "name kind role organisation relationship channel stage since history",
}
_FOLLOWUP_UI_KEYS = frozenset(
    """
    followup.add followup.add_heading followup.add_open followup.add_second followup.add_suggested followup.added
    followup.after_heading followup.already_written followup.applied followup.applied_none followup.apply
    followup.calendar_name followup.calendar_draft followup.calendar_find_person followup.calendar_meeting
    followup.introduced_by followup.introduced_by_informal followup.channel followup.chart_met
    followup.chart_replied followup.chart_sent
    followup.chart_title followup.chart_week followup.chart_empty followup.contact_line followup.contacts_intro
    followup.day_label followup.download_csv followup.download_ics followup.downloads_heading followup.due_for
    followup.entry followup.export_next followup.file_stem followup.from_plan followup.hide_message followup.history
    followup.history_step followup.intro followup.kind_next followup.list_heading followup.mark_done
    followup.message_label followup.name followup.name_placeholder followup.need_name followup.next_label
    followup.no_calendar followup.no_contacts followup.nothing_new followup.organisation
    followup.organisation_placeholder followup.privacy_heading followup.record followup.recorded
    followup.relationship followup.remove followup.remove_confirm followup.remove_name followup.remove_no
    followup.done_gaps followup.done_back followup.done_anyway
    followup.remove_yes followup.removed followup.role followup.role_placeholder followup.second_added
    followup.show_message followup.since_heading followup.since_intro followup.stalled_heading followup.state
    followup.state_help followup.state_none followup.state_weekends_only followup.suggested_added
    followup.suggested_none followup.summary_line followup.promise_note
    followup.summary_intro followup.greeting_back followup.greeting_nothing followup.greeting_empty
    followup.title followup.undo followup.undone followup.week_heading followup.week_progress
    followup.week_reached followup.weekly_goal followup.due_heading followup.edit followup.edit_name
    followup.save followup.cancel followup.saved followup.find_person followup.greeting_empty_no_plan
    followup.choose_next followup.need_next followup.go_to_message guide.bring
    """.split()
) | {f"followup.{family}.{name}" for family, names in _FOLLOWUP_FAMILIES.items() for name in names.split()}
#: the feedback at the end of a room and the coach's session report (views/feedback.py, documents/session_report.py)
_REPORT_UI_KEYS = frozenset(
    """
    feedback.heading feedback.intro feedback.rating_label feedback.rating.1 feedback.rating.2 feedback.rating.3
    feedback.rating.4 feedback.rating.5 feedback.comment_label feedback.comment_placeholder feedback.send
    feedback.saved_rating feedback.saved feedback.too_long feedback.no_room room.feedback room.feedback_intro
    room.feedback_count.one room.feedback_count.other room.feedback_waiting.one room.feedback_waiting.other
    room.feedback_fewer room.feedback_mean room.comment_status.waiting room.comment_status.approved
    room.comment_status.hidden room.report room.report_intro room.report_make room.report_download room.report_kept
    room.report_made report.file_stem report.title report.subtitle report.overview report.participants.one
    report.participants.other report.anonymous report.too_few report.fewer report.modules_heading
    report.chart_modules report.module report.finished report.fears_heading report.chart_fears report.fears_none
    report.before report.after report.fear report.mean_before report.mean_after report.people_both
    report.distributions report.moment report.scale_note report.first_contact_heading report.committed
    report.chart_weeks report.week_of report.week report.people report.weeks_none report.wall_heading
    report.wall_note report.wall_none report.wall_question report.wall_fewer report.feedback_heading
    report.chart_feedback report.ratings_fewer report.ratings_mean report.comments report.comments_none
    report.run_sheet_heading report.run_sheet_note report.run_sheet_none report.time report.what report.kind
    report.event.start report.event.module report.event.follow report.event.timer report.event.groups.one
    report.event.groups.other report.event.round report.event.ask report.event.reveal report.event.end
    report.measure report.value report.csv_participants report.csv_too_few report.csv_committed
    report.csv_rating_mean report.csv_ratings report.number report.question report.entry report.rating
    report.comment
    """.split()
)
#: rooms that come back: templates and their trend on the console (views/console.py, issue 29)
_TEMPLATE_UI_KEYS = frozenset(
    """
    room.template room.template_none room.template_setup room.template_questions.one room.template_questions.other
    room.template_delete room.template_deleted room.templates room.templates_intro room.template_name
    room.template_save room.template_saved room.prepared room.trend room.trend_note room.trend_none room.trend_date
    room.trend_people room.trend_fear room.trend_feedback room.trend_fewer room.trend_unknown
    """.split()
)
#: the co-facilitator link and the presenter view on the console (views/console.py, views/presenter.py)
_COFAC_UI_KEYS = frozenset(
    """
    room.cofac room.cofac_intro room.cofac_make room.cofac_new room.cofac_revoke room.cofac_link room.cofac_active
    room.cofac_shown room.cofac_none room.cofac_revoked_note room.cofac_copy_name room.cofac_copied
    room.cofac_copy_marked room.cofac_role room.cofac_no_room room.cofac_revoked room.presenter room.presenter_show
    room.presenter_hide room.presenter_none room.presenter.module room.presenter.unplanned
    room.presenter.not_started room.presenter.on_time room.presenter.arrival room.presenter.behind.one
    room.presenter.behind.other room.presenter.ahead.one room.presenter.ahead.other
    """.split()
)
#: Every interface string the code asks for; ``coffeechat check`` reports any that ui.yaml lacks.
UI_KEYS = _LISTED_UI_KEYS | _FOLLOWUP_UI_KEYS | _REPORT_UI_KEYS | _TEMPLATE_UI_KEYS | _COFAC_UI_KEYS

#: Every message kind the code asks for by id (the weeks after the workshop: the request, the nudge, the
#: thank-you and the update of the builder, and their own); ``coffeechat check`` reports any that outreach.yaml
#: lacks once it has ``follow_through_kinds`` (``coffeechat.models.followup_messages.DUE_MESSAGE`` names only
#: these: a unit test says so).
MESSAGE_KINDS = frozenset(
    """outreach phone nudge thank-you update
    second-person reply-yes reply-not-now reply-no reschedule check-in""".split()
)


def check_ui(ui: Ui, problems: list[ContentProblem]) -> None:
    """``ui.yaml`` has every interface string the code asks for (``UI_KEYS``)."""
    for key in sorted(UI_KEYS - set(ui.strings)):
        problems.append(ContentProblem("ui.yaml", f"strings.{key}", "missing interface string"))


#: a module's short name fits one line under its step (``short`` in workshop.yaml; pages/navigation.py)
STEPPER_NAME_CHARS = 12


def check_manifest(manifest: Manifest, problems: list[ContentProblem]) -> None:
    codes = [lang.code for lang in manifest.languages]
    if manifest.default_language not in codes:
        problems.append(
            ContentProblem("workshop.yaml", "default_language", f"{manifest.default_language!r} is not in languages")
        )
    for code in duplicates(codes):
        problems.append(ContentProblem("workshop.yaml", "languages", f"duplicate language {code!r}"))
    ids = [ref.id for ref in manifest.modules]
    for module_id in duplicates(ids):
        problems.append(ContentProblem("workshop.yaml", "modules", f"duplicate module id {module_id!r}"))
    for index, ref in enumerate(manifest.modules):
        for language, short in (ref.short.root if ref.short else {}).items():
            if len(short) > STEPPER_NAME_CHARS:
                problems.append(
                    ContentProblem(
                        "workshop.yaml",
                        f"modules.{index}.short",
                        f"{len(short)} characters: the stepper's column holds {STEPPER_NAME_CHARS}",
                        language,
                    )
                )
    for index, fmt in enumerate(manifest.formats):
        for number, entry in enumerate(fmt.schedule):
            if entry.module and entry.module not in ids:
                problems.append(
                    ContentProblem(
                        "workshop.yaml", f"formats.{index}.schedule.{number}", f"unknown module id {entry.module!r}"
                    )
                )


def check_timing(sources: Workshop, problems: list[ContentProblem]) -> None:
    """Each format's run sheet adds up to its length; no module's timed steps outlast its exercise minutes."""
    manifest = sources.manifest
    for index, ref in enumerate(manifest.modules):
        steps = module_facilitator(ref.kind, ref.id, sources).step_minutes
        if steps > ref.exercise_minutes:
            problems.append(
                ContentProblem(
                    _module_file(ref),
                    "facilitator.steps",
                    f"the steps take {steps} minutes, but workshop.yaml gives the exercise "
                    f"{ref.exercise_minutes} (modules.{index}.exercise_minutes)",
                )
            )
    refs = {ref.id: ref for ref in manifest.modules}
    for index, fmt in enumerate(manifest.formats):
        modules = breaks = 0
        for number, entry in enumerate(fmt.schedule):
            scheduled = refs.get(entry.module or "")
            if entry.pause:
                breaks += entry.pause
            elif scheduled is not None:
                if entry.rounds is not None and scheduled.kind != "roleplay":
                    problems.append(
                        ContentProblem(
                            "workshop.yaml",
                            f"formats.{index}.schedule.{number}.rounds",
                            f"only a role-play runs in rounds, not {scheduled.id!r}",
                        )
                    )
                exercise = entry.roleplay_minutes if entry.roleplay_minutes is not None else scheduled.exercise_minutes
                debrief = entry.debrief_minutes if entry.roleplay_minutes is None else 0  # rounds count theirs
                modules += scheduled.teach_minutes + exercise + entry.share_minutes + debrief
        total = fmt.arrival_minutes + modules + breaks + fmt.buffer_minutes
        if total != fmt.minutes:
            problems.append(
                ContentProblem(
                    "workshop.yaml",
                    f"formats.{index}.minutes",
                    f"the run sheet adds up to {total} minutes (arrival {fmt.arrival_minutes} + modules {modules} "
                    f"+ breaks {breaks} + buffer {fmt.buffer_minutes}), not {fmt.minutes}",
                )
            )


def _module_file(ref: ModuleRef) -> str:
    return ref.file or KINDS[ref.kind].shared_file or "workshop.yaml"


def check_guide_console(manifest: Manifest, guide: Guide, problems: list[ContentProblem]) -> None:
    """Every module of the manifest has its console step in the guide, and no step names an unknown module."""
    known, written = [ref.id for ref in manifest.modules], set(guide.console.modules)
    for module_id in known:
        if module_id not in written:
            problems.append(ContentProblem(GUIDE_FILE, f"console.modules.{module_id}", "no console step"))
    for module_id in sorted(written - set(known)):
        problems.append(ContentProblem(GUIDE_FILE, f"console.modules.{module_id}", "not a module in workshop.yaml"))
    for key in sorted(GUIDE_LABELS - set(guide.labels)):
        problems.append(ContentProblem(GUIDE_FILE, f"labels.{key}", "missing label"))


def check_bank(bank: QuestionBank, fear_ids: list[str], problems: list[ContentProblem]) -> None:
    known = {
        "family": {f.id for f in bank.families},
        "goals": {g.id for g in bank.goals},
        "relationships": {r.id for r in bank.relationships},
        "seniority": {s.id for s in bank.seniorities},
        "fear": set(fear_ids),
    }
    for index, question in enumerate(bank.questions):
        for field, ids in [
            ("family", [question.family]),
            ("goals", question.goals),
            ("relationships", question.relationships),
            ("seniority", question.seniority),
            ("fear", [question.fear] if question.fear else []),
        ]:
            for unknown in [i for i in ids if i not in known[field]]:
                problems.append(ContentProblem(BANK_FILE, f"questions.{index}.{field}", f"unknown id {unknown!r}"))
    for path, text in _walk_texts(bank, ()):
        allowed = (
            TRANSITION_PLACEHOLDERS
            if path[:2] in {("frame", "transition"), ("frame", "transition_informal")}
            else set()
        )
        for language, value in text.root.items():
            for name in sorted(_placeholders(value) - allowed):
                problems.append(ContentProblem(BANK_FILE, ".".join(path), f"unknown placeholder {{{name}}}", language))


def check_register(
    manifest: Manifest, bank: QuestionBank, fears: list[tuple[str, Fear]], problems: list[ContentProblem]
) -> None:
    """In a language with a register, what the participant says formally has its first-name form, which is
    not formal itself (a participant who chose „du“ must not read „Wie sind Sie …“ in their plan)."""
    for language in manifest.languages:
        if not language.formal_address:
            continue
        formal = re.compile(r"\b(" + "|".join(map(re.escape, language.formal_address)) + r")\b")
        key = language.code + INFORMAL_SUFFIX
        for file, field, text in _said_to_the_contact(bank, fears):
            familiar = text.root.get(key)
            if familiar is None and formal.search(text.root.get(language.code, "")):
                problems.append(ContentProblem(file, field, f"formal address without its {key} form", language.code))
            elif familiar is not None and (found := formal.search(familiar)):
                problems.append(ContentProblem(file, field, f"formal {found.group(0)!r} in the {key} form", key))


def check_message_register(manifest: Manifest, outreach: Outreach, problems: list[ContentProblem]) -> None:
    """In a language with a register, a first-name message (``informal: true``) holds no formal address: a
    participant who is on „du“ terms must not write „Hätten Sie …“."""
    for language in manifest.languages:
        if not language.formal_address:
            continue
        formal = re.compile(r"\b(" + "|".join(map(re.escape, language.formal_address)) + r")\b")
        for index, template in enumerate(outreach.templates):
            if not template.informal:
                continue
            for field, text in _template_texts(template):
                for key in (language.code, language.code + INFORMAL_SUFFIX):
                    if found := formal.search(text.root.get(key, "")):
                        problems.append(
                            ContentProblem(
                                OUTREACH_FILE,
                                f"templates.{index}.{field}",
                                f"formal {found.group(0)!r} in a first-name message",
                                key,
                            )
                        )


def _said_to_the_contact(bank: QuestionBank, fears: list[tuple[str, Fear]]) -> Iterator[tuple[str, str, Text]]:
    """(file, field, text) of everything the plan has the participant say to their contact: the questions,
    the small talk and the closing, and the warm-up lines a fear module offers for the opening."""
    for index, question in enumerate(bank.questions):
        yield BANK_FILE, f"questions.{index}.text", question.text
    for part in ("small_talk", "closing"):
        for index, text in enumerate(getattr(bank.frame, part)):
            yield BANK_FILE, f"frame.{part}.{index}", text
    for file, fear in fears:
        for number, prompt in enumerate(fear.exercise.fields):
            if prompt.carry == "plan-warm-up":
                for index, option in enumerate(prompt.options):
                    yield file, f"exercise.fields.{number}.options.{index}.label", option.label


def check_outreach(outreach: Outreach, bank: QuestionBank | None, problems: list[ContentProblem]) -> None:
    channels = {c.id for c in outreach.channels}
    relationships = {r.id for r in bank.relationships} if bank else set()
    for name in sorted(MESSAGE_PLACEHOLDERS - set(outreach.placeholder_labels)):
        problems.append(ContentProblem(OUTREACH_FILE, f"placeholder_labels.{name}", "missing label"))
    for name in sorted(set(outreach.placeholder_labels) - MESSAGE_PLACEHOLDERS):
        problems.append(ContentProblem(OUTREACH_FILE, f"placeholder_labels.{name}", "unknown placeholder"))
    for name in sorted(MESSAGE_PLACEHOLDERS - set(outreach.placeholder_missing)):
        problems.append(ContentProblem(OUTREACH_FILE, f"placeholder_missing.{name}", "missing text"))
    for name in sorted(set(outreach.placeholder_missing) - MESSAGE_PLACEHOLDERS):
        problems.append(ContentProblem(OUTREACH_FILE, f"placeholder_missing.{name}", "unknown placeholder"))
    for name, text in outreach.placeholder_missing.items():
        for language, value in text.root.items():
            if _placeholders(value):
                problems.append(
                    ContentProblem(OUTREACH_FILE, f"placeholder_missing.{name}", "no placeholder here", language)
                )
    # the examples and the kinds of the weeks after are optional (a content made for the builder alone has
    # neither); where the content has them, it has them all
    for name in sorted(
        MESSAGE_PLACEHOLDERS - set(outreach.placeholder_examples) if outreach.placeholder_examples else ()
    ):
        problems.append(ContentProblem(OUTREACH_FILE, f"placeholder_examples.{name}", "missing example"))
    for name in sorted(set(outreach.placeholder_examples) - MESSAGE_PLACEHOLDERS):
        problems.append(ContentProblem(OUTREACH_FILE, f"placeholder_examples.{name}", "unknown placeholder"))
    kinds = {k.id for k in outreach.all_kinds}
    builders = {k.id for k in outreach.kinds}
    for kind_id in sorted(kinds):
        if not any(t.kind == kind_id and not t.informal for t in outreach.templates):
            problems.append(ContentProblem(OUTREACH_FILE, "kinds", f"no formal template of kind {kind_id!r}"))
    for kind_id in sorted(MESSAGE_KINDS - kinds if outreach.follow_through_kinds else ()):
        problems.append(ContentProblem(OUTREACH_FILE, "follow_through_kinds", f"missing message kind {kind_id!r}"))
    for index, kind in enumerate(outreach.kinds):
        for name in kind.fields:
            if name not in MESSAGE_FIELDS:
                problems.append(
                    ContentProblem(
                        OUTREACH_FILE, f"kinds.{index}.fields", f"{name!r} is a field of the weeks after the workshop"
                    )
                )
    _check_registers(outreach, problems)
    for index, template in enumerate(outreach.templates):
        where = f"templates.{index}"
        if template.kind not in kinds:
            problems.append(ContentProblem(OUTREACH_FILE, f"{where}.kind", f"unknown kind {template.kind!r}"))
        if template.channel not in channels:
            problems.append(ContentProblem(OUTREACH_FILE, f"{where}.channel", f"unknown channel {template.channel!r}"))
        for unknown in [r for r in template.relationships if bank and r not in relationships]:
            problems.append(ContentProblem(OUTREACH_FILE, f"{where}.relationships", f"unknown id {unknown!r}"))
        for field, worded in _template_texts(template):
            for language, value in worded.root.items():
                for name in sorted(_placeholders(value) - MESSAGE_PLACEHOLDERS):
                    problems.append(
                        ContentProblem(OUTREACH_FILE, f"{where}.{field}", f"unknown placeholder {{{name}}}", language)
                    )
                only_after = _placeholders(value) & FOLLOW_THROUGH_PLACEHOLDERS if template.kind in builders else set()
                for name in sorted(only_after):
                    problem = (
                        f"{{{name}}} is filled only in the weeks after the workshop, never in the builder's messages"
                    )
                    problems.append(ContentProblem(OUTREACH_FILE, f"{where}.{field}", problem, language))
    _check_limits(outreach, problems)


def _template_texts(template: MessageTemplate) -> list[tuple[str, Text]]:
    """(field, text) of a template's subject, body and shorter bodies."""
    texts: list[tuple[str, Text]] = [("subject", template.subject)] if template.subject else []
    texts.append(("body", template.body))
    return texts + [(f"shorter.{number}", shorter) for number, shorter in enumerate(template.shorter)]


def _check_registers(outreach: Outreach, problems: list[ContentProblem]) -> None:
    """A kind of the weeks after has a formal and a first-name template for every channel that is not spoken
    (a reply goes the way the contact wrote) and any other it uses; a builder's kind has a formal one for each
    channel it uses (its first-name form falls back to the formal one, never the other way round)."""
    written = [c.id for c in outreach.channels if not c.spoken]
    lists: list[tuple[str, tuple[MessageKind, ...]]] = [
        ("kinds", outreach.kinds),
        ("follow_through_kinds", outreach.follow_through_kinds),
    ]
    for part, kinds in lists:
        both = part == "follow_through_kinds"
        for index, kind in enumerate(kinds):
            templates = [t for t in outreach.templates if t.kind == kind.id]
            used = list(dict.fromkeys(t.channel for t in templates))
            for channel in dict.fromkeys([*written, *used]) if both else used:
                registers = {t.informal for t in templates if t.channel == channel}
                if not registers:
                    problem = f"no template for channel {channel!r}"
                elif False not in registers:
                    problem = f"no formal template for channel {channel!r}"
                elif both and True not in registers:
                    problem = f"no first-name template for channel {channel!r}"
                else:
                    continue
                problems.append(ContentProblem(OUTREACH_FILE, f"{part}.{index}", problem))


def _utf16_length(text: str) -> int:
    """Characters as a browser's text box counts them (``coffeechat.models.outreach.text_length``)."""
    return len(text.encode("utf-16-le")) // 2


def _filled(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by its value (one without a value left as it is)."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: values.get(m.group(1)) or m.group(0), text)


def _check_limits(outreach: Outreach, problems: list[ContentProblem]) -> None:
    """Every template, filled with ``placeholder_examples``, keeps its channel's limit: an e-mail's body fewer
    words than the channel's ``fewer_words_than``; a first message's invitation note the free account's
    ``max_chars`` (the body or, where it has them, one of its shorter bodies: the builder takes the first
    that fits)."""
    examples = outreach.placeholder_examples
    if not examples:
        return
    channels = {c.id: c for c in outreach.channels}
    existing = {k.id for k in outreach.all_kinds if k.existing_contact}
    for index, template in enumerate(outreach.templates):
        channel = channels.get(template.channel)
        if channel is None:
            continue
        bodies = [("body", template.body)] + [(f"shorter.{n}", t) for n, t in enumerate(template.shorter)]
        for language in template.body.root:
            values = {name: text.root.get(language, "") for name, text in examples.items()}
            filled = [(field, _filled(text.root.get(language, ""), values)) for field, text in bodies]
            if channel.fewer_words_than:
                for field, text in filled:
                    if (words := len(text.split())) >= channel.fewer_words_than:
                        problems.append(
                            ContentProblem(
                                OUTREACH_FILE,
                                f"templates.{index}.{field}",
                                f"{channel.fewer_words_than} words or more with the example values ({words})",
                                language,
                            )
                        )
            if channel.max_chars and template.kind not in existing:
                lengths = [_utf16_length(text) for _, text in filled]
                if min(lengths) > channel.max_chars:
                    problems.append(
                        ContentProblem(
                            OUTREACH_FILE,
                            f"templates.{index}.body",
                            f"over the channel's {channel.max_chars} characters with the example values "
                            f"({min(lengths)}, the shortest body)",
                            language,
                        )
                    )


#: one keyword: words of letters (and ' ’ - .), with "*" only at a word's start or end
_KEYWORD = re.compile(r"^\*?[\w'’.-]+\*?( \*?[\w'’.-]+\*?)*$")


def check_keywords(cards: RoleCards, keys: list[str], problems: list[ContentProblem]) -> None:
    """Keywords for every family and topic and nothing else; each well formed and under one family or topic only."""
    for key in keys:
        if key not in cards.keywords:
            problems.append(ContentProblem(ROLE_CARDS_FILE, "keywords", f"no keywords for {key!r}"))
    owner: dict[tuple[str, str], str] = {}
    for key, text in cards.keywords.items():
        where = f"keywords.{key}"
        if key not in keys:
            problems.append(ContentProblem(ROLE_CARDS_FILE, where, "neither a family nor a question's topic"))
        for language, value in text.root.items():
            for keyword in keyword_list(value):
                if not _KEYWORD.match(keyword):
                    problems.append(
                        ContentProblem(
                            ROLE_CARDS_FILE,
                            where,
                            f'{keyword!r} is not a word or phrase ("*" at an end only)',
                            language,
                        )
                    )
                first = owner.setdefault((language, keyword.casefold()), key)
                if first != key:
                    problems.append(
                        ContentProblem(ROLE_CARDS_FILE, where, f"{keyword!r} is a keyword of {first!r} too", language)
                    )


def check_role_cards(cards: RoleCards, bank: QuestionBank, problems: list[ContentProblem]) -> None:
    """Every persona (the plan's contact too) answers every family and every topic the bank's questions name,
    and nothing else.

    Each family and topic has keywords; no persona says the same text twice, nor a text of ``generic_answers``.
    """
    families = [f.id for f in bank.families]
    topics = sorted({q.topic for q in bank.questions if q.topic and q.topic not in families})
    check_keywords(cards, families + topics, problems)
    for index, generic in enumerate(cards.generic_answers):
        for language, value in generic.root.items():
            if any(other.root.get(language) == value for other in cards.generic_answers[:index]):
                problems.append(ContentProblem(ROLE_CARDS_FILE, f"generic_answers.{index}", "said twice", language))
    styles = {s.id for s in cards.styles}
    for where, persona in [("plan_persona", cards.plan_persona)] + [
        (f"personas.{index}", persona) for index, persona in enumerate(cards.personas)
    ]:
        if persona.style not in styles:
            problems.append(ContentProblem(ROLE_CARDS_FILE, f"{where}.style", f"unknown style {persona.style!r}"))
        for family in families:
            if not persona.answers.get(family):
                problems.append(ContentProblem(ROLE_CARDS_FILE, f"{where}.answers", f"no answer for family {family!r}"))
        for topic in topics:
            if not persona.answers.get(topic):
                problems.append(ContentProblem(ROLE_CARDS_FILE, f"{where}.answers", f"no answer for topic {topic!r}"))
        for key in persona.answers:
            if key not in families and key not in topics:
                problems.append(
                    ContentProblem(ROLE_CARDS_FILE, f"{where}.answers.{key}", "neither a family nor a question's topic")
                )
        said: dict[tuple[str, str], str] = {
            (language, value): "generic_answers" for g in cards.generic_answers for language, value in g.root.items()
        }
        for key, answers in persona.answers.items():
            for number, answer in enumerate(answers):
                for language, value in answer.root.items():
                    first = said.setdefault((language, value), f"answers.{key}.{number}")
                    if first != f"answers.{key}.{number}":
                        problems.append(
                            ContentProblem(
                                ROLE_CARDS_FILE,
                                f"{where}.answers.{key}.{number}",
                                f"the same text as {first}",
                                language,
                            )
                        )


def check_follow_through(follow: FollowThrough, fear_ids: set[str], problems: list[ContentProblem]) -> None:
    """Every stall reason has reframes, each for a fear the workshop has and short in every language; the
    follow-up session's steps add up to its minutes."""
    for reason in STALL_REASONS:
        if not follow.stalled.get(reason):
            problems.append(
                ContentProblem(FOLLOW_THROUGH_FILE, f"stalled.{reason}", "no reframe for this stall reason")
            )
    for reason, reframes in follow.stalled.items():
        for index, reframe in enumerate(reframes):
            where = f"stalled.{reason}.{index}"
            if reframe.fear not in fear_ids:
                known = ", ".join(sorted(fear_ids))
                problems.append(
                    ContentProblem(FOLLOW_THROUGH_FILE, f"{where}.fear", f"unknown fear id {reframe.fear!r} ({known})")
                )
            for language, value in reframe.text.root.items():
                count = len(sentences(value))
                if count > REFRAME_MAX_SENTENCES:
                    problems.append(
                        ContentProblem(
                            FOLLOW_THROUGH_FILE,
                            f"{where}.text",
                            f"{count} sentences; a reframe here has at most {REFRAME_MAX_SENTENCES}",
                            language,
                        )
                    )
                if len(value.strip()) > REFRAME_MAX_CHARS:
                    problems.append(
                        ContentProblem(
                            FOLLOW_THROUGH_FILE,
                            f"{where}.text",
                            f"{len(value.strip())} characters; a reframe here has at most {REFRAME_MAX_CHARS}",
                            language,
                        )
                    )
    session = follow.session
    if session.facilitator.step_minutes != session.minutes:
        problems.append(
            ContentProblem(
                FOLLOW_THROUGH_FILE,
                "session.facilitator.steps",
                f"the steps add up to {session.facilitator.step_minutes} minutes, not {session.minutes} "
                "(session.minutes)",
            )
        )


def check_question_checks(rules: QuestionChecks, languages: list[str], problems: list[ContentProblem]) -> None:
    """Question rules only for workshop languages (a workshop language without rules gets no checks, so a coach
    can add a language with its texts alone); a reason says ``{max_words}`` only where the flag is ``too-long``
    (the patterns and rewrites are checked by the schema)."""
    for language in rules.languages:
        if language not in languages:
            problems.append(
                ContentProblem(QUESTION_CHECKS_FILE, "languages", "language not listed in workshop.yaml", language)
            )
    for flag, reason in rules.reasons.items():
        for language, value in reason.root.items():
            names = _placeholders(value) - ({"max_words"} if flag == "too-long" else set())
            if names:
                problems.append(
                    ContentProblem(
                        QUESTION_CHECKS_FILE,
                        f"reasons.{flag}",
                        f"unknown placeholder {{{sorted(names)[0]}}}",
                        language.removesuffix(INFORMAL_SUFFIX),
                    )
                )


def check_message_checks(rules: MessageChecks, languages: list[str], problems: list[ContentProblem]) -> None:
    """Message rules only for workshop languages (a workshop language without rules gets no message checks); every
    reason, detail and length text in every workshop language, with only the placeholders it is filled with (the
    patterns are checked by the schema)."""
    for language in rules.languages:
        if language not in languages:
            problems.append(
                ContentProblem(MESSAGE_CHECKS_FILE, "languages", "language not listed in workshop.yaml", language)
            )
    texts = [
        *((f"reasons.{flag}", frozenset[str](), text) for flag, text in rules.reasons.items()),
        *(
            (f"details.{flag}", MESSAGE_CHECK_PLACEHOLDERS.get(flag, frozenset()), text)
            for flag, text in rules.details.items()
        ),
        *((f"length.{kind}", MESSAGE_CHECK_PLACEHOLDERS["length"], text) for kind, text in rules.length.items()),
        ("spelling_not_checked", frozenset[str](), rules.spelling_not_checked),
    ]
    for field, allowed, text in texts:
        for language in languages:
            if not text.root.get(language, "").strip():
                problems.append(ContentProblem(MESSAGE_CHECKS_FILE, field, "missing translation", language))
        for language, value in text.root.items():
            names = _placeholders(value) - allowed
            if names:
                problems.append(
                    ContentProblem(
                        MESSAGE_CHECKS_FILE,
                        field,
                        f"unknown placeholder {{{sorted(names)[0]}}}",
                        language.removesuffix(INFORMAL_SUFFIX),
                    )
                )


#: what may close a sentence after its full stop, question or exclamation mark: quotes, a bracket
_CLOSERS = "\"'“”‘’»«)"
#: what may open the next sentence before its first letter: quotes, a bracket
_OPENERS = "\"'„“‘‚»«("
_SENTENCE_END = re.compile(f"[.!?…]+[{re.escape(_CLOSERS)}]*")


def sentences(text: str) -> list[str]:
    """The sentences of ``text``: each ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes) before
    the end of the text or, after a space, a capital letter, and not after a single letter (an abbreviation).
    So „z. B. Ihre“ stays one sentence and ``www.xing.com`` too; „am 3. Tag“ makes two (write such numbers as
    words)."""
    found, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        after = text[end.end() :]
        if after and not after[0].isspace():
            continue  # www.xing.com, 2.5
        word = text[: end.start()].rsplit(maxsplit=1)[-1:] or [""]
        if len(word[0]) == 1 and word[0].isalpha() and text[end.start()] == ".":
            continue  # z. B., d. h.: a single letter with a full stop abbreviates
        following = after.lstrip().lstrip(_OPENERS)
        if following and not following[0].isupper():
            continue  # z. B. eine, … and so on
        found.append(text[start : end.end()])
        start = end.end()
    found.append(text[start:])
    return [piece.strip() for piece in found if any(character.isalnum() for character in piece)]


def check_room_content(
    wall_filter: WallFilterFile | None, groups: GroupsFile | None, languages: list[str], problems: list
) -> None:
    """The filter's lists are in the workshop's languages; group names and colours are told apart."""
    if wall_filter is not None:
        for part in ("ldnoobw", "own"):
            for language in getattr(wall_filter, part):
                if language not in languages:
                    problems.append(
                        ContentProblem(WALL_FILTER_FILE, part, "language not listed in workshop.yaml", language)
                    )
    if groups is not None:
        problems.extend(check_texts(groups, GROUPS_FILE, languages))
        colours = [style.colour.lower() for style in groups.groups]
        for colour in duplicates(colours):
            problems.append(ContentProblem(GROUPS_FILE, "groups", f"colour {colour} is given to two groups"))
        for language in languages:
            names = [style.name.root.get(language, "").casefold() for style in groups.groups]
            for name in duplicates(names):
                problems.append(
                    ContentProblem(GROUPS_FILE, "groups", f"name {name!r} is given to two groups", language)
                )


def check_texts(model: BaseModel, file: str, languages: list[str]) -> Iterator[ContentProblem]:
    """Every text must exist, non-empty, in every workshop language, and in no other (a first-name form,
    ``de_informal``, only beside a language listed)."""
    for path, text in _walk_texts(model, ()):
        field = ".".join(path)
        for language in languages:
            value = text.root.get(language)
            if value is None:
                yield ContentProblem(file, field, "missing translation", language)
            elif not value.strip():
                yield ContentProblem(file, field, "empty text", language)
        for language, value in text.root.items():
            if language.removesuffix(INFORMAL_SUFFIX) not in languages:
                yield ContentProblem(file, field, "language not listed in workshop.yaml", language)
            elif language.endswith(INFORMAL_SUFFIX) and not value.strip():
                yield ContentProblem(file, field, "empty text", language)


def _walk_texts(node: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Text]]:
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk_texts(getattr(node, name), (*path, name))
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from _walk_texts(item, (*path, str(index)))
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _walk_texts(item, (*path, str(key)))


def _placeholders(text: str) -> set[str]:
    """The ``{names}`` a text asks to be filled in (a malformed brace counts as the name ``{``)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}

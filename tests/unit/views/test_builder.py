"""The question builder in the kernel: fill it in, edit the plan, draft messages, download, reload."""

from __future__ import annotations

import html

import ipywidgets as w
import pytest

from coffeechat.models.session import Session
from coffeechat.storage.journal import Journal
from coffeechat.views.builder import BuilderView
from tests.conftest import all_text, find, open_widgets, walk


def rows(view: BuilderView):
    return [node for node in walk(view.plan_box) if "cc-question" in node._dom_classes]


def row_text(row) -> str:
    return next(node for node in walk(row) if "cc-question-text" in node._dom_classes).value


def question_id(row) -> str:
    return next(
        c.removeprefix("cc-question-")
        for c in row._dom_classes
        if c.startswith("cc-question-") and c != "cc-question-starred"
    )


def plan_text(view: BuilderView) -> str:
    """The plan's text on screen, without the report of the last change (a rebuilt view has none)."""
    report = {id(node) for node in walk(view.changes_box)}
    return all_text(w.VBox([node for node in view.plan_box.children if id(node) not in report]))


def report(view: BuilderView) -> str:
    """What the page says about the changes the builder made on its own (a polite live region)."""
    return html.unescape(find(view.widget, "cc-plan-changes").value)


def click(row, css_class: str) -> None:
    next(node for node in walk(row) if css_class in node._dom_classes).click()


@pytest.fixture
def view(session: Session) -> BuilderView:
    view = BuilderView(session, "question-builder")
    view.inputs["contact_name"].value = "Frau Ölmez"
    view.inputs["contact_role"].value = "UX-Designerin"
    view.inputs["field"].value = "öffentlicher Nahverkehr"
    view.show_step(2)  # the participant has the plan before them (its changes are told from then on)
    return view


def test_the_fear_rated_highest_is_preselected(session: Session):
    session.set("welcome.rating.not-connected", 9)
    session.set("welcome.rating.regret", 4)
    assert BuilderView(session, "question-builder").request.fear == "not-connected"


def test_describing_the_conversation_makes_a_plan_within_the_time(view: BuilderView, journal: Journal):
    view.inputs["minutes"].value = 15
    assert 0 < len(rows(view)) and view.plan.total_minutes <= 15
    saved = journal.load(view.session.code)["builder.request"]
    assert saved["contact_role"] == "UX-Designerin" and saved["minutes"] == 15
    assert view.session.t("builder.minutes_total", total=view.plan.total_minutes, asked=15) in all_text(view.widget)


def test_edits_remove_star_reword_add_and_survive_regeneration(view: BuilderView, workshop, journal: Journal):
    view.inputs["minutes"].value = 30
    first = rows(view)[0]
    removed_text = row_text(first)
    click(first, "cc-remove")
    click(rows(view)[0], "cc-star")
    starred = view.plan.questions[0].id
    text_box = next(n for n in walk(rows(view)[0]) if "cc-question-text" in n._dom_classes)
    text_box.value = "Wie sah Ihr erstes Jahr aus – ehrlich? 🙂"
    view.own_text.value = "Was würden Sie heute anders machen?"
    find(view.widget, "cc-add-own").click()
    find(view.widget, "cc-regenerate").click()
    texts = [row_text(r) for r in rows(view)]
    assert removed_text not in texts
    assert "Wie sah Ihr erstes Jahr aus – ehrlich? 🙂" in texts
    assert "Was würden Sie heute anders machen?" in texts
    assert starred in view.plan.ids and view.plan.questions[view.plan.ids.index(starred)].starred
    reloaded = BuilderView(Session(workshop, journal, code=view.session.code), "question-builder")
    assert [row_text(r) for r in rows(reloaded)] == texts


def test_swap_replaces_a_question_with_one_of_the_same_family(view: BuilderView):
    before = view.plan.questions[0]
    click(rows(view)[0], "cc-swap")
    assert before.id not in view.plan.ids
    assert any(q.family == before.family for q in view.plan.questions)


def test_does_a_question_of_ones_own_have_no_swap_button(view: BuilderView):
    """⇄ gave a participant's own question away for a suggestion (a phone walk): their rows have none."""
    view.own_text.value = "Wie sind Sie zur UX-Forschung gekommen?"
    find(view.widget, "cc-add-own").click()
    own_rows = [row for row in rows(view) if "own-" in " ".join(row._dom_classes)]
    assert own_rows, "the own question is in the plan"
    for row in own_rows:
        swaps = [n for n in walk(row) if "cc-swap" in getattr(n, "_dom_classes", ())]
        assert all("cc-hidden" in n._dom_classes for n in swaps), "no ⇄ to see"
        assert [n for n in walk(row) if "cc-remove" in getattr(n, "_dom_classes", ())], "it can still be removed"


def test_moving_a_question_down_changes_the_order(view: BuilderView):
    view.inputs["minutes"].value = 45
    ids = view.plan.ids
    click(rows(view)[0], "cc-down")
    assert view.plan.ids[1] == ids[0]


def test_outreach_draft_is_filled_and_flags_what_is_still_open(view: BuilderView):
    editor_text = find(view.widget, "cc-outreach-text")
    assert "Frau Ölmez" in editor_text.value
    check = find(view.widget, "cc-outreach-check").value
    assert "Ihr Name" in check, "the participant's own name is not filled in yet, said in words"
    assert "{" not in editor_text.value + check, "no raw placeholder on the page"
    assert "[Ihr Name fehlt]" in editor_text.value
    view.inputs["my_name"].value = "Kim Becker"
    view.inputs["my_situation"].value = "Ich wechsle aus der Pflege in die Gestaltung."
    view.inputs["connection"].value = "Wir waren beide bei der Meetup-Gruppe „UX Leipzig“."
    assert "fehlt]" not in find(view.widget, "cc-outreach-text").value
    assert view.session.t("builder.all_filled") in find(view.widget, "cc-outreach-check").value


def test_linkedin_note_shows_the_character_limit(view: BuilderView):
    find(view.widget, "cc-outreach-channel").value = "linkedin"
    check = find(view.widget, "cc-outreach-check").value
    assert "von höchstens 200 Zeichen" in check, "a free account's invitation note"


def test_an_edited_draft_is_kept_and_reset_brings_the_template_back(view: BuilderView, workshop, journal: Journal):
    text = find(view.widget, "cc-outreach-text")
    text.value = "Mein eigener Text, {contact_name} bleibt offen"
    assert journal.load(view.session.code)["builder.outreach.text"] == "Mein eigener Text, {contact_name} bleibt offen"
    reloaded = BuilderView(Session(workshop, journal, code=view.session.code), "question-builder")
    assert find(reloaded.widget, "cc-outreach-text").value.startswith("Mein eigener Text")
    assert "Name der Person" in find(reloaded.widget, "cc-outreach-check").value, "the raw placeholder, in words"
    find(reloaded.widget, "cc-outreach-reset").click()
    assert "Frau Ölmez" in find(reloaded.widget, "cc-outreach-text").value


def test_no_goal_is_refused_with_a_message(view: BuilderView):
    messages = []
    view.session.on_status(lambda kind, message: messages.append(message))
    for box in view.goal_boxes.values():
        box.value = False
    assert view.session.t("builder.need_goal") in messages
    assert view.request.goals


def test_downloads_hand_the_plan_to_the_browser(view: BuilderView, monkeypatch):
    sent = []
    monkeypatch.setattr(view.downloader, "offer", lambda name, data, mime: sent.append((name, data, mime)))
    find(view.widget, "cc-download-pdf").click()
    find(view.widget, "cc-download-markdown").click()
    (pdf_name, pdf, pdf_mime), (md_name, markdown, _) = sent
    assert pdf.startswith(b"%PDF") and pdf_mime == "application/pdf" and pdf_name.endswith(".pdf")
    assert md_name.endswith(".md")
    assert row_text(rows(view)[0]) in markdown.decode("utf-8")


def test_a_star_changes_its_row_in_place_and_a_redraw_closes_the_old_rows(view: BuilderView):
    view.inputs["minutes"].value = 30
    row = rows(view)[0]
    click(row, "cc-star")
    assert rows(view)[0] is row and "cc-question-starred" in row._dom_classes, "starring keeps focus and place"
    view.inputs["minutes"].value = 15
    assert all(r.comm is not None for r in rows(view)), "the rows on screen stay open"
    baseline = open_widgets()
    for _ in range(10):
        click(rows(view)[0], "cc-down")
        click(rows(view)[1], "cc-up")
    assert open_widgets() == baseline, "moving questions around does not pile up widgets"


def test_message_drafts_follow_the_request_without_being_rebuilt(view: BuilderView):
    draft = find(view.widget, "cc-outreach-text")
    view.inputs["contact_name"].value = "Herr Yılmaz"
    assert find(view.widget, "cc-outreach-text") is draft and "Herr Yılmaz" in draft.value
    draft.value = draft.value + "\nMein eigener Satz."
    view.inputs["contact_name"].value = "Frau Berg"
    assert "Mein eigener Satz." in draft.value, "a draft the participant rewrote is left alone"


def test_a_name_that_is_too_long_is_refused_with_its_own_limit(view: BuilderView):
    messages = []
    view.session.on_status(lambda kind, message: messages.append((kind, message)))
    view.inputs["contact_name"].value = "N" * 121
    assert messages[-1] == ("rejected", view.session.t("field.too_long", limit=120, length=121))
    assert view.request.contact_name != "N" * 121


def test_an_edited_draft_comes_back_after_trying_another_channel(view: BuilderView):
    channel, text = find(view.widget, "cc-outreach-channel"), find(view.widget, "cc-outreach-text")
    channel.value = "linkedin"
    text.value = "Liebe Frau Ölmez, ich schreibe Ihnen ganz persönlich 🙂"
    channel.value = "email"
    assert text.value != "Liebe Frau Ölmez, ich schreibe Ihnen ganz persönlich 🙂"
    editor = next(e for e in view.editors if e.kind == "outreach")
    assert "LinkedIn" in editor.hint.value, "the page says it is kept"
    channel.value = "linkedin"
    assert text.value == "Liebe Frau Ölmez, ich schreibe Ihnen ganz persönlich 🙂"
    assert view.session.get("builder.outreach.text") == "Liebe Frau Ölmez, ich schreibe Ihnen ganz persönlich 🙂"


def test_do_the_arrows_move_a_block_past_the_next_family_and_stop_at_the_plans_edges(view: BuilderView):
    view.inputs["minutes"].value = 45
    first_run, next_run = [[q.id for q in qs] for _, qs in view.plan.grouped()][:2]
    assert find(rows(view)[0], "cc-up").disabled and find(rows(view)[-1], "cc-down").disabled
    last_of_family = next(r for r in rows(view) if f"cc-question-{first_run[-1]}" in r._dom_classes)
    assert not find(last_of_family, "cc-down").disabled, "the arrow leads out of the family"
    click(last_of_family, "cc-down")
    ids = view.plan.ids
    assert ids[: len(next_run) + len(first_run)] == [*next_run, *first_run], "its block went below the next, whole"
    assert [question_id(r) for r in rows(view)] == ids, "the page shows the plan's order"


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_builder_filled_with_the_screens_own_examples_drafts_messages_that_read_right(workshop, journal, language):
    """Fill every field as its label's example shows, for every relationship: no doubled or broken sentence."""
    from tests.unit.test_outreach import reading_problems, screen_example

    session = Session(workshop, journal, language=language)
    session.start_new()
    view = BuilderView(session, "question-builder")
    for name in ("contact_name", "contact_role", "field", "my_situation"):
        view.inputs[name].value = screen_example(f"builder.{name}", language)
    view.inputs["my_name"].value = "Anna Berg"
    for goal in view.goal_boxes.values():
        goal.value = True  # every goal: the LinkedIn note still has to fit
    learned = {"de": "Quereinsteigende sind im Team willkommen", "en": "career changers are welcome on the team"}
    find(view.widget, "cc-thanks-learned").value = learned[language]
    find(view.widget, "cc-thanks-my-next-step").value = {"de": "mich bewerben", "en": "apply"}[language]
    for relationship in view.bank.relationships:
        view.inputs["relationship"].value = relationship.id
        view.first_names.value = False
        label = view.inputs["connection"].description
        assert relationship.connection_example[language] in label, "the example follows the relationship"
        view.inputs["connection"].value = relationship.connection_example[language]
        for channel in ("email", "linkedin", "xing"):
            find(view.widget, "cc-outreach-channel").value = channel
            text = find(view.widget, "cc-outreach-text").value
            assert reading_problems(text, language, False) == [], (relationship.id, channel)
            assert relationship.connection_example[language] in text
            if channel != "email":
                assert len(text) <= (200 if channel == "linkedin" else 300)
                assert "cc-status-error" not in find(view.widget, "cc-outreach-check").value, "within the limit"
        for kind in ("phone", "nudge", "introduction", "thank-you", "update"):
            text = find(view.widget, f"cc-{kind}-text").value
            assert reading_problems(text, language, False) == [], (relationship.id, kind)


def test_first_name_terms_follow_the_relationship_and_the_participants_choice(view: BuilderView, journal: Journal):
    view.inputs["relationship"].value = "former-colleague"
    assert view.first_names.value is True
    assert find(view.widget, "cc-outreach-text").value.startswith("Kurze Frage zu deiner Arbeit")
    view.first_names.value = False
    assert journal.load(view.session.code)["builder.request"]["informal"] is False
    assert "Guten Tag Frau Ölmez" in find(view.widget, "cc-outreach-text").value


def test_the_questions_from_not_ready_and_the_opener_are_in_the_plan(session: Session):
    session.set("not-ready.exercise.questions", ["Was hat Ihnen im ersten Jahr geholfen?"])
    session.set("not-good-at-networking.exercise.opener", "Ich komme aus dem Einzelhandel.")
    view = BuilderView(session, "question-builder")
    assert "Was hat Ihnen im ersten Jahr geholfen?" in [row_text(row) for row in rows(view)]
    assert "Ich komme aus dem Einzelhandel." in all_text(view.plan_box)


def test_every_kind_of_message_has_its_editor_with_the_channels_it_can_use(view: BuilderView):
    for kind in view.workshop.outreach.kinds:
        assert find(view.widget, f"cc-{kind.id}-text").value
    assert set(find(view.widget, "cc-outreach-channel").options) >= {("XING-Kontaktanfrage", "xing")}
    assert find(view.widget, "cc-phone-channel").options == (("Telefon", "phone"),)


def test_is_a_reworded_question_that_is_too_long_refused_with_its_limit_and_kept_on_screen(view: BuilderView):
    messages = []
    view.session.on_status(lambda kind, message: messages.append((kind, message)))
    first = rows(view)[0]
    text = next(node for node in walk(first) if "cc-question-text" in node._dom_classes)
    before = dict(view.edits.reworded)
    text.value = "W" * 501
    assert messages[-1] == ("rejected", view.session.t("field.too_long", limit=500, length=501))
    assert view.edits.reworded == before, "nothing cut to 500 and saved behind the participant's back"
    assert text.value == "W" * 501, "what was typed stays on screen"
    text.value = "W" * 500
    assert "W" * 500 in view.edits.reworded.values()


@pytest.mark.parametrize(
    "name, limit",
    [
        ("contact_name", 120),
        ("contact_role", 200),
        ("field", 200),
        ("my_name", 120),
        ("my_situation", 400),
        ("connection", 300),
    ],
)
def test_does_every_builder_field_refuse_too_long_text_with_its_own_limit(view: BuilderView, name, limit):
    messages = []
    view.session.on_status(lambda kind, message: messages.append((kind, message)))
    before = getattr(view.request, name)
    view.inputs[name].value = "x" * (limit + 1)
    assert messages[-1] == ("rejected", view.session.t("field.too_long", limit=limit, length=limit + 1))
    assert getattr(view.request, name) == before
    view.inputs[name].value = "x" * limit
    assert getattr(view.request, name) == "x" * limit


def test_does_a_plan_download_that_cannot_be_made_say_so(view: BuilderView, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ValueError("the pocket card did not fit")

    monkeypatch.setattr("coffeechat.documents.pdf.pocket_card_pdf", broken)
    assert not view.download("pdf")
    assert view.session.t("download.failed") in html.unescape(view.download_note.value)
    assert "ValueError" not in view.download_note.value
    assert view.download("md")


def test_an_edit_that_keeps_the_questions_leaves_the_plan_on_screen_as_a_rebuild_would_show_it(view: BuilderView):
    """The contact's name and role go into the messages only: the plan used to be rebuilt (some 60 widgets)."""
    view.inputs["minutes"].value = 30
    shown = rows(view)
    baseline = open_widgets()
    view.inputs["contact_name"].value = "Herr Yılmaz"
    view.inputs["contact_role"].value = "Produktmanager für Ö-Bahn 🙂"
    assert rows(view) == shown and all(a is b for a, b in zip(rows(view), shown, strict=True)), "no row rebuilt"
    assert open_widgets() == baseline, "no widget opened or closed: the page has nothing to redraw"
    rebuilt = BuilderView(view.session, "question-builder")
    assert [row_text(r) for r in rows(view)] == [row_text(r) for r in rows(rebuilt)]
    assert plan_text(view) == plan_text(rebuilt)


def test_an_edit_that_changes_the_questions_rebuilds_the_plan(view: BuilderView):
    view.inputs["minutes"].value = 30
    shown = rows(view)
    view.inputs["minutes"].value = 15
    assert len(rows(view)) < len(shown) and shown[-1].comm is None, "a row no longer needed is closed"


# --- the participant's questions first, swapping in, and every change said ----------------------------

LEARNED = [
    "Was hat Ihnen in den ersten Monaten am meisten geholfen?",
    "Wie viel Homeoffice ist üblich?",
    "Wie sieht die Einarbeitung aus?",
]


def test_do_the_questions_from_not_ready_stand_first_on_the_page(session: Session):
    session.set("not-ready.exercise.questions", LEARNED)
    view = BuilderView(session, "question-builder")
    assert [row_text(r) for r in rows(view)][:3] == LEARNED, "all three, first, in 20 minutes"
    assert view.plan.spare == ()


def test_can_a_question_that_did_not_fit_be_swapped_in_with_the_button_the_text_names(session: Session):
    session.set("not-ready.exercise.questions", [*LEARNED, "Welche <b>Tools</b> nutzen Sie?", "Wie ist das Team?"])
    view = BuilderView(session, "question-builder")
    view.show_step(2)
    view.inputs["minutes"].value = 15
    spare = list(view.plan.spare)
    buttons = [n for n in walk(view.plan_box) if "cc-include" in n._dom_classes]
    assert spare and len(buttons) == len(spare), "every question that did not fit has its button"
    label = view.session.t("builder.include")
    assert all(label in b.description for b in buttons)
    assert f"„{label}“" in all_text(view.plan_box), "the text names the button that is there"
    before = view.plan
    buttons[0].click()
    assert spare[0] in [row_text(r) for r in rows(view)], "swapped in"
    gone = [q for q in before.questions if q.id not in view.plan.ids]
    assert gone, "something made room"
    said = report(view)
    assert "role='status'" in find(view.widget, "cc-plan-changes").value
    for question in gone:
        assert question.text(view.bank, "de") in said, "the page says which question made room"
    assert view.plan.total_minutes <= 15
    markup = [n.value for n in walk(view.plan_box) if isinstance(n, w.HTML)]
    assert not any("<b>Tools</b>" in value for value in markup), "their words are escaped in every part"
    assert any("&lt;b&gt;Tools&lt;/b&gt;" in value for value in markup)


def test_does_adding_an_own_question_say_what_it_pushed_out_and_can_it_be_brought_back(view: BuilderView):
    view.inputs["minutes"].value = 15
    before = view.plan
    view.own_text.value = "Was würden Sie heute anders machen?"
    find(view.widget, "cc-add-own").click()
    assert "Was würden Sie heute anders machen?" in [row_text(r) for r in rows(view)]
    gone = [q for q in before.questions if q.id not in view.plan.ids]
    assert gone, "15 minutes were full: something had to make room"
    said = report(view)
    for question in gone:
        assert question.text(view.bank, "de") in said
    assert view.session.t("builder.dropped_time", question="X").split("„X“")[-1].strip() in said, "and why"
    back = [n for n in walk(view.widget) if "cc-bring-back" in n._dom_classes]
    assert len(back) == len(gone)
    back[0].click()
    assert gone[0].id in view.plan.ids, "brought back"
    assert "Was würden Sie heute anders machen?" in [row_text(r) for r in rows(view)], "the own question stays"
    for question in before.questions:
        if question.id not in view.plan.ids and question.id != gone[0].id:
            assert question.text(view.bank, "de") in report(view) or question in gone


def test_does_asking_for_less_time_say_which_questions_left(view: BuilderView):
    view.inputs["minutes"].value = 45
    before = view.plan
    view.inputs["minutes"].value = 15
    said = report(view)
    for question in before.questions:
        if question.id not in view.plan.ids:
            assert question.text(view.bank, "de") in said
    assert view.session.t("builder.changed_minutes", minutes=15) in said


def test_is_the_report_in_english_for_an_english_participant(workshop, journal):
    session = Session(workshop, journal, language="en")
    session.start_new()
    view = BuilderView(session, "question-builder")
    view.show_step(2)
    view.inputs["minutes"].value = 15
    view.own_text.value = "What would you do differently today?"
    find(view.widget, "cc-add-own").click()
    said = report(view)
    assert session.t("builder.changed_own") in said and "„" not in said
    assert find(view.widget, "cc-bring-back").description.startswith(session.t("builder.bring_back", question="")[:6])


def test_does_the_take_home_list_the_questions_in_the_pages_order(view: BuilderView, monkeypatch):
    view.inputs["minutes"].value = 45
    first_run = [q.id for q in view.plan.grouped()[0][1]]
    click(next(r for r in rows(view) if f"cc-question-{first_run[-1]}" in r._dom_classes), "cc-down")
    assert view.plan.ids.index(first_run[-1]) > len(first_run), "its block moved down"
    sent = []
    monkeypatch.setattr(view.downloader, "offer", lambda name, data, mime: sent.append(data))
    find(view.widget, "cc-download-markdown").click()
    markdown = sent[0].decode("utf-8")
    texts = [row_text(r) for r in rows(view)]
    assert sorted(texts, key=markdown.index) == texts


def test_does_a_first_look_at_the_plan_tell_of_no_change_it_never_saw(session: Session):
    """Both fresh-eye walks read "the plan has changed" on their first look at a plan they had never seen: the
    minutes were set on the step before. Once the plan has been on screen, its changes are told."""
    view = BuilderView(session, "question-builder")
    view.inputs["minutes"].value = 45
    view.inputs["minutes"].value = 15
    view.show_step(2)
    assert report(view) == "", "nothing to compare with yet"
    view.show_step(1)
    view.inputs["minutes"].value = 45
    view.inputs["minutes"].value = 15
    assert view.session.t("builder.changed_minutes", minutes=15) in report(view)


def test_do_the_swap_and_remove_buttons_say_in_words_what_they_do(view: BuilderView, workshop):
    """⇄ and ✕ were explained only by a tooltip, which a phone and a keyboard never show."""
    t = lambda key: workshop.t(key, "de")
    row = rows(view)[0]
    buttons = {c: node for node in walk(row) for c in ("cc-swap", "cc-remove") if c in node._dom_classes}
    assert buttons["cc-swap"].description == f"⇄ {t('builder.swap_short')}"
    assert buttons["cc-remove"].description == f"✕ {t('builder.remove_short')}"
    assert buttons["cc-swap"].tooltip == t("builder.swap"), "the full words stay as the tooltip"
    said = html.unescape(find(view.widget, "cc-plan-rules").value)
    assert "⇄" in said and "✕" in said, "the line above the questions says what ⇄ and ✕ do"


def test_can_a_keyboard_skip_the_questions_with_a_visible_button_before_them(view: BuilderView):
    """Step 2 took about 44 presses of Tab to get past the questions to Next."""
    asked: list[str] = []
    view.focus = asked.append
    plan_step = view.step_boxes[1]
    order = [node for node in walk(plan_step) if isinstance(node, w.Button) or "cc-question" in node._dom_classes]
    skip = find(plan_step, "cc-skip-questions")
    assert skip is not None and order.index(skip) < order.index(rows(view)[0]), "before the first question"
    assert skip.description and skip.layout.display != "none", "visible, and named by its words"
    skip.click()
    assert asked == [".cc-own-text textarea"], "the focus goes to the first control after the questions"


def test_does_the_focus_stay_in_the_list_after_removing_its_last_question(view: BuilderView):
    """A keyboard walk removed the last question and the focus jumped to „Eigene Frage“ below the notice that
    said what changed: it goes to the next question's ✕, after the last one to the ✕ of the one before."""
    asked: list[str] = []
    view.focus = lambda selector, **_options: asked.append(selector)
    ids = view.plan.ids
    view._remove(ids[0])
    assert asked[-1] == ".cc-plan-slot-1 .cc-undo-remove", "its way back, in its place"
    last = view.plan.ids[-1]
    view._remove(last)
    assert last not in view.plan.ids
    assert asked[-1] == f".cc-plan-slot-{len(view.plan.ids)} .cc-undo-remove", "after the last: in the last row"


def test_do_i_choose_how_we_are_connected_right_before_i_write_it_in_a_sentence(view: BuilderView):
    """A walker wrote how they know the person and never saw the choice below, left at "no connection": the
    choice now comes right before the sentence, whose example follows it."""
    card_rows = next(node for node in walk(view.widget) if view.inputs["connection"] in getattr(node, "children", ()))
    rows = list(card_rows.children)
    assert rows.index(view.inputs["relationship"]) == rows.index(view.inputs["connection"]) - 1


def test_one_sentence_about_me_has_room_for_a_sentence_and_is_saved_as_before(view: BuilderView):
    """Is there room for one sentence about me? "Ein Satz über Sie" is a text area of a few lines (one line did
    not fit a sentence); a sentence typed over two lines is saved as typed and reads as one sentence in the draft.
    """
    field = find(view.widget, "cc-builder-my-situation")
    assert isinstance(field, w.Textarea) and field.rows >= 2
    assert "cc-sentence" in field._dom_classes
    typed = "Ich schließe gerade meinen Master in Stadtplanung ab\nund suche den Einstieg 🙂"
    field.value = typed
    saved = view.session.journal.get(view.session.code, "builder.request")
    assert saved["my_situation"] == typed
    assert "Ich schließe gerade meinen Master in Stadtplanung ab und suche den Einstieg 🙂." in (
        find(view.widget, "cc-outreach-text").value
    )


def test_does_the_plan_take_the_field_i_named_in_a_fear_module_and_say_so_until_i_change_it(session: Session):
    """Issue 27's walks: the plan asked again for the field named in „Ich bin noch nicht bereit.“."""
    session.set("not-ready.exercise.focus", "Produktmanagement")
    view = BuilderView(session, "question-builder")
    field = find(view.widget, "cc-builder-field")
    assert field.value == "Produktmanagement"
    fear = session.workshop.fear("not-ready").title["de"]
    note = find(view.widget, "cc-carried-note")
    assert html.escape(session.t("builder.carried_from", fear=fear)) in note.value
    field.value = "Öffentlicher Nahverkehr"
    assert note.value == "" and note.layout.display == "none", "their own word needs no note, nor its place"
    assert session.get("builder.request")["field"] == "Öffentlicher Nahverkehr"
    again = BuilderView(session, "question-builder")
    assert find(again.widget, "cc-builder-field").value == "Öffentlicher Nahverkehr", "their own word holds"


def test_can_i_see_a_long_answer_whole_in_the_fields_that_may_hold_a_sentence(session: Session):
    """A walk: „Bereich oder Branche“ was a one-line input that cut the long answer fear 1 carried into it. The
    fields that may hold a sentence are text areas (one line that grows, or a few lines), names stay inputs."""
    long = "Fahrgastinformation für Menschen mit Sehbehinderung bei großen Verkehrsunternehmen"  # a long phrase
    session.set("not-ready.exercise.focus", long)
    view = BuilderView(session, "question-builder")
    field = find(view.widget, "cc-builder-field")
    assert isinstance(field, w.Textarea) and "cc-grows" in field._dom_classes and field.value == long
    for css_class in (
        "cc-builder-contact-role",
        "cc-thanks-learned",
        "cc-thanks-my-next-step",
        "cc-update-what-happened",
    ):
        grows = find(view.widget, css_class)
        assert isinstance(grows, w.Textarea) and "cc-grows" in grows._dom_classes, css_class
    assert isinstance(find(view.widget, "cc-builder-connection"), w.Textarea), "how they know them is a sentence"
    for name in ("contact-name", "my-name"):
        assert isinstance(find(view.widget, f"cc-builder-{name}"), w.Text), "a name stays one line"


def test_does_the_own_question_grow_with_its_text_like_the_other_fields(view: BuilderView):
    """Issue 27's walks: „Eigene Frage“ was one line (``w.Text``) and hid the end of a long question; it is a text
    area of one line that grows (``cc-grows``), and Enter there still adds it: the page clicks the add button
    beside it (``cc-enter-adds``, ``cc-enter-target``; page.js)."""
    own = view.own_text
    assert isinstance(own, w.Textarea) and "cc-grows" in own._dom_classes and "cc-own-text" in own._dom_classes
    assert own.continuous_update, "the text arrives key by key, before the click that Enter makes"
    row = next(node for node in walk(view.plan_box) if own in getattr(node, "children", ()))
    assert "cc-enter-adds" in row._dom_classes
    add = find(row, "cc-add-own")
    assert "cc-enter-target" in add._dom_classes
    own.value = "Was würden Sie heute anders machen?"
    add.click()
    assert "Was würden Sie heute anders machen?" in [row_text(r) for r in rows(view)]
    assert view.own_text.value == "", "the field is empty for the next one"


def test_does_a_plan_over_its_time_say_where_it_stands_once_and_without_contradiction(view: BuilderView):
    """Issue 27's walks: „… ist herausgenommen: Dafür reicht die Zeit nicht mehr.“ beside „Ihr Plan braucht mehr
    Zeit, als Sie erbitten“, under „Damit die Zeit reicht, hat sich außerdem geändert:“, and the same again under
    the plan: a question taken out for the time, and still too long? One clear statement of where the plan stands:
    it needs 16 of 15 minutes; the suggestion went out to save time; the participant's own questions are left."""
    view.inputs["minutes"].value = 15
    two = next(q.id for q in view.plan.questions if q.minutes == 2)
    view._save_edits(view.edits.toggle_star(two), in_place=True)  # kept: 2 of the 10 minutes for questions
    for number in range(3):
        view.own_text.value = f"Was war Ihr schwierigster Moment Nummer {number}?"
        view._add_own()
    assert view.plan.over_time and view.plan.total_minutes == 16, "a suggestion out, and still over"
    said, summary = report(view), html.unescape(view._summary.value)
    for contradiction in ("Dafür reicht die Zeit nicht mehr", "Damit die Zeit reicht"):
        assert contradiction not in said, said
    assert "ist herausgenommen, um Zeit zu sparen" in said and "braucht jetzt 16 von 15 Minuten" in said
    assert summary.count("<div") == 1, f"one statement under the plan: {summary}"
    assert "Geplant: 16 von 15 Minuten – 1 Min. zu viel" in summary
    assert "Streichen Sie eine Frage (✕) oder erbitten Sie mehr Zeit" in summary
    assert "nur noch Fragen, die Sie selbst gewählt haben" not in summary, "a swapped-in suggestion stays too (a walk)"


def test_does_a_question_of_ones_own_say_under_which_topic_it_went(view: BuilderView):
    """A keyboard walk added its own question; it went under the first topic, „Werdegang und Ausbildung“, above
    the screen, and nothing said so. The plan says where it went, whether or not anything else changed."""
    view.inputs["minutes"].value = 45  # room for one more: nothing else changes
    first_topic, other = view.bank.families[0], view.bank.families[-1]
    view.own_text.value = "Wie sieht eine typische Woche bei Ihnen aus?"
    find(view.widget, "cc-add-own").click()
    assert view.session.t("builder.own_placed", topic=first_topic.label["de"]) in report(view)
    view.own_family.value = other.id
    view.own_text.value = "Wen sollte ich noch fragen?"
    find(view.widget, "cc-add-own").click()
    assert f"„{other.label['de']}“" in report(view)
    assert (
        view.plan.questions[[q.own_text for q in view.plan.questions].index("Wen sollte ich noch fragen?")].family
        == other.id
    )


def test_do_swap_move_and_star_keep_the_rows_on_screen_and_only_renew_their_words(view: BuilderView):
    """A phone walk's ⇄ jumped from y=107 to y=718: the plan was drawn anew, the page shrank for a moment and
    the browser scrolled. The rows stay the same widgets (their words, arrows and classes change in place), so
    the pressed button stays under the finger; a row's ↑ ↓ is the same button, now in the row it moved to."""
    view.inputs["minutes"].value = 45
    view.show_step(2)
    drawn = list(view.plan_box.children)
    widgets = {id(node) for node in walk(view.plan_box)}
    bank = {q.id for q in view.plan.questions if q.source == "bank"}
    swappable = next(r for r in rows(view) if question_id(r) in bank)
    swap = find(swappable, "cc-swap")
    place = rows(view).index(swappable)
    before = question_id(swappable)
    swap.click()
    assert question_id(rows(view)[place]) != before, "swapped"
    assert find(rows(view)[place], "cc-swap") is swap, "the same ⇄, under the finger"
    click(rows(view)[3], "cc-up")
    click(rows(view)[1], "cc-star")
    assert list(view.plan_box.children)[:4] == drawn[:4], "the plan's upper part is never drawn anew"
    assert {id(node) for node in walk(view.rows_box)} <= widgets, "no row drawn anew"


def test_does_a_removed_question_leave_a_way_back_in_its_place(view: BuilderView):
    """✕ showed no change near the finger and had no way back: in the removed row's place a line says what went
    with „↶ Zurückholen“ (focused), which puts it back in its place; the line goes with the next change."""
    focused: list[str] = []
    view.focus = lambda selector, reveal="": focused.append(selector)
    view.inputs["minutes"].value = 45
    view.show_step(2)
    ids, texts = view.plan.ids, [row_text(r) for r in rows(view)]
    click(rows(view)[2], "cc-remove")
    line = next(
        n for n in walk(view.rows_box) if "cc-removed-line" in n._dom_classes and "cc-hidden" not in n._dom_classes
    )
    assert texts[2][:12] in all_text(line) and "entfernt" in all_text(line)
    slot = next(n for n in walk(view.rows_box) if line in getattr(n, "children", ()))
    assert rows(view)[2] in walk(slot), "the line stands in the removed row's place"
    assert focused[-1].endswith(".cc-undo-remove")
    find(line, "cc-undo-remove").click()
    assert view.plan.ids == ids, "the question is back in its place"
    assert focused[-1] == f".cc-question-{ids[2]} button.cc-remove"
    assert all("cc-hidden" in n._dom_classes for n in walk(view.rows_box) if "cc-removed-line" in n._dom_classes)
    click(rows(view)[0], "cc-remove")
    click(rows(view)[0], "cc-star")
    assert all("cc-hidden" in n._dom_classes for n in walk(view.rows_box) if "cc-removed-line" in n._dom_classes), (
        "the line goes with the next change of the plan"
    )


def test_does_new_suggestions_say_so_when_none_other_fits(view: BuilderView):
    """A phone walk pressed „↻ New suggestions“ on a full plan: nothing changed and nothing said so, and the old
    note stayed; it could not tell whether the button had done anything."""
    view.inputs["minutes"].value = 15
    for number in range(1, 6):  # the participant's own questions fill the time: no suggestion is left
        view.own_text.value = f"Meine Frage {number}: Wie sieht eine typische Woche bei Ihnen aus?"
        find(view.widget, "cc-add-own").click()
    assert all(question.source == "own" for question in view.plan.questions)
    before = view.plan.ids
    find(view.widget, "cc-regenerate").click()
    assert view.plan.ids == before
    assert view.session.t("builder.seed_unchanged") in report(view)

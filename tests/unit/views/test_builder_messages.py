"""The builder's messages in the kernel: what the walk of a real participant found, asked as questions."""

from __future__ import annotations

import html
import re

import pytest

from coffeechat.models.session import Session
from coffeechat.storage.journal import Journal
from coffeechat.views.builder import BuilderView
from coffeechat.widgets.copy import CopyButton
from tests.conftest import all_text, find, walk

FORMAL_DE = r"\b(Sie|Ihnen|Ihre[mnrs]?|Ihr)\b"


@pytest.fixture
def view(session: Session) -> BuilderView:
    view = BuilderView(session, "question-builder")
    view.inputs["contact_name"].value = "Frau Özdemir"
    view.inputs["contact_role"].value = "UX-Designerin"
    view.inputs["field"].value = "öffentlicher Nahverkehr"
    view.inputs["my_name"].value = "Kim Becker"
    view.inputs["connection"].value = "Wir haben beide an der TU Dresden Stadtplanung studiert."
    view.inputs["my_situation"].value = "Ich schließe gerade meinen Master in Stadtplanung ab."
    return view


def outreach(view: BuilderView):
    return next(e for e in view.editors if e.kind == "outreach")


def test_does_a_linkedin_note_keep_to_a_free_accounts_200_characters_and_offer_premiums_300(
    view: BuilderView, journal: Journal
):
    editor = outreach(view)
    premium = find(view.widget, "cc-premium-linkedin")
    assert premium.layout.display == "none", "no Premium control while e-mail is chosen"
    editor.channel.value = "linkedin"
    assert premium.layout.display is None and "Premium" in premium.description, "a visible, named control"
    assert len(editor.text.value) <= 200 and editor.text.value.endswith("Kim Becker"), "within 200, signed"
    assert "von höchstens 200 Zeichen" in editor.check.value
    premium.value = True
    assert journal.load(view.session.code)["builder.request"]["premium"] == ["linkedin"], "saved with the request"
    assert "von höchstens 300 Zeichen" in editor.check.value
    assert "Ich schließe gerade meinen Master" in editor.text.value, "Premium's room carries the situation too"
    assert 200 < len(editor.text.value) <= 300
    reloaded = BuilderView(Session(view.workshop, journal, code=view.session.code), "question-builder")
    assert find(reloaded.widget, "cc-premium-linkedin").value is True


def test_does_the_page_say_by_how_much_a_note_is_over_and_can_the_participant_fix_it(view: BuilderView):
    """A note over its limit shows the length problem, never a green „all filled in“ (the walk saw 201 of 200
    characters in green)."""
    long = (
        "Wir haben uns im März beim Karrieretag der Hochschule Bremen lange über Verkehrsplanung, Radwege und "
        "die Frage unterhalten, wie Städte ihre Bürgerinnen und Bürger an der Planung beteiligen können."
    )
    view.inputs["connection"].value = long
    editor = outreach(view)
    editor.channel.value = "linkedin"
    generated = editor.text.value
    assert len(generated) <= 200, "the kit's own draft fits: the sentence cut short at a word"
    assert "Wir haben uns im März" in generated and " …" in generated
    said = html.unescape(editor.check.value)
    assert view.session.t("builder.draft_shortened") in said and "cc-status-ok" not in said, "the cut is said"
    editor.text.value = generated.replace(" …", long[long.index(" Radwege") :])  # the participant types it out
    over = len(editor.text.value) - 200
    assert over > 0
    check = editor.check.value
    assert f"{over} Zeichen zu viel" in check and "cc-status-error" in check
    assert "cc-status-ok" not in check, "no green while the note is over its limit"
    editor.text.value = editor.text.value[:200]
    assert "zu viel" not in editor.check.value and "cc-status-error" not in editor.check.value
    assert editor.tip.flag is not None and editor.tip.flag.id == "no-signature", "cut at 200: the name went too"
    assert "cc-status-ok" not in editor.check.value, "no green above the tip that the name is missing"
    for _ in range(5):  # „Passt so“ on each tip there is (spelling may follow once the dictionaries are in)
        if editor.tip.flag is not None:
            editor.tip.keep.click()
    assert editor.tip.flag is None and "cc-status-ok" in editor.check.value


def test_are_nudge_thanks_and_update_on_linkedin_messages_to_a_contact(view: BuilderView):
    for kind in ("nudge", "thank-you", "update"):
        editor = next(e for e in view.editors if e.kind == kind)
        assert ("LinkedIn-Nachricht", "linkedin") in editor.channel.options
        editor.channel.value = "linkedin"
        assert "Zeichen" not in editor.check.value, "no invitation-note limit for a message"
        assert "angenommen" in editor.hint.value, "a message once the contact request was accepted"
        assert editor.premium == {}, "no Premium control: a message has no note limit to raise"


def test_does_the_introduction_ask_for_the_introducers_name_and_greet_them(view: BuilderView, journal: Journal):
    draft = find(view.widget, "cc-introduction-text")
    assert "[Name der vorstellenden Person fehlt]" in draft.value and "{" not in draft.value
    assert "Name der Person, die Sie vorstellen könnte" in find(view.widget, "cc-introduction-check").value
    find(view.widget, "cc-introduction-introducer").value = "Herr Brandt"
    assert journal.load(view.session.code)["builder.introduction.introducer"] == "Herr Brandt"
    assert draft.value.splitlines()[2] == "Guten Tag Herr Brandt,"
    assert view.session.t("builder.all_filled") in find(view.widget, "cc-introduction-check").value


def test_does_the_update_ask_what_happened_instead_of_leaving_a_placeholder(view: BuilderView):
    draft = find(view.widget, "cc-update-text")
    assert "{what_happened}" not in draft.value and "[was seitdem passiert ist, fehlt]" in draft.value
    find(view.widget, "cc-update-what-happened").value = "Ich habe mich im Planungsamt beworben."
    assert "was seitdem passiert ist: Ich habe mich im Planungsamt beworben." in draft.value


def test_on_first_name_terms_does_the_builder_ask_for_the_first_name_and_greet_with_it(view: BuilderView):
    """„Per Du“ with „Frau Özdemir“ gave „Hallo Frau Özdemir, … Du arbeitest“."""
    first_name = view.inputs["contact_first_name"]
    assert first_name.layout.display == "none", "asked for only on first-name terms"
    view.first_names.value = True
    assert first_name.layout.display is None
    text = find(view.widget, "cc-outreach-text")
    assert (
        "Hallo [Vorname fehlt]," in text.value and "Vorname der Person" in find(view.widget, "cc-outreach-check").value
    )
    first_name.value = "Aylin"
    assert "Hallo Aylin," in text.value and "Frau Özdemir" not in text.value


def test_on_first_name_terms_do_the_plans_questions_opening_and_closing_say_du(view: BuilderView):
    view.inputs["minutes"].value = 45
    formal_before = [line for line in re.split(r"\n", all_text(view.plan_box)) if re.search(FORMAL_DE, line)]
    assert formal_before, "formal at first"
    view.first_names.value = True
    texts = [n.value for n in walk(view.plan_box) if "cc-question-text" in getattr(n, "_dom_classes", ())]
    said = [*texts, view._opening_list.value, view._closing_list.value]
    assert [line for line in said if re.search(FORMAL_DE, line)] == []
    assert "Mit wem sollte ich aus deiner Sicht noch sprechen" in view._closing_list.value
    assert view.edits.reworded == {}, "the plan's own wording changed register; nothing counts as reworded"
    view.first_names.value = False
    assert "aus Ihrer Sicht" in view._closing_list.value


@pytest.mark.parametrize(("name", "limit"), [("contact_first_name", 60)])
def test_is_a_first_name_that_is_too_long_refused_with_its_own_limit(view: BuilderView, name, limit):
    messages = []
    view.session.on_status(lambda kind, message: messages.append((kind, message)))
    view.inputs[name].value = "x" * (limit + 1)
    assert messages[-1] == ("rejected", view.session.t("field.too_long", limit=limit, length=limit + 1))
    assert getattr(view.request, name) == ""
    view.inputs[name].value = "x" * limit
    assert getattr(view.request, name) == "x" * limit


def test_is_an_introducers_name_that_is_too_long_refused_and_kept_on_screen(view: BuilderView, journal: Journal):
    messages = []
    view.session.on_status(lambda kind, message: messages.append((kind, message)))
    field = find(view.widget, "cc-introduction-introducer")
    field.value = "x" * 301
    assert messages[-1] == ("rejected", view.session.t("field.too_long", limit=300, length=301))
    assert field.value == "x" * 301 and "builder.introduction.introducer" not in journal.load(view.session.code)


def test_can_every_draft_be_copied_out_of_the_app_by_a_button_under_it(view: BuilderView):
    """Under each draft message a "Kopieren" button copies that draft's own field (the browser reads the field,
    the participant's edits included), with its words in the participant's language."""
    t = view.session.t
    for editor in view.editors:
        box = editor.widget.children
        copy = next(node for node in box if isinstance(node, CopyButton))
        assert box.index(copy) == box.index(editor.text) + 1, "right under the draft"
        assert copy.source == f"cc-{editor.kind}-text" and copy.source in editor.text._dom_classes
        assert copy.labels == {
            "copy": t("builder.copy"),
            "name": t("builder.copy_name"),
            "copied": t("builder.copied"),
            "marked": t("builder.copy_marked"),
        }
        assert f"cc-{editor.kind}-copy" in copy._dom_classes


def test_is_the_first_name_asked_for_right_below_the_relationship_and_taken_from_the_name_when_it_says_one(
    view: BuilderView,
):
    """„Aoife“, a former colleague: first-name terms ticked themselves and the drafts said „Hi [first name
    missing],“, the first-name field out of sight far above the relationship. Now the box and the field follow
    the relationship and its sentence, the draft greets „Aoife“, and the field's label says it is optional."""
    relationship = view.inputs["relationship"]
    rows = list(next(node.children for node in walk(view.widget) if relationship in getattr(node, "children", ())))
    at = rows.index(view.inputs["relationship"])
    assert rows[at + 1 : at + 4] == [view.inputs["connection"], view.first_names, view.inputs["contact_first_name"]]
    view.inputs["contact_name"].value = "Aoife"
    view.inputs["relationship"].value = "former-colleague"
    field = view.inputs["contact_first_name"]
    assert view.first_names.value is True and field.layout.display is None
    assert "Hallo Aoife," in find(view.widget, "cc-outreach-text").value
    assert "optional" in field.description and "„Aoife“" in field.description and field.placeholder == "Aoife"
    view.inputs["contact_name"].value = "Frau Ölmez"
    assert "optional" not in field.description and field.placeholder == ""
    assert "Hallo [Vorname fehlt]," in find(view.widget, "cc-outreach-text").value


def test_does_the_copy_button_hear_of_another_text_in_its_field(view: BuilderView, monkeypatch):
    """„✓ Kopiert“ stayed under the LinkedIn draft after copying the e-mail one: the kernel tells the button each
    time it puts another text in the field (another channel, a reset), so the page can take the note away."""
    editor = outreach(view)
    told = []
    monkeypatch.setattr(editor.copy, "send", lambda content, buffers=None: told.append(content))
    editor.channel.value = "linkedin"
    assert told == [{"type": "shown"}]
    editor.text.value = "Mein eigener Text"  # typed in the page: the page itself compares as well
    find(editor.widget, "cc-outreach-reset").click()
    assert told == [{"type": "shown"}] * 3


def test_does_copying_a_draft_with_gaps_say_what_is_still_open_instead_of_a_plain_copied(view: BuilderView):
    """„✓ Kopiert“ stood under a draft that still said „[Ihr Name fehlt]“, as if it were ready to send. While a
    draft has gaps, the button copies it and says which are still open; once they are filled, „Kopiert“ again."""
    editor, t = outreach(view), view.session.t
    view.inputs["my_name"].value = ""
    names = view.workshop.outreach.placeholder_labels["my_name"]["de"]
    assert editor.copy.unfinished == t("builder.copied_open", names=names)
    assert "[" in editor.text.value, "the draft itself shows the gap"
    view.inputs["my_name"].value = "Kim Becker"
    assert editor.copy.unfinished == "", "a ready draft is simply copied"


def test_does_an_edited_draft_that_still_names_the_old_contact_say_so_and_offer_to_update_it(view: BuilderView):
    """Issue 27's walks: a draft the participant edited kept „Frau Özdemir“ after the plan's contact became „Herr
    Dvořák“, with no word. The check line says the draft still names her, and a button puts the new name in."""
    editor = outreach(view)
    editor.text.value = editor.text.value.replace("Kim Becker", "Kim Becker (Masterstudentin)")
    assert "Frau Özdemir" in editor.text.value
    view.inputs["contact_name"].value = "Herr Dvořák"
    assert "Frau Özdemir" in editor.text.value, "their own words stay theirs"
    said = html.unescape(editor.check.value)
    assert "Ihr Entwurf nennt noch „Frau Özdemir“" in said and "Herr Dvořák" in said
    rename = find(view.widget, "cc-outreach-rename")
    assert "cc-hidden" not in rename._dom_classes and "Herr Dvořák" in rename.description
    rename.click()
    assert "Frau Özdemir" not in editor.text.value and "Guten Tag Herr Dvořák," in editor.text.value
    assert "(Masterstudentin)" in editor.text.value, "the rest of their edit stays"
    assert "nennt noch" not in html.unescape(editor.check.value)
    assert "cc-hidden" in rename._dom_classes

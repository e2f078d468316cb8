"""The wrap-up's steps on the app's page and in the self-paced notebook: does reaching its end screen count the
wrap-up as done, and does the end screen's way back to the commitment take the pager and the focus along?"""

from __future__ import annotations

from coffeechat.pages import notebook
from coffeechat.pages.app import WorkshopApp
from coffeechat.views.wrapup import WrapUpView
from tests.conftest import all_text, find


def started(workshop, journal) -> WorkshopApp:
    each = WorkshopApp(workshop, journal)
    find(each.root, "cc-start-new").click()
    return each


def step_on_screen(view: WrapUpView) -> int:
    shown = [n for n, box in enumerate(view.step_boxes, start=1) if box.layout.display != "none"]
    assert len(shown) == 1, f"one step at a time, not {shown}"
    return shown[0]


def test_does_reaching_the_end_screen_count_the_wrap_up_as_done_and_tick_it(workshop, journal, monkeypatch):
    each = started(workshop, journal)
    each.go("wrap-up")
    view = each.navigation.module_object
    assert isinstance(view, WrapUpView) and step_on_screen(view) == 1
    tick = find(each.root, "cc-module-done")
    for _ in range(2):
        find(each.root, "cc-next").click()
    assert step_on_screen(view) == 3 and journal.get(each.session.code, "progress.wrap-up") is None
    asked: list[str] = []
    monkeypatch.setattr(each.page, "focus", asked.append)
    find(each.root, "cc-next").click()
    assert step_on_screen(view) == 4
    assert journal.get(each.session.code, "progress.wrap-up") is True, "reaching the end is finishing the wrap-up"
    assert tick.value is True and tick.layout.display != "none", "the tick says so at once"
    # the weeks after come next ("Dranbleiben"): Next leads on, Finish waits on the last part
    assert find(each.root, "cc-next").layout.display != "none" and find(each.root, "cc-finish").layout.display == "none"
    assert asked == [".cc-module .cc-shows-wrap-up .cc-module-step-4 .cc-module-step-heading h3"]
    each.header.language.value = "en"  # the language switch on the end screen: the same step, in English
    view = each.navigation.module_object
    assert isinstance(view, WrapUpView) and step_on_screen(view) == 4
    assert "Step 4 of 4 · You made it" in all_text(view.widget)
    find(view.widget, "cc-end-to-commitment").click()  # no date yet: the way back to the commitment
    assert step_on_screen(view) == 2
    assert asked[-1] == ".cc-module .cc-shows-wrap-up .cc-module-step-2 .cc-module-step-heading h3"
    assert find(each.root, "cc-next").layout.display != "none", "the pager follows: Next again, no Finish"
    assert tick.layout.display == "none"


def test_does_the_self_paced_notebook_page_through_the_wrap_ups_steps(session, monkeypatch):
    monkeypatch.setattr(notebook, "local_session", lambda: session)
    shown = notebook.show_wrap_up()
    forth = find(shown, "cc-module-step-next")
    for _ in range(3):
        forth.click()
    assert session.get("step.wrap-up") == 4 and forth.layout.visibility == "hidden"
    assert "Schritt 4 von 4 · Geschafft" in all_text(shown)
    find(shown, "cc-end-to-commitment").click()
    assert session.get("step.wrap-up") == 2 and forth.layout.visibility == "visible", "its pager follows"

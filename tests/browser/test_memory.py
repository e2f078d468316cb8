"""A participant's page keeps nothing of the screens it has left: its memory stays the same tour after tour."""

from __future__ import annotations

import time

import pytest

from coffeechat.content import load_workshop

from .journey import start
from .person import TWO_FRAMES

MODULES = load_workshop().module_ids
SCREEN = {"welcome": ".cc-welcome", "question-builder": ".cc-builder", "role-play": ".cc-roleplay"}
SCREEN["wrap-up"] = ".cc-wrapup"
SCREEN["follow-through"] = ".cc-followup"

#: for every layout and style model: its views, how many of them belong to a widget that has left the page,
#: and how many subscriptions to its custom messages it holds
SHARED_MODELS = """async () => {
  const found = [];
  for (const pending of Object.values(window.jupyterapp.widgetManager._models)) {
    const model = await pending;
    const name = model.get("_model_name") || "";
    if (name !== "LayoutModel" && !name.endsWith("StyleModel")) continue;
    const views = await Promise.all(Object.values(model.views || {}));
    const gone = views.filter((v) => v && v.options && v.options.parent && v.options.parent.luminoWidget
      && v.options.parent.luminoWidget.isDisposed).length;
    const subscribed = ((model._events || {})["msg:custom"] || []).length;
    found.push({ name, views: views.length, gone, subscribed });
  }
  return found;
}"""


def settled(page) -> list[dict]:
    """The shared models once the page's helper has had its look at the last screen (a busy machine's
    browser can take a while to run it): at most 15 s."""
    deadline = time.monotonic() + 15
    while True:
        found = page.evaluate(SHARED_MODELS)
        if not any(m["gone"] for m in found) or time.monotonic() > deadline:
            return found
        # the page's next frames (its helper runs as the screen is drawn), then a fresh look
        page.evaluate(TWO_FRAMES)


def tour(page) -> None:
    for module in MODULES:
        if page.locator(f".cc-step-{module}.cc-step-current").count():
            continue
        page.click(f".cc-step-{module}")
        page.locator(f".cc-step-{module}.cc-step-current").wait_for()
        page.locator(SCREEN.get(module, f".cc-fear-{module}")).wait_for()


@pytest.mark.browser
def test_the_shared_layout_and_style_models_let_go_of_every_closed_widget(visitor):
    """ipywidgets' widget views never remove the views they make of their layout and style, nor their
    subscriptions to them (page.js, goesWithItsWidget). The kit shares those models, so every widget of
    every module ever shown stayed alive with its DOM: 200 views and about 4 MB of the page's heap more per
    tour of the modules, which a phone feels by the end of a workshop."""
    participant = visitor()
    start(participant, "?lang=en")
    page = participant.page
    tour(page)
    after_one = settled(page)
    tour(page)
    tour(page)  # both end on the last module: the same screen, so the same views
    after_two = settled(page)
    assert after_one and {m["name"] for m in after_one} >= {"LayoutModel", "HTMLStyleModel"}, after_one
    kept = [m for m in after_two if m["gone"]]
    assert not kept, f"views of widgets that have left the page are kept: {kept}"
    assert sum(m["views"] for m in after_two) == sum(m["views"] for m in after_one), (after_one, after_two)
    assert sum(m["subscribed"] for m in after_two) <= sum(m["views"] for m in after_two), after_two

"""Does the page still find, in ipywidgets, Voila and anywidget, what the kit's page scripts reach into?

page.js (and cc-watchdog.js, cc-kit-css.js) use private fields of ipywidgets' models, views and widget manager,
ipywidgets' class names and DOM structure (some of them marked <DEPRECATED> in ipywidgets 8's CSS), and the id
anywidget gives a widget's style. None of it is public API; docs/explanation/upstream.md, In the page, lists
each with what it fixes.
This test fails when an upgrade takes one of them away, naming which: the patch that used it then silently
does nothing (no "saving ..." status, held-back changes lost on a click, sliders without a name).
"""

from __future__ import annotations

import pytest

from .journey import go_to, start, to_step

PRIVATES = """async () => {
  const found = {};
  const manager = window.jupyterapp && window.jupyterapp.widgetManager;
  found.manager = Boolean(manager);
  const models = manager && manager._models;
  found.models = Boolean(models) && typeof models === "object" && Object.keys(models).length > 0;
  const resolved = models ? await Promise.all(Object.values(models)) : [];
  const synced = resolved.filter((m) => m && m.comm);
  const every = (test) => synced.length > 0 && synced.every(test);
  found.msg_buffer = every((m) => "_msg_buffer" in m && "_msg_buffer_callbacks" in m);
  found.pending_msgs = every((m) => typeof m._pending_msgs === "number");
  found.comm_live = every((m) => typeof m.comm_live === "boolean");
  found.send_sync_message = every((m) => typeof m.send_sync_message === "function");
  found.rememberLastUpdateFor = every((m) => typeof m.rememberLastUpdateFor === "function");
  found.views = every((m) => m.views && typeof m.views === "object");
  const layouts = resolved.filter((m) => m && m.get("_model_name") === "LayoutModel");
  const layoutViews = (await Promise.all(layouts.flatMap((m) => Object.values(m.views || {})))).filter(Boolean);
  found.layout_view_parent = layoutViews.length > 0 && layoutViews.every((v) => v.options && v.options.parent
    && typeof v.options.parent.once === "function" && v.options.parent.luminoWidget
    && typeof v.options.parent.luminoWidget.isDisposed === "boolean" && typeof v.listenToOnce === "function");
  const kernel = manager && manager._kernel;
  found.kernel = Boolean(kernel) && typeof kernel.connectionStatus === "string" && typeof kernel.status === "string";
  return found;
}"""

DOM = """() => {
  const one = (selector) => document.querySelector(selector);
  const slider = one(".cc-app .widget-slider");
  const readout = slider && slider.querySelector(".widget-readout");
  const radio = one(".cc-app .widget-radio");
  const toggles = one(".cc-app .widget-toggle-buttons");
  const text = one(".cc-app .widget-textarea, .cc-app .widget-text");
  const style = document.getElementById("coffeechat.widgets.page.PageAssist");
  return {
    slider_label: Boolean(slider && slider.querySelector(":scope > .widget-label")),
    slider_handle: Boolean(slider && slider.querySelector(".noUi-target .noUi-handle")),
    slider_readout_typed: Boolean(readout && readout.isContentEditable),
    radio_box: Boolean(radio && radio.querySelector(":scope > .widget-radio-box input[type=radio]")),
    radio_label: Boolean(radio && radio.querySelector(":scope > .widget-label")),
    // ipywidgets gives a group's inputs no name: every name is the one page.js gave (it keeps a name of upstream's)
    radio_unnamed: [...document.querySelectorAll(".cc-app .widget-radio-box input[type=radio]")].every(
      (input) => (input.getAttribute("name") || "").startsWith("cc-radio-")),
    toggle_buttons: Boolean(toggles && toggles.querySelector("button.widget-toggle-button.mod-active")),
    text_label: Boolean(text && text.querySelector(":scope > .widget-label")
      && text.querySelector(":scope textarea, :scope input")),
    html_content: Boolean(one(".cc-app .widget-html > .widget-html-content")),
    kit_style_by_id: Boolean(style && style.tagName === "STYLE" && style.textContent.includes(".cc-card")),
    kit_style_in_its_place: Boolean(style && style.dataset.ccPlaced),
  };
}"""


@pytest.mark.browser
def test_does_the_page_still_find_the_ipywidgets_privates_it_reaches_into(visitor):
    participant = visitor()
    start(participant, "?lang=en")
    go_to(participant, "not-ready")
    to_step(participant, "not-ready", 2)  # the fear's reflection: a slider and radio buttons
    page = participant.page
    page.locator(".cc-shows-not-ready .widget-radio").first.wait_for()
    page.locator(".cc-shows-not-ready .widget-radio-box input[type=radio][name]").first.wait_for()  # mended
    page.locator(".cc-shows-not-ready .widget-slider .noUi-handle").first.wait_for()
    privates = page.evaluate(PRIVATES)
    missing = sorted(name for name, there in privates.items() if not there)
    assert not missing, (
        f"ipywidgets / Voila no longer have what page.js uses: {missing} (docs/explanation/upstream.md, In the page)"
    )
    dom = page.evaluate(DOM)
    missing = sorted(name for name, there in dom.items() if not there)
    assert not missing, (
        f"the DOM is not what page.js and kit.css expect: {missing} (docs/explanation/upstream.md, In the page)"
    )

"""Does a notebook in JupyterLab get the kit's look (widgets/kit.css travels with the widgets), and does
JupyterLab itself keep its own?"""

from __future__ import annotations

import pytest

from .conftest import Visitor
from .test_lab import TOKEN, lab  # noqa: F401 (the JupyterLab server fixture)

LOOK = """() => {
  const style = (selector) => { const el = document.querySelector(selector); return el && getComputedStyle(el); };
  const card = style(".cc-fear-not-ready .cc-card");
  const app = style(".jp-Notebook .cc-app");
  const primary = style(".cc-app .jupyter-button.cc-button.cc-button-primary, .cc-app .jupyter-button.mod-primary");
  const menu = style("#jp-menu-panel, .lm-MenuBar");
  return {
    kit_css: Boolean(document.getElementById("coffeechat.widgets.look.KitLook")),
    card_radius: card && card.borderTopLeftRadius,
    card_background: card && card.backgroundColor,
    app_background: app && app.backgroundColor,
    app_font: app && app.fontFamily,
    primary_background: primary && primary.backgroundColor,
    lab_font: menu && menu.fontFamily,
  };
}"""


@pytest.mark.browser
def test_does_a_notebook_in_jupyterlab_get_the_kits_look(browser, lab):  # noqa: F811
    url, _data_dir = lab
    learner = Visitor(browser, url)
    try:
        page = learner.page
        page.goto(f"{url}lab/tree/01-not-ready.ipynb?reset&token={TOKEN}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
        page.locator("#jp-main-statusbar", has_text="Idle").wait_for(timeout=60_000)
        page.click("text=Run", timeout=30_000)
        page.click("text=Run All Cells")
        page.wait_for_selector(".cc-fear-not-ready .cc-card", timeout=90_000)
        look = page.evaluate(LOOK)
        assert look["kit_css"], "the notebook has no kit.css"
        assert look["card_radius"] == "10px" and look["card_background"] == "rgb(255, 255, 255)", look
        assert look["app_background"] == "rgb(245, 243, 238)", look
        assert "Noto Sans" in look["app_font"], look  # the kit's font list (kit.css --cc-font)
        assert look["lab_font"] and "Noto Sans" not in look["lab_font"], "JupyterLab's own font changed"
        assert learner.foreign_hosts == set()
    finally:
        learner.context.close()

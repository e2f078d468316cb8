"""page.js installs what concerns the whole page once per page, from anywidget's ``initialize``, never per view.

The module runs in node against a counting stand-in for the document: anywidget calls ``initialize`` once per
model and ``render`` once per view (a notebook may show a widget twice), and imports each model's module on its
own (a fresh blob: URL), so two PageAssist models are two module instances on one page.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import ipywidgets as w
import pytest

from coffeechat.widgets.page import PageAssist

NODE = shutil.which("node")

HARNESS = r"""
const counts = { document: 0, window: 0, observers: 0 };
const noop = () => {};
const element = () => ({ style: {}, setAttribute: noop, hasAttribute: () => false, getAttribute: () => null,
  querySelectorAll: () => [], querySelector: () => null, classList: { contains: () => false } });
globalThis.window = globalThis;
globalThis.document = {
  addEventListener: () => { counts.document += 1; },
  querySelectorAll: () => [], querySelector: () => null,
  body: element(), documentElement: element(), title: "",
};
globalThis.addEventListener = () => { counts.window += 1; };
globalThis.MutationObserver = class { constructor() { counts.observers += 1; } observe() {} };
globalThis.requestAnimationFrame = noop;
globalThis.setInterval = () => 0;
globalThis.setTimeout = () => 0;
globalThis.sessionStorage = { getItem: () => null, setItem: noop, removeItem: noop };
const model = () => ({ get: (name) => ({ lang: "de", title: "T", save_texts: {} })[name], set: noop,
  save_changes: noop, on: noop });
const load = async () => (await import(process.argv[1] + "?" + Math.random())).default;
const first = await load();
const second = await load();
const one = model();
const steps = [];
const snap = (what) => steps.push([what, { ...counts }]);
snap("loaded");
first.render({ model: one, el: element() });
snap("render before initialize");
if (first.initialize) first.initialize({ model: one });
snap("initialize");
first.render({ model: one, el: element() });
first.render({ model: one, el: element() });
snap("two more views");
if (second.initialize) second.initialize({ model: model() });
second.render({ model: one, el: element() });
snap("a second model");
console.log(JSON.stringify(steps));
process.exit(0);
"""


@pytest.fixture
def steps(tmp_path):
    if NODE is None:
        pytest.skip("no node to run page.js with")
    module = tmp_path / "page.mjs"
    module.write_text(PageAssist._esm, encoding="utf-8")
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", HARNESS, module.as_uri()], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_does_drawing_the_page_widget_install_no_page_wide_listener(steps):
    """A view only hides its element; listeners on the document belong to the page, not to a view."""
    assert steps["render before initialize"] == steps["loaded"]
    assert steps["two more views"] == steps["initialize"]


def test_is_the_page_wide_behaviour_installed_once_per_page(steps):
    """The first model installs it (the document's listeners, one observer); a second model finds it there."""
    installed = steps["initialize"]
    assert installed["document"] > 0 and installed["observers"] == 1
    assert steps["a second model"] == installed


def test_do_ipywidgets_text_fields_still_have_the_invisible_placeholder_page_js_removes():
    """ipywidgets' default placeholder is a zero-width space, which a screen reader announces; page.js removes it
    from the page. If upstream drops it, the mend does nothing and can go (docs/explanation/upstream.md, In the
    page)."""
    assert w.Text().placeholder == "\u200b" and w.Textarea().placeholder == "\u200b"

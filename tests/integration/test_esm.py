"""The kit's anywidgets get their JavaScript as text, so that a closed widget is freed (esm.py)."""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
import weakref
from pathlib import Path

import anywidget
import ipywidgets as w
import pytest

from coffeechat.pages.app import WorkshopApp
from coffeechat.storage.journal import Journal
from coffeechat.widgets import esm as esm_module
from coffeechat.widgets.device import DeviceMemory
from coffeechat.widgets.download import Downloader
from coffeechat.widgets.page import PageAssist
from coffeechat.widgets.sharedtimer import SharedTimer
from coffeechat.widgets.timer import RoundTimer
from tests.conftest import find

KIT_WIDGETS = [DeviceMemory, Downloader, PageAssist, SharedTimer, RoundTimer]


@pytest.mark.parametrize("widget_class", KIT_WIDGETS, ids=lambda c: c.__name__)
def test_a_closed_kit_widget_is_freed(widget_class):
    """anywidget keeps every widget made from a file alive (manzt/anywidget#929); from text it does not."""
    assert issubclass(widget_class, anywidget.AnyWidget)
    widget = widget_class()
    freed = weakref.ref(widget)
    widget.close()
    del widget
    gc.collect()
    assert freed() is None, f"a closed {widget_class.__name__} stays in memory"
    assert "export default" in widget_class._esm, "the widget still has its JavaScript"


def closed_but_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, w.Widget) and o.comm is None)


def test_tours_of_every_module_leave_no_closed_widget_behind(workshop, journal: Journal):
    """A participant's kernel kept the role-play and wrap-up screens of every visit (their timer and
    download widgets held them): about 60 closed widgets more per tour."""
    workshop_app = WorkshopApp(workshop, journal)
    find(workshop_app.root, "cc-start-new").click()

    def tour():
        for module_id in workshop.module_ids:
            workshop_app.go(module_id)

    tour()
    after_one = closed_but_alive()
    tour()
    tour()
    assert closed_but_alive() == after_one


NODE = shutil.which("node")


@pytest.mark.parametrize("widget_class", KIT_WIDGETS, ids=lambda c: c.__name__)
def test_does_each_kit_module_load_from_text_with_what_it_imports(widget_class, tmp_path):
    """anywidget imports a module's text from a blob: URL, where `./countdown.js` resolves to nothing: the
    modules the two timers share must arrive inside their text, and the result must still be a module whose
    default export has what anywidget calls."""
    text = widget_class._esm
    assert not re.search(r"^\s*import\b", text, re.MULTILINE), f"{widget_class.__name__} still imports a file"
    if NODE is None:
        pytest.skip("no node to load the module with")
    module = tmp_path / "widget.mjs"
    module.write_text(text, encoding="utf-8")
    check = (
        "import(process.argv[1]).then((m) => { const d = m.default;"
        " if (!d || (typeof d.render !== 'function' && typeof d.initialize !== 'function')) process.exit(3); })"
        ".catch((e) => { console.error(e); process.exit(2); })"
    )
    result = subprocess.run([NODE, "--input-type=module", "-e", check, str(module)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_do_the_two_timers_share_one_copy_of_their_common_code():
    """format, the sound setting and the chime live in countdown.js, once, and reach both timers."""
    for widget_class in (RoundTimer, SharedTimer):
        assert widget_class._esm.count("function format(") == 1
        assert widget_class._esm.count("function playChime(") == 1
    for name in ("timer.js", "sharedtimer.js"):
        source = (Path(esm_module.__file__).parent / name).read_text(encoding="utf-8")
        assert "function format(" not in source and "AudioContext" not in source, f"{name} has its own copy"

"""The kit's anywidgets get their JavaScript as text, so that a closed widget is freed (esm.py)."""

from __future__ import annotations

import gc
import weakref

import anywidget
import ipywidgets as w
import pytest

from coffeechat.pages.app import WorkshopApp
from coffeechat.storage.journal import Journal
from coffeechat.widgets.device import DeviceMemory
from coffeechat.widgets.download import Downloader
from coffeechat.widgets.page import PageAssist
from coffeechat.widgets.sharedtimer import SharedTimer
from coffeechat.widgets.timer import RoundTimer

from .conftest import find

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

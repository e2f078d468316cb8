"""A room arrives at once: do preheated kernels serve the right participant, and is nobody left without the app?"""

from __future__ import annotations

import pytest

from coffeechat.content import load_workshop

from .conftest import Served, Visitor
from .journey import start
from .roomserver import pool_filled
from .test_resilience import kernel_processes, page_kernel_id

WORKSHOP = load_workshop()


def kernel_environment_text(kernel_id: str) -> str:
    """Everything in the environment of a kernel's process, as one text."""
    (process,) = kernel_processes(kernel_id)
    return "\n".join(f"{name}={value}" for name, value in process.environ().items())


@pytest.mark.browser
def test_a_pooled_kernel_serves_the_participant_and_language_in_the_address(visitor, served: Served):
    pool_filled(served.log)  # the shared server may have just started: its pool serves once it is filled
    newcomer = visitor()
    newcomer.open("?lang=en")
    assert WORKSHOP.t("code.start_new", "en") in newcomer.page.inner_text(".cc-body"), "the address's language"
    assert page_kernel_id(newcomer.page) in served.pooled_kernels_used(), "served by a preheated kernel"
    code = start(newcomer, "?lang=en")  # an English-speaking participant
    returning = visitor()  # another device: nothing in its browser, only the link
    returning.open(f"?code={code}")
    page = returning.page
    page.wait_for_selector(".cc-code")
    assert page.inner_text(".cc-code").strip() == code, "the code in the address is resumed"
    assert WORKSHOP.t("code.your_code", "en") in page.inner_text(".cc-app"), "in the participant's language"
    assert page_kernel_id(page) in served.pooled_kernels_used(), "the page was served by a preheated kernel"


@pytest.mark.browser
def test_visitors_who_take_pooled_kernels_one_after_the_other_never_see_each_others_code(visitor, served: Served):
    pool_filled(served.log)
    first = visitor()
    code = start(first)
    first.open(f"?code={code}")  # the pool hands out a kernel and starts its replacement with this address
    first.page.wait_for_selector(".cc-code")
    for _ in range(3):  # more visitors than the pool holds: each one takes the next pooled kernel
        other = visitor()
        other.open()
        page = other.page
        page.wait_for_selector(".cc-start-new")
        kernel_id = page_kernel_id(page)
        assert code not in page.content(), "another participant's code is not in the page"
        assert page.locator(".cc-code").count() == 0, "nobody is resumed who did not bring a code"
        assert code not in kernel_environment_text(kernel_id), "nor in the kernel's environment"
        assert "code=" not in page.url


@pytest.mark.browser
def test_visitors_beyond_the_pool_all_get_the_app(browser, tmp_path):
    """One preheated kernel, four visitors at once: the others are served the normal way, never left blank."""
    room = Served(tmp_path / "data", 1, tmp_path / "serve.log")
    visitors = [Visitor(browser, room.url) for _ in range(4)]
    try:
        for each in visitors:
            each.page.goto(room.url, wait_until="commit")
        for each in visitors:
            each.wait_ready()
            each.page.wait_for_selector(".cc-start-new")
        kernels = {page_kernel_id(each.page) for each in visitors}
        assert len(kernels) == 4, "each visitor has a kernel of their own"
        assert len(set(room.pooled_kernels_used()) & kernels) >= 1, "the preheated kernel served one of them"
        visitors[-1].page.click(".cc-start-new")
        visitors[-1].page.wait_for_selector(".cc-code")
    finally:
        for each in visitors:
            each.context.close()
        room.stop()
    for each in visitors:
        assert each.foreign_hosts == set()

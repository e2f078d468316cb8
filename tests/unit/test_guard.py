"""``coffeechat.server.guard``: the rules the server applies before a request reaches Voila."""

from __future__ import annotations

import pytest

from coffeechat.server import guard


def test_a_resume_code_never_reaches_the_log():
    assert guard.redact_secrets("/nope?code=ABCD-EFGH&lang=de") == "/nope?code=[redacted]&lang=de"
    assert guard.redact_secrets("/?lang=en&CODE=x") == "/?lang=en&CODE=[redacted]"
    assert guard.redact_secrets("/?barcode=1") == "/?barcode=1"
    assert guard.redact_secrets("/?room=console&token=s3cret&lang=de") == "/?room=console&token=[redacted]&lang=de"


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1:8866", True),
        ("localhost:8866", True),
        ("[::1]:8866", True),
        ("192.168.1.20:8866", True),
        ("Workshop-Laptop:8866", True),
        ("rebound.example:8866", False),
        ("", False),
    ],
)
def test_the_server_answers_only_to_its_own_names(host, allowed):
    assert guard.host_allowed(host, frozenset({"192.168.1.20", "workshop-laptop"})) is allowed


def test_a_star_lets_a_proxy_in_front_decide():
    assert guard.host_allowed("hub.example.org", frozenset({"*"}))


def test_a_websocket_must_come_from_a_page_of_this_server():
    assert guard.same_origin("http://192.168.1.20:8866", "192.168.1.20:8866")
    assert not guard.same_origin("http://evil.example", "192.168.1.20:8866")
    assert guard.same_origin(None, "192.168.1.20:8866"), "no Origin: not a browser, so no other site behind it"


def test_only_the_v1_protocol_is_accepted():
    assert guard.wants_v1("v1.kernel.websocket.jupyter.org")
    assert guard.wants_v1("other, v1.kernel.websocket.jupyter.org")
    assert not guard.wants_v1(None) and not guard.wants_v1("")


def test_the_pages_own_scripts_carry_the_nonce_and_escaped_text_does_not():
    page = '<script>a()</script><script src="/x.js"></script><p>&lt;script&gt;alert(1)&lt;/script&gt;</p><scripted>'
    marked = guard.add_nonce(page, "N")
    assert marked.count('nonce="N"') == 2
    assert "&lt;script&gt;" in marked and "<scripted>" in marked


def visitor_with_kernel(ledger: guard.KernelLedger, address: str, kernel_id: str, browser: str = "b") -> guard.Visitor:
    visitor = guard.Visitor(browser=browser, address=address)
    token = guard.current_visitor.set(visitor)
    try:
        ledger.claim(kernel_id)
    finally:
        guard.current_visitor.reset(token)
    return visitor


def test_a_kernel_belongs_to_the_browser_that_got_it():
    ledger = guard.KernelLedger()
    visitor_with_kernel(ledger, "10.0.0.5", "k1", browser="secret-1")
    assert ledger.owned_by("k1", "secret-1")
    assert not ledger.owned_by("k1", "secret-2") and not ledger.owned_by("k1", None) and not ledger.owned_by("k9", "x")


def test_one_address_stops_at_its_limit_and_others_still_fit():
    ledger = guard.KernelLedger(max_kernels=10, max_per_client=2)
    for kernel_id in ("k1", "k2"):
        visitor_with_kernel(ledger, "10.0.0.5", kernel_id)
    alive = {"k1", "k2", "pool-1"}
    assert ledger.full_for("10.0.0.5", len(alive), alive)
    assert not ledger.full_for("10.0.0.6", len(alive), alive)
    assert not ledger.full_for("10.0.0.5", 2, {"pool-1"}), "kernels that are gone no longer count"


def test_the_server_limit_counts_the_pool_and_visitors_still_arriving():
    ledger = guard.KernelLedger(max_kernels=4, max_per_client=0)
    ledger.arrive(guard.Visitor(browser="b", address="10.0.0.7"))
    assert not ledger.full_for("10.0.0.8", 2, {"pool-1", "pool-2"})
    assert ledger.full_for("10.0.0.8", 3, {"pool-1", "pool-2", "pool-3"})

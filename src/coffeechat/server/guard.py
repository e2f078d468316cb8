"""What keeps a room's server safe on a shared network: who may use a kernel, how many kernels a visitor
may start, and which requests are refused before they reach Voila.

- **A kernel belongs to the browser that started it.** The page sets a random secret as an HttpOnly,
  ``SameSite=Strict`` cookie (:data:`BROWSER_COOKIE`); the kernel the page gets is recorded with it
  (:class:`KernelLedger`). Every kernel websocket and kernel REST request must carry the same cookie, so a kernel
  id alone (it is in the page and in the log) lets nobody read, change or shut down a participant's kernel.
- **Limits.** At most ``max_kernels`` live kernels on the server (the preheated pool counted) and
  ``max_per_client`` per client address; a visitor beyond them gets the "room is full" page. A kernel
  whose page never opened its websocket within ``connect_timeout`` seconds of being sent is shut down.
- **Only the v1 kernel protocol.** Voila 0.5.13 reads every binary message it sends to a browser as a
  v1 message (``voila/tornado/kernel_websocket_handler.py``, ``read_header_from_binary_message``); a
  message in the legacy format makes it count some 2**60 offsets, an endless loop in the server's only
  thread. Browsers always negotiate v1 (JupyterLab's services), so a socket without it is refused
  (docs/explanation/upstream.md, row 1; the reason is kept in :class:`coffeechat.upstream.voila.KernelSocket`).
- **Host, origin, log and policy.** Requests for a host the server does not answer to get 400 (DNS
  rebinding); a websocket from another origin gets 403; a resume code never reaches the log; the page's
  Content-Security-Policy lets only the server's own scripts (and the page's own, by nonce) run.
"""

from __future__ import annotations

import contextvars
import ipaddress
import re
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

#: the only kernel websocket subprotocol the server speaks (see the module docstring)
V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
#: the browser's secret (HttpOnly, SameSite=Strict, scoped to the app's path)
BROWSER_COOKIE = "coffeechat-browser"
#: how long a visitor is asked to wait before trying again when the room is full
RETRY_AFTER_SECONDS = 60
#: kernels one client address may hold at a time, unless ``--max-kernels-per-client`` says otherwise
DEFAULT_MAX_PER_CLIENT = 4
#: how long a kernel may wait for its page's websocket after the page was sent
DEFAULT_CONNECT_TIMEOUT = 120.0

_CODE_IN_URL = re.compile(r"(?i)((?:^|[?&;])(?:code|token)=)[^&;#\s]*")
_SCRIPT_TAG = re.compile(r"<script(?=[\s>])", re.IGNORECASE)


def redact_secrets(uri: str) -> str:
    """``uri`` with any ``code=`` or ``token=`` value replaced, for the log (a resume code opens a participant's
    answers, a token the console)."""
    return _CODE_IN_URL.sub(r"\1[redacted]", uri)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def add_nonce(html: str, nonce: str) -> str:
    """Every ``<script`` tag of the page's own markup gets the nonce. Text that a participant typed never
    contains a literal ``<script``: it reaches the page escaped (``&lt;script``) or over the websocket."""
    return _SCRIPT_TAG.sub(f'<script nonce="{nonce}"', html)


def content_security_policy(nonce: str | None) -> str:
    """The page's policy: scripts only from the server (and the page's own inline scripts, by nonce);
    connections only to the server; images from the server or ``data:``; never inside a frame.

    ``blob:`` scripts are allowed because anywidget imports each widget's module from a blob address; only
    a script already running in the page can make one, so it opens no door to injected markup."""
    scripts = "'self'" + (f" 'nonce-{nonce}'" if nonce else "") + " blob:"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def host_name(host_header: str) -> str:
    """The host of a ``Host`` header, without port and brackets, lower case."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


def host_allowed(host_header: str | None, allowed: frozenset[str]) -> bool:
    """Whether the server answers to this ``Host``: one it listens on or prints, localhost, or ``--allow-host``."""
    if "*" in allowed:
        return True
    if not host_header:
        return False
    host = host_name(host_header)
    if host in allowed or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def same_origin(origin: str | None, host_header: str | None) -> bool:
    """A websocket from a browser must come from a page of this server (no Origin: not a browser)."""
    if origin is None:
        return True
    if not host_header:
        return False
    return urlsplit(origin.lower()).netloc == host_header.strip().lower()


def wants_v1(protocol_header: str | None) -> bool:
    return V1_PROTOCOL in [name.strip() for name in (protocol_header or "").split(",")]


@dataclass
class Visitor:
    """One page request: the browser's secret, its address, and (once known) the kernel it got."""

    browser: str
    address: str
    kernel_id: str | None = None
    connected: bool = False
    since: float = field(default_factory=time.monotonic)


#: the page request being served (set by the page handler; read by the kernel manager when it hands out
#: a kernel, in the same task)
current_visitor: contextvars.ContextVar[Visitor | None] = contextvars.ContextVar("coffeechat_visitor", default=None)


class KernelLedger:
    """Which browser owns which kernel, and whether a new visitor still fits in the room."""

    def __init__(self, max_kernels: int = 0, max_per_client: int = DEFAULT_MAX_PER_CLIENT):
        self.max_kernels = max_kernels
        self.max_per_client = max_per_client
        self.owners: dict[str, Visitor] = {}
        self._arriving: list[Visitor] = []

    def claim(self, kernel_id: str) -> Visitor | None:
        """The kernel now belongs to the visitor whose request is being served (if any)."""
        visitor = current_visitor.get()
        if visitor is not None and visitor.kernel_id is None:
            visitor.kernel_id = kernel_id
            self.owners[kernel_id] = visitor
        return visitor

    def forget(self, kernel_id: str) -> None:
        self.owners.pop(kernel_id, None)

    def owned_by(self, kernel_id: str, browser: str | None) -> bool:
        owner = self.owners.get(kernel_id)
        return owner is not None and bool(browser) and secrets.compare_digest(owner.browser, browser)

    def full_for(self, address: str, live_kernels: int, alive: set[str]) -> bool:
        """Whether one more kernel would exceed a limit (kernels still starting for others counted)."""
        arriving = [v for v in self._arriving if v.kernel_id is None]
        if self.max_kernels and live_kernels + len(arriving) >= self.max_kernels:
            return True
        if self.max_per_client:
            mine = sum(1 for kid, v in self.owners.items() if v.address == address and kid in alive)
            mine += sum(1 for v in arriving if v.address == address)
            if mine >= self.max_per_client:
                return True
        return False

    def arrive(self, visitor: Visitor) -> None:
        self._arriving.append(visitor)

    def served(self, visitor: Visitor) -> None:
        if visitor in self._arriving:
            self._arriving.remove(visitor)

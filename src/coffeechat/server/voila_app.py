"""Voila as ``coffeechat serve`` runs it: a light page, a pool of warm kernels, and kernels that start in order.

``python -m coffeechat.server.voila_app NOTEBOOK [Voila's options]`` is Voila 0.5's own command with these changes
(the mechanics over Voila's internals are in :mod:`coffeechat.upstream.voila`; this module is the kit's policy):

- **Compressed responses.** Static files (Voila's JavaScript, JupyterLab's CSS, the widget extensions) are
  gzipped once and kept in memory, so thirty first visits cost the server no compression work; the page
  itself and the kernels' websockets are compressed on the fly.
- **Long-lived caching.** Voila's own JavaScript is served under an address that carries a fingerprint of
  the installed files (``voila/static/v-<fingerprint>/``), so it can be cached for a year and a new Voila
  gets new addresses. Extension files whose names carry a content hash are cached for a year too. A reload
  then asks the server for the page and the kernel, not for every file again (Voila marks them all
  ``no-cache``).
- **The pool.** With ``--preheat_kernel``, :class:`coffeechat.upstream.voila.StartedPool` is mixed into Voila's
  pooling manager, and Voila's request socket tells the manager when a pooled kernel is warm
  (:class:`WarmSignalSocketHandler`).
- **The guard** (:mod:`coffeechat.server.guard`): the page, the kernel websocket and the kernel REST handlers
  are Voila's with checks in front: the Host header, the kernel's owner (the browser's cookie), the v1
  websocket protocol (a workaround for Voila 0.5.13's endless loop on legacy binary frames), the origin,
  the room's limits (a "room is full" page, HTTP 503), a Content-Security-Policy with a nonce for the
  page's own scripts, no tracebacks to the browser, and resume codes kept out of the log. A refused request
  leaves one line in the log, with its reason.
- **The journal's health** (:mod:`coffeechat.server.health`): ``<base_url>healthz`` answers 200
  ``{"status": "ok", "journal": "ok"}`` or 503 ``{"status": "unavailable", "journal": "unreachable"}``
  (for the hub, systemd or Kubernetes); while the journal does not answer, every page request gets the kit's
  outage page (HTTP 503, bilingual), which asks ``healthz`` again by itself and reloads once it answers,
  instead of a kernel that would wait for the database and fail.

Everything else (options, template, handlers) is Voila's.
"""

from __future__ import annotations

import functools
import hashlib
import http.client
import logging
import os
import re
import socket
from pathlib import Path

import psutil
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import List, Unicode

from coffeechat.pages import visitor as visitor_module
from coffeechat.server import guard, health
from coffeechat.server.serving import stop_kernels_using
from coffeechat.storage import paths
from coffeechat.upstream import voila as upstream
from coffeechat.upstream.tornado import reason_of

#: the page a visitor gets when the room is full (bilingual, no script)
ROOM_FULL_PAGE = Path(__file__).resolve().parent / "jupyter/voila/templates/coffeechat/room-full.html"
access_log = logging.getLogger("tornado.access")

#: How long a browser may keep a file whose address changes with its content.
YEAR_SECONDS = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR_SECONDS}, immutable"
#: file names that carry a content hash, as webpack writes them (remoteEntry.1a2b3c4d.js, 528.d9f5934c.js)
HASHED_NAME = re.compile(r"[.-][0-9a-f]{8,}\.(?:js|css|woff2?|ttf|eot|svg|png)$")


class VersionedStaticHandler(upstream.VersionedStaticHandler):
    """Voila's own JavaScript under ``voila/static/v-<fingerprint>/``: cached for a year."""

    def set_headers(self) -> None:
        super().set_headers()
        self.set_header("Cache-Control", IMMUTABLE)


class ExtensionAssetHandler(upstream.ExtensionAssetHandler):
    """Front-end extensions: a file whose name or ``?v=`` carries its hash is cached for a year."""

    def set_headers(self) -> None:
        super().set_headers()
        if HASHED_NAME.search(self.request.path) or "v" in self.request.arguments:
            self.set_header("Cache-Control", IMMUTABLE)


@functools.lru_cache(maxsize=1)
def machine_addresses() -> frozenset[str]:
    """Every address of this machine (a kernel reaches the server from one of them)."""
    found = {"127.0.0.1", "::1"}
    for addresses in psutil.net_if_addrs().values():
        found.update(address.address.split("%")[0] for address in addresses)
    return frozenset(found)


class WarmSignalSocketHandler(upstream.RequestInfoSocket):
    """Voila's request socket: a pooled kernel opens it once its notebook waits for a visitor.

    That tells the kernel manager the kernel is warm (the next one may start). Only the server's own kernels
    may open it: a visitor's request info (their ``?code=``) is for nobody else.
    """

    async def get(self, *args, **kwargs):
        if (self.request.remote_ip or "") not in machine_addresses():
            raise web.HTTPError(403, reason="for the server's own kernels only")
        return await super().get(*args, **kwargs)

    def kernel_listening(self, kernel_id: str) -> None:
        manager = self.settings.get("kernel_manager")
        if manager is not None and hasattr(manager, "kernel_warm"):
            manager.kernel_warm(kernel_id)


# --- the guard (coffeechat.server.guard) ----------------------------------------------------------------


def _check_host(handler: web.RequestHandler) -> None:
    if not guard.host_allowed(handler.request.host, handler.settings.get("coffeechat_allowed_hosts", frozenset("*"))):
        raise web.HTTPError(400, reason="unknown host")


def _check_owner(handler: web.RequestHandler, kernel_id: str) -> None:
    """A kernel answers only the browser that started it (403 for anyone else)."""
    _check_host(handler)
    ledger = getattr(handler.kernel_manager, "ledger", None)
    if ledger is None or not ledger.owned_by(kernel_id, handler.get_cookie(guard.BROWSER_COOKIE)):
        raise web.HTTPError(403, reason="not your kernel")


class HealthHandler(web.RequestHandler):
    """``GET <base_url>healthz``: whether the journal answers, as a tiny JSON (no URL, no data); cheap to poll."""

    async def _answer(self) -> bool:
        ok = await self.settings["coffeechat_health"].answers()
        self.set_header("Cache-Control", "no-store")
        self.set_status(200 if ok else 503)
        return ok

    async def get(self) -> None:
        ok = await self._answer()
        self.finish({"status": "ok", "journal": "ok"} if ok else {"status": "unavailable", "journal": "unreachable"})

    async def head(self) -> None:
        """The same answer without a body (for monitors that ask with HEAD)."""
        await self._answer()
        self.finish()


class GuardedPageHandler(upstream.PageHandler):
    """The participant's page: a known Host, a place in the room, the browser's cookie, a strict policy."""

    @property
    def content_security_policy(self) -> str:
        return guard.content_security_policy(self.nonce)

    @property
    def nonce(self) -> str:
        if not hasattr(self, "_nonce"):
            self._nonce = guard.new_nonce()
        return self._nonce

    async def get(self, path=None):
        _check_host(self)
        if not await self.settings["coffeechat_health"].answers():
            self.send_outage_page()
            return
        manager = self.kernel_manager
        ledger: guard.KernelLedger = manager.ledger
        browser = self.get_cookie(guard.BROWSER_COOKIE) or guard.new_secret()
        visitor = guard.Visitor(browser=browser, address=self.request.remote_ip or "")
        alive = set(manager.list_kernel_ids())
        if ledger.full_for(visitor.address, len(alive), alive):
            self.log.warning(
                "room full: no kernel for a visitor from %s (%d live kernels)", visitor.address, len(alive)
            )
            self.set_status(503)
            self.set_header("Retry-After", str(guard.RETRY_AFTER_SECONDS))
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(ROOM_FULL_PAGE.read_text(encoding="utf-8"))
            return
        secure = self.request.protocol == "https"
        self.set_cookie(
            guard.BROWSER_COOKIE, browser, path=self.base_url, httponly=True, samesite="Strict", secure=secure
        )
        ledger.arrive(visitor)
        # for the kernel's code throttle: the address, and this server's base URL (behind JupyterHub every
        # visitor arrives from the hub's proxy, so each participant's own server counts for itself)
        self.request.headers[visitor_module.CLIENT_HEADER] = f"{visitor.address} {self.base_url}"
        token = guard.current_visitor.set(visitor)
        try:
            await super().get(path)
        finally:
            guard.current_visitor.reset(token)
            ledger.served(visitor)
            if visitor.kernel_id:
                manager.page_sent(visitor.kernel_id)

    def send_outage_page(self) -> None:
        """The journal does not answer: the kit's page that waits for it (no kernel is started meanwhile)."""
        retry = health.retry_seconds()
        self.set_status(503)
        self.set_header("Retry-After", str(round(retry[1])))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(health.outage_page(url_path_join(self.base_url, "healthz"), retry))  # nonce: transform_html

    def transform_html(self, chunk: str) -> str:
        return guard.add_nonce(chunk, self.nonce)


class GuardedKernelSocket(upstream.KernelSocket):
    """The kernel websocket: the v1 protocol only, the same origin, the owner's browser; no traceback out."""

    async def get(self, kernel_id):
        _check_host(self)
        if not guard.wants_v1(self.request.headers.get("Sec-WebSocket-Protocol")):
            # voila 0.5.13 loops forever over a legacy binary frame (coffeechat.upstream.voila.KernelSocket)
            self.refuse(400, f"only the {guard.V1_PROTOCOL} protocol is spoken here")
        if not guard.same_origin(self.request.headers.get("Origin"), self.request.host):
            self.refuse(403, "cross-origin websocket")
        _check_owner(self, kernel_id)
        self.kernel_manager.ledger.owners[kernel_id].connected = True
        await super().get(kernel_id)

    def withhold(self, msg_type: str | None, stream: str | None) -> bool:
        """An error or stderr message (a traceback with server paths) stays on the server."""
        return msg_type == "error" or (msg_type == "stream" and stream in (None, "stderr"))


class GuardedKernelHandler(upstream.KernelRestHandler):
    """``GET``/``DELETE /api/kernels/<id>``: only for the kernel's own browser."""

    async def get(self, kernel_id):
        _check_owner(self, kernel_id)
        await super().get(kernel_id)

    async def delete(self, kernel_id):
        _check_owner(self, kernel_id)
        await super().delete(kernel_id)


class GuardedShutdownHandler(upstream.ShutdownHandler):
    """The page's shutdown beacon: only for the kernel's own browser."""

    async def post(self, kernel_id):
        _check_owner(self, kernel_id)
        await super().post(kernel_id)


def log_request(handler: web.RequestHandler) -> None:
    """Tornado's access log, with any resume code in the address replaced, and a refusal's own reason."""
    status = handler.get_status()
    method = access_log.info if status < 400 else access_log.warning if status < 500 else access_log.error
    if isinstance(handler, HealthHandler):
        method = access_log.debug  # polled every few seconds; JournalHealth logs when the answer changes
    request = handler.request
    reason = reason_of(handler) if status >= 400 else ""
    method(
        "%d %s %s (%s) %.2fms%s",
        status,
        request.method,
        guard.redact_secrets(request.uri or ""),
        request.remote_ip,
        1000.0 * request.request_time(),
        f": {reason}" if reason and reason != http.client.responses.get(status) else "",
    )


class RedactSecrets(logging.Filter):
    """Takes any ``code=`` or ``token=`` value out of a log line (tornado names the address of every refused
    request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = guard.redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def keep_secrets_out_of_the_log(*loggers: logging.Logger) -> None:
    for logger in loggers:
        if not any(isinstance(existing, RedactSecrets) for existing in logger.filters):
            logger.addFilter(RedactSecrets())


def local_hosts(ip: str) -> set[str]:
    """The names a browser may use for this server: its address, and on a wildcard bind every local one."""
    hosts = {"localhost", socket.gethostname().lower(), socket.getfqdn().lower()}
    if ip in ("", "0.0.0.0", "::"):
        for addresses in psutil.net_if_addrs().values():
            hosts.update(address.address.split("%")[0].lower() for address in addresses)
    else:
        hosts.add(guard.host_name(ip))
    return hosts


def static_fingerprint(paths: list[str]) -> str:
    """A short hash of Voila's version and of every static file's name, size and time."""
    digest = hashlib.sha256(upstream.VOILA_VERSION.encode())
    for folder in paths:
        for root, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                stat = (Path(root) / name).stat()
                digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


class WorkshopVoila(upstream.VoilaApp):
    """Voila with compressed, long-cached static files, the room's kernel pool and the guard."""

    allowed_hosts = List(
        Unicode(),
        config=True,
        help="Host names the server answers to besides its own addresses and localhost ('*': any).",
    )
    versioned_static_handler = VersionedStaticHandler

    def init_settings(self) -> dict:
        self.static_version = static_fingerprint(self.static_paths)
        # the visitor's address reaches their kernel as HTTP_X_COFFEECHAT_CLIENT (GuardedPageHandler sets it)
        self.voila_configuration.http_header_envs = [
            *self.voila_configuration.http_header_envs,
            visitor_module.CLIENT_HEADER,
        ]
        settings = super().init_settings()
        settings["compress_response"] = True  # the page and the API (static files come gzipped already)
        settings["websocket_compression_options"] = {}  # permessage-deflate for the kernels' widget messages
        settings["coffeechat_allowed_hosts"] = frozenset(local_hosts(self.ip) | {h.lower() for h in self.allowed_hosts})
        settings["log_function"] = log_request
        settings["coffeechat_health"] = health.JournalHealth(paths.journal_location, log=self.log)
        keep_secrets_out_of_the_log(
            access_log, logging.getLogger("tornado.general"), logging.getLogger("tornado.application"), self.log
        )
        return settings

    def init_handlers(self) -> list:
        """Voila's handlers, and ``healthz`` before the page's, which answers every other address."""
        return [(url_path_join(self.server_url, "/healthz"), HealthHandler), *super().init_handlers()]

    def handler_replacements(self) -> dict[str, type]:
        return {
            "extensions": ExtensionAssetHandler,
            "request_info": WarmSignalSocketHandler,
            "page": GuardedPageHandler,
            "kernel_socket": GuardedKernelSocket,
            "kernel": GuardedKernelHandler,
            "shutdown": GuardedShutdownHandler,
        }

    def leftover_kernels(self, connection_dir: str) -> None:
        """What did not stop in time (or was never registered) is killed."""
        stop_kernels_using(Path(connection_dir), grace=1.0)


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()

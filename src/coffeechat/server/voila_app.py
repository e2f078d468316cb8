"""Voila as ``coffeechat serve`` runs it: a light page, a pool of warm kernels, and kernels that start in order.

``python -m coffeechat.server.voila_app NOTEBOOK [Voila's options]`` is Voila 0.5's own command with these changes:

- **Compressed responses.** Static files (Voila's JavaScript, JupyterLab's CSS, the widget extensions) are
  gzipped once and kept in memory, so thirty first visits cost the server no compression work; the page
  itself and the kernels' websockets are compressed on the fly.
- **Long-lived caching.** Voila's own JavaScript is served under an address that carries a fingerprint of
  the installed files (``voila/static/v-<fingerprint>/``), so it can be cached for a year and a new Voila
  gets new addresses. Extension files whose names carry a content hash are cached for a year too. A reload
  then asks the server for the page and the kernel, not for every file again (Voila marks them all
  ``no-cache``).
- **The pool.** With ``--preheat_kernel``, :class:`coffeechat.server.kernels.RoomPool` is mixed into Voila's
  pooling manager, and Voila's request socket tells the manager when a pooled kernel is warm
  (:class:`WarmSignalSocketHandler`).

- **The guard** (:mod:`coffeechat.server.guard`): the page, the kernel websocket and the kernel REST handlers
  are Voila's with checks in front: the Host header, the kernel's owner (the browser's cookie), the v1
  websocket protocol (a workaround for Voila 0.5.13's endless loop on legacy binary frames), the origin,
  the room's limits (a "room is full" page, HTTP 503), a Content-Security-Policy with a nonce for the
  page's own scripts, no tracebacks to the browser, and resume codes kept out of the log.

Everything else (options, template, handlers) is Voila's.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import hashlib
import json
import logging
import mimetypes
import os
import re
import shutil
import socket
import threading
from pathlib import Path

import psutil
from jupyter_server.base.handlers import FileFindHandler
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1
from jupyter_server.services.kernels.handlers import KernelHandler
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Float, List, Unicode
from voila import __version__ as voila_version
from voila import app as voila_app_module
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler, read_header_from_binary_message

from coffeechat.pages import visitor as visitor_module
from coffeechat.server import guard
from coffeechat.server.kernels import RoomPool
from coffeechat.server.serving import stop_kernels_using

#: the page a visitor gets when the room is full (bilingual, no script)
ROOM_FULL_PAGE = Path(__file__).resolve().parent / "jupyter/voila/templates/coffeechat/room-full.html"
access_log = logging.getLogger("tornado.access")

#: How long a browser may keep a file whose address changes with its content.
YEAR_SECONDS = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR_SECONDS}, immutable"
#: file names that carry a content hash, as webpack writes them (remoteEntry.1a2b3c4d.js, 528.d9f5934c.js)
HASHED_NAME = re.compile(r"[.-][0-9a-f]{8,}\.(?:js|css|woff2?|ttf|eot|svg|png)$")
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
#: smaller files are not worth compressing
MIN_COMPRESS_BYTES = 1024


class CompressedStatic:
    """Mixed into tornado's static file handlers: serve a gzipped copy, made once per file, to browsers that take it."""

    _compressed: dict[tuple[str, int, int], bytes] = {}
    _compress_lock = threading.Lock()

    def _gzip_wanted(self) -> bool:
        if "gzip" not in self.request.headers.get("Accept-Encoding", ""):
            return False
        mime, _ = mimetypes.guess_type(self.absolute_path)
        return bool(mime) and mime.startswith(COMPRESSIBLE)

    def _gzipped(self) -> bytes | None:
        """The gzipped file (None: send it as it is)."""
        if getattr(self, "_gzip_body", False) is not False:
            return self._gzip_body
        body = None
        if self._gzip_wanted():
            stat = os.stat(self.absolute_path)
            key = (self.absolute_path, stat.st_mtime_ns, stat.st_size)
            with self._compress_lock:
                body = self._compressed.get(key)
            if body is None and stat.st_size >= MIN_COMPRESS_BYTES:
                body = gzip.compress(Path(self.absolute_path).read_bytes(), compresslevel=9, mtime=0)
                with self._compress_lock:
                    self._compressed[key] = body
        self._gzip_body = body
        return body

    def set_headers(self) -> None:
        super().set_headers()
        self.add_header("Vary", "Accept-Encoding")
        body = self._gzipped()
        if body is not None:
            self.set_header("Content-Encoding", "gzip")
            # tornado's get() reads the body through self.get_content(path, start, end); the class method of
            # that name stays as it is for tornado's own class-level uses (the ETag hashes the file itself)
            self.get_content = lambda _path, start=None, end=None: [body[start:end]]

    def get_content_size(self) -> int:
        body = self._gzipped()
        return len(body) if body is not None else super().get_content_size()


class VersionedStaticHandler(CompressedStatic, MultiStaticFileHandler):
    """Voila's own JavaScript under ``voila/static/v-<fingerprint>/``: cached for a year."""

    def set_headers(self) -> None:
        super().set_headers()
        self.set_header("Cache-Control", IMMUTABLE)


class CompressedStaticHandler(CompressedStatic, MultiStaticFileHandler):
    """Voila's own static files at their usual address (compressed, revalidated)."""


class TemplateAssetHandler(CompressedStatic, TemplateStaticFileHandler):
    """The template's CSS (its addresses carry ``?v=<hash>``, so tornado lets browsers keep them)."""


class ExtensionAssetHandler(CompressedStatic, FileFindHandler):
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


class WarmSignalSocketHandler(RequestInfoSocketHandler):
    """Voila's request socket: a pooled kernel opens it once its notebook waits for a visitor.

    That tells the kernel manager the kernel is warm (the next one may start). The request info Voila
    kept for a kernel that had not connected yet is dropped once delivered; Voila keeps it forever.
    """

    async def get(self, *args, **kwargs):
        # only the server's own kernels ask here: a visitor's request info (their ?code=) is for nobody else
        if (self.request.remote_ip or "") not in machine_addresses():
            raise web.HTTPError(403, "for the server's own kernels only")
        return await super().get(*args, **kwargs)

    def open(self, kernel_id: str) -> None:
        super().open(kernel_id)
        if kernel_id in RequestInfoSocketHandler._cache:
            RequestInfoSocketHandler._cache.pop(kernel_id, None)
        manager = self.settings.get("kernel_manager")
        if manager is not None and hasattr(manager, "kernel_warm"):
            manager.kernel_warm(kernel_id)


# --- the guard (coffeechat.server.guard) ----------------------------------------------------------------


def _check_host(handler: web.RequestHandler) -> None:
    if not guard.host_allowed(handler.request.host, handler.settings.get("coffeechat_allowed_hosts", frozenset("*"))):
        raise web.HTTPError(400, "unknown host")


def _check_owner(handler: web.RequestHandler, kernel_id: str) -> None:
    """A kernel answers only the browser that started it (403 for anyone else)."""
    _check_host(handler)
    ledger = getattr(handler.kernel_manager, "ledger", None)
    if ledger is None or not ledger.owned_by(kernel_id, handler.get_cookie(guard.BROWSER_COOKIE)):
        raise web.HTTPError(403, "not your kernel")


class GuardedPageHandler(TornadoVoilaHandler):
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
        self.request.headers[visitor_module.CLIENT_HEADER] = visitor.address  # for the kernel's code throttle
        token = guard.current_visitor.set(visitor)
        try:
            await super().get(path)
        finally:
            guard.current_visitor.reset(token)
            ledger.served(visitor)
            if visitor.kernel_id:
                manager.page_sent(visitor.kernel_id)

    def write(self, chunk):
        if isinstance(chunk, str):
            chunk = guard.add_nonce(chunk, self.nonce)
        return super().write(chunk)


class GuardedKernelSocket(VoilaKernelWebsocketHandler):
    """The kernel websocket: the v1 protocol only, the same origin, the owner's browser; no traceback out."""

    async def get(self, kernel_id):
        _check_host(self)
        if not guard.wants_v1(self.request.headers.get("Sec-WebSocket-Protocol")):
            # voila 0.5.13 loops forever over a legacy binary frame (see coffeechat.server.guard)
            raise web.HTTPError(400, f"only the {guard.V1_PROTOCOL} protocol is spoken here")
        if not guard.same_origin(self.request.headers.get("Origin"), self.request.host):
            raise web.HTTPError(403, "cross-origin websocket")
        _check_owner(self, kernel_id)
        self.kernel_manager.ledger.owners[kernel_id].connected = True
        await super().get(kernel_id)

    def write_message(self, message, binary: bool = False):
        if isinstance(message, bytes) and _carries_a_traceback(message):
            return None
        return super().write_message(message, binary)


def _carries_a_traceback(message: bytes) -> bool:
    """An error or stderr message (a traceback with server paths) stays on the server."""
    header = read_header_from_binary_message(message) or {}
    kind = header.get("msg_type")
    if kind == "error":
        return True
    if kind != "stream":
        return False
    try:
        _channel, parts = deserialize_msg_from_ws_v1(message)
        return json.loads(parts[3]).get("name") == "stderr"
    except (ValueError, IndexError, UnicodeDecodeError):
        return True


class GuardedKernelHandler(KernelHandler):
    """``GET``/``DELETE /api/kernels/<id>``: only for the kernel's own browser."""

    async def get(self, kernel_id):
        _check_owner(self, kernel_id)
        await super().get(kernel_id)

    async def delete(self, kernel_id):
        _check_owner(self, kernel_id)
        await super().delete(kernel_id)


class GuardedShutdownHandler(VoilaShutdownKernelHandler):
    """The page's shutdown beacon: only for the kernel's own browser."""

    async def post(self, kernel_id):
        _check_owner(self, kernel_id)
        await super().post(kernel_id)


def log_request(handler: web.RequestHandler) -> None:
    """Tornado's access log, with any resume code in the address replaced."""
    status = handler.get_status()
    method = access_log.info if status < 400 else access_log.warning if status < 500 else access_log.error
    request = handler.request
    method(
        "%d %s %s (%s) %.2fms",
        status,
        request.method,
        guard.redact_code(request.uri or ""),
        request.remote_ip,
        1000.0 * request.request_time(),
    )


class RedactCodes(logging.Filter):
    """Takes any ``code=`` value out of a log line (tornado names the address of every refused request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = guard.redact_code(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def keep_codes_out_of_the_log(*loggers: logging.Logger) -> None:
    for logger in loggers:
        if not any(isinstance(existing, RedactCodes) for existing in logger.filters):
            logger.addFilter(RedactCodes())


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
    digest = hashlib.sha256(voila_version.encode())
    for folder in paths:
        for root, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def room_kernel_manager_factory(voila_factory):
    """Wrap Voila's kernel manager factory: with preheating, :class:`RoomPool` goes before Voila's pool."""

    @functools.wraps(voila_factory)
    def factory(base_class, preheat_kernel, default_pool_size, page_config_hook=None):
        manager_class = voila_factory(base_class, preheat_kernel, default_pool_size, page_config_hook=page_config_hook)
        if not preheat_kernel:
            return manager_class
        return type("RoomKernelManager", (RoomPool, manager_class), {"__doc__": RoomPool.__doc__})

    return factory


class WorkshopVoila(Voila):
    """Voila with compressed, long-cached static files, the room's kernel pool and the guard."""

    allowed_hosts = List(
        Unicode(),
        config=True,
        help="Host names the server answers to besides its own addresses and localhost ('*': any).",
    )

    def init_settings(self) -> dict:
        self.static_version = static_fingerprint(self.static_paths)
        # the visitor's address reaches their kernel as HTTP_X_COFFEECHAT_CLIENT (GuardedPageHandler sets it)
        self.voila_configuration.http_header_envs = [
            *self.voila_configuration.http_header_envs,
            visitor_module.CLIENT_HEADER,
        ]
        configured_hook = self.voila_configuration.page_config_hook
        self.voila_configuration.page_config_hook = functools.partial(self._page_config, configured_hook)
        # Voila builds its kernel manager class in init_settings from this module-level factory; there is no
        # other place to put a class in front of its pooling manager (voila 0.5.13, voila/app.py)
        original = voila_app_module.voila_kernel_manager_factory
        voila_app_module.voila_kernel_manager_factory = room_kernel_manager_factory(original)
        try:
            settings = super().init_settings()
        finally:
            voila_app_module.voila_kernel_manager_factory = original
        settings["compress_response"] = True  # the page and the API (static files come gzipped already)
        settings["websocket_compression_options"] = {}  # permessage-deflate for the kernels' widget messages
        settings["coffeechat_allowed_hosts"] = frozenset(local_hosts(self.ip) | {h.lower() for h in self.allowed_hosts})
        settings["log_function"] = log_request
        keep_codes_out_of_the_log(
            access_log, logging.getLogger("tornado.general"), logging.getLogger("tornado.application"), self.log
        )
        return settings

    def _page_config(self, configured_hook, page_config, **kwargs):
        if configured_hook:
            page_config = configured_hook(page_config, **kwargs)
        page_config["fullStaticUrl"] = url_path_join(self.base_url, "voila/static", f"v-{self.static_version}")
        return page_config

    def init_handlers(self) -> list:
        replacements = {
            MultiStaticFileHandler: CompressedStaticHandler,
            TemplateStaticFileHandler: TemplateAssetHandler,
            FileFindHandler: ExtensionAssetHandler,
            RequestInfoSocketHandler: WarmSignalSocketHandler,
            TornadoVoilaHandler: GuardedPageHandler,
            VoilaKernelWebsocketHandler: GuardedKernelSocket,
            KernelHandler: GuardedKernelHandler,
            VoilaShutdownKernelHandler: GuardedShutdownHandler,
        }
        handlers = [(rule[0], replacements.get(rule[1], rule[1]), *rule[2:]) for rule in super().init_handlers()]
        versioned = (
            url_path_join(self.server_url, rf"/voila/static/v-{self.static_version}/(.*)"),
            VersionedStaticHandler,
            {"paths": self.static_paths, "default_filename": None},
        )
        return [versioned, *handlers]

    stop_timeout = Float(
        4.0,
        config=True,
        help="On SIGTERM, how long the kernels get to stop before they are killed (within the 5 s that `serve` "
        "and JupyterHub's spawner give before their SIGKILL).",
    )

    def stop(self) -> None:
        """Stop every kernel (killing what does not stop in time), then remove their connection files.

        Voila's own stop (voila 0.5.13, voila/app.py) removes the folder first, then runs the shutdown with
        jupyter_core's ``run_sync`` on a new event loop: the tasks of the stopped server loop (a kernel being
        launched, the pool's renders) never finish there. On SIGTERM while the pool refilled (after every
        page) Voila exited 1 or hung until its supervisor killed it, and kernels lived on. No upstream issue
        found; tests/test_voila_app.py fences it.
        """
        try:
            self.ioloop.run_sync(self._stop_kernels)
        finally:
            shutil.rmtree(self.connection_dir, ignore_errors=True)

    async def _stop_kernels(self) -> None:
        manager = self.kernel_manager
        # the pool's renders under way would wait for kernels that are being stopped (Voila's shutdown_all
        # awaits them): they are cancelled, and whatever kernel they started is stopped or killed below
        for pool in getattr(manager, "_pools", {}).values():
            for render in [render for render in pool if not render.done()]:
                render.cancel()
                pool.remove(render)
        try:
            await asyncio.wait_for(manager.shutdown_all(), timeout=self.stop_timeout)
        except Exception as error:  # noqa: BLE001 - the kernels are killed below whatever went wrong
            self.log.warning("kernels did not all stop in time (%r); killing them", error)
        stop_kernels_using(Path(self.connection_dir), grace=1.0)  # what did not stop (or was never registered)


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()

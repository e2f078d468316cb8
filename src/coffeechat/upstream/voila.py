"""Voila 0.5.13 (in maintenance): its application, handlers and pooling kernel manager, with the hooks the kit needs.

Voila offers no extension points for what the kit changes: its handlers are a fixed table built in
``Voila.init_handlers``, its kernel manager class is made by a module-level factory inside
``Voila.init_settings``, and its stop order is fixed in ``Voila.stop``. :class:`VoilaApp` opens these up
(``handler_replacements``, ``pool_mixin``, ``static_version``, ``leftover_kernels``); the handler classes
below carry one workaround each and offer hooks of their own (``PageHandler.transform_html``,
``KernelSocket.withhold``, ``RequestInfoSocket.kernel_listening``). The kit's policy plugs in from
:mod:`coffeechat.server.voila_app` and :mod:`coffeechat.server.kernels`.
"""

from __future__ import annotations

import asyncio
import functools
import posixpath
import shutil

import voila
from jupyter_server.base.handlers import FileFindHandler
from jupyter_server.services.kernels.handlers import KernelHandler
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Float
from voila import app as voila_app_module
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler, read_header_from_binary_message

from coffeechat.upstream.jupyter_server import PlainErrors, stream_name_of_v1_message
from coffeechat.upstream.tornado import CompressedStatic
from coffeechat.upstream.voila_kernel import EARLIER_VISITOR, PREHEAT_VARIABLE

#: the version the workarounds in this module were written for and fenced against (the installed one: VOILA_VERSION)
WRITTEN_FOR = "0.5.13"
#: the installed Voila's version
VOILA_VERSION: str = voila.__version__

# --- static files --------------------------------------------------------------------------------------


class CompressedStaticHandler(CompressedStatic, MultiStaticFileHandler):
    """Voila's own static files at their usual address, compressed once (:class:`CompressedStatic`)."""


class TemplateAssetHandler(CompressedStatic, TemplateStaticFileHandler):
    """The template's files (``/voila/templates/<template>/static/<file>``), compressed; a bad path is a 404.

    Works around voila 0.5.13 (``voila/static_file_handler.py: TemplateStaticFileHandler.parse_url_path`` and
    ``get_absolute_path``): they take the path apart with ``assert static == "static"`` and tuple unpacking,
    so an address that climbs out of ``static/`` (``coffeechat/static/../../../../etc/passwd``, also written
    ``%2e%2e``) or has too few parts raised ``AssertionError``/``ValueError``: HTTP 500 and a traceback in
    the log for every probe. Nothing was served outside the template (tornado's root check held).
    """

    def parse_url_path(self, path: str) -> str:
        if not template_static_path(path):
            raise web.HTTPError(404)
        return super().parse_url_path(path)


def template_static_path(path: str) -> bool:
    """Whether ``path`` (as tornado decoded it) is ``<template>/static/<file>`` without a step out."""
    steps = path.replace("\\", "/").split("/")
    return (
        len(steps) >= 3
        and steps[1] == "static"
        and all(step not in ("", ".", "..") for step in steps)
        and posixpath.normpath(path) == path
    )


class ExtensionAssetHandler(CompressedStatic, FileFindHandler):
    """Front-end extensions (jupyter_server's ``FileFindHandler``), compressed."""


class VersionedStaticHandler(CompressedStaticHandler):
    """Voila's own JavaScript under an address that carries :attr:`VoilaApp.static_version`."""


# --- the page and the kernel REST handlers -------------------------------------------------------------


class PageHandler(TornadoVoilaHandler):
    """Voila's page handler with a hook on the markup it writes.

    Voila 0.5.13 renders the page and streams it in pieces through ``self.write``
    (``voila/tornado/handler.py: TornadoVoilaHandler.get`` → ``voila/handler.py: BaseVoilaHandler``), with no
    hook on the markup; :meth:`transform_html` is applied to every piece of text. The kit also relies on Voila
    starting (or taking from the pool) the page's kernel inside the same task as ``get``, so a context variable
    set there is seen by the kernel manager.
    """

    def transform_html(self, chunk: str) -> str:
        """Hook: a piece of the page's markup as it is sent."""
        return chunk

    def write(self, chunk):
        if isinstance(chunk, str):
            chunk = self.transform_html(chunk)
        return super().write(chunk)


class KernelRestHandler(KernelHandler):
    """jupyter_server's ``GET``/``DELETE /api/kernels/<id>`` as Voila routes it (subclassed for checks)."""


class ShutdownHandler(VoilaShutdownKernelHandler):
    """Voila's shutdown beacon ``POST /voila/api/shutdown/<id>`` (subclassed for checks)."""


# --- the request socket --------------------------------------------------------------------------------


class RequestInfoSocket(RequestInfoSocketHandler):
    """Voila's request socket (``/voila/query/<kernel id>``), which forgets what it delivered.

    Works around voila 0.5.13 (``voila/request_info_handler.py: RequestInfoSocketHandler.send_updates``):
    the request info of a visitor whose pooled kernel had not connected yet is kept in the class attribute
    ``_cache`` for ever (a visitor's ``?code=`` included). It is dropped once delivered. The kit hears when a
    kernel opens the socket (:meth:`kernel_listening`): its notebook is then ready and waits for a visitor.
    """

    def open(self, kernel_id: str) -> None:
        super().open(kernel_id)
        RequestInfoSocketHandler._cache.pop(kernel_id, None)
        self.kernel_listening(kernel_id)

    def kernel_listening(self, kernel_id: str) -> None:
        """Hook: the pooled kernel ``kernel_id`` waits for its visitor."""


# --- the kernel websocket ------------------------------------------------------------------------------


def binary_message_kind(message: bytes) -> tuple[str | None, str | None]:
    """``(msg_type, stream name)`` of a v1 binary message, read the way Voila reads it.

    The stream name is given for ``stream`` messages only (None when the message cannot be read). Uses
    ``voila.tornado.kernel_websocket_handler.read_header_from_binary_message``, which loops without end on a
    message in the legacy format (see :meth:`KernelSocket.refuse`): only call it on a v1 socket.
    """
    header = read_header_from_binary_message(message) or {}
    kind = header.get("msg_type")
    return kind, stream_name_of_v1_message(message) if kind == "stream" else None


class KernelSocket(PlainErrors, VoilaKernelWebsocketHandler):
    """Voila's kernel websocket with a hook that may withhold a message, and plain refusals.

    Voila 0.5.13 reads the header of every binary message it sends with ``read_header_from_binary_message``
    (``voila/tornado/kernel_websocket_handler.py``), which assumes the v1 format: a message in the legacy
    format makes it count some 2**60 offsets, an endless loop in the server's only thread. The kit therefore
    accepts the v1 subprotocol only (its check is in :mod:`coffeechat.server.voila_app`; the reason is here).
    """

    def withhold(self, msg_type: str | None, stream: str | None) -> bool:
        """Hook: True keeps a binary message from the browser."""
        return False

    def write_message(self, message, binary: bool = False):
        if isinstance(message, bytes) and self.withhold(*binary_message_kind(message)):
            return None
        return super().write_message(message, binary)

    def refuse(self, status: int, why: str) -> None:
        """Refuse the socket before it opens: the status and ``why`` in one line of the access log.

        The reason goes into the status line (no ``log_message``), so tornado logs no second line for it, and
        :class:`PlainErrors` writes no traceback."""
        raise web.HTTPError(status, reason=why)


# --- the pooling kernel manager ------------------------------------------------------------------------


def without_earlier_visitor(env: dict | None) -> tuple[dict | None, bool]:
    """A kernel's environment without what Voila copied from the visitor who took the previous pooled kernel,
    and whether the kernel is for the pool.

    Works around voila 0.5.13 (``voila/voila_kernel_manager.py: get_rendered_notebook`` → ``fill_if_needed``
    passes on ``extra_kernel_env_variables``, which ``voila/handler.py: VoilaHandler.get`` fills with
    ``VOILA_REQUEST_URL``): the refill of the pool started with the address (and ``?code=``) of the visitor
    whose arrival started it."""
    pooled = bool(env) and env.get(PREHEAT_VARIABLE) == "True"
    if pooled:
        env = {name: value for name, value in env.items() if name not in EARLIER_VISITOR}
    return env, pooled


class StartedPool:
    """Mixed in before Voila's ``VoilaKernelManager``: visitors get only started pooled kernels, warm ones first.

    Works around voila 0.5.13 (``voila/voila_kernel_manager.py: VoilaKernelManager.get_pool_size`` and
    ``get_rendered_notebook``): Voila counts a pooled kernel that is still starting as available and makes
    the visitor wait for it before it sends the first byte of the page; with this mixin that visitor is served
    at once instead, the normal way. Reads Voila's private ``_pools`` (notebook → list of futures of
    ``{"kernel_id", "task", "renderer"}``) and relies on ``get_rendered_notebook`` taking the first item and
    returning ``(render task, rendered cells, kernel id)``.

    The kernel manager below provides ``is_warm(kernel_id)`` and ``pooled_kernel_taken(kernel_id)``.
    """

    def _started(self, item: asyncio.Future) -> bool:
        return item.done() and not item.cancelled() and item.exception() is None

    def _ready_items(self, notebook_name: str) -> list[asyncio.Future]:
        items = [item for item in self._pools.get(notebook_name, []) if self._started(item)]
        items = [item for item in items if item.result().get("kernel_id") in self]
        return sorted(items, key=lambda item: not self.is_warm(item.result()["kernel_id"]))

    def get_pool_size(self, notebook_name: str) -> int:
        return len(self._ready_items(notebook_name))

    async def get_rendered_notebook(self, notebook_name: str, extra_kernel_env_variables: dict | None = None, **kwargs):
        ready = self._ready_items(notebook_name)
        if not ready:
            raise RuntimeError(f"no started kernel in the pool of {notebook_name}")
        pool = self._pools[notebook_name]
        pool.remove(ready[0])
        pool.insert(0, ready[0])  # Voila takes the first item
        rendered = await super().get_rendered_notebook(notebook_name, extra_kernel_env_variables or {}, **kwargs)
        self.pooled_kernel_taken(rendered[2])
        return rendered

    def pooled_kernel_ids(self) -> list[str]:
        """Kernels that wait in the pool for a visitor (started, not yet taken)."""
        return [
            item.result()["kernel_id"]
            for pool in self._pools.values()
            for item in pool
            if self._started(item) and item.result().get("kernel_id") in self
        ]

    def cancel_renders(self) -> None:
        """Cancel the pool's renders under way (Voila's ``shutdown_all`` would await them while their kernels
        are being stopped); whatever kernel they started is stopped by the shutdown or killed after it."""
        for pool in self._pools.values():
            for render in [render for render in pool if not render.done()]:
                render.cancel()
                pool.remove(render)


def with_pool_mixin(voila_factory, mixin: type):
    """Wrap ``voila.voila_kernel_manager.voila_kernel_manager_factory``: with preheating, ``mixin`` goes before
    Voila's pooling manager."""

    @functools.wraps(voila_factory)
    def factory(base_class, preheat_kernel, default_pool_size, page_config_hook=None):
        manager_class = voila_factory(base_class, preheat_kernel, default_pool_size, page_config_hook=page_config_hook)
        if not preheat_kernel:
            return manager_class
        return type(f"{mixin.__name__}KernelManager", (mixin, manager_class), {"__doc__": mixin.__doc__})

    return factory


# --- the application -----------------------------------------------------------------------------------


class VoilaApp(Voila):
    """Voila with three doors opened: handlers replaced by class, a mixin before its pooling kernel manager, and a
    stop that stops the kernels before their connection files go."""

    #: mixed in before Voila's pooling kernel manager when preheating (None: Voila's own)
    pool_mixin: type | None = StartedPool

    stop_timeout = Float(
        4.0,
        config=True,
        help="On SIGTERM, how long the kernels get to stop before they are killed (within the 5 s that `serve` "
        "and JupyterHub's spawner give before their SIGKILL).",
    )

    #: set before ``init_settings`` to serve Voila's own JavaScript at ``voila/static/v-<static_version>/``
    static_version: str | None = None
    #: what serves that address (a subclass of :class:`VersionedStaticHandler`)
    versioned_static_handler: type = VersionedStaticHandler

    def handler_replacements(self) -> dict[str, type]:
        """Hook: what serves in place of Voila's handlers, by role: ``"page"`` (a :class:`PageHandler`),
        ``"kernel_socket"`` (:class:`KernelSocket`), ``"kernel"`` (:class:`KernelRestHandler`), ``"shutdown"``
        (:class:`ShutdownHandler`), ``"request_info"`` (:class:`RequestInfoSocket`), ``"static"``,
        ``"template_static"`` and ``"extensions"`` (the static file handlers above)."""
        return {}

    def _replacements(self) -> dict[type, type]:
        voila_classes = {
            "page": TornadoVoilaHandler,
            "kernel_socket": VoilaKernelWebsocketHandler,
            "kernel": KernelHandler,
            "shutdown": VoilaShutdownKernelHandler,
            "request_info": RequestInfoSocketHandler,
            "static": MultiStaticFileHandler,
            "template_static": TemplateStaticFileHandler,
            "extensions": FileFindHandler,
        }
        defaults = {
            "static": CompressedStaticHandler,
            "template_static": TemplateAssetHandler,
            "extensions": ExtensionAssetHandler,
            "request_info": RequestInfoSocket,
        }
        chosen = {**defaults, **self.handler_replacements()}
        return {voila_classes[role]: handler for role, handler in chosen.items()}

    def _page_config(self, configured_hook, page_config, **kwargs):
        if configured_hook:
            page_config = configured_hook(page_config, **kwargs)
        page_config["fullStaticUrl"] = url_path_join(self.base_url, "voila/static", f"v-{self.static_version}")
        return page_config

    def init_settings(self) -> dict:
        """Voila's settings, its kernel manager class made with :attr:`pool_mixin`.

        With :attr:`static_version`, the page loads Voila's JavaScript from the versioned address (Voila's
        page config key ``fullStaticUrl``, read by its front end; Voila marks its static files ``no-cache``).

        Works around voila 0.5.13 (``voila/app.py: Voila.init_settings``): the kernel manager class is built
        there from the module-level ``voila_kernel_manager_factory``, with no option to put a class in front of
        its pooling manager; the name is swapped for the call and put back.
        """
        if self.static_version:
            configured_hook = self.voila_configuration.page_config_hook
            self.voila_configuration.page_config_hook = functools.partial(self._page_config, configured_hook)
        original = voila_app_module.voila_kernel_manager_factory
        if self.pool_mixin is not None:
            voila_app_module.voila_kernel_manager_factory = with_pool_mixin(original, self.pool_mixin)
        try:
            return super().init_settings()
        finally:
            voila_app_module.voila_kernel_manager_factory = original

    def init_handlers(self) -> list:
        """Voila's handler table with :meth:`handler_replacements` applied.

        Works around voila 0.5.13 (``voila/app.py: Voila.init_handlers``): a fixed list of
        ``(pattern, class, kwargs)`` with no option to change a handler; each rule is kept, only its class
        swapped."""
        replacements = self._replacements()
        handlers = [(rule[0], replacements.get(rule[1], rule[1]), *rule[2:]) for rule in super().init_handlers()]
        if not self.static_version:
            return handlers
        versioned = (
            url_path_join(self.server_url, rf"/voila/static/v-{self.static_version}/(.*)"),
            self.versioned_static_handler,
            {"paths": self.static_paths, "default_filename": None},
        )
        return [versioned, *handlers]

    def leftover_kernels(self, connection_dir: str) -> None:
        """Hook: stop what still runs with a connection file in ``connection_dir`` after the shutdown."""

    def stop(self) -> None:
        """Stop every kernel (killing what does not stop in time), then remove their connection files.

        Works around voila 0.5.13 (``voila/app.py: Voila.stop``): it removes the folder of connection files
        first, then runs the shutdown with jupyter_core's ``run_sync`` on a new event loop, where the tasks of
        the stopped server loop (a kernel being launched, the pool's renders) never finish. On SIGTERM while
        the pool refilled (after every page) Voila exited 1 or hung until its supervisor killed it, and kernels
        lived on. See docs/explanation/upstream-reports.md.
        """
        try:
            self.ioloop.run_sync(self._stop_kernels)
        finally:
            shutil.rmtree(self.connection_dir, ignore_errors=True)

    async def _stop_kernels(self) -> None:
        manager = self.kernel_manager
        if hasattr(manager, "cancel_renders"):
            manager.cancel_renders()
        try:
            await asyncio.wait_for(manager.shutdown_all(), timeout=self.stop_timeout)
        except Exception as error:  # noqa: BLE001 - the kernels are killed below whatever went wrong
            self.log.warning("kernels did not all stop in time (%r); killing them", error)
        self.leftover_kernels(self.connection_dir)

"""Voila as ``coffeechat serve`` runs it: a light page, a pool of warm kernels, and kernels that start in order.

``python -m coffeechat.voila_app NOTEBOOK [Voila's options]`` is Voila 0.5's own command with these changes:

- **Compressed responses.** Static files (Voila's JavaScript, JupyterLab's CSS, the widget extensions) are
  gzipped once and kept in memory, so thirty first visits cost the server no compression work; the page
  itself and the kernels' websockets are compressed on the fly.
- **Long-lived caching.** Voila's own JavaScript is served under an address that carries a fingerprint of
  the installed files (``voila/static/v-<fingerprint>/``), so it can be cached for a year and a new Voila
  gets new addresses. Extension files whose names carry a content hash are cached for a year too. A reload
  then asks the server for the page and the kernel, not for every file again (Voila marks them all
  ``no-cache``).
- **The pool.** With ``--preheat_kernel``, :class:`coffeechat.kernels.RoomPool` is mixed into Voila's
  pooling manager, and Voila's request socket tells the manager when a pooled kernel is warm
  (:class:`WarmSignalSocketHandler`).

Everything else (options, template, handlers) is Voila's.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import mimetypes
import os
import re
import threading
from pathlib import Path

from jupyter_server.base.handlers import FileFindHandler
from jupyter_server.utils import url_path_join
from voila import __version__ as voila_version
from voila import app as voila_app_module
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler

from .kernels import RoomPool

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


class WarmSignalSocketHandler(RequestInfoSocketHandler):
    """Voila's request socket: a pooled kernel opens it once its notebook waits for a visitor.

    That tells the kernel manager the kernel is warm (the next one may start). The request info Voila
    kept for a kernel that had not connected yet is dropped once delivered; Voila keeps it forever.
    """

    def open(self, kernel_id: str) -> None:
        super().open(kernel_id)
        if kernel_id in RequestInfoSocketHandler._cache:
            RequestInfoSocketHandler._cache.pop(kernel_id, None)
        manager = self.settings.get("kernel_manager")
        if manager is not None and hasattr(manager, "kernel_warm"):
            manager.kernel_warm(kernel_id)


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
    """Voila with compressed, long-cached static files and the room's kernel pool."""

    def init_settings(self) -> dict:
        self.static_version = static_fingerprint(self.static_paths)
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
        }
        handlers = [(rule[0], replacements.get(rule[1], rule[1]), *rule[2:]) for rule in super().init_handlers()]
        versioned = (
            url_path_join(self.server_url, rf"/voila/static/v-{self.static_version}/(.*)"),
            VersionedStaticHandler,
            {"paths": self.static_paths, "default_filename": None},
        )
        return [versioned, *handlers]


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()

"""tornado 6.6: its static file handler serving a compressed copy, and a refusal's reason for the log."""

from __future__ import annotations

import gzip
import mimetypes
import os
import threading
from pathlib import Path
from typing import ClassVar

from tornado import web

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
#: smaller files are not worth compressing
MIN_COMPRESS_BYTES = 1024


class CompressedStatic:
    """Mixed into tornado's static file handlers: serve a gzipped copy, made once per file, to browsers that take it.

    Works around tornado 6.6 (``tornado/web.py: StaticFileHandler`` with ``compress_response``): tornado's
    ``GZipContentEncoding`` compresses every static response again, per request (thirty first visits cost the
    server thirty compressions of the same JavaScript), and ``StaticFileHandler`` has no hook for a stored
    compressed copy. So ``set_headers`` replaces the instance's ``get_content`` (which ``StaticFileHandler.get``
    calls as ``self.get_content(path, start, end)``) with the stored bytes; the class method of that name stays
    as it is for tornado's own class-level uses (the ETag hashes the file itself).
    """

    #: shared by every handler on purpose: one gzip of each file for the whole server
    _compressed: ClassVar[dict[tuple[str, int, int], bytes]] = {}
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
            self.get_content = lambda _path, start=None, end=None: [body[start:end]]

    def get_content_size(self) -> int:
        body = self._gzipped()
        return len(body) if body is not None else super().get_content_size()


def reason_of(handler: web.RequestHandler) -> str:
    """The reason phrase a handler answered with (tornado keeps it only in the private ``_reason``)."""
    return getattr(handler, "_reason", "") or ""

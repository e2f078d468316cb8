"""The participant's kernel: ipykernel without its debugger, without OpenSSL and without IPython's history.

``coffeechat serve`` puts ``server/jupyter`` first on ``JUPYTER_PATH``, so Voila finds the kit's
``kernels/python3/kernel.json`` before Jupyter's own and starts participants' kernels with
``python -m coffeechat.server.launcher``. JupyterLab (``make lab``) and the tests keep the stock kernel.

- No debugger: ipykernel imports debugpy into every kernel when it can (8 MB and 80 modules per kernel,
  measured). Voila never lets a page send debug requests, so a participant's kernel has no use for it.
- No OpenSSL, when the journal is a local SQLite file: loading Python's ``_hashlib`` and ``_ssl`` maps and
  initialises OpenSSL's libcrypto, 4.5 MB of every kernel (measured), for nothing a kernel does. It talks only
  to its own server over local ZeroMQ; its messages are still signed with HMAC-SHA256, by the SHA-256 and
  HMAC that Python builds in (``hashlib`` and ``hmac`` fall back to them by design), and asyncio runs without
  ``ssl``. A kernel whose journal is PostgreSQL (``$COFFEECHAT_DATABASE_URL``) keeps OpenSSL: psycopg needs it.
- No history: IPython keeps every cell in an SQLite file with a thread of its own; nobody types cells here.

Together this is about a quarter of a participant's kernel (``make bench``). Nothing else changes.
"""

from __future__ import annotations

import logging
import os
import sys

from coffeechat.storage.paths import DATABASE_URL_VAR

#: what a participant's kernel never loads (see the module's docstring); each one's importers allow its absence
LEFT_OUT = ("debugpy",)
#: left out too when the journal is local: ``hashlib``, ``hmac`` and asyncio fall back to Python's own code
OPENSSL = ("_hashlib", "_ssl")


class _LeftOut:
    """An import hook that makes importing the packages named fail, as if they were not installed."""

    def __init__(self, names: tuple[str, ...]):
        self.names = names

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.names:
            raise ImportError(f"a participant's kernel runs without {name}")
        return


def left_out(environ=os.environ) -> tuple[str, ...]:
    """The packages this kernel goes without: OpenSSL only when its journal is not PostgreSQL."""
    return LEFT_OUT if environ.get(DATABASE_URL_VAR, "").strip() else LEFT_OUT + OPENSSL


def log_to_the_server() -> logging.Handler:
    """The kit's notes, warnings and errors go to the kernel's own stderr, which is the server's log (notes such as
    "the journal works again", which ends an outage's one warning line).

    ipykernel replaces ``sys.stderr`` with the page's output stream, which Voila hides: without this, an
    error a participant met (the friendly message on their page) would leave no trace for the facilitator.
    """
    handler = logging.StreamHandler(sys.__stderr__)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("[coffeechat kernel %(process)d] %(levelname)s %(message)s"))
    logger = logging.getLogger("coffeechat")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return handler


def main(argv: list[str] | None = None) -> None:
    log_to_the_server()
    sys.meta_path.insert(0, _LeftOut(left_out()))
    # after the hook: ipykernel looks for debugpy when it is imported
    from coffeechat.upstream.ipykernel import LosslessKernelApp

    arguments = list(sys.argv[1:] if argv is None else argv)
    LosslessKernelApp.launch_instance(argv=[*arguments, "--HistoryManager.enabled=False"])


if __name__ == "__main__":
    main()

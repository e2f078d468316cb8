"""Debian's Chromium, launched the same way by every browser test and every benchmark.

The flags: headless; no sandbox (containers and CI run as root); no GPU; and nothing that talks to the
internet on its own (QUIC, background networking, component updates, sync, the first-run page), so a run
asks no host but the server under test and is not slowed by requests that go nowhere.
"""

from __future__ import annotations

from pathlib import Path

PATH = "/usr/bin/chromium"
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
MISSING = f"{PATH} not found: the browser tests and benchmarks need Debian's chromium (apt-get install chromium)"


def installed() -> bool:
    return Path(PATH).exists()


def launch(playwright, env: dict[str, str] | None = None, **options):
    """Chromium from ``PATH`` with ``ARGS``, for a sync or an async Playwright (then await the result).

    ``env`` is the browser's environment (e.g. a font setup of the tests' own); ``options`` go to
    Playwright's ``launch`` as they are.
    """
    if not installed():
        raise FileNotFoundError(MISSING)
    if env is not None:
        options["env"] = env
    return playwright.chromium.launch(executable_path=PATH, args=list(ARGS), **options)

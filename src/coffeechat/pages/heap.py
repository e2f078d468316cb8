"""What a screen held goes back to the system once the next screen has settled.

Each screen a participant opens builds a few hundred widgets and drops those of the screen before. The
dropped widgets hold each other in cycles (their callbacks), which only Python's full collection frees, and
that runs rarely; what it frees, glibc's allocator then keeps in its heap. A participant's kernel in Voila grew
about 0.4 MB per tour of the modules this way, for as long as the page was open (``make bench``).

So the kernel keeps for good what lives as long as it does (modules, content, journal, the app's frame:
:func:`keep_for_good`), and a moment after each screen change collects what is left and trims the heap
(:func:`give_back_soon`). With everything permanent frozen, a full collection walks only what the screens made:
under a millisecond for a screen change, instead of 50-80 ms for the whole kernel. ``malloc_trim`` takes 2-4
ms; where the C library has none (not glibc), only the collection runs
(:func:`coffeechat.upstream.glibc.give_back`).
"""

from __future__ import annotations

import asyncio
import gc

from coffeechat.upstream.glibc import give_back

#: how long after a screen change the kit waits (the new screen's messages are on their way by then)
SETTLE_SECONDS = 0.5
_pending: asyncio.TimerHandle | None = None
_keep = False


def keep_for_good() -> None:
    """Give back, then everything still alive lives as long as the kernel: the collector stops walking it."""
    give_back()
    gc.freeze()


def give_back_soon(then_keep: bool = False) -> None:
    """Give back ``SETTLE_SECONDS`` after the first of a run of calls (the run gives back once); with
    ``then_keep``, what is alive after that is kept for good. Outside a running event loop (a script, a test
    driving the views) nothing happens: nobody waits on that process's memory."""
    global _pending, _keep
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    _keep = _keep or then_keep
    if _pending is not None and loop.time() < _pending.when():
        return
    _pending = loop.call_later(SETTLE_SECONDS, _settled)


def _settled() -> None:
    global _keep
    keep_for_good() if _keep else give_back()
    _keep = False

"""The C library's allocator and Python's collector: freed memory handed back to the system."""

from __future__ import annotations

import ctypes
import functools
import gc


@functools.cache
def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return None


def give_back() -> None:
    """Collect what is left in reference cycles, then hand the heap's free pages back to the system.

    Works around two upstream behaviours together: ipywidgets' widgets hold each other in cycles through their
    callbacks (freed only by a full collection, which runs rarely), and glibc's ``malloc`` keeps what Python
    frees in its heap (``malloc_trim(0)`` returns it; not part of Python's API, so it is reached with
    :mod:`ctypes`). Where the C library has no ``malloc_trim`` (not glibc), only the collection runs.
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)

"""The repository's root on ``sys.path``: the one place the benchmarks set it.

A benchmark runs as a script (``python benchmarks/bench_x.py``, which is also what ``make bench`` does), so
Python puts only ``benchmarks/`` on ``sys.path``. ``import repo`` (this file, beside the scripts) adds the
root, and with it the tests' shared harness (``tests.harness``: Chromium, ports, servers) and helpers
(``tests.postgres``, ``tests.hub``). Import it before them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

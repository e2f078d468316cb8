"""The harness the tests and the benchmarks share, written once.

- :mod:`tests.harness.chromium`: Debian's Chromium (its path, the flags every run launches it with, and
  :func:`~tests.harness.chromium.launch` for Playwright, sync or async);
- :mod:`tests.harness.ports`: a free loopback port (any, or one from a range) and waiting for a server to
  answer, failing with its log when it exits or never does;
- :mod:`tests.harness.serve`: ``coffeechat serve`` or plain Voila as a child process on loopback, with its
  URL, its log in a file, and a stop that leaves nothing behind.

Plain modules, no pytest: the benchmarks import them too. A benchmark run as ``python benchmarks/bench_x.py``
finds this package through ``benchmarks/repo.py``, which puts the repository's root on ``sys.path``.
"""

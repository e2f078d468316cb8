"""The one adapter over the internals of the libraries the kit stands on (bottom layer: third-party imports only).

Every use of a private name, every override of an upstream method that is not a documented extension point,
every monkeypatch and every re-implementation of an upstream protocol lives here, one module per upstream
project. Each class and function says in its docstring what it works around; ``docs/explanation/upstream.md`` is the
register (what a user would notice, the upstream issue or source line, the fence test in
``tests/integration/test_upstream_fences.py``). The kit's own policy (who may use a kernel, limits, the page's security
policy, the pool's size) stays in :mod:`coffeechat.server`; this package offers the hooks it plugs into.

Nothing is imported here: a participant's kernel imports :mod:`coffeechat.upstream.voila_kernel` without
loading Voila's server.
"""

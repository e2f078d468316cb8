"""The integration tier: kernels, servers and PostgreSQL.

Here a journal lives in a fresh PostgreSQL database. The unit tier's journal tests run on SQLite; each
``test_*_on_postgres.py`` imports one unit module's tests, and of those this tier keeps the ones that reach
the ``store`` fixture, so every promise of the journal is also checked on PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.stores import PostgresStore

ON_POSTGRES = "_on_postgres.py"


@pytest.fixture
def store(postgres_server):
    """A fresh database on the run's PostgreSQL server, in place of the unit tier's SQLite file (dropped after
    the test: the server is shared by every test of this worker)."""
    store = PostgresStore(postgres_server)
    yield store
    store.drop()


def pytest_collection_modifyitems(config, items):
    """Of a unit module imported into a ``*_on_postgres.py`` module, keep only the tests that use a journal."""
    kept, dropped = [], []
    for item in items:
        unrelated = item.path.name.endswith(ON_POSTGRES) and "store" not in item.fixturenames
        (dropped if unrelated else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept

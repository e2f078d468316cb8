"""tests/unit/test_retention.py's tests that use a journal (``store``), again on PostgreSQL (conftest.py)."""

from tests.unit.test_retention import *  # noqa: F403 - its tests and fixtures; conftest.py keeps those that reach ``store``

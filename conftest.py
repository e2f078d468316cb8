"""Test-wide setup: every test run writes participant data and caches into throw-away folders, never the real ones."""

import os
import tempfile

os.environ["COFFEECHAT_DATA_DIR"] = tempfile.mkdtemp(prefix="coffeechat-test-data-")
os.environ.pop("COFFEECHAT_DATABASE_URL", None)  # a developer's shared journal is never a test's; tests set their own
os.environ["COFFEECHAT_CACHE_DIR"] = tempfile.mkdtemp(prefix="coffeechat-test-cache-")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

#: the tiers, by folder: ``make test-fast`` runs the first, ``make test`` all three
TIERS = {
    "tests/unit": "unit",
    "tests/integration": "integration",
    "notebooks": "integration",
    "tests/browser": "browser",
}


def pytest_collection_modifyitems(config, items):
    """Mark each test with its tier from the folder it lives in; a test outside the tiers' folders fails."""
    root = config.rootpath
    for item in items:
        where = item.path.relative_to(root).as_posix()
        tier = next((tier for folder, tier in TIERS.items() if where.startswith(folder + "/")), None)
        if tier is None:
            raise pytest.UsageError(f"{where}: put the test into one of the tiers' folders: {', '.join(TIERS)}")
        item.add_marker(tier)

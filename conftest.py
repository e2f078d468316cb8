"""Test-wide setup: every test run writes participant data and caches into throw-away folders, never the real ones."""

import os
import tempfile

os.environ["COFFEECHAT_DATA_DIR"] = tempfile.mkdtemp(prefix="coffeechat-test-data-")
os.environ.pop("COFFEECHAT_DATABASE_URL", None)  # a developer's shared journal is never a test's; tests set their own
os.environ["COFFEECHAT_CACHE_DIR"] = tempfile.mkdtemp(prefix="coffeechat-test-cache-")
os.environ.setdefault("MPLBACKEND", "Agg")

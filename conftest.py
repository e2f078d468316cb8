"""Test-wide setup: every test run writes participant data into a throw-away folder, never the real one."""

import os
import tempfile

os.environ["COFFEECHAT_DATA_DIR"] = tempfile.mkdtemp(prefix="coffeechat-test-data-")
os.environ.setdefault("MPLBACKEND", "Agg")

"""Sphinx configuration of the coffeechat documentation (``make docs``): MyST Markdown and the PyData theme, as
JupyterHub, JupyterLab and ipywidgets use. Builds offline: no intersphinx, no fonts or scripts from elsewhere."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

project = "coffeechat"
author = "the coffeechat developers"
copyright = "2026, the coffeechat developers"

extensions = [
    "myst_parser",
    "sphinx_design",
]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
nitpicky = True

html_theme = "pydata_sphinx_theme"
html_title = "coffeechat"
html_theme_options = {
    "navigation_with_keys": True,
    "show_toc_level": 2,
    "use_edit_page_button": False,
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_static_path: list[str] = []

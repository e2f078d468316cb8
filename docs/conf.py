"""Sphinx configuration of the coffeechat documentation (``make docs``): MyST Markdown and the PyData theme, as
JupyterHub, JupyterLab and ipywidgets use. Builds offline: no intersphinx, no fonts or scripts from elsewhere."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

project = "coffeechat"
author = "the coffeechat developers"
copyright = "2026, the coffeechat developers"

extensions = [
    "myst_parser",
    "sphinx_design",
    "coffeechat_docs",
]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated", "_ext"]
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
html_extra_path = ["_generated/site"]  # the guide PDFs at the site's root (made by coffeechat_docs)

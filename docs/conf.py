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
    "sphinx.ext.autodoc",
    "sphinxarg.ext",
    "sphinxcontrib.autodoc_pydantic",
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

# autodoc_pydantic: the content models as a reader of the YAML needs them (fields, types, constraints)
autodoc_default_options = {"member-order": "bysource"}
autodoc_pydantic_model_show_json = False
autodoc_pydantic_model_show_config_summary = False
autodoc_pydantic_model_show_config_member = False
autodoc_pydantic_model_show_validator_summary = False
autodoc_pydantic_model_show_validator_members = False
autodoc_pydantic_model_show_field_summary = False
autodoc_pydantic_model_member_order = "bysource"
autodoc_pydantic_model_undoc_members = True
autodoc_pydantic_field_list_validators = False
autodoc_pydantic_field_show_constraints = True
# names in the models' annotations and docstrings that have no page of their own in this site
nitpick_ignore = [
    ("py:class", "Slug"),
    ("py:class", "FilterTerm"),
    ("py:class", "CarryTo"),
    ("py:class", "PromptKind"),
    ("py:class", "StallReason"),
    ("py:class", "QuestionFlagId"),
    ("py:class", "MessageFlagId"),
    ("py:class", "MessageLength"),
    ("py:class", "Field"),
    ("py:class", "RootModelRootType"),
    ("py:mod", "coffeechat.content.checks"),
    ("py:meth", "Workshop.slide"),
    ("py:func", "keyword_list"),
]

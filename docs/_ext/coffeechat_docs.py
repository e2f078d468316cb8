"""The documentation's own Sphinx extension: what the pages show is made from the code at build time.

Before Sphinx reads the pages, :func:`generate` writes ``docs/_generated/`` (ignored by git):

- ``site/coffeechat-guide-de.pdf``, ``site/coffeechat-guide-en.pdf``: the facilitator guide of the 90-minute
  workshop, made as ``coffeechat guide`` makes it; linked with ``{download}``, and ``site/`` is copied to the
  site's root (``html_extra_path``), so ``/coffeechat-guide-en.pdf`` is a stable address;
- ``module-table.md``, ``format-table.md``: the tables of :mod:`coffeechat.documents.agenda`, for ``{include}``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

DOCS = Path(__file__).resolve().parents[1]
ROOT = DOCS.parent
GENERATED = DOCS / "_generated"
GUIDE_FORMAT = "ninety-minutes"
GUIDE_LANGUAGES = ("de", "en")


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` unless the file holds it already (an unchanged file keeps Sphinx's cache)."""
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def generate(app: Sphinx, config: Config) -> None:
    from coffeechat.content import load_workshop
    from coffeechat.documents.agenda import DEFAULT_START, format_table, module_table
    from coffeechat.documents.guide import facilitator_guide
    from coffeechat.documents.pdf import document_pdf

    (GENERATED / "site").mkdir(parents=True, exist_ok=True)
    workshop = load_workshop(ROOT / "exercises")
    _write(GENERATED / "module-table.md", (module_table(workshop) + "\n").encode())
    _write(GENERATED / "format-table.md", (format_table(workshop) + "\n").encode())
    for language in GUIDE_LANGUAGES:
        document = facilitator_guide(workshop, GUIDE_FORMAT, language, DEFAULT_START)
        _write(GENERATED / "site" / f"coffeechat-guide-{language}.pdf", document_pdf(document))


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", generate)  # before Sphinx checks html_extra_path
    return {"parallel_read_safe": True, "parallel_write_safe": True}

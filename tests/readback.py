"""Reading downloads back as their reader sees them: Markdown rendered by a CommonMark parser, PDF text."""

from __future__ import annotations

import io

from markdown_it import MarkdownIt
from pypdf import PdfReader

#: CommonMark with GitHub's tables and strike-through, as most Markdown viewers show a file
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
#: inline tokens that carry markup, not text: any of them in participant text means it was not escaped
MARKUP = {"strong_open", "em_open", "s_open", "link_open", "image", "code_inline", "html_inline"}


def markdown_blocks(source: str) -> list[tuple[str, set[str]]]:
    """Each block of text (a heading, a paragraph, a table cell) as shown, with the markup found inside it.

    Line breaks come back as ``\\n``; a table cell's ``<br>`` (the kit's own line break there) too.
    """
    blocks = []
    for token in _PARSER.parse(source):
        if token.type != "inline":
            continue
        text, markup = [], set()
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak") or (child.type == "html_inline" and child.content == "<br>"):
                text.append("\n")
            elif child.type in ("text", "code_inline", "html_inline"):
                text.append(child.content)
            if child.type in MARKUP and child.content != "<br>":
                markup.add(child.type)
        blocks.append(("".join(text), markup))
    return blocks


def markdown_text(source: str) -> str:
    """All text a reader of the rendered Markdown sees, block after block, one block a line."""
    return "\n".join(text for text, _markup in markdown_blocks(source))


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, as copying it out would give it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)

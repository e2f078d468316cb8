"""Documents as PDF, laid out with ReportLab's Platypus: flowing A4 pages, or one A5 pocket card.

Text is set in DejaVu Sans (the TrueType files matplotlib ships, so no font is downloaded), embedded, so
the PDF stays searchable and copyable, with umlauts and typographic quotes. Emoji, which DejaVu lacks, are set
in Noto Emoji (Google's monochrome emoji font, SIL Open Font License, shipped in ``documents/fonts``): a participant's
🙂 is drawn as a smiling face and copied out of the PDF as 🙂, with its skin tone, joiners and variation
selectors. A character neither font has (a script DejaVu does not cover) is spelled out
(``:cjk unified ideograph-4e2d:``) instead of vanishing. Participant text goes in as text, never as markup:
ReportLab's paragraph markup is escaped.

Upstream: ReportLab writes a character beyond U+FFFF into a font's ToUnicode map as one five-digit code
(``<1F642>``), which PDF readers reject (the map holds UTF-16BE), so the emoji would be drawn but could not be
copied or searched. :func:`_to_unicode_cmap` writes those as surrogate pairs; the function is swapped in once,
when the fonts are registered. Fenced by ``tests/unit/test_pdf.py``: the fence fails once ReportLab writes them right.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from coffeechat.documents import charts, export

FONT = "DejaVuSans"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
    f"{FONT}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}
EMOJI_FONT = "NotoEmoji"
EMOJI_FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoEmoji-Regular.ttf"

#: what ReportLab writes a font subset's ToUnicode map with (kept for the fence test)
REPORTLAB_TO_UNICODE_CMAP = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map, with each character beyond U+FFFF as the UTF-16BE surrogate pair PDF asks for."""

    def utf16(match: re.Match[str]) -> str:
        code = chr(int(match[2], 16)).encode("utf-16-be").hex().upper()
        return f"<{match[1]}> <{code}>"

    return re.sub(
        r"^<([0-9A-F]{2})> <([0-9A-F]{5,6})>$", utf16, REPORTLAB_TO_UNICODE_CMAP(fontname, subset), flags=re.M
    )


@dataclass(frozen=True)
class _Glyphs:
    """The characters each font can draw."""

    text: frozenset[int]
    emoji: frozenset[int]


@functools.lru_cache(maxsize=1)
def _fonts() -> _Glyphs:
    """Register DejaVu Sans and Noto Emoji with ReportLab (once per process); the characters each can draw."""
    spec = importlib.util.find_spec("matplotlib")  # its font files, without importing matplotlib
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the PDF needs matplotlib's DejaVu fonts: pip install matplotlib")
    folder = Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"
    faces = {name: TTFont(name, str(folder / file)) for name, file in _FONT_FILES.items()}
    faces[EMOJI_FONT] = TTFont(EMOJI_FONT, str(EMOJI_FONT_FILE))
    for face in faces.values():
        pdfmetrics.registerFont(face)
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Oblique", boldItalic=f"{FONT}-BoldOblique"
    )
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    return _Glyphs(frozenset(faces[FONT].face.charToGlyph), frozenset(faces[EMOJI_FONT].face.charToGlyph))


#: characters that only shape the one before them (variation selectors, skin tones, keycap, tags) and joiners
_ZWJ = 0x200D


def _extends(code: int) -> bool:
    return 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or code == 0x20E3 or 0xE0020 <= code <= 0xE007F


def _regional(code: int) -> bool:
    return 0x1F1E6 <= code <= 0x1F1FF


def _clusters(text: str) -> list[str]:
    """``text`` cut into what a reader sees as one character: an emoji with its modifiers and joined emoji, a
    flag's two letters, or a single character."""
    clusters: list[str] = []
    index = 0
    while index < len(text):
        end = index + 1
        if _regional(ord(text[index])) and end < len(text) and _regional(ord(text[end])):
            end += 1
        while end < len(text):
            code = ord(text[end])
            if _extends(code):
                end += 1
            elif code == _ZWJ:
                end += 2 if end + 1 < len(text) else 1
            else:
                break
        clusters.append(text[index:end])
        index = end
    return clusters


def _spelled(char: str) -> str:
    if unicodedata.category(char) in ("Mn", "Cf") or _extends(ord(char)):
        return ""  # a mark or joiner the fonts lack only shapes what stands beside it
    return f":{unicodedata.name(char, hex(ord(char))).lower()}:"


def _runs(text: str) -> list[tuple[str, str]]:
    """``text`` as (font, text) runs: DejaVu for what it can draw, Noto Emoji for emoji, and for a character
    neither has its name (``""`` as the font: spelled out in DejaVu)."""
    glyphs = _fonts()
    runs: list[tuple[str, str]] = []

    def add(font: str, part: str) -> None:
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + part)
        elif part:
            runs.append((font, part))

    for cluster in _clusters(text):
        codes = [ord(char) for char in cluster]
        if all(code in glyphs.text or char in "\n\t" for code, char in zip(codes, cluster, strict=True)):
            add(FONT, cluster)
        elif all(code in glyphs.emoji for code in codes):
            add(EMOJI_FONT, cluster)
        else:
            for char in cluster:
                code = ord(char)
                if code in glyphs.text:
                    add(FONT, char)
                elif code in glyphs.emoji:
                    add(EMOJI_FONT, char)
                else:
                    add(FONT, _spelled(char))
    return runs


def as_set(text: str) -> str:
    """``text`` as a paragraph of the PDF holds it: every character either font draws (emoji too) as it is, any
    other spelled out (see :func:`_runs`), so a reader copies back what the participant typed."""
    return "".join(part for _, part in _runs(text))


def printable(text: str) -> str:
    """``text`` for a place set in DejaVu alone (the chart's labels): what it cannot draw, emoji too, spelled out.

    Paragraphs (everything a participant wrote) keep their emoji as emoji; see :func:`_markup`.
    """
    known = _fonts().text
    return "".join(char if ord(char) in known or char in "\n\t" else _spelled(char) for char in text)


def _markup(text: str) -> str:
    """Text for a ReportLab paragraph: escaped, line breaks kept, emoji in the emoji font."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for line in lines:
        parts = []
        for font, part in _runs(line):
            escaped = escape(part)
            parts.append(f'<font name="{EMOJI_FONT}">{escaped}</font>' if font == EMOJI_FONT else escaped)
        out.append("".join(parts))
    return "<br/>".join(out)


class _Styles:
    """Paragraph styles for one base size; ``card``: a smaller title and no smaller subtitle (a persona card)."""

    def __init__(self, size: float, card: bool = False):
        base = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=size * 1.35, spaceAfter=size * 0.35)
        self.body = base
        title = size * (1.4 if card else 1.7)
        self.title = ParagraphStyle(
            "title", base, fontName=f"{FONT}-Bold", fontSize=title, leading=title * 1.24, spaceAfter=size * 0.3
        )
        self.subtitle = ParagraphStyle(
            "subtitle",
            base,
            fontSize=size if card else size * 0.9,
            textColor=colors.HexColor("#444444"),
            spaceAfter=size * 0.8,
        )
        self.heading = {
            2: ParagraphStyle(
                "h2",
                base,
                keepWithNext=1,
                fontName=f"{FONT}-Bold",
                fontSize=size * 1.3,
                leading=size * 1.7,
                spaceBefore=size * 0.9,
                spaceAfter=size * 0.3,
            ),
            3: ParagraphStyle(
                "h3",
                base,
                keepWithNext=1,
                fontName=f"{FONT}-Bold",
                fontSize=size * 1.1,
                leading=size * 1.45,
                spaceBefore=size * 0.6,
                spaceAfter=size * 0.2,
            ),
        }
        # the label of an answer stays with the answer
        self.strong = ParagraphStyle("strong", base, fontName=f"{FONT}-Bold", spaceAfter=size * 0.15, keepWithNext=1)
        self.emphasis = ParagraphStyle("emphasis", base, fontName=f"{FONT}-Oblique")
        self.quote = ParagraphStyle(
            "quote",
            base,
            leftIndent=size * 1.2,
            borderPadding=(0, 0, 0, size * 0.6),
            textColor=colors.HexColor("#222222"),
        )
        self.bullet = ParagraphStyle(
            "bullet", base, leftIndent=size * 1.3, bulletIndent=size * 0.2, bulletFontName=FONT, spaceAfter=size * 0.25
        )
        self.note = ParagraphStyle("note", self.bullet, leftIndent=size * 2.6, bulletIndent=size * 1.5)
        self.cell = ParagraphStyle("cell", base, spaceAfter=0)
        self.cell_right = ParagraphStyle("cell-right", self.cell, alignment=TA_RIGHT)
        self.cell_head = ParagraphStyle("cell-head", self.cell, fontName=f"{FONT}-Bold")
        self.cell_center = ParagraphStyle("cell-center", self.cell, alignment=1)
        self.help = ParagraphStyle(
            "help", base, fontName=f"{FONT}-Oblique", textColor=colors.HexColor("#444444"), spaceAfter=size * 0.3
        )
        self.size = size


def _flowables(document: export.Document, styles: _Styles, width: float) -> list:
    story: list = [Paragraph(_markup(document.title), styles.title)]
    if document.subtitle:
        story.append(Paragraph(_markup(document.subtitle), styles.subtitle))
    if document.chart:
        story.append(_chart(document.chart, width))
    for section in document.sections:
        story += _section(section, styles, 2, width)
    return _keep_headings_with_answers(story)


def _keep_headings_with_answers(story: list) -> list:
    """Put a heading (or an answer's label) into the prompt that follows it, so no page ends with it.

    ReportLab's ``keepWithNext`` does not reach into a :class:`KeepTogether`, which every prompt with its
    answer space is; the heading joins that group instead.
    """
    out: list = []
    for flowable in story:
        if isinstance(flowable, KeepTogether) and out and _keeps_with_next(out[-1]):
            leading: list = []
            while out and _keeps_with_next(out[-1]):
                leading.insert(0, out.pop())
            merged = KeepTogether([*leading, *flowable._content])
            if hasattr(flowable, "_cc_blank"):
                merged._cc_blank = flowable._cc_blank
            flowable = merged
        out.append(flowable)
    return out


def _keeps_with_next(flowable) -> bool:
    style = getattr(flowable, "style", None)
    return isinstance(flowable, Paragraph) and bool(getattr(style, "keepWithNext", 0))


def _section(section: export.Section, styles: _Styles, level: int, width: float) -> list:
    """A heading (kept on the page of what follows it), its blocks, then its subsections."""
    parts: list = [CondPageBreak(NEW_PAGE_UNLESS_FREE)] if section.new_page else []
    parts.append(Paragraph(_markup(section.heading), styles.heading[min(level, 3)]))
    parts += [flowable for block in section.blocks for flowable in _block(block, styles, width)]
    for subsection in section.subsections:
        parts += _section(subsection, styles, level + 1, width)
    return parts


def _block(block: export.Block, styles: _Styles, width: float) -> list:
    if isinstance(block, export.Paragraph):
        style = {"strong": styles.strong, "emphasis": styles.emphasis}.get(block.style, styles.body)
        return [Paragraph(_markup(block.text), style)]
    if isinstance(block, export.Quote):
        # a message moves to the next page whole, unless it is longer than a page
        return [KeepTogether([Paragraph(_markup(block.text), styles.quote)])]
    if isinstance(block, export.Bullets):
        # one paragraph per item (not a list flowable), so a heading keeps at least one item with it
        parts = []
        for item in block.items:
            parts.append(Paragraph(_markup(item.text), styles.bullet, bulletText="★" if item.star else "•"))
            parts += [Paragraph(_markup(note), styles.note, bulletText="–") for note in item.notes]
        return parts
    if isinstance(block, export.Blank):
        return [_blank(block, styles, width)]
    if isinstance(block, export.Figure):
        return [_chart(block.chart, width), Spacer(1, styles.size * 0.6)]
    if isinstance(block, export.Table):

        def cell(text: str, column: int, head: bool = False) -> Paragraph:
            style = styles.cell_head if head else (styles.cell_right if column in block.numeric else styles.cell)
            return Paragraph(_markup(text), style)

        rows = [[cell(text, i, True) for i, text in enumerate(block.header)]]
        rows += [[cell(text, i) for i, text in enumerate(row)] for row in block.rows]
        if block.widths:
            widths = [width * share / sum(block.widths) for share in block.widths]
        else:
            numeric_width = styles.size * 7
            text_columns = len(block.header) - len(block.numeric)
            free = width - numeric_width * len(block.numeric)
            widths = [
                numeric_width if i in block.numeric else free / max(1, text_columns) for i in range(len(block.header))
            ]
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    # the last row never stands alone under a repeated header (a run sheet's "End")
                    *([("NOSPLIT", (0, -2), (-1, -1))] if len(rows) > 3 else []),
                ]
            )
        )
        after = styles.size * 0.5
        return [_FitOrSplit(table, after) if block.fit else table, Spacer(1, after)]
    raise TypeError(f"unknown block {block!r}")


#: how much longer than the room left a fitted table may be and still be set smaller to stay whole (a fifth:
#: the text stays at least 83 % of its size)
FIT_AT_MOST = 1.2


class _FitOrSplit(Flowable):
    """A table set a little smaller where it is at most :data:`FIT_AT_MOST` times as long as the room left (so
    its last rows never stand alone on a page), else split as usual, the rest fitted again on the next page."""

    def __init__(self, table: Table, after: float = 0.0):
        super().__init__()
        #: the room the space after the table needs on the same page
        self.table, self.after, self.scale = table, after, 1.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.table.wrap(available_width, available_height)
        room = available_height - self.after
        fits = height <= room or height > room * FIT_AT_MOST
        self.scale = 1.0 if fits else room / height
        self.width, self.height = width * self.scale, height * self.scale
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list:
        parts = self.table.split(available_width, available_height)
        return [*parts[:-1], _FitOrSplit(parts[-1], self.after)] if len(parts) > 1 else parts

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        self.table.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


class _Rules(Flowable):
    """Ruled lines to write on."""

    def __init__(self, width: float, count: int, spacing: float = 8 * mm):
        super().__init__()
        self.width, self.count, self.spacing = width, count, spacing
        self.height = count * spacing

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv.setStrokeColor(colors.HexColor("#8a8a8a"))
        self.canv.setLineWidth(0.5)
        for number in range(1, self.count + 1):
            y = self.height - number * self.spacing
            self.canv.line(0, y, self.width, y)


def _blank(blank: export.Blank, styles: _Styles, width: float) -> KeepTogether:
    """A prompt and its answer space, kept on one page (a page break never falls between them)."""
    parts: list = [Paragraph(_markup(blank.label), styles.strong)]
    if blank.help:
        parts.append(Paragraph(_markup(blank.help), styles.help))
    if blank.kind == "lines":
        parts.append(_Rules(width, blank.lines))
    elif blank.kind == "date":
        parts.append(_Rules(width * 0.4, 1))
    elif blank.kind == "choices":
        parts += [Paragraph(_markup(option), styles.bullet, bulletText="☐") for option in blank.options]
    elif blank.kind == "scale":
        low, high = blank.scale
        numbers = [str(n) for n in range(low, high + 1)]
        cells = [[Paragraph(n, styles.cell_center) for n in numbers], ["☐"] * len(numbers)]
        table = Table(cells, colWidths=[min(12 * mm, width / len(numbers))] * len(numbers), hAlign="LEFT")
        table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("FONT", (0, 1), (-1, 1), FONT, 14)]))
        parts.append(table)
        if blank.low or blank.high:
            parts.append(Paragraph(_markup(f"{low} = {blank.low} · {high} = {blank.high}"), styles.help))
    elif blank.kind == "table":
        header = [Paragraph(_markup(column), styles.cell_head) for column in blank.columns]
        rows = [header] + [[""] * len(blank.columns) for _ in range(blank.rows)]
        shares = blank.widths or (1,) * len(blank.columns)
        table = Table(rows, colWidths=[width * share / sum(shares) for share in shares], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8a8a8a")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    *[("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white])],
                    *[("TOPPADDING", (0, r), (-1, r), 4 * mm) for r in range(1, blank.rows + 1)],
                ]
            )
        )
        parts.append(table)
    parts.append(Spacer(1, styles.size * 0.8))
    together = KeepTogether(parts)
    together._cc_blank = blank.label  # for blank_pages: which prompt this space belongs to
    return together


def _chart(chart: charts.Chart, width: float, max_height: float = 90 * mm) -> Drawing:
    """The chart's shapes as ReportLab vector graphics at the text width (or smaller, to leave room for text)."""
    scale = min(width / chart.width, max_height / chart.height)
    drawing = Drawing(chart.width * scale, chart.height * scale)
    group = Group()
    flip = lambda y: chart.height - y  # the chart's y grows downwards, ReportLab's upwards
    for shape in chart.shapes:
        if isinstance(shape, charts.Box):
            group.add(
                Rect(
                    shape.x,
                    flip(shape.y + shape.height),
                    shape.width,
                    shape.height,
                    fillColor=colors.HexColor(shape.fill),
                    strokeColor=colors.HexColor(shape.stroke),
                    strokeWidth=0.8,
                )
            )
            if shape.hatch:
                for x1, y1, x2, y2 in charts.hatch_lines(shape):
                    group.add(
                        Line(x1, flip(y1), x2, flip(y2), strokeColor=colors.HexColor(shape.stroke), strokeWidth=0.7)
                    )
        elif isinstance(shape, charts.Line):
            group.add(
                Line(
                    shape.x1,
                    flip(shape.y1),
                    shape.x2,
                    flip(shape.y2),
                    strokeColor=colors.HexColor(shape.stroke),
                    strokeWidth=shape.width,
                )
            )
        else:
            group.add(
                String(
                    shape.x,
                    flip(shape.y),
                    printable(shape.text),
                    fontName=f"{FONT}-Bold" if shape.bold else FONT,
                    fontSize=shape.size,
                    fillColor=colors.HexColor(shape.fill),
                    textAnchor=shape.anchor,
                )
            )
    group.scale(scale, scale)
    drawing.add(group)
    drawing.hAlign = "LEFT"
    return drawing


def _template(
    buffer: io.BytesIO, document: export.Document, pagesize, margin: float, template_class=SimpleDocTemplate
) -> SimpleDocTemplate:
    return template_class(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=document.title,
        author="coffeechat",
        creator="coffeechat",
        subject=document.subtitle,
    )


#: a section that starts a new page (``Section.new_page``) goes on on the same page when this much of it is free:
#: no page holds only the end of the section before (a fear's "Bis wann?" alone)
NEW_PAGE_UNLESS_FREE = 0.6 * (A4[1] - 2 * 18 * mm)
#: the last page of a document is near-empty when its text takes less than this share of it: then the document
#: is set at ``DOCUMENT_SMALLEST_TEXT`` instead of 10 pt (a question bank's last question alone on a page)
NEAR_EMPTY = 0.15
DOCUMENT_SMALLEST_TEXT = 9.5


def document_pdf(document: export.Document) -> bytes:
    """A document on as many A4 pages as it needs, at 10 pt; a heading or an answer's label never ends a page,
    and a last page that would be near-empty is avoided by setting the document a little smaller."""
    _fonts()
    data, pages, last_page_used = _document_at(document, 10.0)
    if pages > 1 and last_page_used < NEAR_EMPTY:
        data = _document_at(document, DOCUMENT_SMALLEST_TEXT)[0]
    return data


def _document_at(document: export.Document, size: float) -> tuple[bytes, int, float]:
    """``document`` as a PDF at ``size`` points, its number of pages and how much of the last page it uses."""
    lowest: dict[int, float] = {}

    class Measuring(SimpleDocTemplate):
        def afterFlowable(self, flowable):  # ReportLab's hook, by its name
            # the frame's _y is where the next flowable would start: ReportLab has no public name for it
            if self.frame is not None:  # None right after a page break
                lowest[self.page] = min(lowest.get(self.page, self.frame._y), self.frame._y)

    buffer = io.BytesIO()
    template = _template(buffer, document, A4, 18 * mm, Measuring)
    template.build(_flowables(document, _Styles(size), template.width))
    pages = max(lowest, default=1)
    used = (template.height + template.bottomMargin - lowest.get(pages, 0.0)) / template.height
    return buffer.getvalue(), pages, used


def pocket_card_pdf(document: export.Document) -> bytes:
    """A document on exactly one A5 page: set at 10 pt, and smaller where it would not fit."""
    _fonts()
    buffer = io.BytesIO()
    template = _template(buffer, document, A5, 10 * mm)
    story = _flowables(document, _Styles(10.0), template.width)
    template.build([KeepInFrame(template.width, template.height, story, mode="shrink")])
    return buffer.getvalue()


@dataclass(frozen=True)
class Placed:
    """A flowable as the layout set it: its text, the page, and whether it is a heading or part of a prompt."""

    text: str
    page: int
    heading: bool
    blank: int | None


def page_layout(document: export.Document) -> list[Placed]:
    """Every paragraph of ``document`` in the order :func:`document_pdf` sets it, with its page (layout checks).

    ``blank`` numbers the prompt with answer space a part belongs to, so a check can see that a prompt and
    its space share a page, and that no page ends with a heading.
    """
    _fonts()
    placed: list[Placed] = []

    class Recording(SimpleDocTemplate):
        def afterFlowable(self, flowable):  # ReportLab's hook, by its name
            for part in getattr(flowable, "_content", None) or [flowable]:
                text = part.getPlainText() if isinstance(part, Paragraph) else ""
                placed.append(Placed(text, self.page, _keeps_with_next(part), getattr(part, "_cc_part", None)))

    buffer = io.BytesIO()
    template = _template(buffer, document, A4, 18 * mm, Recording)
    story = _flowables(document, _Styles(10.0), template.width)
    for number, flowable in enumerate(story):
        if hasattr(flowable, "_cc_blank"):
            for part in flowable._content:
                part._cc_part = number
    template.build(story)
    return placed


# --- cards, one to a page ----------------------------------------------------------------------------------

#: a card's text size in points, read across a table: a card a little too long for its page is set smaller down to
#: ``CARD_SMALLEST_TEXT`` (issue 30 asks 9.5 pt or more), a longer one goes on over the next page
CARD_TEXT_SIZE = 10
CARD_SMALLEST_TEXT = 9.5
CARD_MARGIN = 10 * mm
CARD_PADDING = 6 * mm


def _height(flowables: list, width: float) -> float:
    """How tall ``flowables`` are set one under the other in a frame ``width`` wide."""
    return sum(f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def cards_pdf(title: str, cards: list[export.Document]) -> bytes:
    """Cards to hand out: each card on a page of its own, in a thin frame, at ``CARD_TEXT_SIZE``.

    A card never shares a page (the player of one persona never sees another's) and is never set smaller than
    ``CARD_SMALLEST_TEXT``; a card longer than that allows goes on over the next page. Searchable text as everywhere.
    """
    _fonts()
    buffer = io.BytesIO()
    page_width, page_height = A4
    card_width, card_height = page_width - 2 * CARD_MARGIN, page_height - 2 * CARD_MARGIN
    inner = (card_width - 2 * CARD_PADDING, card_height - 2 * CARD_PADDING)
    frame = Frame(
        CARD_MARGIN + CARD_PADDING,
        CARD_MARGIN + CARD_PADDING,
        *inner,
        id="card",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def card_frame(canvas, _document) -> None:
        """A thin frame to see the card by."""
        canvas.saveState()
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(colors.HexColor("#8a8a8a"))
        canvas.rect(CARD_MARGIN, CARD_MARGIN, card_width, card_height)
        canvas.restoreState()

    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="coffeechat",
        creator="coffeechat",
        pageTemplates=[PageTemplate(id="card", frames=[frame], onPage=card_frame)],
    )
    styles = _Styles(CARD_TEXT_SIZE, card=True)
    story: list = []
    for index, card in enumerate(cards):
        content = _flowables(card, styles, inner[0])
        if _height(content, inner[0]) * CARD_SMALLEST_TEXT <= inner[1] * CARD_TEXT_SIZE * 0.99:
            story.append(KeepInFrame(*inner, content, mode="shrink"))
        else:
            story.extend(content)
        if index < len(cards) - 1:
            story.append(PageBreak())
    template.build(story)
    return buffer.getvalue()

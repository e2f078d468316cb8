"""The fear charts as plain shapes: drawn as SVG for the page, and by :mod:`coffeechat.documents.pdf` for the take-home.

A chart is laid out once, here, as rectangles, lines and texts in a box of ``width`` × ``height`` points
(y grows downwards). :func:`to_svg` turns that into an SVG image for the page; ``pdf.py`` draws the same
shapes with ReportLab, so the PDF's chart is vector graphics with real text. Nothing here imports a
plotting library: matplotlib alone would add about 40 MB to every participant's kernel that draws a chart.

:func:`before_after_compact` is the same comparison laid out for a phone's width (the page's end of the journey),
:func:`profile_compact` the profile laid out so (the page's welcome):
its texts stay readable there (:func:`text_height`), and its shapes carry CSS classes (``css``) through which the
page draws them in the palette's colours, light or dark; the PDF ignores them.

Both charts stay readable in grey-scale print: the profile is dark bars with their numbers; before/after is
a light bar with diagonal hatching ("before") above a dark solid one ("after"), each with its number.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from html import escape

FONT_SIZE = 11.0
TITLE_SIZE = 13.0
INK = "#1f2a33"
MUTED = "#5b6670"
PROFILE = ("#3b5b78", "#1d2d3c")  # fill, edge
BEFORE = ("#d9d9d9", "#444444")
AFTER = ("#2b2b2b", "#000000")
HATCH_SPACING = 6.0
LABEL_WIDTH_CHARACTERS = 28


@dataclass(frozen=True)
class Box:
    """A bar: ``hatch`` draws diagonal lines over its fill."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str
    hatch: bool = False
    css: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = MUTED
    width: float = 1.0
    css: str = ""


@dataclass(frozen=True)
class Label:
    """A line of text; ``anchor`` is start, middle or end, ``y`` its baseline."""

    x: float
    y: float
    text: str
    size: float = FONT_SIZE
    anchor: str = "start"
    bold: bool = False
    fill: str = INK
    css: str = ""


@dataclass(frozen=True)
class Chart:
    """Shapes in a ``width`` × ``height`` box, and a one-sentence description for screen readers."""

    width: float
    height: float
    description: str
    shapes: tuple[Box | Line | Label, ...] = field(default=())


@dataclass(frozen=True)
class _Series:
    name: str
    values: tuple[int | float | None, ...]
    colours: tuple[str, str]
    hatch: bool = False


def fear_profile(labels: list[str], values: list[int | None], title: str, scale_max: int = 10) -> Chart:
    """How strongly each fear holds the participant back: one dark bar per fear, unrated ones empty."""
    return _bar_chart(labels, [_Series("", tuple(values), PROFILE)], title, scale_max, row_height=40.0)


def before_after(
    labels: list[str],
    before: list[int | None],
    after: list[int | None],
    title: str,
    legend: tuple[str, str],
    scale_max: int = 10,
) -> Chart:
    """Before and after side by side for each fear: hatched light bars, then solid dark bars."""
    series = [
        _Series(legend[0], tuple(before), BEFORE, hatch=True),
        _Series(legend[1], tuple(after), AFTER),
    ]
    return _bar_chart(labels, series, title, scale_max, row_height=52.0, legend=True)


def counts_chart(labels: list[str], counts: list[int | None], title: str, scale_max: int) -> Chart:
    """How many people each row counts (a module finished, a week to write by, a rating): one dark bar per row
    with its number, on a scale up to ``scale_max`` (the room's count); a row left out below 3 shows a dash."""
    step = max(1, -(-scale_max // 8))
    return _bar_chart(labels, [_Series("", tuple(counts), PROFILE)], title, max(1, scale_max), 34.0, tick_step=step)


def means_before_after(
    labels: list[str],
    before: list[float | None],
    after: list[float | None],
    title: str,
    legend: tuple[str, str],
    decimal: str = ".",
) -> Chart:
    """The room's mean rating of each fear before and after (one decimal, written with ``decimal``), laid out as
    :func:`before_after`."""
    series = [_Series(legend[0], tuple(before), BEFORE, hatch=True), _Series(legend[1], tuple(after), AFTER)]
    return _bar_chart(labels, series, title, 10, row_height=52.0, legend=True, decimal=decimal)


def _bar_chart(
    labels: list[str],
    series: list[_Series],
    title: str,
    scale_max: int,
    row_height: float,
    legend: bool = False,
    tick_step: int = 2,
    decimal: str = ".",
) -> Chart:
    width, left, right, top = 640.0, 230.0, 36.0, 36.0
    plot_width = width - left - right
    rows = len(labels)
    axis_y = top + rows * row_height
    height = axis_y + 28.0 + (22.0 if legend else 0.0)
    scale = plot_width / (scale_max + 0.8)
    shapes: list[Box | Line | Label] = [Label(0, 18.0, title, TITLE_SIZE, bold=True)]
    for tick in range(0, scale_max + 1, tick_step):
        x = left + tick * scale
        shapes.append(Line(x, top - 4, x, axis_y, stroke="#e4e1da", width=0.8))
        shapes.append(Label(x, axis_y + 16.0, str(tick), FONT_SIZE - 1, anchor="middle", fill=MUTED))
    shapes.append(Line(left, top - 4, left, axis_y, stroke=INK))
    shapes.append(Line(left, axis_y, left + scale_max * scale, axis_y, stroke=INK))
    bar_height = (row_height * 0.62) / len(series)
    described = []
    for row, label in enumerate(labels):
        row_top = top + row * row_height
        lines = textwrap.wrap(label, LABEL_WIDTH_CHARACTERS) or [""]
        first_baseline = row_top + row_height / 2 - (len(lines) - 1) * (FONT_SIZE + 2) / 2 + FONT_SIZE / 3
        for number, text in enumerate(lines):
            shapes.append(Label(left - 8, first_baseline + number * (FONT_SIZE + 2), text, anchor="end"))
        bars_top = row_top + (row_height - bar_height * len(series)) / 2
        parts = []
        for index, one in enumerate(series):
            value = one.values[row]
            y = bars_top + index * bar_height
            length = (value if isinstance(value, int | float) else 0) * scale
            if length > 0:
                shapes.append(Box(left, y, length, bar_height, *one.colours, hatch=one.hatch))
            text = (
                "–"
                if value is None
                else (f"{value:.1f}".replace(".", decimal) if isinstance(value, float) else str(value))
            )
            shapes.append(Label(left + length + 5, y + bar_height / 2 + FONT_SIZE / 3, text, FONT_SIZE - 1))
            parts.append(f"{one.name} {text}".strip())
        described.append(f"{label}: {', '.join(parts)}")
    if legend:
        x = width - right
        for one in reversed(series):
            text_width = len(one.name) * FONT_SIZE * 0.55
            shapes.append(Label(x, height - 6, one.name, FONT_SIZE - 1, anchor="end"))
            x -= text_width + 6
            shapes.append(Box(x - 14, height - 16, 14, 11, *one.colours, hatch=one.hatch))
            x -= 30
    return Chart(width, height, f"{title}. " + "; ".join(described) + ".", tuple(shapes))


#: the compact chart's box is about as wide as a phone's column, so that its points are about pixels there
COMPACT_WIDTH = 320.0
COMPACT_FONT_SIZE = 14.0
COMPACT_LABEL_CHARACTERS = 38
COMPACT_BAR_HEIGHT = 13.0
#: a compact chart's title of more characters than this wraps (bold, a point larger than the texts)
COMPACT_TITLE_CHARACTERS = 32


def before_after_compact(
    labels: list[str],
    before: list[int | None],
    after: list[int | None],
    title: str,
    legend: tuple[str, str],
    scale_max: int = 10,
) -> Chart:
    """Before and after for each fear, for a narrow column: each fear's name on a line of its own above its two
    bars (the bars take the whole width), the legend under the title; no axis, each bar says its number.

    In a box of :data:`COMPACT_WIDTH` points, so that on a 390 px phone (a column of about 330 px) no text is
    smaller than about 13 px (:func:`text_height`); the page chart of :func:`before_after` is 640 points wide
    with its names beside the bars, and its texts were about 6 px high there.
    """
    width, size = COMPACT_WIDTH, COMPACT_FONT_SIZE
    number_room = size * 1.6
    scale = (width - number_room) / scale_max
    shapes: list[Box | Line | Label] = [Label(0, size + 1, title, size + 1, bold=True, css="cc-chart-text")]
    y = size + 10.0
    # the legend: a swatch and its name, one after the other
    x = 0.0
    styles = (("cc-chart-before", BEFORE, True), ("cc-chart-after", AFTER, False))
    for name, (css_class, colours, hatch) in zip(legend, styles, strict=True):
        shapes.append(Box(x, y, 16, size * 0.8, *colours, hatch=hatch, css=css_class))
        shapes.append(Label(x + 22, y + size * 0.75, name, size, css="cc-chart-text"))
        x += 22 + len(name) * size * 0.6 + 18
    y += size + 12.0
    series = [
        (css_class, colours, hatch, name, values)
        for (css_class, colours, hatch), name, values in zip(styles, legend, (before, after), strict=True)
    ]
    y, described = _compact_rows(labels, series, shapes, y, scale)
    return Chart(width, y, f"{title}. " + "; ".join(described) + ".", tuple(shapes))


def profile_compact(labels: list[str], values: list[int | None], title: str, scale_max: int = 10) -> Chart:
    """How strongly each fear holds the participant back, for a narrow column: laid out as
    :func:`before_after_compact` (each fear's name on a line of its own above its bar, each bar saying its number,
    texts about 14 px in a phone's column), one bar per fear, in the palette's colours (CSS class
    ``cc-chart-profile``); a fear not rated says so with a dash.

    The page's welcome draws it; :func:`fear_profile` (640 points wide, its texts about 6 px high on a phone) stays
    the PDF's.
    """
    width, size = COMPACT_WIDTH, COMPACT_FONT_SIZE
    scale = (width - size * 1.6) / scale_max
    # the title wraps: a question as long as the welcome's does not fit on one line of the column
    lines = textwrap.wrap(title, COMPACT_TITLE_CHARACTERS) or [""]
    shapes: list[Box | Line | Label] = [
        Label(0, (size + 1) + number * (size + 5), text, size + 1, bold=True, css="cc-chart-text")
        for number, text in enumerate(lines)
    ]
    top = (size + 5) * len(lines) + 2.0
    y, described = _compact_rows(labels, [("cc-chart-profile", PROFILE, False, "", values)], shapes, top, scale)
    return Chart(width, y, f"{title}. " + "; ".join(described) + ".", tuple(shapes))


def _compact_rows(
    labels: list[str],
    series: list[tuple[str, tuple[str, str], bool, str, list[int | None]]],
    shapes: list[Box | Line | Label],
    y: float,
    scale: float,
) -> tuple[float, list[str]]:
    """The compact charts' rows from ``y`` down: each fear's name (wrapped, bold), then one bar per series (its CSS
    class, colours, hatch, name and values) with its number. Appends to ``shapes``; returns the y under the last
    row and each row's description."""
    size, line = COMPACT_FONT_SIZE, COMPACT_FONT_SIZE + 4.0
    described = []
    for row, label in enumerate(labels):
        for text in textwrap.wrap(label, COMPACT_LABEL_CHARACTERS) or [""]:
            y += line
            shapes.append(Label(0, y - 4, text, size, bold=True, css="cc-chart-text"))
        y += 2.0
        parts = []
        for css_class, colours, hatch, series_name, values in series:
            value = values[row]
            length = (value if isinstance(value, int) else 0) * scale
            if length > 0:
                shapes.append(Box(0, y, length, COMPACT_BAR_HEIGHT, *colours, hatch=hatch, css=css_class))
            text = "–" if value is None else str(value)
            baseline = y + COMPACT_BAR_HEIGHT / 2 + size / 3
            shapes.append(Label(length + 5, baseline, text, size, css="cc-chart-text"))
            parts.append(f"{series_name} {text}".strip())
            y += COMPACT_BAR_HEIGHT + 3.0
        y += 6.0
        described.append(f"{label}: {', '.join(parts)}")
    return y, described


def text_height(chart: Chart, shown_width: float) -> float:
    """The size of the chart's smallest text, in pixels, when the chart is shown ``shown_width`` pixels wide (the
    SVG scales to its container's width)."""
    sizes = [shape.size for shape in chart.shapes if isinstance(shape, Label)]
    return min(sizes, default=0.0) * shown_width / chart.width


def hatch_lines(box: Box, spacing: float = HATCH_SPACING) -> list[tuple[float, float, float, float]]:
    """Diagonal lines (rising to the right) that fill ``box``, clipped to it: (x1, y1, x2, y2), y downwards."""
    segments = []
    x0, x1, y1 = box.x, box.x + box.width, box.y + box.height
    # lines x - (y1 - y) = c, i.e. points (c + t, y1 - t); c runs so that every line meets the box
    c = x0 - box.height
    while c < x1:
        start_t = max(0.0, x0 - c)
        end_t = min(box.height, x1 - c)
        if end_t > start_t:
            segments.append((c + start_t, y1 - start_t, c + end_t, y1 - end_t))
        c += spacing
    return segments


def to_svg(chart: Chart, description: str | None = None) -> str:
    """The chart as an SVG element that scales to the width of its container (text escaped); ``description``
    (in the participant's language) replaces the chart's own for screen readers."""
    said = escape(description if description is not None else chart.description)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width:g} {chart.height:g}" width="100%" '
        f'role="img" aria-label="{said}" font-family="DejaVu Sans, Verdana, sans-serif">',
        f"<title>{said}</title>",
    ]
    for shape in chart.shapes:
        if isinstance(shape, Box):
            out.append(
                f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.width:.1f}" height="{shape.height:.1f}" '
                f'fill="{shape.fill}" stroke="{shape.stroke}" stroke-width="1"{_css(shape.css)}/>'
            )
            if shape.hatch:
                lines = "".join(f"M{a:.1f} {b:.1f}L{c:.1f} {d:.1f}" for a, b, c, d in hatch_lines(shape))
                out.append(f'<path d="{lines}" stroke="{shape.stroke}" stroke-width="0.9" class="cc-hatch"/>')
        elif isinstance(shape, Line):
            out.append(
                f'<line x1="{shape.x1:.1f}" y1="{shape.y1:.1f}" x2="{shape.x2:.1f}" y2="{shape.y2:.1f}" '
                f'stroke="{shape.stroke}" stroke-width="{shape.width:g}"{_css(shape.css)}/>'
            )
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(
                f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size:g}" text-anchor="{shape.anchor}" '
                f'fill="{shape.fill}"{weight}{_css(shape.css)}>{escape(shape.text)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def _css(name: str) -> str:
    """The class attribute of a shape that has one (the page's CSS gives it the palette's colours)."""
    return f' class="{escape(name)}"' if name else ""


def weeks_compact(labels: list[str], series: list[tuple[str, list[int]]], title: str) -> Chart:
    """The weeks after the workshop for a narrow column (the follow-through's weekly goal): each week's name on a
    line of its own above one bar per series (``series``: its name and one count per week: written, replied,
    met), laid out as :func:`before_after_compact`; the legend under the title, one entry a line (three names side
    by side did not fit a phone's column). The scale is the largest count (at least 3), so that a week of one
    message still shows a bar. Written is hatched, replies in the accent colour, conversations in the text's."""
    width, size = COMPACT_WIDTH, COMPACT_FONT_SIZE
    scale_max = max([3, *(value for _name, values in series for value in values)])
    scale = (width - size * 2.2) / scale_max
    shapes: list[Box | Line | Label] = [Label(0, size + 1, title, size + 1, bold=True, css="cc-chart-text")]
    y = size + 10.0
    styles = (("cc-chart-before", BEFORE, True), ("cc-chart-after", PROFILE, False), ("cc-chart-met", AFTER, False))
    for (name, _values), (css_class, colours, hatch) in zip(series, styles, strict=False):
        shapes.append(Box(0, y, 16, size * 0.8, *colours, hatch=hatch, css=css_class))
        shapes.append(Label(22, y + size * 0.75, name, size, css="cc-chart-text"))
        y += size + 6.0
    y += 6.0
    rows = [
        (css_class, colours, hatch, name, list(values))
        for (name, values), (css_class, colours, hatch) in zip(series, styles, strict=False)
    ]
    y, described = _compact_rows(labels, rows, shapes, y, scale)  # type: ignore[arg-type]
    return Chart(width, y, f"{title}. " + "; ".join(described) + ".", tuple(shapes))

"""Charts drawn with matplotlib (imported only when a chart is drawn, to keep kernel start-up light)."""

from __future__ import annotations

import io
import textwrap


def fear_profile_png(labels: list[str], values: list[int | None], title: str, scale_max: int = 10) -> bytes:
    """A horizontal bar chart of how strongly each fear holds the participant back, as PNG bytes.

    Unrated fears are drawn as an empty bar. Dark grey bars with value labels stay readable in grey-scale print.
    """
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 0.7 * len(labels) + 1.0), dpi=100)
    axes = figure.add_subplot()
    wrapped = [textwrap.fill(label, 28) for label in labels]
    positions = list(range(len(labels)))[::-1]
    numbers = [v if isinstance(v, int) else 0 for v in values]
    bars = axes.barh(positions, numbers, color="#3b5b78", edgecolor="#1d2d3c", height=0.6)
    for bar, value in zip(bars, values, strict=True):
        text = "–" if value is None else str(value)
        axes.text(bar.get_width() + 0.15, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=11)
    axes.set_yticks(positions, wrapped, fontsize=10)
    return _png(figure, axes, title, scale_max)


def _png(figure, axes, title: str, scale_max: int) -> bytes:
    """The shared look of the 0-10 charts (scale, title, no top/right frame), rendered to PNG bytes."""
    axes.set_xlim(0, scale_max + 0.8)
    axes.set_xticks(range(0, scale_max + 1, 2))
    axes.set_title(title, fontsize=12, loc="left")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def before_after_png(
    labels: list[str],
    before: list[int | None],
    after: list[int | None],
    title: str,
    legend: tuple[str, str],
    scale_max: int = 10,
) -> bytes:
    """Before and after side by side for each fear, as PNG bytes.

    "Before" is a light bar with diagonal hatching, "after" a dark solid bar, and every bar carries its
    number, so the chart reads the same in colour and in grey-scale print.
    """
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.8, 0.95 * len(labels) + 1.3), dpi=100)
    axes = figure.add_subplot()
    height = 0.36
    rows = list(range(len(labels)))[::-1]
    for values, offset, style, name in (
        (before, height / 2, {"color": "#d9d9d9", "edgecolor": "#444444", "hatch": "//"}, legend[0]),
        (after, -height / 2, {"color": "#2b2b2b", "edgecolor": "#000000"}, legend[1]),
    ):
        numbers = [v if isinstance(v, int) else 0 for v in values]
        bars = axes.barh([r + offset for r in rows], numbers, height=height, label=name, **style)
        for bar, value in zip(bars, values, strict=True):
            text = "–" if value is None else str(value)
            axes.text(bar.get_width() + 0.15, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=10)
    axes.set_yticks(rows, [textwrap.fill(label, 28) for label in labels], fontsize=10)
    axes.legend(loc="lower right", frameon=False, fontsize=9)
    return _png(figure, axes, title, scale_max)

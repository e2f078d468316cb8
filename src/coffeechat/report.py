"""Documents the participant takes home: the conversation plan as Markdown and as a one-page PDF pocket card.

The PDF is drawn with matplotlib (its bundled DejaVu fonts cover umlauts and typographic quotes), so no
extra PDF library is needed. Text that does not fit at the first size is set smaller until the card is one
page.
"""

from __future__ import annotations

import functools
import io
import textwrap
import unicodedata
from dataclasses import dataclass

from .builder import Plan
from .content import Workshop
from .outreach import fill, placeholder_values


@dataclass(frozen=True)
class Section:
    """A heading and its lines; a line starting with "★ " is starred, "• " is a bullet."""

    heading: str
    lines: tuple[str, ...]


def plan_sections(workshop: Workshop, plan: Plan, language: str) -> tuple[str, str, list[Section]]:
    """Title, subtitle and sections of a conversation plan, in ``language``."""
    bank, t = workshop.bank, lambda key, **v: workshop.t(key, language, **v)
    request = plan.request
    values = placeholder_values(workshop, request, language)
    who = ", ".join(part for part in (request.contact_name, request.contact_role, request.field) if part.strip())
    title = t("builder.plan_title")
    relationship = next((r.label[language] for r in bank.relationships if r.id == request.relationship), "")
    subtitle = " · ".join(
        part for part in (who, relationship, t("builder.minutes_total", total=plan.total_minutes, asked=request.minutes)) if part
    )
    opening = [f"• {bank.frame.small_talk[request.seed % len(bank.frame.small_talk)][language]}"]
    opening.append(f"• {fill(bank.frame.transition[language], values)}")
    sections = [Section(f"{t('builder.opening')} ({plan.opening_minutes} {t('builder.min')})", tuple(opening))]
    family_labels = {f.id: f.label[language] for f in bank.families}
    for family, questions in plan.grouped():
        lines = tuple(
            f"{'★' if q.starred else '•'} {q.text(bank, language)} ({q.minutes} {t('builder.min')})" for q in questions
        )
        sections.append(Section(family_labels.get(family, t("builder.own_questions")), lines))
    closing = tuple(f"• {line[language]}" for line in bank.frame.closing)
    sections.append(Section(f"{t('builder.closing')} ({plan.closing_minutes} {t('builder.min')})", closing))
    sections.append(Section(t("builder.follow_up"), tuple(f"• {line[language]}" for line in bank.frame.follow_up)))
    return title, subtitle, sections


def plan_markdown(workshop: Workshop, plan: Plan, language: str) -> str:
    """The conversation plan as Markdown, ready to print or paste into notes."""
    title, subtitle, sections = plan_sections(workshop, plan, language)
    out = [f"# {title}", "", f"*{subtitle}*", ""]
    for section in sections:
        out += [f"## {section.heading}", ""]
        out += [f"- {'★ ' if line.startswith('★') else ''}{line[2:]}" for line in section.lines]
        out.append("")
    return "\n".join(out)


def plan_text(workshop: Workshop, plan: Plan, language: str) -> str:
    """The conversation plan as plain text (what the notebook prints and nbval compares)."""
    title, subtitle, sections = plan_sections(workshop, plan, language)
    out = [title, subtitle]
    for section in sections:
        out += ["", section.heading, *section.lines]
    return "\n".join(out)


A5_INCHES = (5.83, 8.27)


def pocket_card_pdf(title: str, subtitle: str, sections: list[Section]) -> bytes:
    """One A5 page with the sections, set as large as fits (never more than one page)."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    for size in (10.0, 9.0, 8.0, 7.2, 6.5, 5.8, 5.2, 4.6):
        lines = _layout(title, subtitle, sections, size)
        if _height(lines) <= A5_INCHES[1] - 0.7:
            break
    figure = Figure(figsize=A5_INCHES)
    y = A5_INCHES[1] - 0.4
    for text, font_size, weight, indent in lines:
        y -= font_size * 1.35 / 72
        figure.text((0.35 + indent) / A5_INCHES[0], y / A5_INCHES[1], printable(text), fontsize=font_size,
                    fontweight=weight, family="DejaVu Sans", va="baseline")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}):  # TrueType: the text stays searchable and copyable
        with PdfPages(buffer, metadata={"Title": title, "Creator": "coffeechat"}) as pdf:
            pdf.savefig(figure)
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def _font_characters() -> frozenset[int]:
    from matplotlib import font_manager, ft2font

    return frozenset(ft2font.FT2Font(font_manager.findfont("DejaVu Sans")).get_charmap())


def printable(text: str) -> str:
    """``text`` with every character the PDF font cannot draw (most emoji) spelled out, e.g. ``:smiling face:``.

    Nothing the participant wrote disappears from the PDF; the Markdown download keeps the emoji itself.
    """
    known = _font_characters()
    out = []
    for char in text:
        if ord(char) in known or char in "\n\t":
            out.append(char)
        elif unicodedata.category(char) in ("Mn", "Cf") or 0xFE00 <= ord(char) <= 0xFE0F:
            continue  # variation selectors and joiners only shape the character before them
        else:
            out.append(f":{unicodedata.name(char, hex(ord(char))).lower()}:")
    return "".join(out)


def _layout(
    title: str, subtitle: str, sections: list[Section], size: float, width_inches: float = A5_INCHES[0] - 0.7
) -> list[tuple[str, float, str, float]]:
    width_chars = int(width_inches * 72 / (size * 0.58))
    lines = [(part, size * 1.5, "bold", 0.0) for part in textwrap.wrap(title, int(width_chars / 1.5))]
    lines += [(part, size * 0.9, "normal", 0.0) for part in textwrap.wrap(subtitle, width_chars)]
    for section in sections:
        lines.append(("", size * 0.5, "normal", 0.0))
        lines += [(part, size * 1.1, "bold", 0.0) for part in textwrap.wrap(section.heading, width_chars)]
        for line in section.lines:
            wrapped = textwrap.wrap(line, width_chars - 3) or [""]
            lines.append((wrapped[0], size, "normal", 0.05))
            lines += [(part, size, "normal", 0.2) for part in wrapped[1:]]
    return lines


def _height(lines) -> float:
    return sum(font_size * 1.35 / 72 for _, font_size, _, _ in lines)


def plan_pdf(workshop: Workshop, plan: Plan, language: str) -> bytes:
    """The conversation plan as a one-page printable pocket card."""
    return pocket_card_pdf(*plan_sections(workshop, plan, language))


A4_INCHES = (8.27, 11.69)


def document_pdf(title: str, subtitle: str, sections: list[Section], image_png: bytes | None = None) -> bytes:
    """A multi-page A4 document: title, an optional picture (a chart) and the sections as flowing text."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    size, margin, top = 10.0, 0.7, A4_INCHES[1] - 0.7
    lines = _layout(title, subtitle, sections, size, width_inches=A4_INCHES[0] - 2 * margin)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(
        buffer, metadata={"Title": title, "Creator": "coffeechat"}
    ) as pdf:
        index, first = 0, True
        while index < len(lines) or first:
            figure = Figure(figsize=A4_INCHES)
            y = top
            if first and image_png is not None:
                header = lines[: 1 + len(textwrap.wrap(subtitle, 999)) + 1]
                for text, font_size, weight, indent in header:
                    y -= font_size * 1.35 / 72
                    figure.text(margin / A4_INCHES[0], y / A4_INCHES[1], printable(text), fontsize=font_size,
                                fontweight=weight, family="DejaVu Sans", va="baseline")
                index = len(header)
                y = _place_image(figure, image_png, y - 0.15, margin)
            first = False
            while index < len(lines):
                text, font_size, weight, indent = lines[index]
                step = font_size * 1.35 / 72
                if y - step < margin:
                    break
                y -= step
                figure.text((margin + indent) / A4_INCHES[0], y / A4_INCHES[1], printable(text), fontsize=font_size,
                            fontweight=weight, family="DejaVu Sans", va="baseline")
                index += 1
            pdf.savefig(figure)
    return buffer.getvalue()


def _place_image(figure, png: bytes, top: float, margin: float) -> float:
    """Put a PNG under ``top`` (inches from the bottom), full text width; return the new top."""
    from matplotlib.image import imread

    image = imread(io.BytesIO(png), format="png")
    width = A4_INCHES[0] - 2 * margin
    height = width * image.shape[0] / image.shape[1]
    axes = figure.add_axes((margin / A4_INCHES[0], (top - height) / A4_INCHES[1], width / A4_INCHES[0],
                            height / A4_INCHES[1]))
    axes.imshow(image)
    axes.axis("off")
    return top - height - 0.2


def markdown_sections(markdown: str) -> tuple[str, list[Section]]:
    """Split a Markdown export into its title and sections (one per heading) for the PDF."""
    title, sections, heading, lines = "", [], None, []
    in_table = False  # a table's first row is its header: no bullet
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip().startswith("|"):
            in_table = False
        if line.startswith("# ") and not title:
            title = line[2:]
        elif line.startswith("#"):
            if heading is not None or lines:
                sections.append(Section(heading or "", tuple(lines)))
            heading, lines = line.lstrip("#").strip(), []
        elif line.strip() and not set(line.strip()) <= set("|-: "):
            text = line.strip()
            if text.startswith(("- ", "* ")):
                text = "• " + text[2:]
            elif text.startswith("> "):
                text = "  " + text[2:]
            elif text.startswith("|"):
                cells = " · ".join(cell.strip() for cell in text.strip("|").split("|") if cell.strip())
                text = "• " + cells if in_table else cells
                in_table = True
            lines.append(text.replace("**", "").replace("<br>", " "))
    if heading is not None or lines:
        sections.append(Section(heading or "", tuple(lines)))
    return title, sections


def take_home_markdown(workshop: Workshop, answers: dict, language: str) -> str:
    """Everything the participant wrote, module by module, with their plan, messages and commitment."""
    from .journal import render_markdown

    return render_markdown(answers, workshop, language)


def take_home_pdf(workshop: Workshop, answers: dict, language: str, date_text: str) -> bytes:
    """The take-home as a PDF: the fear profile before and after, then everything from the Markdown."""
    from .charts import before_after_png

    title, sections = markdown_sections(take_home_markdown(workshop, answers, language))
    t = lambda key, **values: workshop.t(key, language, **values)  # noqa: E731
    chart = before_after_png(
        [fear.title[language] for fear in workshop.fears],
        [answers.get(f"welcome.rating.{fear.id}") for fear in workshop.fears],
        [answers.get(f"wrapup.rating.{fear.id}") for fear in workshop.fears],
        t("wrapup.chart_title"),
        (t("wrapup.before"), t("wrapup.after")),
    )
    return document_pdf(t("wrapup.take_home_title"), t("wrapup.take_home_subtitle", date=date_text), sections, chart)

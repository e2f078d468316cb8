"""Documents the participant takes home: the conversation plan as Markdown and as a one-page PDF pocket card.

The PDF is drawn with matplotlib (its bundled DejaVu fonts cover umlauts and typographic quotes), so no
extra PDF library is needed. Text that does not fit at the first size is set smaller until the card is one
page.
"""

from __future__ import annotations

import io
import textwrap
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
    for family, questions in plan.grouped(bank):
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
        figure.text((0.35 + indent) / A5_INCHES[0], y / A5_INCHES[1], text, fontsize=font_size, fontweight=weight,
                    family="DejaVu Sans", va="baseline")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}):  # TrueType: the text stays searchable and copyable
        with PdfPages(buffer, metadata={"Title": title, "Creator": "coffeechat"}) as pdf:
            pdf.savefig(figure)
    return buffer.getvalue()


def _layout(title: str, subtitle: str, sections: list[Section], size: float) -> list[tuple[str, float, str, float]]:
    width_chars = int((A5_INCHES[0] - 0.7) * 72 / (size * 0.58))
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

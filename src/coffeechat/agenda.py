"""The facilitator's agenda and the README's module table, both made from ``exercises/workshop.yaml``."""

from __future__ import annotations

from .content import Workshop


def agenda_text(workshop: Workshop, format_id: str | None = None, language: str = "de") -> str:
    """The modules of a workshop format with their minutes, as plain text."""
    manifest = workshop.manifest
    fmt = next((f for f in manifest.formats if f.id == format_id), None) if format_id else None
    if format_id and fmt is None:
        raise KeyError(format_id)
    ids = fmt.modules if fmt else workshop.module_ids
    rows, total = [], 0
    for module_id in ids:
        ref = workshop.module_ref(module_id)
        total += ref.minutes
        rows.append(f"{ref.minutes:>3} min  {workshop.module_title(module_id, language)}")
    header = fmt.title[language] if fmt else manifest.title[language]
    return "\n".join([header, *rows, f"{total:>3} min"])


def module_table(workshop: Workshop) -> str:
    """A Markdown table of the modules: German and English title, teaching and exercise minutes."""
    lines = [
        "| # | Modul (de) | Module (en) | teach | exercise | total |",
        "|---|---|---|---:|---:|---:|",
    ]
    for number, ref in enumerate(workshop.manifest.modules):
        de, en = (workshop.module_title(ref.id, lang) for lang in ("de", "en"))
        lines.append(
            f"| {number} | {de} | {en} | {ref.teach_minutes} min | {ref.exercise_minutes} min | {ref.minutes} min |"
        )
    total = sum(ref.minutes for ref in workshop.manifest.modules)
    lines.append(f"|   | **Summe** | **Total** |  |  | **{total} min** |")
    return "\n".join(lines)

"""The coach's session report: one zip with a PDF (charts as vector graphics), the charts as PNG and the figures
as CSV, in the console's language, made from :class:`coffeechat.room.report.SessionFigures`.

Only figures go in (the model decides what may be shown: aggregates over at least 3 people, word-wall answers
that were on the wall, approved comments): nothing here reads the journal, so nothing here can leak a code or
a name. The PDF is laid out by :mod:`coffeechat.documents.pdf` from one :class:`~coffeechat.documents.export.Document`
(:func:`report_document`); each PNG draws the same :class:`~coffeechat.documents.charts.Chart` as the PDF, with
matplotlib (imported when a report is made, never by a participant's kernel).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coffeechat.content import Workshop, plural
from coffeechat.documents import charts, pdf
from coffeechat.documents.charts import Chart
from coffeechat.documents.export import Bullets, Document, Figure, Item, Paragraph, Section, Table
from coffeechat.models.dates import long_date, one_decimal, readable
from coffeechat.room.model import FEEDBACK_RATINGS, MIN_GROUP
from coffeechat.room.report import Event, SessionFigures

#: a zip made at this moment carries it for every file (so the same figures make the same zip)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ReportFiles:
    """The report's files by name (PDF, PNG, CSV), and the zip's name."""

    stem: str
    files: dict[str, bytes]

    def zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.files.items():
                archive.writestr(zipfile.ZipInfo(f"{self.stem}/{name}", ZIP_TIME), content)
        return buffer.getvalue()

    @property
    def filename(self) -> str:
        return f"{self.stem}.zip"


class _Report:
    """The words of one report: the workshop's strings in the report's language."""

    def __init__(self, workshop: Workshop, language: str):
        self.workshop, self.language = workshop, language

    def say(self, key: str, **values) -> str:
        """The string ``report.<key>`` (every one is in ``checks.UI_KEYS``)."""
        return self.workshop.t(f"report.{key}", self.language, **values)

    def fear_titles(self, fear_ids: Iterable[str]) -> list[str]:
        return [self.workshop.fear(fear_id).title[self.language] for fear_id in fear_ids]

    def number(self, value: float) -> str:
        return one_decimal(value, self.workshop, self.language)

    def week(self, monday: dt.date) -> str:
        return self.say("week_of", day=long_date(monday, self.workshop, self.language))

    def rating(self, rating: int) -> str:
        return self.workshop.t(f"feedback.rating.{rating}", self.language)


# --- the charts ------------------------------------------------------------------------------------------


def report_charts(workshop: Workshop, figures: SessionFigures, language: str) -> dict[str, Chart]:
    """The report's charts by file stem (none for a room of fewer than 3, none for a figure left out)."""
    words = _Report(workshop, language)
    if figures.too_few:
        return {}
    made: dict[str, Chart] = {}
    if figures.finished is not None:
        modules = workshop.module_ids
        made["modules"] = charts.counts_chart(
            [workshop.module_title(m, language) for m in modules],
            [figures.finished.get(m) for m in modules],
            words.say("chart_modules"),
            figures.participants,
        )
    fear_ids = list(figures.change)
    if any(change is not None for change in figures.change.values()):
        made["fears"] = charts.means_before_after(
            words.fear_titles(fear_ids),
            [None if c is None else round(c.before, 1) for c in figures.change.values()],
            [None if c is None else round(c.after, 1) for c in figures.change.values()],
            words.say("chart_fears"),
            (words.say("before"), words.say("after")),
            decimal="," if language == "de" else ".",
        )
    if figures.due_weeks:
        made["first-contact"] = charts.counts_chart(
            [words.week(monday) for monday, _ in figures.due_weeks],
            [count for _, count in figures.due_weeks],
            words.say("chart_weeks"),
            max(count for _, count in figures.due_weeks),
        )
    if figures.ratings is not None:
        made["feedback"] = charts.counts_chart(
            [words.rating(r) for r in FEEDBACK_RATINGS],
            list(figures.ratings.counts),
            words.say("chart_feedback"),
            max(figures.ratings.counts),
        )
    return made


def chart_png(chart: Chart, dpi: int = 160) -> bytes:
    """The chart's shapes drawn by matplotlib (the same shapes as the PDF's), as PNG without metadata of ours."""
    import matplotlib  # the plotting library: only the console that makes a report loads it

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    margin = 12.0
    figure = MplFigure(figsize=((chart.width + 2 * margin) / 72, (chart.height + 2 * margin) / 72), dpi=dpi)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(-margin, chart.width + margin)
    axes.set_ylim(chart.height + margin, -margin)
    axes.axis("off")
    for order, shape in enumerate(chart.shapes):  # drawn in the chart's order, as the PDF does (grid under bars)
        if isinstance(shape, charts.Box):
            axes.add_patch(
                Rectangle(
                    (shape.x, shape.y),
                    shape.width,
                    shape.height,
                    facecolor=shape.fill,
                    edgecolor=shape.stroke,
                    zorder=order,
                )
            )
            for x1, y1, x2, y2 in charts.hatch_lines(shape) if shape.hatch else ():
                axes.add_line(Line2D([x1, x2], [y1, y2], color=shape.stroke, linewidth=0.6, zorder=order))
        elif isinstance(shape, charts.Line):
            axes.add_line(
                Line2D(
                    [shape.x1, shape.x2], [shape.y1, shape.y2], color=shape.stroke, linewidth=shape.width, zorder=order
                )
            )
        else:
            axes.text(
                shape.x,
                shape.y,
                shape.text,
                fontsize=shape.size,
                ha={"start": "left", "middle": "center", "end": "right"}.get(shape.anchor, "left"),
                va="baseline",
                color=shape.fill,
                fontweight="bold" if shape.bold else "normal",
                zorder=order,
            )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


# --- the document -----------------------------------------------------------------------------------------


def _event_line(words: _Report, workshop: Workshop, event: Event, questions: Sequence[str]) -> str:
    detail, language = event.detail, words.language
    if event.kind in ("module", "follow"):
        title = workshop.module_title(detail, language) if detail in workshop.module_ids else detail
        return words.say(f"event.{event.kind}", module=title)
    if event.kind == "start":
        try:
            title = workshop.workshop_format(detail).title[language] if detail else ""
        except KeyError:
            title = detail
        return words.say("event.start", format=title)
    if event.kind in ("ask", "reveal"):
        number = int(detail) if detail.isdigit() else 0
        question = questions[number - 1] if 0 < number <= len(questions) else ""
        return words.say(f"event.{event.kind}", number=number, question=question)
    if event.kind == "groups":
        return plural(workshop, "report.event.groups", int(detail) if detail.isdigit() else 0, language)
    return words.say(f"event.{event.kind}", detail=detail)


def _clock(at: float) -> str:
    return dt.datetime.fromtimestamp(at).strftime("%H:%M")


def report_document(
    workshop: Workshop,
    figures: SessionFigures,
    language: str,
    name: str,
    held_on: str,
    questions: Sequence[str],
    made_on: dt.date | None = None,
) -> Document:
    """The report as one document (the PDF's): overview, modules, fears, first contact, word wall, feedback,
    the run sheet as it was run. A room of fewer than 3 participants: the overview says so, no figures."""
    words = _Report(workshop, language)
    made = long_date(made_on or dt.date.today(), workshop, language)
    subtitle = words.say("subtitle", date=readable(held_on, workshop, language), made=made)
    title = words.say("title", name=name)
    shown = report_charts(workshop, figures, language)
    overview = [Paragraph(words.say("anonymous", min=MIN_GROUP))]
    if figures.too_few:  # not even the count: "fewer than 3" is all it says of the people
        overview.insert(0, Paragraph(words.say("too_few", min=MIN_GROUP), "strong"))
        sections = [Section(words.say("overview"), tuple(overview)), _run_sheet(words, workshop, figures, questions)]
        return Document(title, subtitle, tuple(sections))
    overview.insert(0, Paragraph(plural(workshop, "report.participants", figures.participants, language), "strong"))
    sections = [
        Section(words.say("overview"), tuple(overview)),
        _modules(words, workshop, figures, shown),
        _fears(words, figures, shown),
        _first_contact(words, figures, shown),
        _wall(words, figures),
        _feedback(words, figures, shown),
        _run_sheet(words, workshop, figures, questions),
    ]
    return Document(title, subtitle, tuple(sections))


def _modules(words: _Report, workshop: Workshop, figures: SessionFigures, shown: dict[str, Chart]) -> Section:
    finished = figures.finished or {}
    rows = tuple(
        (
            workshop.module_title(m, words.language),
            str(finished[m]) if m in finished else words.say("fewer", min=MIN_GROUP),
        )
        for m in workshop.module_ids
    )
    blocks: list = [Figure(shown["modules"])] if "modules" in shown else []
    blocks.append(Table((words.say("module"), words.say("finished")), rows, numeric=(1,), widths=(3, 1.2)))
    return Section(words.say("modules_heading"), tuple(blocks))


def _fears(words: _Report, figures: SessionFigures, shown: dict[str, Chart]) -> Section:
    fear_ids = list(figures.change)
    titles = words.fear_titles(fear_ids)
    fewer = words.say("fewer", min=MIN_GROUP)
    blocks: list = [Figure(shown["fears"])] if "fears" in shown else [Paragraph(words.say("fears_none", min=MIN_GROUP))]
    rows = []
    for title, fear_id in zip(titles, fear_ids, strict=True):
        change = figures.change[fear_id]
        if change is None:
            rows.append((title, fewer, fewer, "–"))
        else:
            rows.append((title, words.number(change.before), words.number(change.after), str(change.people)))
    blocks.append(
        Table(
            (words.say("fear"), words.say("mean_before"), words.say("mean_after"), words.say("people_both")),
            tuple(rows),
            numeric=(1, 2, 3),
            widths=(2.6, 1.1, 1.1, 1.1),
        )
    )
    blocks.append(Paragraph(words.say("distributions"), "strong"))
    header = (words.say("fear"), words.say("moment"), *(str(r) for r in range(11)), "n")
    dist_rows = []
    for title, fear_id in zip(titles, fear_ids, strict=True):
        for moment, table in (("before", figures.before), ("after", figures.after)):
            distribution = table.get(fear_id)
            if distribution is None:
                dist_rows.append((title, words.say(moment), *([""] * 11), fewer))
            else:
                dist_rows.append(
                    (title, words.say(moment), *(str(c) for c in distribution.counts), str(distribution.total))
                )
    blocks.append(Table(header, tuple(dist_rows), numeric=tuple(range(2, 14)), widths=(2.5, 1.6, *([0.6] * 11), 0.7)))
    blocks.append(Paragraph(words.say("scale_note"), "emphasis"))
    return Section(words.say("fears_heading"), tuple(blocks))


def _first_contact(words: _Report, figures: SessionFigures, shown: dict[str, Chart]) -> Section:
    fewer = words.say("fewer", min=MIN_GROUP)
    committed = fewer if figures.committed is None else str(figures.committed)
    blocks: list = [Paragraph(words.say("committed", count=committed), "strong")]
    if figures.due_weeks:
        blocks.append(Figure(shown["first-contact"]))
        rows = tuple((words.week(monday), str(count)) for monday, count in figures.due_weeks)
        blocks.append(Table((words.say("week"), words.say("people")), rows, numeric=(1,), widths=(3, 1.2)))
    else:
        blocks.append(Paragraph(words.say("weeks_none", min=MIN_GROUP)))
    return Section(words.say("first_contact_heading"), tuple(blocks))


def _wall(words: _Report, figures: SessionFigures) -> Section:
    if not figures.wall:
        return Section(words.say("wall_heading"), (Paragraph(words.say("wall_none")),))
    parts = []
    for question in figures.wall:
        heading = words.say("wall_question", number=question.number, question=question.question)
        if question.shown is None:
            parts.append(Section(heading, (Paragraph(words.say("wall_fewer", min=MIN_GROUP)),)))
        else:
            parts.append(Section(heading, (Bullets(tuple(Item(text) for text in question.shown)),)))
    return Section(words.say("wall_heading"), (Paragraph(words.say("wall_note")),), tuple(parts))


def _feedback(words: _Report, figures: SessionFigures, shown: dict[str, Chart]) -> Section:
    blocks: list = []
    if figures.ratings is None:
        blocks.append(Paragraph(words.say("ratings_fewer", min=MIN_GROUP)))
    else:
        blocks.append(
            Paragraph(
                words.say("ratings_mean", mean=words.number(figures.ratings.mean), count=figures.ratings.total),
                "strong",
            )
        )
        blocks.append(Figure(shown["feedback"]))
    blocks.append(Paragraph(words.say("comments"), "strong"))
    if figures.comments:
        blocks.append(Bullets(tuple(Item(comment) for comment in figures.comments)))
    else:
        blocks.append(Paragraph(words.say("comments_none")))
    return Section(words.say("feedback_heading"), tuple(blocks))


def _run_sheet(words: _Report, workshop: Workshop, figures: SessionFigures, questions: Sequence[str]) -> Section:
    if not figures.run_sheet:
        return Section(words.say("run_sheet_heading"), (Paragraph(words.say("run_sheet_none")),))
    rows = tuple((_clock(e.at), _event_line(words, workshop, e, questions)) for e in figures.run_sheet)
    table = Table((words.say("time"), words.say("what")), rows, widths=(0.8, 5), fit=True)
    return Section(words.say("run_sheet_heading"), (Paragraph(words.say("run_sheet_note")), table))


# --- the CSV files ----------------------------------------------------------------------------------------


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # a spreadsheet opens it with its umlauts


def report_csv(
    workshop: Workshop, figures: SessionFigures, language: str, questions: Sequence[str]
) -> dict[str, bytes]:
    """The figures as CSV files (headers in ``language``; a figure left out below 3 is an empty cell)."""
    words = _Report(workshop, language)
    files = {
        "overview.csv": _csv(
            (words.say("measure"), words.say("value")),
            [
                (words.say("csv_participants"), "" if figures.too_few else figures.participants),
                (words.say("csv_too_few"), int(figures.too_few)),
                (words.say("csv_committed"), "" if figures.committed is None else figures.committed),
                (words.say("csv_rating_mean"), "" if figures.ratings is None else round(figures.ratings.mean, 2)),
                (words.say("csv_ratings"), "" if figures.ratings is None else figures.ratings.total),
            ],
        ),
        "run-sheet.csv": _csv(
            (words.say("time"), words.say("kind"), words.say("what")),
            [(_clock(e.at), e.kind, _event_line(words, workshop, e, questions)) for e in figures.run_sheet],
        ),
    }
    if figures.too_few:
        return files
    finished = figures.finished or {}
    files["modules.csv"] = _csv(
        (words.say("module"), words.say("finished")),
        [(workshop.module_title(m, language), finished.get(m, "")) for m in workshop.module_ids],
    )
    fear_ids = list(figures.change)
    titles = dict(zip(fear_ids, words.fear_titles(fear_ids), strict=True))
    files["fears.csv"] = _csv(
        (words.say("fear"), words.say("mean_before"), words.say("mean_after"), words.say("people_both")),
        [
            (titles[f], *(("", "", "") if c is None else (round(c.before, 2), round(c.after, 2), c.people)))
            for f, c in figures.change.items()
        ],
    )
    files["fear-distributions.csv"] = _csv(
        (words.say("fear"), words.say("moment"), *(str(r) for r in range(11)), "n"),
        [
            (titles[f], words.say(moment), *(("",) * 12 if d is None else (*d.counts, d.total)))
            for f in fear_ids
            for moment, d in (("before", figures.before.get(f)), ("after", figures.after.get(f)))
        ],
    )
    files["first-contact-weeks.csv"] = _csv(
        (words.say("week"), words.say("people")),
        [(monday.isoformat(), count) for monday, count in figures.due_weeks or ()],
    )
    files["word-wall.csv"] = _csv(
        (words.say("number"), words.say("question"), words.say("entry")),
        [(q.number, q.question, text) for q in figures.wall for text in q.shown or ()],
    )
    files["feedback-ratings.csv"] = _csv(
        (words.say("rating"), words.say("people")),
        [(r, c) for r, c in zip(FEEDBACK_RATINGS, figures.ratings.counts, strict=True)] if figures.ratings else [],
    )
    files["feedback-comments.csv"] = _csv((words.say("comment"),), [(c,) for c in figures.comments])
    return files


# --- the zip ----------------------------------------------------------------------------------------------


def report_stem(workshop: Workshop, language: str, name: str, held_on: str) -> str:
    """The report's file stem: „Sitzungsbericht-Workshop-2026-12-07“ (letters, digits and dashes only)."""
    words = re.sub(r"[^\w-]+", "-", f"{workshop.t('report.file_stem', language)}-{name}-{held_on}", flags=re.UNICODE)
    return words.strip("-")[:80] or "report"


def session_report(
    workshop: Workshop,
    figures: SessionFigures,
    language: str,
    name: str,
    held_on: str,
    questions: Sequence[str],
    made_on: dt.date | None = None,
) -> ReportFiles:
    """Every file of the report: ``report.pdf``, a PNG per chart, the CSV files."""
    document = report_document(workshop, figures, language, name, held_on, questions, made_on)
    files = {"report.pdf": pdf.document_pdf(document)}
    for stem, chart in report_charts(workshop, figures, language).items():
        files[f"chart-{stem}.png"] = chart_png(chart)
    files.update(report_csv(workshop, figures, language, questions))
    return ReportFiles(report_stem(workshop, language, name, held_on), files)

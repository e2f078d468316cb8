"""One widget per prompt kind, bound to one answer key of the session.

Every change is cleaned on the server (``answers.clean_answer``) and then saved by the session. A rejected
value (too long, malformed) leaves the participant's text on screen and shows why it was not saved.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from coffeechat.content import Option, Prompt, Text
from coffeechat.models import blanks, keys
from coffeechat.models.answers import AnswerRejected, clean_answer, clean_date, with_example
from coffeechat.models.dates import as_date
from coffeechat.models.session import Session
from coffeechat.views.common import (
    FULL_WIDTH,
    SLIDER_WIDTH,
    button,
    css,
    html_part,
    labelled,
    on_click,
    on_enter,
    replace_children,
    shared_style,
    watch,
)
from coffeechat.views.question_tip import QuestionTip
from coffeechat.views.ratings import SliderNumber, UnratedHint

#: prompt kinds with several controls, named as a group by the label above them
GROUPED_KINDS = ("checklist", "list", "table")


class FieldView:
    """A prompt's label, help and input, saving into ``session`` under ``key``."""

    def __init__(
        self,
        prompt: Prompt,
        session: Session,
        key: str,
        examples: tuple[Text, ...] = (),
        default: Any = None,
        css_class: str = "",
        focus: Callable[[str], None] | None = None,
        explain_beside: bool = True,
    ):
        """``default`` is shown when nothing is saved yet (and saved only once the participant changes it);
        ``css_class`` names the field for the page's code and style; ``focus(selector)`` moves the keyboard focus
        (the page's, :meth:`coffeechat.widgets.page.PageAssist.focus`): a row added by its button gets it.
        A date that is refused is explained right under its field too, unless ``explain_beside`` is False (a view
        that says what is wrong with its dates itself: the wrap-up)."""
        self.explain_beside = explain_beside
        self.prompt = prompt
        self.session = session
        self.key = key
        self.focus = focus
        lang = session.language
        saved = session.get(key)
        self.date_hint: w.HTML | None = None
        self.blank_fields: dict[str, list[w.Text]] = {}
        #: a list's or a table's rows (None for any other kind)
        self.rows_editor: RowsEditor | None = None
        self.input = self._build(saved if saved not in (None, "") else default)
        parts: list[w.Widget] = []
        if prompt.kind in GROUPED_KINDS:
            # a checklist or a list of rows is a group, named by the label above it (page.js links the two)
            parts.append(html_part(f"<p class='cc-label cc-group-label'>{html.escape(prompt.label[lang])}</p>"))
        if prompt.help:
            parts.append(html_part(f"<div class='cc-muted cc-help'>{html.escape(prompt.help[lang])}</div>"))
        if examples:
            parts.append(self._examples([example[lang] for example in examples]))
        if prompt.kind in GROUPED_KINDS:
            parts.append(self.input)
        else:
            parts.insert(0, self.input)  # its own <label> comes first, then help and examples
            if self.date_hint is not None:
                parts.insert(1, self.date_hint)
            if prompt.checks == "question" and prompt.kind == "text":
                parts.insert(1, QuestionTip(self.input, session, refocus=self._focus_input).widget)
        classes = css("cc-field", f"cc-field-{prompt.kind}", f"cc-key-{key.replace('.', '-')}", css_class)
        self.widget = w.VBox(parts, layout=FULL_WIDTH, **classes)

    def _examples(self, examples: list[str]) -> w.Widget:
        """The screen's examples for a text field, each a button that takes it into the field
        (:func:`~coffeechat.models.answers.with_example`) and puts the focus there, to make it one's own."""
        chips = []
        for example in examples:
            chip = button(example, "cc-example")
            on_click(self.session, chip, lambda e=example: self._take_example(e, examples))
            chips.append(chip)
        intro = html.escape(self.session.t("fear.examples"))
        label = html_part(f"<p class='cc-muted cc-examples-label'>{intro}</p>")
        return w.VBox([label, *chips], layout=FULL_WIDTH, **css("cc-examples"))

    def _take_example(self, example: str, examples: list[str]) -> None:
        self.input.value = with_example(self.input.value or "", example, examples)
        self._focus_input()

    def _focus_input(self) -> None:
        if self.focus is not None:
            self.focus(f".cc-key-{self.key.replace('.', '-')} textarea")

    # --- building ----------------------------------------------------------------------------------

    def _build(self, saved: Any) -> w.Widget:
        prompt, lang = self.prompt, self.session.language
        label = prompt.label[lang]
        placeholder = prompt.placeholder[lang] if prompt.placeholder else ""
        if prompt.kind == "text":
            widget = labelled(
                w.Textarea, label, value=saved or "", placeholder=placeholder, layout=FULL_WIDTH, continuous_update=True
            )
            return watch(self.session, widget, self._on_value)
        if prompt.kind == "date":
            return self._date_picker(saved)
        if prompt.kind == "scale":
            return self._scale(saved)
        if prompt.kind == "choice":
            options = [(o.label[lang], o.id) for o in prompt.options]
            value = saved if saved in dict(map(reversed, options)) else None
            widget = labelled(w.RadioButtons, label, options=options, value=value, layout=FULL_WIDTH)
            return watch(self.session, widget, self._on_value)
        if prompt.kind == "checklist":
            chosen = set(saved or [])
            self.boxes = {
                o.id: w.Checkbox(
                    value=o.id in chosen,
                    description=o.label[lang],
                    indent=False,
                    layout=FULL_WIDTH,
                    style=shared_style(w.Checkbox),
                )
                for o in prompt.options
            }
            for box in self.boxes.values():
                watch(self.session, box, self._on_checklist)
            lines = [self._with_blanks(o, box) for o, box in zip(prompt.options, self.boxes.values(), strict=True)]
            return w.VBox(lines, layout=FULL_WIDTH)
        where = f".cc-key-{self.key.replace('.', '-')}"
        self.rows_editor = RowsEditor(prompt, self.session, saved or [], self.save, self.focus, where)
        return self.rows_editor.widget

    def _with_blanks(self, option: Option, box: w.Checkbox) -> w.Widget:
        """A checklist line with [blanks] gets a field for each right under it, shown while it is chosen."""
        option_id = option.id
        names = blanks.blanks(option.label[self.session.language])
        if not names:
            return box
        saved = blanks.words_for(self.session.get(blanks.key(self.key)), option_id)
        fields = []
        for index, name in enumerate(names):
            field = labelled(
                w.Text,
                self.session.t("field.blank", blank=name),
                "cc-blank",
                value=str(saved[index]) if index < len(saved) else "",
                layout=FULL_WIDTH,
                continuous_update=True,
            )
            watch(self.session, field, lambda _change: self._on_blanks())
            fields.append(field)
        self.blank_fields[option_id] = fields
        words = w.VBox(fields, layout=w.Layout(display=None if box.value else "none"), **css("cc-blanks"))
        watch(self.session, box, lambda change: setattr(words.layout, "display", None if change["new"] else "none"))
        return w.VBox([box, words], layout=FULL_WIDTH)

    def _on_blanks(self) -> None:
        value = {option_id: [field.value for field in fields] for option_id, fields in self.blank_fields.items()}
        line_blanks = blanks.counts((o.id, o.label[self.session.language]) for o in self.prompt.options)
        try:
            cleaned = blanks.clean_blanks(value, line_blanks)
        except AnswerRejected as rejected:
            self.session.reject(rejected)
            return
        self.session.set(blanks.key(self.key), cleaned)

    def _date_picker(self, saved: Any) -> w.DatePicker:
        """The date picker; a date saved before dates were checked (9999-12-31, or no date) is pointed out."""
        value = None
        # what is wrong with the day on screen, if anything (takes no room while it says nothing)
        self.date_hint = html_part("", "cc-date-hint-box", layout=w.Layout(display="none"))
        if saved not in (None, ""):
            try:
                value = dt.date.fromisoformat(clean_date(saved))
            except AnswerRejected:
                day = as_date(saved)
                shown = day.isoformat() if day else str(saved)[: keys.QUOTED_CHARS]
                self._say_beside(self.session.t("field.date_stored_out_of_range", value=shown))
        widget = labelled(w.DatePicker, self.prompt.label[self.session.language], value=value)
        return watch(self.session, widget, self._on_value)

    def _scale(self, saved: Any) -> w.Widget:
        prompt, lang = self.prompt, self.session.language
        value = saved if isinstance(saved, int) else (prompt.scale_min + prompt.scale_max) // 2
        self.slider = labelled(
            w.IntSlider,
            prompt.label[lang],
            *SliderNumber.classes(isinstance(saved, int)),
            value=value,
            min=prompt.scale_min,
            max=prompt.scale_max,
            continuous_update=False,
            readout=False,
            layout=w.Layout(flex="1 1 auto", min_width="0"),
        )
        self.number = SliderNumber(self.slider, isinstance(saved, int))
        watch(self.session, self.slider, self._on_value)
        low = prompt.low_label[lang] if prompt.low_label else str(prompt.scale_min)
        high = prompt.high_label[lang] if prompt.high_label else str(prompt.scale_max)
        ends = html_part(
            f"<div class='cc-scale-ends' aria-hidden='true'><span>{html.escape(low)}</span>"
            f"<span>{html.escape(high)}</span></div>",
            "cc-rating-ends",
        )
        keep = lambda: self._on_value({"new": self.slider.value})
        self.unrated = UnratedHint(self.session, saved, keep, value)
        return w.VBox([self.number.row, ends, self.unrated.widget], layout=SLIDER_WIDTH)

    # --- saving ------------------------------------------------------------------------------------

    def _on_value(self, change: dict) -> None:
        if self.prompt.kind == "scale":
            self.number.show()
            self.unrated.clear()  # rated: its hint says so in its place (UnratedHint.clear)
        if self.save(change["new"]) and self.date_hint is not None:
            self.date_hint.value, self.date_hint.layout.display = "", "none"  # a good date replaced a refused one

    def _on_checklist(self, _change: dict) -> None:
        self.save([option_id for option_id, box in self.boxes.items() if box.value])

    def save(self, value: Any) -> bool:
        """Clean and save ``value``; on rejection explain why and keep what is on screen. True when saved."""
        try:
            cleaned = clean_answer(self.prompt, value)
        except AnswerRejected as rejected:
            self.session.reject(rejected)
            if self.prompt.kind == "date" and self.explain_beside:
                self._say_beside(self.session.explain(rejected))
            return False
        return self.session.set(self.key, cleaned)

    def _say_beside(self, said: str) -> None:
        """A date's problem under its field, where the participant looks (the status line is far away)."""
        if self.date_hint is not None:
            self.date_hint.value = f"<div class='cc-status-error cc-date-hint'>{html.escape(said)}</div>"
            self.date_hint.layout.display = None


class RowsEditor:
    """An editable list of rows (a ``list`` prompt has one text column, a ``table`` prompt several).

    A list's items are text areas that show the whole text; a table's text cells (names, roles) stay one line.
    Enter moves on, as the button below would (issue 27's walks found it did nothing): in a table's text cell it
    adds a row after the last and moves the keyboard into the next row; in a list's item ``page.js`` does the
    same (a text area sends no Enter to the kernel; Shift+Enter still starts a new line).
    """

    def __init__(self, prompt: Prompt, session: Session, saved: list, save, focus=None, where: str = ""):
        """``focus(selector)`` and ``where`` (the field's selector): a row added by the button gets the focus."""
        self.prompt = prompt
        self.session = session
        self._save = save
        self._focus = focus
        self._where = where
        self.rows: list[dict[str, Any]] = []
        #: the question texts whose tip the participant waved away (a prompt that ``checks: question``)
        self.dismissed_tips: set[str] = set()
        self.box = w.VBox(layout=FULL_WIDTH)
        add_label = session.t("field.add_row" if prompt.kind == "table" else "field.add_item")
        self.add_button = button(f"+ {add_label}", "cc-add-row")
        on_click(session, self.add_button, self._add_by_button)
        self.widget = w.VBox([self.box, self.add_button], layout=FULL_WIDTH, **css("cc-rows"))
        for value in saved:
            self.add_row(value, save=False)
        if not saved:
            self.add_row(save=False)

    def _columns(self):
        if self.prompt.kind == "table":
            return self.prompt.columns
        return None

    def _add_by_button(self) -> None:
        """A new row, and the keyboard focus in it: the next keys type into it, not into the button again (a
        keyboard user's spaces made seven empty rows)."""
        before = len(self.rows)
        self.add_row()
        if len(self.rows) > before and self._focus is not None:
            self._focus(f"{self._where} .cc-row-{len(self.rows)} :is(textarea, input, select)")

    def _enter(self, row: dict) -> None:
        """Enter in ``row``: the next row takes the keyboard; after the last, a new one (as its button does)."""
        if row not in self.rows:
            return
        index = self.rows.index(row)
        if index + 1 == len(self.rows):
            if any(str(cell.value or "").strip() for cell in row["cells"].values()):  # no empty rows by Enter
                self._add_by_button()
        elif self._focus is not None:
            self._focus(f"{self._where} .cc-row-{index + 2} :is(textarea, input, select)")

    def add_row(self, value: Any = None, save: bool = True, after: dict | None = None) -> bool:
        """A new row with ``value`` (after the row ``after``, else at the end); False when the list is full."""
        if len(self.rows) >= self.prompt.max_items:
            self.session.reject(AnswerRejected("field.limit_reached", limit=self.prompt.max_items))
            return False
        lang, t = self.session.language, self.session.t
        placeholder = self.prompt.placeholder[lang] if self.prompt.placeholder else ""
        place = self.rows.index(after) + 1 if after in self.rows else len(self.rows)
        number = place + 1
        cells: dict[str, w.Widget] = {}
        columns = self._columns()
        if columns is None:
            label = t("field.item", label=self.prompt.label[lang], number=number)
            flex = w.Layout(flex="1 1 auto")
            # an item is a question or a sentence: a text area of one line that grows with it (kit.css), so a
            # long question is read whole instead of being cut at the field's edge
            cells["item"] = labelled(
                w.Textarea, label, visible=False, value=value or "", placeholder=placeholder, layout=flex, rows=1
            )
        else:
            value = value or {}
            for column in columns:
                if column.kind == "choice":
                    options = [(t("field.choose"), "")] + [(o.label[lang], o.id) for o in column.options]
                    current = value.get(column.id, "")
                    cell = labelled(
                        w.Dropdown,
                        column.label[lang],
                        "cc-cell",
                        options=options,
                        value=current if current in dict(map(reversed, options)) else "",
                        layout=w.Layout(flex="1 1 12em"),
                    )
                else:
                    text = value.get(column.id, "")
                    cell = labelled(w.Text, column.label[lang], "cc-cell", value=text, layout=w.Layout(flex="2 1 14em"))
                cells[column.id] = cell
        for cell in cells.values():
            watch(self.session, cell, lambda _change: self.save())
        remove = button("✕", "cc-remove-row", tooltip=t("field.remove_row", number=number))
        row: dict[str, Any] = {"cells": cells, "remove": remove, "tip": None}
        for cell in cells.values():
            if isinstance(cell, w.Text):  # a one-line cell: Enter moves on (a text area's Enter is page.js's)
                on_enter(self.session, cell, lambda row=row: self._enter(row))
        if columns is None and self.prompt.checks == "question":
            row["tip"] = QuestionTip(
                cells["item"],
                self.session,
                refocus=lambda: self._focus_item(row),
                dismissed=self.dismissed_tips,
                add_after=lambda question: self.add_row(question, after=row),
            )
        on_click(self.session, remove, lambda row=row: self.remove_row(row))
        self.rows.insert(place, row)
        self._render()
        if save:
            self.save()
        return True

    def remove_row(self, row: dict) -> None:
        """Take ``row`` out; the keyboard goes to the row now in its place, after the last to the one before it,
        and to "+ add item" once none is left (it fell to the page, and a keyboard walk's next Tabs removed
        another question)."""
        if row not in self.rows:
            return
        index = self.rows.index(row)
        self.rows.remove(row)
        self._render()
        self.save()
        if self._focus is None:
            return
        if self.rows:
            self._focus(f"{self._where} .cc-row-{min(index, len(self.rows) - 1) + 1} :is(textarea, input, select)")
        else:
            self._focus(f"{self._where} .cc-add-row")

    def _render(self) -> None:
        lines = []
        for number, row in enumerate(self.rows, start=1):
            self._number(row, number)
            parts = [*row["cells"].values(), row["remove"]]
            if row["tip"] is None:
                lines.append(w.HBox(parts, layout=FULL_WIDTH, **css("cc-row", f"cc-row-{number}")))
            else:  # the question's tip right under it; the number names the pair
                line = w.HBox(parts, layout=FULL_WIDTH, **css("cc-row"))
                block = css("cc-question-block", f"cc-row-{number}")
                lines.append(w.VBox([line, row["tip"].widget], layout=FULL_WIDTH, **block))
        replace_children(self.box, lines)

    def _number(self, row: dict, number: int) -> None:
        """Name ``row``'s text and its ✕ by its place, as it is now: a keyboard walk heard „Zeile entfernen“ on
        every row alike, and a list's labels kept the places the rows were made at."""
        t = self.session.t
        names = {row["remove"]: ("tooltip", t("field.remove_row", number=number))}
        if self._columns() is None:
            label = t("field.item", label=self.prompt.label[self.session.language], number=number)
            names[row["cells"]["item"]] = ("description", label)
        for widget, (trait, name) in names.items():
            if getattr(widget, trait) != name:
                setattr(widget, trait, name)

    def _focus_item(self, row: dict) -> None:
        """The keyboard focus into ``row``'s text (its number may have changed since it was made)."""
        if self._focus is not None and row in self.rows:
            self._focus(f"{self._where} .cc-row-{self.rows.index(row) + 1} textarea")

    def value(self) -> list:
        if self._columns() is None:
            return [row["cells"]["item"].value for row in self.rows if row["cells"]["item"].value.strip()]
        values = []
        for row in self.rows:
            entry = {column_id: cell.value or "" for column_id, cell in row["cells"].items()}
            if any(v.strip() for v in entry.values()):
                values.append(entry)
        return values

    def save(self) -> None:
        self._save(self.value())


class NextStepView:
    """The module's one concrete next step: what, and by when (two fields saved like any other answer)."""

    def __init__(self, module_id: str, next_step, session: Session, focus: Callable[[str], None] | None = None):
        """``focus(selector)`` moves the keyboard focus (into the field, after an example is taken)."""
        self.action_key = keys.next_step(module_id, "action")
        self.due_key = keys.next_step(module_id, "due")
        action = FieldView(
            Prompt(id="action", kind="text", label=next_step.label),
            session,
            self.action_key,
            examples=next_step.examples,
            focus=focus,
        )
        due = FieldView(
            Prompt(id="due", kind="date", label=next_step.date_label, from_today=True), session, self.due_key
        )
        self.action, self.due = action.input, due.input
        self.widget = w.VBox([action.widget, due.widget], layout=FULL_WIDTH, **css("cc-next-step"))


__all__ = ["FieldView", "NextStepView", "RowsEditor"]

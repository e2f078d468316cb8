"""The projector: how to join (address and QR code), who is here (a count), the module's slide, the shared
timer, and the room's anonymous results, in large type for the back of the room, light or dark.

Only counts and aggregates reach this page (:class:`coffeechat.rooms.Results`: None wherever fewer than 3
people contributed), and the word wall only once the coach reveals it, without its hidden entries. No code,
no name, no order of arrival. The charts are plain HTML bars (the numbers are in the text too), drawn from
the same aggregates, so the page needs no chart library and reads in grey-scale.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..content import Workshop
from ..room import RoomState
from ..rooms import Results
from ..sharedtimer import SharedTimer
from .common import FULL_WIDTH, css, watch
from .console import Reporter


def qr_svg(address: str) -> str:
    """The address as a QR code, an inline SVG made here (segno), never fetched from anywhere."""
    import segno  # here: only the projector's kernel needs it, not the thirty participants'

    return segno.make(address, error="m").svg_inline(dark="#000", light="#fff", border=2, omitsize=True)


class ProjectorView:
    """The projector page; ``show(record_name, state, results)`` updates what changed."""

    def __init__(self, workshop: Workshop, language: str, join_address: str):
        self.workshop, self.language = workshop, language
        t = self.t
        self.theme = w.ToggleButtons(
            options=[("☀", "light"), ("☾", "dark")],
            style={"button_width": "3em"},
            tooltips=["light", "dark"],
        )
        self.theme.add_class("cc-projector-theme")
        self.guard = Reporter(workshop, language)
        watch(self.guard, self.theme, self._on_theme)
        address = html.escape(join_address)
        alt = html.escape(t("room.qr_alt", address=join_address), quote=True)
        code = f"<div class='cc-qr' role='img' aria-label='{alt}'>{qr_svg(join_address)}</div>"
        join = html.escape(t("room.join", address=""))
        self.join = w.HTML(
            f"<div class='cc-projector-join'>{code}"
            f"<p class='cc-projector-address'>{join}<strong>{address}</strong></p></div>"
        )
        self.count = w.HTML(**css("cc-projector-count"))
        self.timer = SharedTimer(
            labels={
                "done": t("room.timer_done"),
                "sound_on": t("roleplay.sound_on"),
                "sound_off": t("roleplay.sound_off"),
            }
        )
        self.timer.add_class("cc-projector-timer")
        self.slide = w.HTML(layout=FULL_WIDTH, **css("cc-projector-slide"))
        self.results = w.HTML(layout=FULL_WIDTH, **css("cc-projector-results"))
        self.wall = w.HTML(layout=FULL_WIDTH, **css("cc-projector-wall"))
        side = w.VBox([self.join, self.count, self.timer], layout=w.Layout(flex="0 0 16em", min_width="0"))
        main = w.VBox([self.slide, self.wall, self.results], layout=w.Layout(flex="1 1 24em", min_width="0"))
        self.root = w.VBox(
            [self.theme, w.HBox([main, side], layout=w.Layout(width="100%", flex_flow="row wrap"))], layout=FULL_WIDTH
        )
        self.root.add_class("cc-app")
        self.root.add_class("cc-projector")

    def t(self, key: str, **values) -> str:
        return self.workshop.t(key, self.language, **values)

    def _on_theme(self, change: dict) -> None:
        (self.root.add_class if change["new"] == "dark" else self.root.remove_class)("cc-projector-dark")

    def show(self, state: RoomState | None, results: Results | None) -> None:
        t = self.t
        if state is None or results is None:
            self.count.value = f"<p>{html.escape(t('room.none'))}</p>"
            self.slide.value = self.results.value = self.wall.value = ""
            return
        self.count.value = f"<p class='cc-room-count'>{html.escape(t('room.joined', count=results.joined))}</p>"
        self.timer.show(state.timer)
        self.slide.value = self._slide(state)
        self.wall.value = self._wall(state, results)
        self.results.value = self._results(state, results)

    def _slide(self, state: RoomState) -> str:
        if state.ended:
            return f"<h1>{html.escape(self.t('room.ended'))}</h1>"
        module_id = state.module or self.workshop.module_ids[0]
        lang = self.language
        parts = "".join(
            f"<section><h3>{html.escape(self.t(label))}</h3><p>{html.escape(text)}</p></section>"
            for label, text in self.workshop.slide(module_id, lang)
        )
        return f"<h1>{html.escape(self.workshop.module_title(module_id, lang))}</h1>{parts}"

    def _wall(self, state: RoomState, results: Results) -> str:
        if not state.question:
            return ""
        question = f"<h2>{html.escape(state.question)}</h2>"
        if results.wall is None:
            return f"{question}<p class='cc-muted'>{html.escape(self.t('room.wall_hidden'))}</p>"
        words = "".join(f"<li>{html.escape(entry.text)}</li>" for entry in results.wall)
        return f"{question}<ul class='cc-wall'>{words}</ul>"

    def _results(self, state: RoomState, results: Results) -> str:
        t, lang = self.t, self.language
        too_few = f"<span class='cc-muted'>{html.escape(t('room.too_few'))}</span>"
        rows = []
        for fear in self.workshop.fears:
            dist = results.fears.get(fear.id)
            name = html.escape(fear.title[lang])
            if dist is None:
                rows.append(f"<tr><th scope='row'>{name}</th><td>{too_few}</td></tr>")
                continue
            peak = max(dist.counts) or 1
            bars = "".join(
                f"<span class='cc-bar' style='height:{c / peak:.0%}' title='{r}: {c}'></span>"
                for r, c in enumerate(dist.counts)
            )
            summary = html.escape(t("room.rated_by", count=dist.total, mean=f"{dist.mean:.1f}"))
            rows.append(f"<tr><th scope='row'>{name}</th><td><div class='cc-bars'>{bars}</div>{summary}</td></tr>")
        profile = f"<h2>{html.escape(t('room.fear_profile'))}</h2><table class='cc-room-table'>{''.join(rows)}</table>"
        changes = []
        for fear in self.workshop.fears:
            change = results.change.get(fear.id)
            if change is not None:
                line = t(
                    "room.change_row", before=f"{change.before:.1f}", after=f"{change.after:.1f}", count=change.people
                )
                changes.append(
                    f"<tr><th scope='row'>{html.escape(fear.title[lang])}</th><td>{html.escape(line)}</td></tr>"
                )
        change_html = (
            f"<h2>{html.escape(t('room.change'))}</h2><table class='cc-room-table'>{''.join(changes)}</table>"
            if changes
            else ""
        )
        finished = ""
        if results.finished is not None:
            items = "".join(
                f"<li>{html.escape(self.workshop.module_title(m, lang))}: <strong>{n}</strong></li>"
                for m, n in results.finished.items()
            )
            finished = f"<h2>{html.escape(t('room.finished'))}</h2><ul class='cc-room-finished'>{items}</ul>"
        return profile + change_html + finished

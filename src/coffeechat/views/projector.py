"""The projector: one slide that always fits the screen, in large type for the back of the room.

What it shows is the coach's choice on the console, stored in the room (:attr:`RoomState.projector`), so every
projector agrees: how to join (QR code, address, count), the module's slide, the fear profile, before and
after, the word wall, the groups, or the shared timer full screen; after "End", a thank-you slide with the
timer stopped. The room's name stands at the top; outside the join slide the address and the count stay small
in a corner (or nothing, as the coach chose). The page has no control of its own: the theme and the sound are
chosen on the console too.

Every part is drawn on every change and the stylesheet shows the one the root's class names
(``cc-projector-mode-<mode>``): the page is a fixed frame of the window's size that never scrolls, and every
size in it follows the window (``widgets/kit.css``, the block "issue 23: the projector as a slide").

Only counts and aggregates reach this page (:class:`coffeechat.room.live.Results`: None wherever fewer than 3
people contributed), and the word wall only once the coach reveals it, without its hidden entries. No code,
no name, no order of arrival. The charts are plain HTML bars with their numbers in the text, drawn from the
same aggregates, so the page needs no chart library and reads in grey-scale. Numbers are written as the
content's language writes them ("Mittel 5,8"), and "1 Person" is never "1 Personen".
"""

from __future__ import annotations

import html

import ipywidgets as w
from babel.core import UnknownLocaleError
from babel.numbers import format_decimal

from coffeechat.content import Workshop, group_colour, group_name, plural
from coffeechat.models.keys import RATING_MAX
from coffeechat.room.live import Results
from coffeechat.room.model import (
    FEW_GROUPS,
    MANY_GROUPS,
    WALL_CHIP_CHARACTERS,
    WALL_FEW_CHARACTERS,
    WALL_SLIDE_CHARACTERS,
    WALL_SOME_CHARACTERS,
    RoomState,
    Timer,
)
from coffeechat.upstream.ipywidgets import replace_classes
from coffeechat.views.common import FULL_WIDTH, css, joined_line
from coffeechat.widgets.sharedtimer import SharedTimer


def qr_svg(address: str) -> str:
    """The address as a QR code, an inline SVG made here (segno), never fetched from anywhere."""
    import segno  # here: only the projector's kernel needs it, not the thirty participants'

    return segno.make(address, error="m").svg_inline(dark="#000", light="#fff", border=2, omitsize=True)


def group_label(workshop: Workshop, number: int, language: str) -> str:
    """What the projector calls group ``number`` (from 1): its name, "Gruppe Blau" / "Blue group"."""
    return group_name(workshop, number, language)


def group_style(workshop: Workshop, number: int) -> str:
    """The group's colour as a style attribute for its tile (a bar beside the name; the name says it too)."""
    colour = group_colour(workshop, number)
    return f" style='--cc-group:{html.escape(colour, quote=True)}'" if colour else ""


def decimal(value: float, workshop: Workshop, language: str) -> str:
    """``value`` with one decimal as ``language`` writes it: 5,8 in German, 5.8 in English."""
    try:
        return format_decimal(value, format="0.0", locale=workshop.locale(language))
    except (UnknownLocaleError, ValueError):
        return f"{value:.1f}"


def people(workshop: Workshop, count: int, language: str) -> str:
    """ "1 Person" / "3 Personen": the count of people with the right form."""
    return plural(workshop, "room.people", count, language)


class ProjectorView:
    """The projector page; ``show(state, results, name)`` draws what the room shows now."""

    def __init__(self, workshop: Workshop, language: str, join_address: str):
        self.workshop, self.language, self.address = workshop, language, join_address
        t = self.t
        address = html.escape(join_address)
        alt = html.escape(t("room.qr_alt", address=join_address), quote=True)
        self.qr = f"<div class='cc-qr' role='img' aria-label='{alt}'>{qr_svg(join_address)}</div>"
        self.head = w.HTML(**css("cc-projector-head"))
        self.corner = w.HTML(**css("cc-projector-corner"))
        self.timer = SharedTimer(
            labels={
                "done": t("room.timer_done"),
                "paused": t("room.timer_paused"),
                "sound_on": t("roleplay.sound_on"),
                "sound_off": t("roleplay.sound_off"),
            },
            sound="on",
        )
        self.timer.add_class("cc-projector-timer")
        self.join_line = (
            f"<p class='cc-projector-address'>{html.escape(t('room.join', address=''))}<strong>{address}</strong></p>"
        )
        self.join = w.HTML(**css("cc-projector-part", "cc-projector-join"))
        self.slide = w.HTML(**css("cc-projector-part", "cc-projector-slide"))
        self.results = w.HTML(**css("cc-projector-part", "cc-projector-results"))
        self.change = w.HTML(**css("cc-projector-part", "cc-projector-change"))
        self.wall = w.HTML(**css("cc-projector-part", "cc-projector-wall"))
        self.groups = w.HTML(**css("cc-projector-part", "cc-projector-groups"))
        self.thanks = w.HTML(**css("cc-projector-part", "cc-projector-thanks"))
        parts = [self.join, self.slide, self.results, self.change, self.wall, self.groups, self.thanks]
        self.root = w.Box(
            [self.head, self.corner, self.timer, *parts],
            layout=FULL_WIDTH,
            **css("cc-app", "cc-projector", "cc-projector-mode-join", "cc-projector-timer-idle"),
        )
        self.mode = "join"

    def t(self, key: str, **values) -> str:
        return self.workshop.t(key, self.language, **values)

    # --- what the room shows now ---

    def show(self, state: RoomState | None, results: Results | None, name: str = "") -> None:
        t = self.t
        if state is None or results is None:
            # the room sees the workshop's name and how to join, never a word meant for the coach
            title = self.workshop.manifest.title[self.language]
            self.head.value = f"<p class='cc-projector-name'>{html.escape(title)}</p>"
            self._join(t("room.projector_waiting"))
            self.corner.value = ""
            self.slide.value = self.results.value = self.change.value = self.wall.value = self.groups.value = ""
            self.timer.show(Timer())
            self._classes("join", theme="light", timer_shown=False)
            return
        self.head.value = f"<p class='cc-projector-name'>{html.escape(name)}</p>" if name else ""
        joined = self._joined(results.joined)
        self._join(joined)
        self.corner.value = (
            f"<p><span class='cc-projector-corner-address'>{html.escape(self.address)}</span>"
            f" · <span class='cc-room-count'>{html.escape(joined)}</span></p>"
            if state.corner
            else ""
        )
        timer = state.timer.stop() if state.ended else state.timer
        self.timer.sound = "on" if state.sound else "off"
        self.timer.show(timer)
        self.slide.value = self._slide(state, results)
        self.results.value = self._profile(results)
        self.change.value = self._change(results)
        self.wall.value = self._wall(state, results)
        self.groups.value = self._groups(state)
        self.thanks.value = self._thanks()
        mode = "thanks" if state.ended else state.projector
        shown = not state.ended and (mode == "timer" or timer.running or timer.paused)
        self._classes(mode, theme=state.theme, timer_shown=shown, corner=state.corner)

    def _classes(self, mode: str, theme: str, timer_shown: bool, corner: bool = False) -> None:
        wanted = {
            f"cc-projector-mode-{mode}",
            "cc-projector-dark" if theme == "dark" else "",
            "" if timer_shown else "cc-projector-timer-idle",
            "" if corner and mode not in ("join", "thanks") else "cc-projector-corner-off",
        } - {""}
        replace_classes(self.root, "cc-projector-", wanted)
        self.mode = mode

    def _joined(self, count: int) -> str:
        return joined_line(self.t, count)

    def _join(self, count_text: str) -> None:
        """The QR code, the address and the count, as large as the screen allows."""
        self.join.value = (
            f"<div class='cc-projector-join-inner'>{self.qr}<div class='cc-projector-join-text'>{self.join_line}"
            f"<p class='cc-room-count'>{html.escape(count_text)}</p></div></div>"
        )

    # --- the parts, one per mode ---

    def _slide(self, state: RoomState, results: Results) -> str:
        module_id = state.module if state.module in self.workshop.module_ids else self.workshop.module_ids[0]
        lang = self.language
        sections = [
            f"<section><h3>{html.escape(self.t(label))}</h3><p>{html.escape(text)}</p></section>"
            for label, text in self.workshop.slide(module_id, lang)
        ]
        finished = ""
        if results.finished and results.finished.get(module_id):
            count = people(self.workshop, results.finished[module_id], lang)
            finished = f"<p class='cc-projector-finished'>{html.escape(self.t('room.finished_here', people=count))}</p>"
        title = html.escape(self.workshop.module_title(module_id, lang))
        grid = f"<div class='cc-projector-sections cc-projector-sections-{len(sections)}'>{''.join(sections)}</div>"
        return f"<h1>{title}</h1>{grid}{finished}"

    def _too_few(self) -> str:
        return f"<p class='cc-projector-too-few'>{html.escape(self.t('room.too_few'))}</p>"

    def _profile(self, results: Results) -> str:
        t, lang = self.t, self.language
        cards = []
        for fear in self.workshop.fears:
            dist = results.fears.get(fear.id)
            name = f"<h3>{html.escape(fear.title[lang])}</h3>"
            if dist is None:
                cards.append(f"<div class='cc-projector-fear'>{name}{self._too_few()}</div>")
                continue
            peak = max(dist.counts) or 1
            columns = "".join(
                f"<div class='cc-hist-col' title='{r}: {c}'>"
                f"<span class='cc-hist-count'>{c if c else ''}</span>"
                f"<span class='cc-bar' style='--v:{c / peak:.2f}'></span></div>"
                for r, c in enumerate(dist.counts)
            )
            axis = "".join(f"<span>{r}</span>" for r in range(len(dist.counts)))
            mean = t("room.mean", mean=decimal(dist.mean, self.workshop, lang))
            summary = f"{mean} · {people(self.workshop, dist.total, lang)}"
            cards.append(
                f"<div class='cc-projector-fear'>{name}<div class='cc-hist' aria-hidden='true'>"
                f"<div class='cc-hist-bars'>{columns}</div><div class='cc-hist-axis'>{axis}</div></div>"
                f"<p class='cc-projector-summary'>{html.escape(summary)}</p></div>"
            )
        return f"<h2>{html.escape(t('room.fear_profile'))}</h2><div class='cc-projector-fears'>{''.join(cards)}</div>"

    def _change(self, results: Results) -> str:
        t, lang = self.t, self.language
        cards = []
        for fear in self.workshop.fears:
            change = results.change.get(fear.id)
            name = f"<h3>{html.escape(fear.title[lang])}</h3>"
            if change is None:
                cards.append(f"<div class='cc-projector-fear'>{name}{self._too_few()}</div>")
                continue
            rows = "".join(
                f"<div class='cc-change-row'><span class='cc-change-label'>{html.escape(t(label))}</span>"
                f"<span class='cc-change-track'><span class='cc-change-bar cc-change-{label.split('.')[1]}' "
                f"style='--v:{value / RATING_MAX:.2f}'></span></span>"
                f"<strong class='cc-change-value'>{decimal(value, self.workshop, lang)}</strong></div>"
                for label, value in (("room.before", change.before), ("room.after", change.after))
            )
            count = html.escape(people(self.workshop, change.people, lang))
            cards.append(
                f"<div class='cc-projector-fear'>{name}{rows}<p class='cc-projector-summary'>{count}</p></div>"
            )
        return f"<h2>{html.escape(t('room.change'))}</h2><div class='cc-projector-fears'>{''.join(cards)}</div>"

    def _wall(self, state: RoomState, results: Results) -> str:
        if not state.question:
            return f"<p class='cc-projector-note'>{html.escape(self.t('room.projector_no_question'))}</p>"
        question = f"<h2>{html.escape(state.question)}</h2>"
        if results.wall is None:  # not shown yet, or shown but with fewer than 3 answers to show: none at all
            note = self.t("room.too_few" if state.revealed else "room.wall_hidden")
            return f"{question}<p class='cc-projector-note'>{html.escape(note)}</p>"
        shown, budget = [], WALL_SLIDE_CHARACTERS
        for entry in results.wall:
            cost = len(entry.text) + WALL_CHIP_CHARACTERS
            if cost > budget:
                break
            shown.append(entry)
            budget -= cost
        words = "".join(f"<li>{html.escape(entry.text)}</li>" for entry in shown)
        rest = len(results.wall) - len(shown)
        if rest:
            words += f"<li class='cc-wall-more'>{html.escape(self.t('room.wall_more', count=rest))}</li>"
        used = WALL_SLIDE_CHARACTERS - budget
        size = (
            "cc-wall-few"
            if used <= WALL_FEW_CHARACTERS
            else "cc-wall-some"
            if used <= WALL_SOME_CHARACTERS
            else "cc-wall-many"
        )
        return f"{question}<ul class='cc-wall {size}'>{words}</ul>"

    def _groups(self, state: RoomState) -> str:
        t, lang = self.t, self.language
        if not state.groups:
            return f"<p class='cc-projector-note'>{html.escape(t('room.no_groups'))}</p>"
        many = len(state.groups)
        compact = " cc-groups-compact" if many >= MANY_GROUPS else " cc-groups-few" if many <= FEW_GROUPS else ""
        # a lecture hall's many groups: "Gruppe 12 · 3" on one line; else the size in words below the name
        tiles = "".join(
            f"<li{group_style(self.workshop, number)}>"
            f"<strong>{html.escape(group_label(self.workshop, number, lang))}</strong>"
            + (
                f"<span>· {len(group)}</span>"
                if compact.endswith("compact")
                else f"<span>{html.escape(people(self.workshop, len(group), lang))}</span>"
            )
            + "</li>"
            for number, group in enumerate(state.groups, start=1)
        )
        return f"<h2>{html.escape(t('room.round', round=state.round))}</h2><ul class='cc-groups{compact}'>{tiles}</ul>"

    def _thanks(self) -> str:
        return (
            f"<h1>{html.escape(self.t('room.projector_thanks'))}</h1>"
            f"<p>{html.escape(self.t('room.projector_thanks_text'))}</p>"
        )

"""The documentation's own Sphinx extension: what the pages show is made from the code at build time.

Before Sphinx reads the pages, :func:`generate` writes ``docs/_generated/`` (ignored by git):

- ``site/coffeechat-guide-de.pdf``, ``site/coffeechat-guide-en.pdf``: the facilitator guide of the 90-minute
  workshop, made as ``coffeechat guide`` makes it; linked with ``{download}``, and ``site/`` is copied to the
  site's root (``html_extra_path``), so ``/coffeechat-guide-en.pdf`` is a stable address;
- ``module-table.md``, ``format-table.md``: the tables of :mod:`coffeechat.documents.agenda`, for ``{include}``;
- ``content-models.md``: an ``autopydantic_model`` for every model of :mod:`coffeechat.content.schema`, in the
  order of the source (autodoc_pydantic documents a model by its own directive; ``automodule`` in Sphinx 9
  does not hand models to it);
- ``environment.md``: the table of :data:`coffeechat.environment.VARIABLES`;
- ``answer-keys.md``, ``limits.md``: the keys (:data:`coffeechat.models.keys.PATTERNS`) and the limits of
  :mod:`coffeechat.models.keys`;
- ``layers.md``: the layers of ``[tool.importlinter]`` in ``pyproject.toml``, each package with the first
  paragraph of its docstring and its modules;
- ``benchmarks.md``: the tables of every ``benchmarks/results/*.json`` (``--json-out`` of the benchmarks), with
  the command, the date and the machine;
- ``journey.md``: the participant's journey (``bench_journey.py``) before and after the guided flow of issue 27,
  side by side: ``bench_journey-before.json`` and, once it is run again, ``bench_journey.json``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

DOCS = Path(__file__).resolve().parents[1]
ROOT = DOCS.parent
GENERATED = DOCS / "_generated"
GUIDE_FORMAT = "ninety-minutes"
GUIDE_LANGUAGES = ("de", "en")


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` unless the file holds it already (an unchanged file keeps Sphinx's cache)."""
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def content_models() -> str:
    """The content models, each by autodoc_pydantic's directive, in the order the schema defines them."""
    import inspect

    from pydantic import BaseModel

    from coffeechat.content import schema

    models = [
        obj
        for name, obj in vars(schema).items()
        if inspect.isclass(obj)
        and issubclass(obj, BaseModel)
        and obj.__module__ == schema.__name__
        and name.isidentifier()  # not the parametrized generics pydantic keeps in the module
        and not name.startswith("_")
    ]
    source = Path(schema.__file__).read_text(encoding="utf-8")
    models.sort(key=lambda model: source.index(f"\nclass {model.__name__}("))
    lines = ["```{eval-rst}"]
    lines += [f".. autopydantic_model:: {schema.__name__}.{model.__name__}\n" for model in models]
    return "\n".join([*lines, "```", ""])


def _cell(text: str) -> str:
    """A docstring's text as a Markdown table cell: RST literals as Markdown's, no bar breaking the row."""
    import re

    text = re.sub(r":[a-z]+(?::[a-z]+)?:`~?([^`]+)`", r"``\1``", text)  # :data:`X` -> ``X``
    return text.replace("``", "`").replace("|", "\\|")


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(_cell(cell) for cell in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def environment_table() -> str:
    from coffeechat import environment

    entries = [
        f"`{v.name}`\n: {_cell(v.meaning)}.\n  Default: {v.default}. Set by: {v.set_by}. Read by: `{v.read_by}`.\n"
        for v in environment.VARIABLES
    ]
    return "\n".join(entries)


def answer_keys_table() -> str:
    from coffeechat.models import keys

    rows = [(f"`{row.pattern}`", row.value) for row in keys.PATTERNS]
    values = (keys.__doc__ or "").strip().split("\n\n")[-1]
    return _table(("key", "value"), rows) + "\n" + _cell(" ".join(values.split())) + "\n"


def limits_table() -> str:
    """The limits of :mod:`coffeechat.models.keys`: every constant with a ``#:`` comment before the classes."""
    import re

    from coffeechat.models import keys

    source = Path(keys.__file__).read_text(encoding="utf-8").split("\n@dataclass")[0]
    rows = []
    for comment, names in re.findall(r"^#: (.+)\n([A-Z_, ]+) = ", source, re.MULTILINE):
        shown = ", ".join(f"`{name} = {getattr(keys, name)!r}`" for name in names.replace(" ", "").split(","))
        rows.append((shown, comment))
    return _table(("limit", "what it bounds"), rows)


def _first_paragraph(path: Path) -> str:
    import ast

    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return " ".join(docstring.split("\n\n")[0].split())


def layers_table() -> str:
    """The layers contract of pyproject.toml, top first, as import-linter reads it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    package_root = ROOT / "src" / "coffeechat"
    entries = []
    for number, layer in enumerate(reversed(contract["layers"])):
        for name in (part.strip() for part in layer.split(":")):
            short = name.removeprefix("coffeechat.")
            folder = package_root / short
            if folder.is_dir():
                about = _first_paragraph(folder / "__init__.py")
                parts = sorted(
                    p.stem if p.is_file() else p.name + "/"
                    for p in folder.iterdir()
                    if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and not p.name.startswith("__"))
                )
                shown, modules = f"`{short}/`", ", ".join(parts)
            else:
                about, shown, modules = _first_paragraph(folder.with_suffix(".py")), f"`{short}.py`", ""
            listed = f"\n  Modules: {modules}." if modules else ""
            entries.append(f"{shown} (layer {number})\n: {_cell(about)}{listed}\n")
    entries.reverse()
    return "\n".join(entries)


RESULTS = ROOT / "benchmarks" / "results"
#: benchmarks with a page section of their own (journey.md), left out of benchmarks.md
OWN_SECTION = ("bench_journey",)


def _how_it_ran(run: dict, name: str) -> str:
    machine = run["machine"]
    load = machine["load_1_5_15_min"]
    return (
        f"`{run['command']}`, on {run['date'].replace('T', ' ').removesuffix('+00:00')} UTC: "
        f"{machine['cores']} cores, load {load[0]} / {load[1]} / {load[2]} (1 / 5 / 15 min), "
        f"Python {machine['python']}, {machine['system']}. From `benchmarks/results/{name}`."
    )


def benchmark_tables() -> str:
    """Every recorded benchmark run: how it was run, then its tables."""
    import json

    out = []
    for path in sorted(RESULTS.glob("*.json")):
        run = json.loads(path.read_text(encoding="utf-8"))
        if run["benchmark"] in OWN_SECTION:
            continue
        out += [f"### {run['benchmark']}", "", _how_it_ran(run, path.name), ""]
        for table in run["tables"]:
            out += [f"**{table['title']}**", "", _table(tuple(table["columns"]), table["rows"])]
    return "\n".join(out)


#: the journey's figures, each as a row: its name and how one run's figures say it
JOURNEY_FIGURES: tuple[tuple[str, Callable[[dict], str]], ...] = (
    ("steps (what is seen between two presses of the primary action)", lambda run: str(run["steps"])),
    ("screens (each step: its height in windows, rounded up)", lambda run: str(run["screens"])),
    ("tallest step", lambda run: f"{run['tallest_step_px']} px ({run['tallest_step_screens']} windows)"),
    ("taps from the start page to the downloaded take-home", lambda run: str(run["taps_to_take_home"])),
    ("keys typed", lambda run: str(run["keys"])),
    ("scroll gestures (wheel turns, swipes)", lambda run: str(run["scrolls"])),
    ("time of the scripted participant (no think time)", lambda run: f"{run['journey_seconds']} s"),
    ("header above the first module: as it opens, code folded", lambda run: _header(run)),
)


def _header(run: dict) -> str:
    if run.get("header_px") is None:
        return "–"
    return f"{run['header_px']} px, {run['header_folded_px']} px"


def _side_by_side(before: str | None, after: str | None) -> str:
    if before is None or after is None or before == after:
        return after or before or "–"
    return f"{before} → {after}"


def journey_tables(results: Path = RESULTS) -> str:
    """The journey's figures before and after issue 27's guided flow, side by side (before → after) in one cell
    for each language and window; the before run alone as long as no after run exists."""
    import json

    runs = {
        when: json.loads(path.read_text(encoding="utf-8"))
        for when, path in (("before", results / "bench_journey-before.json"), ("after", results / "bench_journey.json"))
        if path.exists()
    }
    if not runs:
        return "No run of `bench_journey.py` is recorded yet.\n"
    out = []
    for when, run in runs.items():
        name = "bench_journey-before.json" if when == "before" else "bench_journey.json"
        settings = run.get("settings", {})
        app = f", the app as of `{settings['app_revision']}`" if settings.get("app_revision") else ""
        out += [
            f"**{when.capitalize()}** (commit `{settings.get('revision', '?')}`{app}): {_how_it_ran(run, name)}",
            "",
        ]
    by_walk = {when: {(f["language"], f["window"]): f for f in run["figures"]} for when, run in runs.items()}
    walks = list(dict.fromkeys(key for figures in by_walk.values() for key in figures))
    columns = ("", *(f"{language}, {window}" for language, window in walks))
    shown = " → ".join(runs)

    def cell(key: tuple[str, str], say: Callable[[dict], str]) -> str:
        before, after = (by_walk.get(when, {}).get(key) for when in ("before", "after"))
        return _side_by_side(say(before) if before else None, say(after) if after else None)

    rows = [(name, *(cell(key, say) for key in walks)) for name, say in JOURNEY_FIGURES]
    out += [f"**The journey from the start page to the downloaded take-home ({shown})**", "", _table(columns, rows)]

    def module(figures: dict, module_id: str) -> dict | None:
        return next((m for m in figures["modules"] if m["module"] == module_id), None)

    def say_module(module_id: str) -> Callable[[dict], str]:
        def say(figures: dict) -> str:
            found = module(figures, module_id)
            if found is None:
                return "–"
            return f"{found['screens']} / {found['steps']} / {found['tallest_step_screens']} / {found['taps']}"

        return say

    modules = list(
        dict.fromkeys(m["module"] for figures in by_walk.values() for walk in figures.values() for m in walk["modules"])
    )
    rows = [(module_id, *(cell(key, say_module(module_id)) for key in walks)) for module_id in modules]
    out += [
        f"**Each module: screens / steps / the tallest step in windows / taps ({shown})**",
        "",
        _table(("module", *columns[1:]), rows),
    ]
    return "\n".join(out)


def _workshop():
    from coffeechat.content import load_workshop

    return load_workshop(ROOT / "exercises")


def _module_table() -> str:
    from coffeechat.documents.agenda import module_table

    return module_table(_workshop()) + "\n"


def _format_table() -> str:
    from coffeechat.documents.agenda import format_table

    return format_table(_workshop()) + "\n"


def _guide_pdf(language: str) -> bytes:
    from coffeechat.documents.agenda import DEFAULT_START
    from coffeechat.documents.guide import facilitator_guide
    from coffeechat.documents.pdf import document_pdf

    return document_pdf(facilitator_guide(_workshop(), GUIDE_FORMAT, language, DEFAULT_START))


#: every file under docs/_generated/ and what makes it (tests/unit/test_docs.py: the pages use no other)
OUTPUTS: dict[str, Callable[[], str | bytes]] = {
    "module-table.md": _module_table,
    "format-table.md": _format_table,
    "content-models.md": content_models,
    "environment.md": environment_table,
    "answer-keys.md": answer_keys_table,
    "limits.md": limits_table,
    "layers.md": layers_table,
    "benchmarks.md": benchmark_tables,
    "journey.md": journey_tables,
    **{f"site/coffeechat-guide-{lang}.pdf": functools.partial(_guide_pdf, lang) for lang in GUIDE_LANGUAGES},
}


def generate(app: Sphinx, config: Config) -> None:
    for name, make in OUTPUTS.items():
        made = make()
        path = GENERATED / name
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, made.encode() if isinstance(made, str) else made)


#: what would make a reader's browser fetch from another host: a script, style, font, image or frame by URL
FETCHES_ELSEWHERE = (
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?\b(?:src|href|srcset|data)=[\"']?(?:https?:)?//",
    r"url\(\s*[\"']?(?:https?:)?//",
    r"@import\s+[\"'](?:https?:)?//",
    r"\bfrom\s+[\"'](?:https?:)?//|\bimport\(\s*[\"'](?:https?:)?//",
)


def check_offline(app: Sphinx, exception: Exception | None) -> None:
    """Warn (an error with ``-W``) when a built page, style or script would fetch from another host.

    Links to upstream projects' pages (``<a href="https://...">``) are fine: a reader follows them or not.
    """
    import re

    from sphinx.util import logging

    if exception is not None or app.builder.format != "html":
        return
    pattern = re.compile("|".join(FETCHES_ELSEWHERE), re.IGNORECASE)
    for path in sorted(Path(app.outdir).rglob("*")):
        if path.suffix in {".html", ".css", ".js"}:
            for match in pattern.finditer(path.read_text(encoding="utf-8", errors="replace")):
                logging.getLogger(__name__).warning(
                    "%s fetches from another host: %s", path.relative_to(app.outdir), match.group(0)[:120]
                )


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", generate)  # before Sphinx checks html_extra_path
    app.connect("build-finished", check_offline)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

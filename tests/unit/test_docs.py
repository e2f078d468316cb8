"""Does the documentation keep up with the code? The cheap checks, without building the site (``make docs``
builds it, with every warning an error)."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
import sys
from pathlib import Path

from coffeechat import environment

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
#: a name of the kit's environment variables wherever it is spelled (``HTTP_X_COFFEECHAT_CLIENT`` too)
VARIABLE_NAME = re.compile(r"\b[A-Z_]*COFFEECHAT_[A-Z0-9_]*[A-Z0-9]\b")
#: the files a variable's name is looked for in (the registry itself aside)
SPELLED_IN = {".py", ".yaml", ".yml", ".toml", ".js", ".sh"}
TOCTREE = re.compile(r"^(`{3,}|:{3,})\{toctree\}[^\n]*\n(.*?)^\1", re.MULTILINE | re.DOTALL)


def pages() -> list[Path]:
    skipped = {"_build", "_generated", "_ext"}
    return sorted(p for p in DOCS.rglob("*.md") if not skipped & set(p.relative_to(DOCS).parts))


def spelled_names(*folders: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*"):
            if "node_modules" in path.parts or path.name == "environment.py" or path.suffix not in SPELLED_IN:
                continue
            if path.is_file():
                for name in VARIABLE_NAME.findall(path.read_text(encoding="utf-8")):
                    found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def test_is_every_environment_variable_the_code_or_the_recipes_name_in_the_registry():
    registered = {variable.name for variable in environment.VARIABLES}
    unregistered = {name: where for name, where in spelled_names("src", "deploy").items() if name not in registered}
    assert unregistered == {}, "add them to coffeechat.environment.VARIABLES"


def test_does_the_code_read_the_names_from_the_registry_rather_than_spelling_them():
    quoted = re.compile(r"[\"'][A-Z_]*COFFEECHAT_[A-Z0-9_]+[\"']")
    spelled = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in (ROOT / "src" / "coffeechat").rglob("*.py")
        if path.name != "environment.py"
        for match in quoted.findall(path.read_text(encoding="utf-8"))
    ]
    assert spelled == []


def test_is_every_registered_variable_named_once_and_explained():
    names = [variable.name for variable in environment.VARIABLES]
    assert len(names) == len(set(names))
    for variable in environment.VARIABLES:
        assert variable.meaning and variable.default and variable.set_by and variable.read_by, variable.name


def toctree_entries(page: Path) -> set[Path]:
    entries = set()
    for _fence, body in TOCTREE.findall(page.read_text(encoding="utf-8")):
        for line in body.splitlines():
            line = line.strip()
            if line and not line.startswith(":"):
                target = re.sub(r"^.*<(.+)>$", r"\1", line)  # "Title <page>"
                base = DOCS if target.startswith("/") else page.parent
                entries.add((base / target.lstrip("/")).with_suffix(".md").resolve())
    return entries


def test_is_every_page_in_a_table_of_contents():
    listed = set().union(*(toctree_entries(page) for page in pages()))
    orphans = [str(p.relative_to(DOCS)) for p in pages() if p.resolve() not in listed and p != DOCS / "index.md"]
    assert orphans == []


def test_does_every_table_of_contents_name_a_page_that_exists():
    missing = [
        f"{page.relative_to(DOCS)} -> {entry.relative_to(DOCS.resolve())}"
        for page in pages()
        for entry in toctree_entries(page)
        if not entry.exists()
    ]
    assert missing == []


def docs_extension():
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        return importlib.import_module("coffeechat_docs")
    finally:
        sys.path.remove(str(DOCS / "_ext"))


def test_is_every_generated_file_a_page_uses_one_the_build_makes():
    made = set(docs_extension().OUTPUTS)
    used = {name for page in pages() for name in re.findall(r"/_generated/([\w./-]+\.(?:md|pdf))", page.read_text())}
    assert used - made == set()
    assert {
        "module-table.md",
        "format-table.md",
        "site/coffeechat-guide-de.pdf",
        "site/coffeechat-guide-en.pdf",
    } <= used


def test_does_the_content_reference_name_every_file_of_the_shipped_content():
    page = (DOCS / "reference" / "content.md").read_text(encoding="utf-8")
    files = {p.relative_to(ROOT / "exercises").as_posix() for p in (ROOT / "exercises").rglob("*.yaml")}
    unnamed = [
        name for name in files if f"`{name}`" not in page and not re.fullmatch(r"fears/\d\d-[a-z-]+\.yaml", name)
    ]
    assert unnamed == []


def test_does_every_label_the_reference_promises_the_other_pages_exist():
    promised = set(
        re.findall(r"`([a-z-]+)`", (DOCS / "reference" / "index.md").read_text().split("Targets to link")[1])
    )
    labels = {label for page in pages() for label in re.findall(r"^\(([a-z-]+)\)=$", page.read_text(), re.MULTILINE)}
    assert promised and promised - labels == set()


def test_does_every_recorded_benchmark_say_how_where_and_when_it_ran():
    results = sorted((ROOT / "benchmarks" / "results").glob("*.json"))
    assert results
    for path in results:
        run = json.loads(path.read_text(encoding="utf-8"))
        assert run["command"].startswith(f"python benchmarks/{run['benchmark']}.py"), path.name
        assert dt.datetime.fromisoformat(run["date"]).tzinfo is not None, path.name
        assert run["machine"]["cores"] >= 1 and len(run["machine"]["load_1_5_15_min"]) == 3, path.name
        for table in run["tables"]:
            assert table["rows"] and all(len(row) == len(table["columns"]) for row in table["rows"]), path.name

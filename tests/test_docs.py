"""Does the documentation keep up with the code? The cheap checks, without building the site (``make docs``
builds it, with every warning an error)."""

from __future__ import annotations

import re
from pathlib import Path

from coffeechat import environment

ROOT = Path(__file__).resolve().parents[1]
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
            if path.is_file() and path.suffix in SPELLED_IN and path.name != "environment.py":
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

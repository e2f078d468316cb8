"""Does each module import only what stands below it (storage, then models, then views, then the app)?"""

from __future__ import annotations

import ast
from pathlib import Path

import coffeechat

PACKAGE = Path(coffeechat.__file__).resolve().parent

#: what a module may import, layer by layer (a module may import its own layer and any lower one)
LAYERS = [
    {"kinds", "codes", "paths", "keys", "visitor", "esm", "heap"},
    {"content"},
    {"answers", "database", "journal"},
    {
        "session",
        "builder",
        "outreach",
        "roleplay",
        "summaries",
        "agenda",
        "charts",
        "timer",
        "device",
        "download",
        "page",
        "dates",
        "reminders",
        "room",
        "rooms",
        "sharedtimer",
    },
    {"export", "guide", "printables"},
    {"pdf"},
    {"views"},
    {"app", "notebook", "facilitator"},
    {"guard", "kernels", "launcher", "voila_app", "serving", "cli"},
]


def layer_of(name: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if name in layer)


def imports(path: Path) -> list[tuple[str, bool]]:
    """The package modules ``path`` imports, and whether at the top level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = path.parent.relative_to(PACKAGE).parts[
                : len(path.parent.relative_to(PACKAGE).parts) - node.level + 1
            ]
            module = [*base, *(node.module or "").split(".")] if node.module else list(base)
            names = [alias.name for alias in node.names] if not node.module else []
            targets = [m for m in ([".".join(p for p in module if p)] + [n for n in names]) if m]
            found += [(target.split(".")[0], id(node) in top) for target in targets]
    return found


def test_every_module_has_a_layer():
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"} | {"views"}
    assert modules <= set().union(*LAYERS)


def test_no_module_imports_from_a_layer_above_its_own():
    wrong = []
    for path in [*PACKAGE.glob("*.py"), *(PACKAGE / "views").glob("*.py")]:
        if path.stem == "__init__":
            continue
        own = layer_of("views" if path.parent.name == "views" else path.stem)
        for target, _ in imports(path):
            if target in set().union(*LAYERS) and layer_of(target) > own:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert wrong == []


def test_the_journal_stores_and_imports_nothing_above_it():
    assert {target for target, _ in imports(PACKAGE / "journal.py")} <= {"codes", "database", "paths"}
    assert {target for target, _ in imports(PACKAGE / "database.py")} == set()

"""Does each package import only what stands below it? The tree is the architecture, and this holds it.

From the bottom: the content and the storage know nothing of the kit; the models know both; the room
builds on the models; documents and widgets on the room; views on documents and widgets; pages on views;
the server and the ``coffeechat`` command stand on top. Imports made by name count too: a
``"coffeechat.x.y:name"`` string anywhere, and the kinds table's view, export and summary, which count
for the module that loads them (``kind(...).load("view")``), not for the table at the bottom.

pyproject.toml declares the same layers as an import-linter contract (``lint-imports``, run by ``make
lint``), readable without running anything. import-linter sees import statements only: this test stays for
what it cannot see, the imports made by name, and for every module having a package with a layer. Keep
LAYERS and the contract in step.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import coffeechat
from coffeechat.content.kinds import KINDS

PACKAGE = Path(coffeechat.__file__).resolve().parent

#: the packages, bottom first; a package may import its own layer and any lower one
LAYERS = [
    {"content", "storage"},
    {"models"},
    {"room"},
    {"documents", "widgets"},
    {"views"},
    {"pages"},
    {"server"},
    {"cli"},
]
PACKAGES = set().union(*LAYERS)
KINDS_TABLE = PACKAGE / "content" / "kinds.py"


def _targets(part: str) -> str:
    packages = {getattr(kind, part).split(".")[1] for kind in KINDS.values()}
    assert len(packages) == 1, f"every kind's {part} lives in one package"
    return packages.pop()


#: the package each part of a module kind lives in, which the module that loads it imports by name
LOADED_BY_NAME = {part: _targets(part) for part in ("view", "export", "summary")}


def layer_of(name: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if name in layer)


def package_of(path: Path) -> str:
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def imported(path: Path) -> set[str]:
    """The kit's packages ``path`` imports, by statement or by a ``"coffeechat.x.y:name"`` string."""
    text = path.read_text(encoding="utf-8")
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("coffeechat."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("coffeechat.")}
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path.relative_to(PACKAGE)}: a relative import; name the package")
    if path != KINDS_TABLE:
        found |= set(re.findall(r"[\"']coffeechat\.([a-z_]+)\.[a-z_.]+:[a-z_]+[\"']", text))
        found |= {target for part, target in LOADED_BY_NAME.items() if f'.load("{part}")' in text}
    return found & PACKAGES


def modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py"]


def test_every_module_lives_in_a_package_with_a_layer():
    assert {package_of(p) for p in modules()} <= PACKAGES


def test_no_module_imports_from_a_layer_above_its_own():
    wrong = [
        f"{path.relative_to(PACKAGE)} imports coffeechat.{target}"
        for path in modules()
        for target in imported(path)
        if layer_of(target) > layer_of(package_of(path))
    ]
    assert wrong == []


def test_content_and_storage_know_nothing_of_each_other_nor_of_the_kit():
    for path in modules():
        if package_of(path) in {"content", "storage"}:
            assert imported(path) <= {package_of(path)}, path.relative_to(PACKAGE)


def test_every_package_says_what_it_is_for():
    for package in PACKAGES - {"cli"}:
        init = PACKAGE / package / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), package

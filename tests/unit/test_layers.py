"""Does each package import only what stands below it? The tree is the architecture, and this holds it.

From the bottom: the registry of environment variables (``environment``, one module that imports nothing),
which every package may read; the adapter over the upstream libraries' internals (``upstream``) knows nothing
of the kit; the content and the storage know nothing of the kit (but the registry's names); the models know
both; the room builds on the models; documents and widgets on the room; views on documents and widgets; pages on views;
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
    {"environment"},
    {"upstream"},
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
            assert imported(path) <= {package_of(path), "environment"}, path.relative_to(PACKAGE)


def test_the_upstream_adapter_knows_nothing_of_the_kit():
    for path in modules():
        if package_of(path) == "upstream":
            assert imported(path) <= {"upstream"}, path.relative_to(PACKAGE)


def test_every_package_says_what_it_is_for():
    for package in PACKAGES - {"cli", "environment"}:
        init = PACKAGE / package / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), package


#: the upstream projects whose internals only ``coffeechat.upstream`` may touch
UPSTREAM = ("voila", "jupyter_server", "jupyter_client", "nbclient", "ipywidgets", "ipykernel", "anywidget", "tornado")
#: modules that are internal by convention (no underscore, but no public API either): Voila has no Python API
#: for what the kit changes, and these are the handlers, managers and wire formats the kit worked around
INTERNAL_MODULES = (
    "voila",
    "jupyter_server.services.kernels",
    "jupyter_server.base.handlers",
    "jupyter_client.multikernelmanager",
    "jupyter_client.session",
    "ipykernel.kernelapp",
    "ipykernel.kernelbase",
    "nbclient.client",
)


def private_upstream_imports(path: Path) -> list[str]:
    """The private names and internal modules of the upstream projects that ``path`` imports."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] not in UPSTREAM:
                continue
            private = any(part.startswith("_") and not part.startswith("__") for part in name.split("."))
            internal = any(name == module or name.startswith(module + ".") for module in INTERNAL_MODULES)
            if private or internal:
                found.append(name)
    return found


def test_only_the_upstream_adapter_imports_private_names_of_voila_jupyter_and_the_widget_libraries():
    """A patch release of Voila or jupyter_server can break only coffeechat.upstream (and its register says where)."""
    wrong = {
        str(path.relative_to(PACKAGE)): names
        for path in modules()
        if package_of(path) != "upstream" and (names := private_upstream_imports(path))
    }
    assert wrong == {}


def test_the_private_import_check_sees_what_the_adapter_does():
    """The check above would catch the adapter's own imports, were they made anywhere else."""
    seen = set().union(*(private_upstream_imports(p) for p in (PACKAGE / "upstream").glob("*.py")))
    assert {"jupyter_server._tz.utcnow", "voila.app.Voila", "ipykernel.kernelapp.IPKernelApp"} <= seen


#: the private attributes of upstream objects the adapter reaches into (docs/explanation/upstream.md)
PRIVATE_ATTRIBUTES = (
    "_dom_classes",
    "_pools",
    "_pending_kernels",
    "_kernels",
    "_activity_stream",
    "_context_default",
    "_cache",
    "_reason",
    "_get_request_info",
)


def test_only_the_upstream_adapter_reaches_into_private_attributes_of_upstream_objects():
    """The names are the adapter's to use; a view or the server that needs one asks the adapter."""
    wrong = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules()
        if package_of(path) != "upstream"
        for name in PRIVATE_ATTRIBUTES
        if re.search(rf"\.{name}\b|[\"']{name}[\"']", path.read_text(encoding="utf-8"))
    ]
    assert wrong == []

"""Does constraints.txt pin what pyproject.toml asks for, and nothing else?

`make test` and `make serve` install with ``-c constraints.txt``: the versions the tests passed with. A pin
outside pyproject's range would install something a library user never gets; a pin nobody needs is a
leftover that keeps a package in every venv.
"""

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
EXTRAS = ("test", "postgres", "hub", "docs")  # what the Makefile installs


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            found[canonicalize_name(name)] = version
    return found


def requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + [r for extra in EXTRAS for r in project["optional-dependencies"][extra]]
    return [Requirement(r) for r in listed]


def needed(roots: list[Requirement]) -> set[str]:
    """Every distribution ``roots`` pull in, following the installed packages' own requirements."""
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(r, frozenset(r.extras)) for r in roots]
    while todo:
        requirement, extras = todo.pop()
        key = (canonicalize_name(requirement.name), extras)
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.distribution(requirement.name).requires or []
        except metadata.PackageNotFoundError:
            pytest.fail(f"{requirement.name} is not installed: install with `make test`, which uses the pins")
        for text in requires:
            child = Requirement(text)
            environments = [{"extra": extra} for extra in extras or {""}]
            if child.marker is None or any(child.marker.evaluate(env) for env in environments):
                todo.append((child, frozenset(child.extras)))
    return {name for name, _ in seen}


def test_every_requirement_is_pinned_within_its_range():
    pinned = pins()
    wrong = [
        f"{r}: pinned {pinned.get(canonicalize_name(r.name), 'nowhere')}"
        for r in requirements()
        if canonicalize_name(r.name) not in pinned or not r.specifier.contains(pinned[canonicalize_name(r.name)])
    ]
    assert wrong == []


def test_every_pin_is_a_package_the_kit_needs():
    assert set(pins()) - needed(requirements()) == set()


def test_every_package_the_kit_needs_is_pinned():
    assert needed(requirements()) - set(pins()) == set()


def test_the_installed_versions_are_the_pinned_ones():
    pinned = pins()
    installed = {name: metadata.version(name) for name in pinned}
    assert {name: v for name, v in installed.items() if v != pinned[name]} == {}

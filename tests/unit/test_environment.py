"""Do conda users get the same dependencies as pip users?"""

import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def pip_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {Requirement(r).name.lower(): str(Requirement(r).specifier) for r in requirements}


def conda_requirements() -> dict[str, str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    entries = [d for d in environment["dependencies"] if isinstance(d, str)]
    entries += [d for group in environment["dependencies"] if isinstance(group, dict) for d in group.get("pip", [])]
    parsed = [r for r in map(Requirement, entries) if r.name not in ("python", "pip")]
    return {r.name.lower(): str(r.specifier) for r in parsed}


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    assert conda_requirements() == pip_requirements()


def test_environment_yml_pins_a_python_the_package_supports():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python>=3.11" in environment["dependencies"]

"""Does the kit work when it is installed from its wheel, far away from this repository?

The wheel is built from this checkout offline (``pip wheel --no-build-isolation``, with the setuptools of the
environment the tests run in), installed into a fresh virtual environment in a temporary folder, and used from
another folder, as a coach and a self-paced learner would: ``check``, ``guide``, ``printables``, an edited copy
of the content, the notebooks in a folder of one's own, and ``serve`` with the welcome screen seen in Chromium.

The fresh environment borrows the dependencies of the one running the tests, so nothing is downloaded: their
modules through a ``.pth`` file with plain path lines (Python does not run the ``.pth`` files inside a folder
named that way, so the editable coffeechat of a development install cannot shadow the wheel), and their Jupyter
files (Voila's templates, the widgets' front-end, the kernel spec) through links in the fresh environment's
``share/jupyter``, where a pip install would have put them. Only coffeechat comes from the wheel, and the tests
check that it does.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from packaging.version import Version

from .conftest import Visitor, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
#: what the build reads; copied into a folder of its own, so no build/ or egg-info lands in the checkout
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "exercises", "notebooks")
#: setuptools builds wheels itself (70.1) and reads the SPDX licence expression pyproject.toml uses (77)
SETUPTOOLS_WITH_BDIST_WHEEL = Version("77")
#: a word a coach puts into their copy of the content, to see it in the guide and on the participants' page
EDITED_TITLE = "Willkommen im Raum Ahorn"
SECONDS = 180

pytestmark = pytest.mark.browser  # slow (about a minute), and it drives Chromium at the end


@dataclass
class Kit:
    """The wheel installed in a fresh virtual environment, and a folder of a coach's own to work in."""

    wheel: Path
    venv: Path
    home: Path
    env: dict[str, str]

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def run(self, *argv: str, cwd: Path | None = None, expect: int = 0) -> subprocess.CompletedProcess:
        """``coffeechat ARGV`` as a coach types it, in their own folder; fails with its output unless it exits
        with ``expect``."""
        done = subprocess.run(
            [str(self.venv / "bin" / "coffeechat"), *argv],
            cwd=cwd or self.home,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=SECONDS,
        )
        assert done.returncode == expect, (
            f"coffeechat {' '.join(argv)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
        return done


def borrowed_site_packages() -> list[Path]:
    """The folders the running environment's dependencies live in (never the checkout's src/)."""
    return [Path(p) for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]


def build_wheel(folder: Path) -> Path:
    setuptools = Version(importlib.metadata.version("setuptools"))
    if setuptools < SETUPTOOLS_WITH_BDIST_WHEEL:
        pytest.fail(
            f"building the wheel offline needs setuptools>={SETUPTOOLS_WITH_BDIST_WHEEL} in this environment "
            f"(found {setuptools}); pip install -e '.[test]' installs it",
            pytrace=False,
        )
    tree = folder / "source"
    for name in BUILD_INPUTS:
        source = ROOT / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            tree.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tree / name)
    dist = folder / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "--wheel-dir",
            str(dist),
            str(tree),
        ],
        check=True,
        timeout=SECONDS,
    )
    (wheel,) = dist.glob("coffeechat-*.whl")
    return wheel


def fresh_environment(folder: Path) -> Path:
    """A virtual environment with nothing installed, which sees the running environment's dependencies."""
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=SECONDS)
    (site_packages,) = venv.glob("lib/python*/site-packages")
    borrowed = borrowed_site_packages()
    (site_packages / "borrowed-dependencies.pth").write_text("".join(f"{p}\n" for p in borrowed), encoding="utf-8")
    for packages in borrowed:
        prefix = packages.parents[2]  # PREFIX/lib/pythonX.Y/site-packages
        for part in ("share/jupyter", "etc/jupyter"):
            if (prefix / part).is_dir():
                (venv / part).mkdir(parents=True, exist_ok=True)
                for entry in (prefix / part).iterdir():
                    if not (venv / part / entry.name).exists():
                        (venv / part / entry.name).symlink_to(entry)
    return venv


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Kit:
    folder = tmp_path_factory.mktemp("package")
    wheel = build_wheel(folder)
    venv = fresh_environment(folder)
    home = folder / "coach"
    home.mkdir()
    env = {
        name: value
        for name, value in os.environ.items()
        if name
        not in {"PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "COFFEECHAT_CONTENT_DIR", "COFFEECHAT_DATABASE_URL"}
    }
    env |= {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "COFFEECHAT_DATA_DIR": str(folder / "data"),
        "COFFEECHAT_CACHE_DIR": str(folder / "cache"),
        "JUPYTER_CONFIG_DIR": str(folder / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(folder / "jupyter-data"),
    }
    # --ignore-installed: the development install of coffeechat that the borrowed folders show is left alone
    subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            str(wheel),
        ],
        env=env,
        check=True,
        timeout=SECONDS,
    )
    return Kit(wheel, venv, home, env)


def where(kit: Kit, expression: str, cwd: Path | None = None) -> Path:
    """A path the installed kit computes, e.g. ``coffeechat.__file__``, asked of the fresh environment."""
    done = subprocess.run(
        [str(kit.python), "-c", f"import coffeechat.content, coffeechat.storage.paths; print({expression})"],
        cwd=cwd or kit.home,
        env=kit.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=SECONDS,
    )
    return Path(done.stdout.strip())


def test_the_wheel_carries_the_content_and_the_notebooks_of_this_repository(kit):
    names = set(zipfile.ZipFile(kit.wheel).namelist())
    content = {
        f"coffeechat/bundled/exercises/{p.relative_to(ROOT / 'exercises')}"
        for p in (ROOT / "exercises").rglob("*.yaml")
    }
    notebooks = {f"coffeechat/bundled/notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert "coffeechat/bundled/exercises/fears/01-not-ready.yaml" in content
    assert content <= names
    assert notebooks <= names and "coffeechat/bundled/notebooks/workshop.ipynb" in names


def test_the_wheel_carries_every_file_of_the_package(kit):
    """A file beside the code (a template, a widget's script or style, a font) that package-data in pyproject.toml
    does not name would be missing from every installed kit."""
    package = ROOT / "src"
    files = {
        str(p.relative_to(package))
        for p in (package / "coffeechat").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert files - set(zipfile.ZipFile(kit.wheel).namelist()) == set()


def test_the_installed_kit_is_the_wheel_and_reads_its_own_content(kit):
    assert kit.venv in where(kit, "coffeechat.__file__").parents
    for folder in ("coffeechat.content.default_content_dir()", "coffeechat.storage.paths.NOTEBOOKS_DIR"):
        found = where(kit, folder)
        assert kit.venv in found.parents and found.is_dir(), f"{folder}: {found}"


def test_check_guide_and_printables_work_from_another_folder(kit):
    checked = kit.run("check")
    assert "OK" in checked.stdout and str(kit.venv) in checked.stdout  # it says which content it checked
    out = kit.home / "print"
    guide = kit.run("guide", "--format", "ninety-minutes", "--out", str(out))
    printables = kit.run("printables", "--language", "en", "--out", str(out))
    pdfs = [Path(line) for line in (guide.stdout + printables.stdout).split() if line.endswith(".pdf")]
    assert len(pdfs) >= 5
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000, pdf


def edited_copy(kit: Kit) -> Path:
    """The coach's own copy of the content, with the welcome module's German title changed."""
    copy = kit.home / "my-content"
    if not copy.exists():
        kit.run("content", "copy", str(copy))
        welcome = copy / "welcome.yaml"
        text = welcome.read_text(encoding="utf-8")
        assert 'title:\n  de: "Willkommen"\n' in text
        welcome.write_text(text.replace('title:\n  de: "Willkommen"\n', f'title:\n  de: "{EDITED_TITLE}"\n'), "utf-8")
    return copy


def test_a_coach_edits_a_copy_of_the_content_and_the_kit_uses_it(kit):
    copy = edited_copy(kit)
    assert kit.run("check", "--content", str(copy)).stdout.startswith(f"{copy}: OK")
    guide = kit.home / "guide-edited"
    kit.run("guide", "--format", "ninety-minutes", "--content", "my-content", "--out", str(guide))
    (markdown,) = guide.glob("*.md")
    assert EDITED_TITLE in markdown.read_text(encoding="utf-8")
    by_variable = kit.home / "guide-by-variable"
    subprocess.run(
        [str(kit.venv / "bin" / "coffeechat"), "guide", "--format", "ninety-minutes", "--out", str(by_variable)],
        cwd=kit.home,
        env={**kit.env, "COFFEECHAT_CONTENT_DIR": str(copy)},
        check=True,
        capture_output=True,
        timeout=SECONDS,
    )
    assert EDITED_TITLE in next(by_variable.glob("*.md")).read_text(encoding="utf-8")
    # the shipped content is untouched
    shipped = kit.home / "guide-shipped"
    kit.run("guide", "--format", "ninety-minutes", "--out", str(shipped))
    assert EDITED_TITLE not in next(shipped.glob("*.md")).read_text(encoding="utf-8")
    # a second copy into the same folder is refused, and nothing in it changes
    refused = kit.run("content", "copy", str(copy), expect=1)
    assert str(copy) in refused.stderr and "not empty" in refused.stderr
    assert EDITED_TITLE in (copy / "welcome.yaml").read_text(encoding="utf-8")


#: runs in the fresh environment: one notebook executed as JupyterLab would, plus a cell saying where the kit is
EXECUTE = """
import json, sys
import nbformat
from nbclient import NotebookClient

notebook = nbformat.read(sys.argv[1], as_version=4)
notebook.cells.append(nbformat.v4.new_code_cell("import coffeechat\\nprint(coffeechat.__file__)"))
NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
print(json.dumps([[o.get("text", "") for o in cell.get("outputs", [])] for cell in notebook.cells]))
"""


def test_a_learner_copies_the_notebooks_and_runs_them_in_their_own_folder(kit):
    learner = kit.home / "my-notebooks"
    kit.run("notebooks", "copy", str(learner))
    copied = sorted(p.name for p in learner.glob("*.ipynb"))
    assert copied == sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    done = subprocess.run(
        [str(kit.python), "-c", EXECUTE, "00-welcome.ipynb"],
        cwd=learner,
        env=kit.env,
        capture_output=True,
        text=True,
        timeout=SECONDS,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outputs = json.loads(done.stdout.strip().splitlines()[-1])
    assert kit.venv in Path(outputs[-1][0].strip()).parents  # the kernel ran the wheel's coffeechat
    stored = json.loads((ROOT / "notebooks" / "00-welcome.ipynb").read_text(encoding="utf-8"))["cells"]
    checked = [i for i, cell in enumerate(stored) if "NBVAL_CHECK_OUTPUT" in "".join(cell["source"])]
    assert checked
    for i in checked:  # the agenda it printed comes from the wheel's content, as the stored reference says
        assert "".join(outputs[i]) == "".join("".join(o.get("text", "")) for o in stored[i]["outputs"])


def test_serve_shows_the_welcome_screen_of_the_coachs_content_from_another_folder(kit, tmp_path, browser):
    copy = edited_copy(kit)
    port = int(os.environ.get("COFFEECHAT_TEST_PORT") or 0) or free_port()  # a port of one's own, else any free one
    log = tmp_path / "serve.log"
    argv = ["serve", "--port", str(port), "--data-dir", str(tmp_path / "data"), "--pool-size", "1"]
    argv += ["--max-kernels", "0", "--max-kernels-per-client", "0", "--no-browser", "--content", "my-content"]
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(kit.venv / "bin" / "coffeechat"), *argv],
            cwd=kit.home,
            env=kit.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(server, port, log, seconds=SECONDS)
        url = f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(url, timeout=SECONDS) as response:
            assert response.status == 200
            assert "coffeechat" in response.read().decode("utf-8")
        participant = Visitor(browser, url)
        try:
            participant.open()
            participant.page.get_by_text(EDITED_TITLE).first.wait_for(timeout=SECONDS * 1000)
            participant.page.screenshot(path=str(tmp_path / "welcome.png"))
            assert not participant.foreign_hosts
            # Voila and the participants' kernels run on the fresh environment's Python (so: the wheel)
            children = [process.cmdline() for process in psutil.Process(server.pid).children(recursive=True)]
            pythons = [argv for argv in children if argv and "python" in Path(argv[0]).name]
            assert len(pythons) >= 2 and {argv[0] for argv in pythons} == {str(kit.python)}, children
        finally:
            participant.context.close()
        assert str(copy) in log.read_text()  # serve says which content it serves
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode == 0, log.read_text()

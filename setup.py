"""The one build step pyproject.toml cannot declare: the wheel carries the workshop content and the notebooks.

``exercises/`` (the default content) and ``notebooks/*.ipynb`` stay where they are, the one source in this
repository; building the wheel copies them into the built package as ``coffeechat/bundled/exercises`` and
``coffeechat/bundled/notebooks``. An installed kit reads them there (``coffeechat.content.location`` and
``coffeechat.storage.paths``); an editable install copies nothing and reads the repository's folders.
``tests/browser/test_package.py`` builds the wheel, installs it into a fresh environment and uses it from elsewhere.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: the repository's folders the wheel carries, each with the files it takes from there
BUNDLED = {"exercises": "**/*.yaml", "notebooks": "*.ipynb"}


class BuildWithContent(build_py):
    """``build_py`` that also copies :data:`BUNDLED` into ``coffeechat/bundled/`` of the built package."""

    def run(self):
        super().run()
        if self.editable_mode:  # pip install -e .: the kit reads the repository's folders themselves
            return
        for folder, pattern in BUNDLED.items():
            files = sorted(p for p in (ROOT / folder).glob(pattern) if p.is_file())
            if not files:  # e.g. an sdist made without MANIFEST.in: better no wheel than one without content
                raise SystemExit(f"setup.py: no {pattern} in {ROOT / folder}; the wheel would have no {folder}")
            for source in files:
                target = Path(self.build_lib, "coffeechat", "bundled", folder, source.relative_to(ROOT / folder))
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target), preserve_mode=False)


setup(cmdclass={"build_py": BuildWithContent})

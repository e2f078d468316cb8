"""Does pre-commit run the same checks as `make lint`?"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def makefile_lint_commands() -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lint:.*\n((?:\t.*\n)+)", text, re.MULTILINE).group(1)
    commands = [line.strip() for line in recipe.splitlines()]
    return [c.replace("$(BIN)/", ".venv/bin/").replace("$(JS_TOOLS)/", "tools/js/node_modules/.bin/") for c in commands]


def test_pre_commit_runs_what_make_lint_runs():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert [hook["entry"] for hook in hooks] == makefile_lint_commands()


def test_pre_commit_fetches_nothing_at_commit_time():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert {repo["repo"] for repo in config["repos"]} == {"local"}
    assert {hook["language"] for repo in config["repos"] for hook in repo["hooks"]} == {"system"}

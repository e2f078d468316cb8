"""Is the README short, and do the README and the guides (docs/tutorials, docs/how-to) point only at what exists:
files and pictures, ``coffeechat`` subcommands with their options, ``make`` targets?

Fast: the Markdown is parsed (markdown-it-py, as the tests of the downloads do), nothing is built or run. Links and
pictures are read from the parsed text, commands only from code (inline code and code blocks), at the start of a
command, so prose and command output ("coffeechat: workshop ready") are left alone.
"""

from __future__ import annotations

import argparse
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from coffeechat.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
#: what a reader sees on GitHub's front page: the manual lives in docs/
README_LIMIT_BYTES = 10_000
PAGES = (README, *sorted((ROOT / "docs" / "tutorials").glob("*.md")), *sorted((ROOT / "docs" / "how-to").glob("*.md")))

MARKDOWN = MarkdownIt("commonmark").enable("table")
#: a MyST role pointing at another page: {doc}`page` or {doc}`text <page>`
DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")
#: a command at the start of a line or after && ; | (optional VAR=value prefixes, optional path to the program)
COMMAND = re.compile(r"(?:^|&&|;|\|)\s*(?:[A-Z_]+=\S+\s+)*(?:\S*/)?(coffeechat|make)\s+([^#;&|\n]*)", re.M)


def tokens(text: str) -> Iterator[Token]:
    """Every token of a page, inline children included; MyST directives' bodies (```{note}) parsed as Markdown."""
    for token in MARKDOWN.parse(text):
        yield token
        yield from token.children or ()
        if token.type == "fence" and token.info.startswith("{") and not token.info.startswith("{toctree}"):
            yield from tokens(token.content)


def links(page: Path) -> Iterator[tuple[str, Path]]:
    """(target as written, the file it means) for every relative link, picture and {doc} role of ``page``."""
    text = page.read_text(encoding="utf-8")
    for token in tokens(text):
        target = token.attrGet("href") if token.type == "link_open" else token.attrGet("src")
        if token.type in ("link_open", "image") and isinstance(target, str):
            if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue  # https://..., mailto:, an anchor on the same page
            yield target, page.parent / target.split("#")[0]
        if token.type == "inline":  # the raw text of a paragraph, a list item or a table cell
            for name in DOC_ROLE.findall(token.content):
                yield f"{{doc}}`{name}`", page.parent / f"{name.strip()}.md"


def code(page: Path) -> Iterator[str]:
    """The text of every inline code span and code block of ``page`` (not MyST directives such as {toctree})."""
    for token in tokens(page.read_text(encoding="utf-8")):
        if token.type == "code_inline" or (token.type in ("fence", "code_block") and not token.info.startswith("{")):
            yield token.content


def commands(page: Path, program: str) -> Iterator[list[str]]:
    """The words after ``program`` in each command the page's code runs."""
    for text in code(page):
        for match in COMMAND.finditer(text):
            if match.group(1) == program:
                try:
                    yield shlex.split(match.group(2))
                except ValueError:  # an unclosed quote in prose-like code
                    yield match.group(2).split()


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", text, re.M))


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return {
        name: sub
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name, sub in action.choices.items()
    }


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def test_is_the_readme_under_10_kb():
    size = len(README.read_bytes())
    assert size < README_LIMIT_BYTES, f"README.md has {size} bytes; move details into docs/"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_does_every_link_and_picture_point_to_a_file_that_exists(page):
    missing = [target for target, path in links(page) if not path.exists()]
    assert not missing, f"{page.relative_to(ROOT)} points to what does not exist: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_does_every_make_target_named_exist(page):
    targets = make_targets()
    named = {word for words in commands(page, "make") for word in words if "=" not in word and word[:1].isalpha()}
    assert named <= targets, f"{page.relative_to(ROOT)} names make targets the Makefile lacks: {named - targets}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_does_every_coffeechat_command_and_option_named_exist(page):
    problems = []
    for words in commands(page, "coffeechat"):
        parser, path = build_parser(), ["coffeechat"]
        for word in words:
            children = subparsers(parser)
            if not children or word.startswith("-"):
                break
            if word not in children:
                problems.append(f"{' '.join(path)} has no subcommand {word!r}")
                break
            parser, path = children[word], [*path, word]
        for word in words:
            if word.startswith("--") and word.split("=")[0] not in options(parser):
                problems.append(f"{' '.join(path)} has no option {word.split('=')[0]!r}")
    assert not problems, f"{page.relative_to(ROOT)}: {problems}"


def test_does_the_check_see_the_commands_and_links_it_is_meant_to():
    """Guards the parsing itself: the README runs `make serve` and links a tutorial, the coach's tutorial runs
    `coffeechat guide` and shows a picture."""
    readme_targets = {word for words in commands(README, "make") for word in words}
    assert {"serve", "test"} <= readme_targets
    assert any("first-workshop.md" in target for target, _ in links(README))
    tutorial = ROOT / "docs" / "tutorials" / "first-workshop.md"
    assert any(words[:1] == ["guide"] for words in commands(tutorial, "coffeechat"))
    assert any(target.endswith(".png") for target, _ in links(tutorial))
    assert any(target.startswith("{doc}") for target, _ in links(tutorial))

"""What is wrong with a content directory, reported so that a coach can fix it: file, field and language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong with the content, precise enough for a coach to fix it."""

    file: str
    field: str
    message: str
    language: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        lang = f" [{self.language}]" if self.language else ""
        return f"{where}{lang}: {self.message}"


class ContentError(Exception):
    """The content directory has problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

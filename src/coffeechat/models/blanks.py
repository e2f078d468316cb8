"""The [blanks] of a line the participant chose to say, and their own words for them.

A warm-up line such as „Ich habe gesehen, dass Sie auch an der [Hochschule] studiert haben.“ has a blank; the
participant fills it in under the line once they choose it, and their plan and take-home say the line with
their words. The words are saved per option, one per blank in order (the same in every language: the content
check keeps the number of blanks of an option's label the same in each), under :func:`key`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from coffeechat.content import BLANK
from coffeechat.models.answers import AnswerRejected, clean_text
from coffeechat.models.keys import BLANK_CHARS


def key(field_key: str) -> str:
    """Where the words for the blanks of the checklist saved under ``field_key`` are saved."""
    return f"{field_key}.blanks"


def blanks(line: str) -> list[str]:
    """The names of the blanks in ``line``, in order (``["Hochschule"]``)."""
    return BLANK.findall(line)


def filled(line: str, words: Sequence[str] | None) -> str:
    """``line`` with its i-th blank replaced by the i-th of ``words``; a blank without words stays as it is."""
    given = [" ".join(str(word).split()) for word in (words or ())]
    count = iter(range(len(BLANK.findall(line))))

    def replace(match: re.Match) -> str:
        index = next(count)
        return given[index] if index < len(given) and given[index] else match.group(0)

    return BLANK.sub(replace, line)


def words_for(saved: Any, option_id: str) -> list[str]:
    """The words saved for ``option_id``'s blanks (none if what was saved is not a map of lists of text)."""
    words = saved.get(option_id) if isinstance(saved, dict) and isinstance(option_id, str) else None
    return [word if isinstance(word, str) else "" for word in words] if isinstance(words, list) else []


def clean_blanks(value: Any, blank_counts: Mapping[str, int]) -> dict[str, list[str]]:
    """The words to store: for options with blanks only (``blank_counts``: option id → number of blanks), at
    most one text of :data:`BLANK_CHARS` per blank; anything else from the socket is refused."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise AnswerRejected("app.error")
    cleaned: dict[str, list[str]] = {}
    for option_id, words in value.items():
        if option_id not in blank_counts or not isinstance(words, list) or len(words) > blank_counts[option_id]:
            raise AnswerRejected("app.error")
        cleaned[option_id] = [clean_text(word, BLANK_CHARS) for word in words]
    return cleaned


def counts(options: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Option id → number of blanks of its line, for the options (id, line) that have any."""
    return {option_id: len(blanks(line)) for option_id, line in options if blanks(line)}

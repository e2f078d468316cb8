"""Steps inside a module, and where the pager's Back and Next lead: pure rules, no widgets.

A module may come in short steps (a fear module: the fear, reflection, exercise, next step); a module without
steps counts as one step. A place in the workshop is a module and a step in it, numbered from 1.

Guarantees (``tests/unit/test_steps.py``, property-tested):

- :func:`forward` and :func:`backward` never leave the workshop, and never lead to a step a module does not
  have (a step is always from 1 to the module's count).
- Next on a step before a module's last shows the module's next step and marks nothing done, also onto the
  last step (a part is not done while its last step is still to do: issue 27's walks); Next on the last step
  marks that module done (``Move.done``) and opens the next module at its first step; on the last step of the
  last module there is no Next (None: the page offers "Finish" there, which marks it done). A module whose last
  step is an end screen (the wrap-up's) counts on reaching it: the page decides that, not Next.
- Back on a step after the first shows the step before; Back on a first step opens the previous module at its
  last step; on the first step of the first module there is no Back (None).
- Back undoes Next: ``backward(forward(p).place) == p`` wherever Next leads somewhere.
- A saved step is read leniently (:func:`saved_step`: a step the module no longer has, or garbage, is step
  1) and checked strictly before it is saved (:func:`clean_step`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from coffeechat.models.answers import clean_number

#: the steps of a fear module, in order (their names are the ui.yaml keys ``fear.step.<name>``)
FEAR_STEPS = ("fear", "reflection", "exercise", "next-step")

#: the steps of the wrap-up, in order (their names are the ui.yaml keys ``wrapup.step.<name>``); the last is the end
#: of the journey
WRAPUP_STEPS = ("rate", "commit", "take-home", "end")

#: the steps of the weeks after (their names are the ui.yaml keys ``followup.step.<name>``)
FOLLOWUP_STEPS = ("today", "contacts", "finding", "week")

#: how many steps a module has, by module id (1 for a module without steps)
StepCounts = Callable[[str], int]


@dataclass(frozen=True)
class Place:
    """A module and the step on screen in it (from 1)."""

    module_id: str
    step: int = 1


@dataclass(frozen=True)
class Move:
    """Where Back or Next leads, and the module Next finished on the way (None when it finished none)."""

    place: Place
    done: str | None = None


def _count(counts: StepCounts, module_id: str) -> int:
    return max(1, int(counts(module_id)))


def forward(modules: Sequence[str], counts: StepCounts, here: Place) -> Move | None:
    """Where Next leads from ``here`` (None: nowhere, the last step of the last module)."""
    index = modules.index(here.module_id)
    count = _count(counts, here.module_id)
    if here.step < count:
        return Move(Place(here.module_id, max(1, here.step) + 1))
    if index + 1 >= len(modules):
        return None
    return Move(Place(modules[index + 1], 1), done=here.module_id)


def backward(modules: Sequence[str], counts: StepCounts, here: Place) -> Move | None:
    """Where Back leads from ``here`` (None: nowhere, the first step of the first module)."""
    if here.step > 1:
        return Move(Place(here.module_id, min(here.step, _count(counts, here.module_id)) - 1))
    index = modules.index(here.module_id)
    if index == 0:
        return None
    previous = modules[index - 1]
    return Move(Place(previous, _count(counts, previous)))


def saved_step(value: Any, count: int) -> int:
    """The step a saved value names, if the module has it; else the first (a content change, garbage)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= count:
        return value
    return 1


def clean_step(value: Any, count: int) -> int:
    """A step the module has, checked before it is saved (:class:`~coffeechat.models.answers.AnswerRejected`)."""
    return clean_number(value, 1, max(1, count))

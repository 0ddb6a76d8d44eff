"""Does the applicant state that the devices are custom-made (so no declaration of conformity)?"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from intake.fields.catalogue import rules
from intake.layouts.zones import Line

_NEGATION_WINDOW = 4  # words before the statement that may negate it


@cache
def _statement() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(rules().custom_made) + r")", re.IGNORECASE)


@cache
def _negation() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(rules().custom_made_negations) + r")\b", re.IGNORECASE)


def states_custom_made(lines: Iterable[Line]) -> int | None:
    """The line number of the first un-negated custom-made statement, or None."""
    for line in lines:
        for m in _statement().finditer(line.text):
            # A negation reaches only within its clause: 'ikkje relevant, spesialtilpassa utstyr'.
            clause = re.split(r"[,;.:()–—]|\s-\s", line.text[:m.start()])[-1]
            before = clause.split()[-_NEGATION_WINDOW:]
            if not _negation().search(" ".join(before)):
                return line.number
    return None

"""Does the applicant state that the devices are custom-made (so no declaration of conformity)? Not when
they promise the declaration in their own words: they hold that one is needed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from intake.fields.catalogue import rules
from intake.layouts.zones import BODY, Line

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


# 'Samsvarserklæringen ligger på kontoret, sender den i morgen', 'the DoC will follow next week'.
_PROMISED = re.compile(r"(?:samsvarserkl\w*|samsvarsfråsegn\w*|doc\b|declaration\s+of\s+conformity)[^.!?]{0,60}?"
                       r"(?:\bsend(?:er|es|ast|t)?\b|ettersend\w*|kjem\b|kommer\b|følger\b|will\s+follow|to\s+follow|"
                       r"will\s+(?:be\s+)?sen[dt]|i\s+morgon?\b|tomorrow|neste\s+veke?|next\s+week)", re.IGNORECASE)


def promises_declaration(lines: Iterable[Line]) -> bool:
    """Does the writer, in their own text, say the declaration of conformity is on its way?"""
    return any(line.zone == BODY and _PROMISED.search(line.text) for line in lines)

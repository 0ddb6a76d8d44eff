"""Answers typed under each of our quoted questions, when the questions are sentences.

'> 1. Organisasjonsnummeret dere oppga (93461526) har bare 8 siffer. Kan dere sjekke det?' with
'Beklager, et siffer falt ut. Riktig er 934 615 263.' under it; '> Vi mangler postadresse.' with
'Samme som besøksadressen.' under it. A quoted paragraph of ours that names one field (by a word
for it) is answered by the applicant's short paragraph right below; a number, an e-mail address or
'the same' is taken from that answer, never its whole sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from intake.fields.candidates import Candidate, CONFIDENCE
from intake.fields.patterns import PHONE_NUMBER
from intake.layouts.signature import EMAIL
from intake.layouts.zones import BODY, QUOTED, Line

# The words a question uses for each field it asks about (a label's stem, as written in a sentence). A
# question about the contact is left out: it asks for a name and a number at once.
_ASKED = {
    "org_number": r"organisasjonsnummer\w*|org\.?\s?nr\.?|orgnr|organi[sz]ation\s+number",
    "postal_address": r"postadress\w*|postal\s+address",
    "visiting_address": r"besøksadress\w*|visiting\s+address",
    "phone": r"sentralbord\w*|switchboard|telefonnummer\s+til\s+(?:foretaket|firmaet|bedriften)",
    "email": r"e-?postadress\w*|e-?mail\s+address",
    "website": r"nettside\w*|hjemmeside\w*|heimeside\w*|website",
}
_NINE = re.compile(r"(?<!\d)(\d{3}\s?\d{3}\s?\d{3})(?!\d)")
_PHONE = re.compile(PHONE_NUMBER)
_SAME = re.compile(r"^(?:samme|same|sama|lik|som)\b[^.]*", re.IGNORECASE)
_MAX_ANSWER_LINES = 3


@cache
def _asked_patterns() -> dict[str, re.Pattern[str]]:
    return {key: re.compile(rf"\b(?:{words})", re.IGNORECASE) for key, words in _ASKED.items()}


def interleaved_answers(lines: list[Line]) -> Iterator[Candidate]:
    """Candidates from the applicant's answers under our quoted questions."""
    for question, answer in _pairs(lines):
        named = sorted((m.start(), key) for key, pattern in _asked_patterns().items()
                       if (m := pattern.search(question)))
        if not named or len(named) > 2:
            continue  # a question naming no field, or many, is not answered field by field
        # 'Kva er postadressa? Er ho den same som besøksadressa?': the field named first is the one asked for.
        key = named[0][1]
        value = _value(key, " ".join(line.text.strip() for line in answer))
        if value:
            yield Candidate(key, value, answer[0].number, CONFIDENCE["answer"])


def _pairs(lines: list[Line]) -> Iterator[tuple[str, list[Line]]]:
    """(our quoted paragraph, the applicant's paragraph right under it)."""
    i = 0
    while i < len(lines):
        if lines[i].zone != QUOTED or not lines[i].text.strip():
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].zone == QUOTED and lines[j].text.strip():
            j += 1
        question = " ".join(line.text.strip() for line in lines[i:j])
        while j < len(lines) and not lines[j].text.strip():
            j += 1
        k = j
        while k < len(lines) and lines[k].zone == BODY and lines[k].text.strip():
            k += 1
        if j < k <= j + _MAX_ANSWER_LINES and (k >= len(lines) or lines[k].zone == QUOTED or not lines[k].text.strip()):
            yield question, lines[j:k]
        i = max(k, i + 1)


def _value(key: str, answer: str) -> str | None:
    """What of the answer is the value: the number, the address, 'the same', or a short answer whole."""
    if key == "org_number":
        m = _NINE.search(answer)
        return m.group(1) if m else None
    if key == "phone":
        m = _PHONE.search(answer)
        return m.group(0) if m else None
    if key == "email":
        m = EMAIL.search(answer)
        return m.group(0) if m else None
    if key in ("postal_address", "visiting_address"):
        same = _SAME.match(answer)
        if same:
            return same.group(0)
    return answer if len(answer.split()) <= 8 and "." not in answer.rstrip(".") else None

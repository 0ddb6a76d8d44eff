"""A text made ready to be read line by line: odd spaces and line ends made plain, every layout's pieces
(text columns, pasted tables, numbered answers, labels after their values) turned into label lines,
numbers broken at the margin joined again, and lines capped in length."""

from __future__ import annotations

import re

from intake.layouts.numbered import read_numbered
from intake.layouts.text_columns import read_text_columns
from intake.layouts.text_tables import read_text_tables
from intake.layouts.trailing_labels import read_trailing_labels

MAX_LINE = 1_000  # no field is longer; capping keeps every regex linear on hostile one-line bodies


def prepared(text: str) -> str:
    """Non-breaking and zero-width spaces become plain spaces; markdown table edges go; long lines are cut.

    A bare CR is a line break (as in old Mac files), never deleted: deleting it would join
    `kari@firm.no` and `.attacker.example` on the next line into one valid address."""
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = read_trailing_labels(read_numbered(read_text_tables(read_text_columns("\n".join(
        _LEADS_TO_CONTACT.sub("Kontaktperson:", line[:MAX_LINE]) for line in text.split("\n"))))))
    return "\n".join(line[:MAX_LINE].rstrip().strip("|") if line.lstrip().startswith("|") else line[:MAX_LINE].rstrip()
                      for line in _numbers_rejoined(text.split("\n")))


# 'mobil +47 909 36' / '214': a Norwegian number broken at the margin, its last digits alone on the next line.
_NUMBER_CUT = re.compile(r"(?:\+|00)47((?:\s?\d){2,7})$")
_DIGITS_ALONE = re.compile(r"^\s*(\d{1,4})\s*$")


def _numbers_rejoined(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        cut = _NUMBER_CUT.search(out[-1].rstrip()) if out else None
        rest = _DIGITS_ALONE.match(line) if cut else None
        if rest and len(re.sub(r"\D", "", cut.group(1))) + len(rest.group(1)) == 8:
            out[-1] = f"{out[-1].rstrip()} {rest.group(1)}"
            continue
        out.append(line)
    return out


# 'From 1 April our contact person for the register will be:' above the name: a label in a sentence.
_LEADS_TO_CONTACT = re.compile(r"^(?!\s*>).*\b(?:contact\s+person|kontaktperson(?:en)?|kontaktpersonen vår|"
                               r"vår nye kontaktperson|kontaktperson\w*|ansprechpartner\w*)\b[^:]{0,80}?\b(?:will\s+be|"
                               r"is\s+now|is|bin\s+ich|ist|wird|"
                               r"blir|vil\s+være|skal\s+være|er\s+no|er\s+nå|er|är|bliver|vil\s+vere|blir\s+frå\s+no)"
                               r"\s*:\s*$", re.IGNORECASE)

"""Values with their label after them, in brackets: 'Sunnfjord Tannlab AS (firmanamn)'.

Some writers list their details first and say what each is afterwards ('814 047 261 (org.nr.)',
'Postboks 312, 6803 Førde (postadresse)'). A run of at least three such lines, each ending in a
bracketed field label, is rewritten as `label: value` lines; a note after the label's comma stays
with the value ('- (faks, har ikkje)' is the fax, 'har ikkje'). Lines that already carry a label
of their own are left alone.
"""

from __future__ import annotations

import re

_TRAILING = re.compile(r"^\s*(?P<value>[^:()]*?\S)\s*\((?P<label>[^()]{2,40})\)\s*$")
_RUN = 3


def read_trailing_labels(text: str) -> str:
    """`text` with runs of 'value (label)' lines turned into 'label: value' lines."""
    if text.count(")") < _RUN:
        return text
    from intake.fields.label_split import label_key

    lines = text.split("\n")
    rewritten: dict[int, str] = {}
    for number, line in enumerate(lines):
        m = _TRAILING.match(line)
        if not m:
            continue
        label, _, note = m.group("label").partition(",")
        if label_key(label.strip(), fuzzy=False) is None:
            continue
        value = m.group("value").strip()
        rewritten[number] = f"{label.strip()}: {value}" + (f" ({note.strip()})" if note.strip() else "")
    if len(rewritten) < _RUN:
        return text
    return "\n".join(rewritten.get(number, line) for number, line in enumerate(lines))

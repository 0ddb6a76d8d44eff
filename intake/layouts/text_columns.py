"""Labels laid out in columns in plain text, as typed with spaces or tabs in Outlook or Thunderbird.

Two layouts are rewritten as one `label: value` line per field, which the field reader then reads
like any other label line:

- a row of labels over a row of values, each value under its label ('Firmanavn:      Org.nr:' over
  'Fjordlys Medical AS      912 345 688'); a value belongs to the label whose column it stands in,
  by character offset with tabs expanded. An address may go on in its column on the lines below.
- labels and values alternating on one line, two or more spaces between them ('Firmanavn:  Fjordlys
  Medical AS    Org.nr:  912 345 688', or without colons 'Telefon  22 33 44 55    Faks  22 33 44 56').

Only the catalogue's labels count as labels, so a line of prose or of values is left as it was.
"""

from __future__ import annotations

import re

from intake.layouts.zones import list_mark

TAB = 8
_SEGMENT = re.compile(r"\S+(?: \S+)*")  # runs of words with single spaces between them
_LABELLED = re.compile(r"^(?P<label>[^:]{1,60}?)\s*:\s*(?P<value>.*)$")
# Possessive: a long run of blanks is passed over once, not tried at every split (no quadratic time).
_GAP = re.compile(r"\S(?:  |\t)\s*+\S")
_ADDRESS_KEYS = ("visiting_address", "postal_address", "@both_addresses")
_RULE = re.compile(r"^[\s\-–=_]+$")
MAX_CONTINUED = 2  # an address's further lines in its column: street, then postcode and place


def _key(label: str) -> str | None:
    from intake.fields.label_split import label_key

    label = label.strip().rstrip(":").strip()
    return label_key(label) if label and len(label) <= 60 else None


def _segments(line: str) -> list[tuple[int, str]]:
    """(column, text) of each run of words that two or more spaces or a tab set apart."""
    return [(m.start(), m.group()) for m in _SEGMENT.finditer(line.expandtabs(TAB))]


def read_text_columns(text: str) -> str:
    """`text` with labels laid out in columns rewritten as `label: value` lines."""
    if not _GAP.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        read = _column_block(lines, i)
        if read is not None:
            rewritten, used = read
            out += rewritten
            i += used
            continue
        out += _alternating(lines[i]) or [lines[i]]
        i += 1
    return "\n".join(out)


def _set_apart(line: str) -> bool:
    """Does the line have a wide gap, outside a quote and a pipe table (intake/layouts/text_tables.py)?"""
    return not line.lstrip().startswith(">") and "|" not in line and bool(_GAP.search(line))


def _label_row(line: str) -> list[tuple[int, str]] | None:
    """The labels of a row made of labels only ('Telefon:   Faks:   E-post:'), with their columns."""
    if not _set_apart(line):
        return None
    segments = _segments(line)
    if len(segments) < 2 or not all(_key(text) for _, text in segments):
        return None
    colons = sum(1 for _, text in segments if text.endswith(":"))
    if colons not in (0, len(segments)) or any(":" in text.rstrip(":") for _, text in segments):
        return None
    return segments


def _value_row(line: str, *, colons: bool) -> list[tuple[int, str]] | None:
    """The values of a row under a label row; None when the row is blank, quoted or labelled itself."""
    if not line.strip() or line.lstrip().startswith(">") or "|" in line:
        return None
    segments = _segments(line)
    for _, text in segments:
        m = _LABELLED.match(text)
        if text.endswith(":") or (m and _key(m.group("label"))):
            return None  # 'Kontaktperson: Kari Nordmann' or another row of labels
    if not colons and (len(segments) < 2 or any(_key(text) for _, text in segments)):
        return None  # labels without colons over a row holding a label: 'Rolle  Produsent' above 'Nettside  x.no'
    return segments


def _column_block(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """A label row at `i` with its values below: (the `label: value` lines, lines used)."""
    labels = _label_row(lines[i])
    if labels is None:
        return None
    colons = labels[0][1].endswith(":")
    j = i + 1
    if j < len(lines) and _RULE.match(lines[j]) and lines[j].strip():
        j += 1  # '-------------   --------' under the labels
    first = _value_row(lines[j], colons=colons) if j < len(lines) else None
    if first is None or _same_cells(lines[i], lines[j]):
        return None
    values: list[list[str]] = [[] for _ in labels]
    for column, text in _placed(first, labels):
        values[column].append(text)
    j += 1
    keys = [_key(text) for _, text in labels]
    while j < len(lines) and lines[j].strip() and j - i <= 1 + MAX_CONTINUED:
        row = _value_row(lines[j], colons=colons)
        if row is None:
            break
        placed = _placed(row, labels)
        if any(keys[column] not in _ADDRESS_KEYS for column, _ in placed):
            return None  # a second record below the first, or more than an address going on: a table
        for column, text in placed:
            values[column].append(text)
        j += 1
    out = [f"{label.rstrip(':').strip()}: {', '.join(found)}" for (_, label), found in zip(labels, values) if found]
    return out, j - i


def _same_cells(labels: str, values: str) -> bool:
    """Rows pasted from a spreadsheet, one tab between cells, are a table (intake/layouts/text_tables.py)."""
    return "\t" in labels and "\t" in values and labels.strip().count("\t") == values.strip().count("\t")


def _placed(row: list[tuple[int, str]], labels: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Each value of a row with the column (index into `labels`) it stands under."""
    starts = [column for column, _ in labels]
    row = [piece for column, text in row for piece in _cut(column, text, starts)] if len(row) < len(labels) else row
    if len(row) == len(labels):
        return [(n, text) for n, (_, text) in enumerate(row)]  # one value under each label, however aligned
    placed: list[tuple[int, str]] = []
    for column, text in row:
        nearest = min(range(len(starts)), key=lambda n: abs(starts[n] - column))
        if placed and placed[-1][0] >= nearest:
            placed[-1] = (placed[-1][0], f"{placed[-1][1]} {text}")  # a value with a wide gap inside it
        else:
            placed.append((nearest, text))
    return placed


def _cut(column: int, text: str, starts: list[int]) -> list[tuple[int, str]]:
    """'Fjordlys Medical AS 912 345 688' under two labels: cut where a label's column begins after a space."""
    pieces: list[tuple[int, str]] = []
    begin = 0
    for start in starts:
        at = start - column
        if 0 < at < len(text) and text[at - 1] == " " and text[at] != " ":
            pieces.append((column + begin, text[begin:at].strip()))
            begin = at
    pieces.append((column + begin, text[begin:].strip()))
    return [p for p in pieces if p[1]]


def _alternating(line: str) -> list[str] | None:
    """'Firmanavn:  Fjordlys Medical AS    Org.nr:  912 345 688' as one line per pair; None otherwise."""
    if not _set_apart(line):
        return None
    segments = [text for _, text in _segments(line)]
    if ":" not in line:
        # Without colons only a strict alternation of known labels and values counts.
        labels, values = segments[::2], segments[1::2]
        if len(segments) < 4 or len(segments) % 2 or not all(_key(label) for label in labels):
            return None
        if sum(1 for value in values if _key(value)) * 2 >= len(values):
            return None  # a row of labels only ('Navn  Adresse  Tlf  Web'), the heading of a table
        return [f"{label}: {value}" for label, value in zip(labels, values)]
    pairs: list[list[str]] = []
    numbered = list_mark(segments[0]) == "number"
    for text in segments:
        m = _LABELLED.match(text)
        # ' 4. Post:  Postboks 55 …   11. Erklæring:  vedlagt': a numbered point begins a pair, known label or not
        if m and (_key(m.group("label")) or numbered and list_mark(text) == "number"):
            pairs.append([m.group("label"), m.group("value")])
        elif pairs:
            pairs[-1][1] = f"{pairs[-1][1]} {text}".strip()
        else:
            return None
    if len(pairs) < 2:
        return None
    return [f"{label}: {value}" for label, value in pairs if value]

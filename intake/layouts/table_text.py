"""Tables (CSV, spreadsheet, Word/ODF tables) as `label: value` lines the field extractor reads.

A registration form can be laid out as rows (labels down the first column) or as columns
(labels across the first row, one record per row below). Which one is decided by where the
catalogue's labels are found.
"""

from __future__ import annotations

import re
from typing import Iterable

MAX_ROWS = 5_000
MAX_COLUMNS = 60


_PSEUDO = re.compile(r"^(?:navn|namn|name|mobil|mobile|mob)\s*:?$", re.IGNORECASE)


def is_label(cell: str) -> bool:
    """Does the cell name a catalogue field (or 'Navn', 'Mobil', read in context)?"""
    from intake.fields.labels import match_label

    cell = cell.strip().rstrip(":").strip()
    return bool(cell) and len(cell) <= 60 and (match_label(cell) is not None or bool(_PSEUDO.match(cell)))


def clean_rows(rows: Iterable[Iterable[object]]) -> list[list[str]]:
    """Cells as single-line strings, empty rows dropped, at most MAX_ROWS x MAX_COLUMNS."""
    out: list[list[str]] = []
    for row in rows:
        cells = [_cell(value) for _, value in zip(range(MAX_COLUMNS), row)]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out.append(cells)
        if len(out) >= MAX_ROWS:
            break
    return out


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # org numbers and phone numbers typed into spreadsheets come as floats
    return " ".join(str(value).split())


def table_lines(rows: list[list[str]]) -> list[str]:
    """`label: value` lines for a table, in its reading order."""
    rows = _postcodes_padded(_without_filler_columns(rows))
    if not rows:
        return []
    labels_down = sum(1 for row in rows if is_label(row[0]))
    labels_across = sum(1 for cell in rows[0] if is_label(cell))
    if labels_down and labels_down >= labels_across:
        columns = max(len(row) for row in rows)
        if columns >= 4 and _pairs_side_by_side(rows):
            return _pair_lines(rows)  # 'Firma | X | Org.nr | Y': two label/value pairs in a row
        if columns > 2 and sum(1 for row in rows if len([c for c in row[1:] if c]) >= 2) * 2 >= len(rows):
            return _column_records(rows, columns)  # one company per column: never mixed in one value
        return _row_lines(rows)
    if len(rows) >= 2 and (labels_across or len(rows[0]) > 2):
        return _records(rows)
    return _row_lines(rows)


# A spreadsheet keeps a postcode typed as a number without its leading zero ('Postnr | 484' for 0484 Oslo).
_POSTCODE_LABEL = re.compile(r"^\s*(?:post\s*(?:nr|nummer|code)|postal\s+code|zip(?:\s+code)?)\.?\s*:?\s*$",
                             re.IGNORECASE)
_THREE_DIGITS = re.compile(r"^\d{3}$")


def _postcodes_padded(rows: list[list[str]]) -> list[list[str]]:
    """'Postnr | 484' (labels down) or a 'Postnr' column holding 484 (labels across): postcode 0484."""
    if not rows:
        return rows
    across = [col for col, cell in enumerate(rows[0]) if _POSTCODE_LABEL.match(cell)]
    out = []
    for number, row in enumerate(rows):
        row = list(row)
        if len(row) > 1 and _POSTCODE_LABEL.match(row[0]) and _THREE_DIGITS.match(row[1]):
            row[1] = "0" + row[1]
        for col in across if number else ():
            if col < len(row) and _THREE_DIGITS.match(row[col]):
                row[col] = "0" + row[col]
        out.append(row)
    return out


def _row_lines(rows: list[list[str]]) -> list[str]:
    """One line per row; a row with no label of its own under a labelled one continues its value
    ('Besöksadress | Fogdevreten 2' over ' | SE-171 65 Solna' is one address)."""
    lines: list[str] = []
    for row in rows:
        rest = [cell for cell in row[1:] if cell]
        if rest and all(_labelled_cell(cell) for cell in [row[0], *rest]):
            lines += [row[0], *rest]  # 'Besøk: Uttrågata 41, 5700 Voss | Post: Postboks 193, 5702 Voss': a line each
            continue
        if not row[0].strip() and rest and lines and ": " in lines[-1]:
            lines[-1] += ", " + " ".join(rest)
        else:
            lines.append(_row_line(row))
    return lines


_FILLER = re.compile(r"^[\s:=\-–.]*$")
# 'Field | Value | Comment': a column of the writer's notes beside the values is not part of them.
_NOTES_HEADING = re.compile(r"^\s*(?:comments?|notes?|remarks?|kommentar(?:er)?|merknad(?:er)?|anmerkning(?:ar|er)?|"
                            r"bemerkning(?:er)?|notat|kommentarer|anmärkning(?:ar)?|bemærkning(?:er)?)\s*:?\s*$",
                            re.IGNORECASE)
# 'Gjelder fra | 01.04.2025': a column of dates says when, never what.
_DATE = re.compile(r"^\s*(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})\s*$")


def _dates_only(cells: list[str]) -> bool:
    """Dates under the column's heading, and nothing else."""
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 3 and all(_DATE.match(c) for c in filled[1:])


_ROW_NUMBER = re.compile(r"^\s*(?:\d{1,2}[.):]?|[a-h][.)])?\s*$")


def _without_filler_columns(rows: list[list[str]]) -> list[list[str]]:
    """A column of ':' between labels and values, or of row numbers before the labels, says nothing; a
    column headed 'Comment' holds notes, not values."""
    width = max((len(row) for row in rows), default=0)
    if width < 3:
        return rows
    def column(col: int) -> list[str]:
        return [row[col] if col < len(row) else "" for row in rows]
    heading = next((row for row in rows if sum(1 for c in row if c.strip()) >= 2), [])  # under any title row
    drop = {col for col in range(width) if all(_FILLER.match(c) for c in column(col))
            or (col > 1 and col < len(heading) and _NOTES_HEADING.match(heading[col]))
            or (col > 1 and _dates_only(column(col)))}
    first = column(0)
    if len(first[0]) <= 6 and not is_label(first[0]):
        first = first[1:]  # its heading: 'Nr', '#', 'Punkt'
    if sum(1 for c in first if c.strip()) >= 2 and all(_ROW_NUMBER.match(c) for c in first):
        drop.add(0)
    if not drop or len(drop) >= width - 1:
        return rows
    kept = [[c for i, c in enumerate(_place_noted(row, drop)) if i not in drop] for row in rows]
    return [row for row in kept if any(row)]


_PLACE_NOTE = re.compile(r"^\s*(?:(?:N|NO)-)?\d{4}\s+[A-ZÆØÅa-zæøå][\w -]*$")


def _place_noted(row: list[str], drop: set[int]) -> list[str]:
    """'Besøksadresse | Sjøgata 21 | 8006 Bodø' with the notes dropped: a postcode and town noted beside a
    street completes it."""
    notes = [row[i] for i in sorted(drop) if 1 < i < len(row) and _PLACE_NOTE.match(row[i])]
    if not notes or len(row) < 2 or not row[1].strip() or re.search(r"\b\d{4}\s", row[1]):
        return row
    return [row[0], f"{row[1].strip()}, {notes[0].strip()}", *row[2:]]


def _pairs_side_by_side(rows: list[list[str]]) -> bool:
    """Labels in columns 1 and 3 (and so on), values between them: a form laid out two pairs wide."""
    def labels_in(col: int) -> int:
        return sum(1 for row in rows if col < len(row) and is_label(row[col]))
    third = labels_in(2)
    return third * 2 >= len(rows) and labels_in(1) * 4 < len(rows) and labels_in(3) * 4 < len(rows)


def _pair_lines(rows: list[list[str]]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        for col in range(0, len(row), 2):
            label, value = row[col].strip(), (row[col + 1] if col + 1 < len(row) else "").strip()
            if label:
                lines.append(f"{label.rstrip(':')}: {value}" if value else label)
    return lines


def _labelled_cell(cell: str) -> bool:
    label, colon, value = cell.partition(": ")
    return bool(colon and value.strip()) and is_label(label)


def _row_line(row: list[str]) -> str:
    rest = [cell for cell in row[1:] if cell]
    if not rest:
        return row[0]
    return f"{row[0].rstrip(':')}: {' '.join(rest)}"


def _column_records(rows: list[list[str]], columns: int) -> list[str]:
    lines: list[str] = []
    for col in range(1, columns):
        if not rows[0][0] and col < len(rows[0]) and rows[0][col]:
            # '| Manufacturer | Authorised representative |' over the columns: whose each column is
            lines.append(rows[0][col])
        lines += [f"{row[0].rstrip(':')}: {row[col]}" for row in rows if col < len(row) and row[col] and row[0]]
        lines.append("")
    return lines


def _records(rows: list[list[str]]) -> list[str]:
    header = rows[0]
    lines: list[str] = []
    for row in rows[1:]:
        for i, cell in enumerate(row):
            if cell and i < len(header) and header[i]:
                lines.append(f"{header[i].rstrip(':')}: {cell}")
        lines.append("")
    return lines

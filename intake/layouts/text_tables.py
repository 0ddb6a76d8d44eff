"""Tables typed or pasted into plain text: pipe and Markdown tables, tab-separated rows from Excel,
semicolon-separated rows from a CSV export.

A run of two or more lines that split into cells the same way is read as a table, in either
orientation, and replaced by `label: value` lines (intake/layouts/table_text.py). A run in which
the catalogue's labels are found neither down the first column nor across the first row is left
as it was: a signature written 'Kari | Daglig leder | Eksempel AS' is not a table.
"""

from __future__ import annotations

import re

from intake.layouts.table_text import is_label, table_lines

_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _cells(line: str) -> list[str] | None:
    if line.lstrip().startswith(">"):
        return None
    if "\t" in line.strip():
        return [c.strip() for c in line.strip().split("\t")]
    if line.count("|") >= 1 and not _RULE.match(line):
        return [c.strip() for c in line.strip().strip("|").split("|")]
    if line.count(";") >= 2:  # a CSV export pasted as text ('Navn;Org.nr;Adresse' over its values)
        return [c.strip().strip('"') for c in line.strip().strip(";").split(";")]
    return None


def read_text_tables(text: str) -> str:
    """`text` with every table run rewritten as `label: value` lines."""
    if "|" not in text and "\t" not in text and ";" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        run, j = [], i
        while j < len(lines) and (_RULE.match(lines[j]) or _cells(lines[j]) is not None):
            if not _RULE.match(lines[j]):
                run.append(_cells(lines[j]))
            j += 1
        if len(run) >= 2 and _is_table(run):
            out += table_lines(run)
            i = j
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def _is_table(rows: list[list[str]]) -> bool:
    down = sum(1 for row in rows if row and is_label(row[0]))
    across = sum(1 for cell in rows[0] if is_label(cell))
    return down >= 2 or across >= 2

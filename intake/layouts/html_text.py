"""HTML to plain text for extraction, with inscriptis (Apache-2.0): tables as `label: value` lines
(intake/layouts/html_tables.py), block elements as lines, links and images as their text."""

from __future__ import annotations

import re

from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

from intake.layouts.html_tables import tables_to_lines

_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]\s*>)", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<br\s*/?>|</p\s*>\s*<p\b[^>]*>|</div\s*>\s*<div\b[^>]*>", re.IGNORECASE)
_CONDITIONAL = re.compile(r"<!--\[if.*?<!\[endif\]-->", re.IGNORECASE | re.DOTALL)
_OFFICE_TAG = re.compile(r"</?o:p>", re.IGNORECASE)
_CELL_PADDING = re.compile(r"[ \t]+\|")  # inscriptis pads a table's cells to the column's width
_EMPTY_ROW = re.compile(r"^[\s|]*$")
_DEFINITION = re.compile(r"<(dt|dd)\b", re.IGNORECASE)
# Struck-out text is what the writer took back: '<s>Lars Hegge</s> Mari Solum' names Mari Solum.
_STRUCK = re.compile(r"<(s|strike|del)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_STRUCK_STYLE = re.compile(r"<(span|font)\b[^>]*text-decoration\s*:\s*line-through[^>]*>[^<]*</\1\s*>",
                           re.IGNORECASE)


def html_to_text(html: str) -> str:
    # A table left after tables_to_lines (unparseable markup) still reads one row per line.
    config = ParserConfig(css=CSS_PROFILES["strict"], table_cell_separator=" | ")
    html = _DEFINITION.sub(r"<br><\1", html)  # <dt>label</dt><dd>value</dd>: each on its own line
    html = _STRUCK_STYLE.sub("", _STRUCK.sub("", html))
    text = get_text(_flatten_cells(tables_to_lines(_OFFICE_TAG.sub("", _CONDITIONAL.sub("", html)))), config)
    lines = []
    for line in text.splitlines():
        if "|" in line:
            if _EMPTY_ROW.match(line):
                continue
            line = _CELL_PADDING.sub(" |", line)
        lines.append(line.rstrip())
    return "\n".join(lines)


def _flatten_cells(html: str) -> str:
    """Word puts each line of a cell in its own <p>; one cell must stay one line, so
    'Storgata 1<br>0155 Oslo' in a cell becomes 'Storgata 1, 0155 Oslo'."""
    html = _OFFICE_TAG.sub("", _CONDITIONAL.sub("", html))
    return _CELL.sub(lambda m: m.group(1) + _BREAK.sub(", ", m.group(2).strip()) + m.group(3), html)

"""HTML to plain text for extraction, with html2text: tables as `label: value` lines, links as text."""

from __future__ import annotations

import re

import html2text

from intake.layouts.html_tables import tables_to_lines

_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]\s*>)", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<br\s*/?>|</p\s*>\s*<p\b[^>]*>|</div\s*>\s*<div\b[^>]*>", re.IGNORECASE)
_CONDITIONAL = re.compile(r"<!--\[if.*?<!\[endif\]-->", re.IGNORECASE | re.DOTALL)
_OFFICE_TAG = re.compile(r"</?o:p>", re.IGNORECASE)


def html_to_text(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_links = True
    converter.bypass_tables = False
    converter.ul_item_mark = "-"
    text = converter.handle(_flatten_cells(tables_to_lines(_OFFICE_TAG.sub("", _CONDITIONAL.sub("", html)))))
    # html2text ends hard line breaks with two spaces (markdown); they mean nothing here.
    return "\n".join(line.rstrip() for line in text.splitlines())


def _flatten_cells(html: str) -> str:
    """Word puts each line of a cell in its own <p>; one cell must stay one line, so
    'Storgata 1<br>0155 Oslo' in a cell becomes 'Storgata 1, 0155 Oslo'."""
    html = _OFFICE_TAG.sub("", _CONDITIONAL.sub("", html))
    return _CELL.sub(lambda m: m.group(1) + _BREAK.sub(", ", m.group(2).strip()) + m.group(3), html)

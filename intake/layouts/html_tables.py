"""HTML tables read as a case officer reads them, before the rest of the HTML becomes text.

Every innermost table becomes `label: value` lines (intake/layouts/table_text.py decides whether
the labels run down the first column or across the heading row, with one record per value row).
A table whose cells hold other tables or several paragraphs is a layout table (Outlook and
newsletter editors nest them): its cells are unwrapped in reading order, so the data tables
inside are read like any other. Cells keep their line breaks as ', ', so an address typed over
two lines in one cell stays one address.
"""

from __future__ import annotations

import re

from intake.layouts.signature import POSTCODE_ONLY
from intake.layouts.table_text import table_lines

_BREAK_TAGS = {"br", "p", "div", "li", "tr"}
# The captions of an address's parts in a form ('Gate/postboks', 'Postnr.', 'Sted', 'Postcode', 'Town').
_CAPTION = re.compile(r"^(?:gate|gateadresse|gatenavn|adresse|adressa|postboks|gate/postboks|street|address|postnr|"
                      r"post\s*nr|postnummer|post\s*code|postcode|zip|sted|stad|poststed|town|city|by|ort|land|country)"
                      r"\.?:?$", re.IGNORECASE)
_MAX_TABLES = 200


def tables_to_lines(html: str) -> str:
    """The HTML with each table replaced by a block of `label: value` lines; unchanged without tables."""
    if "<table" not in html.casefold():
        return html
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for _ in range(_MAX_TABLES):
        table = _innermost(root)
        if table is None:
            break
        _replace(table)
    return etree.tostring(root, encoding="unicode", method="html")


def _innermost(root):
    for table in root.iter("table"):
        if not any(True for _ in table.iterdescendants("table")):
            return table
    return None


def _rows(table) -> list[list[str]]:
    rows = []
    for tr in table.iter("tr"):
        cells = [_cell_text(td) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
        rows.append(cells)
    return rows


def _cell_text(cell) -> str:
    """A cell's text on one line; its line breaks become ', ', and a label on the first line ('Besøk' over
    'Uttrågata 41' / '5700 Voss', a signature's blocks side by side) heads the rest as `label: value`."""
    lines = _cell_lines(cell)
    if len(lines) >= 2 and not lines[0].endswith(":") and _names_a_field(lines[0]):
        lines = [f"{lines[0]}:", *lines[1:]]
    return ", ".join(lines).replace(":, ", ": ")


def _names_a_field(text: str) -> bool:
    from intake.fields.label_split import label_key

    return len(text) <= 40 and label_key(text) in ("visiting_address", "postal_address")


def _cell_lines(cell) -> list[str]:
    """A cell's lines of text, in reading order, blank ones left out."""
    pieces: list[str] = []
    for node in cell.iter():
        if not isinstance(node.tag, str):
            if node.tail:
                pieces.append(node.tail)
            continue
        if node.tag in _BREAK_TAGS and node is not cell:
            pieces.append("\n")
        if node.tag in ("script", "style"):
            if node.tail:
                pieces.append(node.tail)
            continue
        if node.text:
            pieces.append(node.text)
        if node is not cell and node.tail:
            pieces.append(node.tail)
    # node.iter() visits text before children and tail after; iter order keeps reading order for
    # inline markup, which is all a cell of a data table holds.
    lines = [" ".join(line.split()) for line in "".join(pieces).split("\n")]
    return [line for line in lines if line]


def _captioned_row(table) -> str | None:
    """'Gate/postboks' over 'Kanalveien 54', 'Postnr.' over '5068', 'Sted' over 'Bergen': one row of
    cells, each a small caption over its value, is one value ('Kanalveien 54, 5068 Bergen')."""
    rows = [[_cell_lines(td) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
            for tr in table.iter("tr")]
    rows = [row for row in rows if any(row)]
    if len(rows) != 1 or len(rows[0]) < 2 or not all(len(cell) == 2 and _CAPTION.match(cell[0]) for cell in rows[0]):
        return None
    values = [cell[1] for cell in rows[0]]
    out = values[0]
    for before, value in zip(values, values[1:]):
        out += (" " if POSTCODE_ONLY.match(before) else ", ") + value  # '5068 Bergen', not '5068, Bergen'
    return out


def _is_layout(table) -> bool:
    """A table of blocks (converted inner tables, several paragraphs per cell), not of values."""
    return any(True for _ in table.iterfind(".//div[@data-read]")) or any(
        len([c for c in td if isinstance(c.tag, str) and c.tag in ("p", "div")]) > 3 for td in table.iter("td"))


def _replace(table) -> None:
    from lxml import etree

    block = etree.Element("div")
    if _is_layout(table):
        # Marked, so that a table holding this one is read as layout too: the paragraphs of a newsletter's
        # inner table stay paragraphs, not one line of ', '-joined cell text.
        block.set("data-read", "layout")
        for td in [c for c in table.iter() if isinstance(c.tag, str) and c.tag in ("td", "th")]:
            holder = etree.SubElement(block, "div")
            holder.text = td.text
            for child in list(td):
                holder.append(child)
    elif (captioned := _captioned_row(table)) is not None:
        block.set("data-read", "table")
        block.text = captioned
    else:
        block.set("data-read", "table")
        block.text = ""
        for line in table_lines([row for row in _rows(table) if any(row)]):
            etree.SubElement(block, "br").tail = line
        etree.SubElement(block, "br")
    block.tail = table.tail
    parent = table.getparent()
    if parent is None:
        return
    parent.replace(table, block)


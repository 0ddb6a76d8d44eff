"""Text of DOCX (python-docx), ODT (zipfile + lxml), XLSX (openpyxl read-only) and CSV files.

Callers run zip_guard.check_zip first for the zip formats. Each reader checks the deadline
between paragraphs or rows; tables come out as `label: value` lines (intake.layouts.table_text).
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile

from intake.attachments.deadline import Deadline
from intake.layouts.table_text import MAX_ROWS, clean_rows, table_lines
from intake.mime.text_decode import decode_bytes

_ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def docx_text(data: bytes, deadline: Deadline) -> str:
    """Body paragraphs and tables in reading order, then headers and footers (the DoC letterhead)."""
    from docx.table import Table

    from intake.attachments.docx_package import open_document

    document = open_document(data)
    lines: list[str] = []
    for block in document.iter_inner_content():
        deadline.check()
        if isinstance(block, Table):
            lines += table_lines(clean_rows(_docx_rows(block)))
        else:
            lines.append(_xml_text(block._p))
    for section in document.sections:
        for part in (section.header, section.footer):
            lines += [p.text for p in part.paragraphs if p.text.strip()]
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml_text(paragraph) -> str:
    """A paragraph's text with its content controls' (a form's fields, which python-docx's .text leaves out);
    a control still showing its placeholder ('Klikk her for å skrive inn tekst') is empty."""
    pieces: list[str] = []

    def walk(element) -> None:
        if element.tag == f"{_W}sdt" and element.find(f"{_W}sdtPr/{_W}showingPlcHdr") is not None:
            return
        if element.tag == f"{_W}t" and element.text:
            pieces.append(element.text)
        elif element.tag == f"{_W}tab":
            pieces.append("\t")
        elif element.tag in (f"{_W}br", f"{_W}cr"):
            pieces.append("\n")
        for child in element:
            if child.tag not in (f"{_W}sdtPr", f"{_W}rPr", f"{_W}pPr", f"{_W}del", f"{_W}instrText"):
                walk(child)

    walk(paragraph)
    return "".join(pieces)


def _docx_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows[:MAX_ROWS]:
        cells, last = [], None
        for cell in row.cells:
            if cell._tc is not last:  # merged cells repeat the same element
                cells.append("\n".join(_xml_text(p) for p in cell._tc.iter(f"{_W}p")))
            last = cell._tc
        rows.append(cells)
    return rows


def odt_text(data: bytes, deadline: Deadline) -> str:
    """Paragraphs, headings and tables of content.xml, without resolving entities or DTDs."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    root = etree.fromstring(content, parser)
    body = root.find(f"{{{_ODF['office']}}}body")
    lines: list[str] = []
    _odf_blocks(body if body is not None else root, lines, deadline)
    return "\n".join(lines)


def _odf_blocks(element, lines: list[str], deadline: Deadline) -> None:
    for child in element:
        deadline.check()
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in (f"{{{_ODF['text']}}}p", f"{{{_ODF['text']}}}h"):
            lines.append(_odf_inline(child))
        elif tag == f"{{{_ODF['table']}}}table":
            rows = [
                [_odf_inline(cell) for cell in row.iter(f"{{{_ODF['table']}}}table-cell")]
                for row in child.iter(f"{{{_ODF['table']}}}table-row")
            ]
            lines += table_lines(clean_rows(rows))
        else:
            _odf_blocks(child, lines, deadline)


def _odf_inline(element) -> str:
    """Text of a paragraph or cell: spans joined, <text:s/> a space, <text:tab/> a tab."""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        parts.append({"s": " ", "tab": "\t", "line-break": "\n"}.get(name) or _odf_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def xlsx_text(data: bytes, deadline: Deadline) -> str:
    """Each sheet's used cells as table lines; read-only mode streams rows instead of loading all."""
    import openpyxl

    lines: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns on unknown extensions and styles
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                lines += table_lines(clean_rows(_sheet_rows(sheet, deadline)))
                lines.append("")
        finally:
            book.close()
    return "\n".join(lines)


def _sheet_rows(sheet, deadline: Deadline):
    for number, row in enumerate(sheet.iter_rows(values_only=True)):
        if number >= MAX_ROWS:
            return
        if number % 100 == 0:
            deadline.check()
        yield row


def csv_text(data: bytes, charset: str | None, deadline: Deadline) -> str:
    """A CSV as table lines; the delimiter sniffed (Norwegian Excel writes `;`)."""
    text = decode_bytes(data, charset)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect)):
            if number >= MAX_ROWS:
                break
            if number % 100 == 0:
                deadline.check()
            rows.append(row)
    except csv.Error:
        pass  # a field over the csv module's size limit: keep the rows before it
    return "\n".join(table_lines(clean_rows(rows)))

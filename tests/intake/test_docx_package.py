"""A DOCX opened for its text alone reads as python-docx reads it when it opens every part."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from intake.attachments.docx_package import open_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "attachments"


def _text(document) -> list[str]:
    lines = [block.text for block in document.iter_inner_content() if hasattr(block, "text")]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return lines


def _letterhead_form() -> bytes:
    """A form with a table, and the company in the header and the footer (as a DoC letterhead is)."""
    document = docx.Document()
    document.add_paragraph("Registreringsskjema")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Firmanavn", "Fjordmed AS"
    table.cell(1, 0).text, table.cell(1, 1).text = "Org.nr", "912 345 678"
    document.sections[0].header.paragraphs[0].text = "Fjordmed AS - Strandkaien 4, 5013 Bergen"
    document.sections[0].footer.paragraphs[0].text = "www.fjordmed.example.no"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["form.docx", "doc_mdr.docx"])
def test_fixture_reads_as_with_every_part(name):
    data = (FIXTURES / name).read_bytes()
    assert _text(open_document(data)) == _text(docx.Document(io.BytesIO(data)))


def test_header_footer_and_table_still_read():
    data = _letterhead_form()
    lines = _text(open_document(data))
    assert lines == _text(docx.Document(io.BytesIO(data)))
    assert "Fjordmed AS - Strandkaien 4, 5013 Bergen" in lines
    assert "www.fjordmed.example.no" in lines
    assert "912 345 678" in lines


def test_part_missing_from_the_archive_still_fails():
    """A relationship to a part the archive lacks is a damaged file, as python-docx says."""
    source = zipfile.ZipFile(io.BytesIO(_letterhead_form()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != "word/styles.xml":
                target.writestr(item, source.read(item.filename))
    with pytest.raises(KeyError):
        docx.Document(io.BytesIO(out.getvalue()))
    with pytest.raises(KeyError):
        open_document(out.getvalue())

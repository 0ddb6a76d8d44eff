"""A scanned declaration of conformity (a PDF of page images, no text layer) is read by OCR
(pdftoppm + tesseract, Norwegian and English); where OCR cannot read it, the DoC is kept for a
case officer (`needs_manual_check`), never reported missing."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import tempfile
import zlib
from email.message import EmailMessage
from pathlib import Path

import pytest

from intake.attachments.ocr import ocr_available
from intake.model import Limits
from intake.understand import understand

FIXTURES = Path(__file__).parents[1] / "fixtures"
REGISTRATION = ("Firmanavn: Nordisk Medtek AS\nOrg.nr: 974 760 673\nBesøksadresse: Storgata 1, 0150 Oslo\n"
                "Type virksomhet: Produsent\n")


def _generator():
    spec = importlib.util.spec_from_file_location("make_attachments", FIXTURES / "make_attachments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def needs_ocr():
    if not ocr_available():
        message = "OCR needs poppler-utils and tesseract-ocr(-nor) (installed by .ci/run)"
        if os.environ.get("MDREG_REQUIRE_SERVERS") == "1":
            pytest.fail(message + " (required: MDREG_REQUIRE_SERVERS=1)", pytrace=False)
        pytest.skip(message)


def scanned(lines: list[str]) -> bytes:
    """The declaration printed and scanned: the text PDF rendered to a grey image, wrapped in a PDF."""
    gen = _generator()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(gen.text_pdf(lines))
        subprocess.run(["pdftoppm", "-r", "150", "-gray", str(source), str(Path(tmp) / "scan")], check=True)
        pgm = next(Path(tmp).glob("scan*.pgm")).read_bytes()
    magic, width, height, _, pixels = pgm.split(maxsplit=4)
    assert magic == b"P5"
    stream = zlib.compress(pixels[: int(width) * int(height)])
    ops = "q 595 0 0 842 0 0 cm /Im1 Do Q"
    objects = {1: "<< /Type /Catalog /Pages 2 0 R >>",
               2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                  "/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
               4: f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream",
               5: f"<< /Type /XObject /Subtype /Image /Width {int(width)} /Height {int(height)} "
                  f"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length {len(stream)} >>\n"
                  "stream\n" + stream.decode("latin-1") + "\nendstream"}
    return gen.assemble_pdf(objects)


def mail_with_pdf(pdf: bytes, filename: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "post@nordiskmedtek.example.no"
    msg["To"] = "medisinsk.utstyr@dmp.no"
    msg["Subject"] = "Registrering"
    msg.set_content(REGISTRATION)
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return msg.as_bytes()


def test_scanned_declaration_is_read_by_ocr(needs_ocr):
    # OCR takes seconds a page; the time limits are checked elsewhere, this is about reading.
    roomy = Limits(attachment_seconds=120, parse_seconds=240)
    found = understand(mail_with_pdf(scanned(_generator().DOC_LINES), "skannet.pdf"), limits=roomy)
    doc = found.fields["declaration_of_conformity"]
    assert (doc.state, doc.value) == ("ok", "skannet.pdf")
    attachment = found.message.attachments[0]
    assert attachment.doc is not None and attachment.doc.is_declaration
    assert "2017/745" in attachment.doc.legislation


def test_unreadable_scan_is_for_a_case_officer_never_missing():
    blank = (FIXTURES / "attachments" / "scanned.pdf").read_bytes()  # an 8x8 grey square: nothing to read
    found = understand(mail_with_pdf(blank, "scan0001.pdf"))
    doc = found.fields["declaration_of_conformity"]
    assert doc.state == "ok" and doc.value == "scan0001.pdf"
    assert any(flag.startswith("needs_manual_check:") and "scan0001.pdf" in flag for flag in found.flags)


def test_a_plain_scan_is_read_from_its_own_page_image(needs_ocr, tmp_path):
    from intake.attachments.deadline import Deadline
    from intake.attachments.ocr import _scanned_images

    source = tmp_path / "scan.pdf"
    source.write_bytes(scanned(_generator().DOC_LINES))
    images = _scanned_images(source, tmp_path, Deadline(60))
    assert images is not None and len(images) == 1 and images[0].stat().st_size > 0


def test_a_rotated_scan_is_rendered_upright_instead(needs_ocr, tmp_path):
    from intake.attachments.deadline import Deadline
    from intake.attachments.ocr import _scanned_images

    source = tmp_path / "scan.pdf"
    source.write_bytes(scanned(_generator().DOC_LINES).replace(b"/MediaBox [0 0 595 842]", b"/Rotate 90 /MediaBox [0 0 595 842]"))
    assert _scanned_images(source, tmp_path, Deadline(60)) is None


def _page_image(tmp_path: Path) -> Path:
    from intake.attachments.deadline import Deadline
    from intake.attachments.ocr import _scanned_images

    source = tmp_path / "scan.pdf"
    source.write_bytes(scanned(_generator().DOC_LINES))
    return _scanned_images(source, tmp_path, Deadline(60))[0]


def test_tesseract_in_process_reads_a_page_as_the_command_does(needs_ocr, tmp_path):
    from intake.attachments.deadline import Deadline
    from intake.attachments.ocr import _languages, _tesseract_command
    from intake.attachments.tesseract_api import read_images

    page = _page_image(tmp_path)
    in_process = read_images([page], _languages(), Deadline(60))
    if in_process is None:
        pytest.skip("no libtesseract.so.5 to call in process")
    assert in_process == [_tesseract_command(page, Deadline(60))]
    assert "DECLARATION" in in_process[0].upper()


def test_tesseract_in_process_stops_at_the_deadline(needs_ocr, tmp_path):
    from intake.attachments.deadline import Deadline
    from intake.attachments.ocr import _languages
    from intake.attachments.tesseract_api import read_images

    page = _page_image(tmp_path)
    if read_images([], _languages(), Deadline(60)) is None:
        pytest.skip("no libtesseract.so.5 to call in process")
    with pytest.raises(subprocess.TimeoutExpired):
        read_images([page], _languages(), Deadline(0.05))

"""Text of a PDF's text layer, within a page limit and a deadline.

PDFium (pypdfium2, the PDF engine of Chromium) reads the text layer: about four times faster than
pypdf, which costs more than the rest of intake on a mail with a PDF. A file PDFium cannot open or
read (one that needs a user password, one too damaged for its repair) is read by pypdf, which tries
the empty password and says why it could not read the rest.

Returns text plus flag kinds (the caller adds the file name): `encrypted_pdf`,
`needs_manual_check:scanned_pdf` (pages but no text layer), `attachment_truncated:pages`,
`attachment_unreadable:damaged_pdf`. A timeout keeps the pages read so far.
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from typing import Callable

from intake.attachments.deadline import AttachmentTimeout, Deadline
from intake.attachments.pdf_form import form_lines
from intake.model import Limits

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-file chatter is not our log's business

# PDFium is not thread-safe, not even across documents: one thread of the process calls it at a time.
_PDFIUM = threading.Lock()


class PdfResult:
    """What was read: text (possibly partial), flag kinds, pages read, pages in the file."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.kinds: list[str] = []
        self.pages_read = 0
        self.page_count = 0


def looks_like_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def pdf_text(data: bytes, limits: Limits, deadline: Deadline) -> PdfResult:
    """Read up to Limits.max_pdf_pages pages of text; never raises except AttachmentTimeout."""
    result = PdfResult()
    chunks: list[str] = []
    try:
        if not _read_pdfium(data, limits, deadline, result, chunks):
            result, chunks = PdfResult(), []
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pypdf warns on damaged files; pytest makes that an error
                _read_pypdf(data, limits, deadline, result, chunks)
    except AttachmentTimeout:
        result.kinds.append("attachment_truncated:timeout")
    except RecursionError:
        result.kinds.append("attachment_unreadable:damaged_pdf")
    except MemoryError:
        result.kinds.append("attachment_skipped:too_much_memory")
    except Exception:  # noqa: BLE001 - pypdf raises many types on damaged files
        result.kinds.append("attachment_unreadable:damaged_pdf")
    # A fillable form's answers live in its fields, not on the page: they come first, as the form's own lines.
    text = "\n".join(form_lines(data) + chunks).strip()
    result.text = text[: limits.max_text_chars] or None
    if result.text is None and result.pages_read and not any("unreadable" in k for k in result.kinds):
        result.kinds.append("needs_manual_check:scanned_pdf")
    return result


def _read_pdfium(data: bytes, limits: Limits, deadline: Deadline, result: PdfResult, chunks: list[str]) -> bool:
    """The pages' text by PDFium; False when PDFium cannot open or read the file (pypdf tries then)."""
    import pypdfium2

    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:
            return False  # a user password, or damage PDFium does not repair
        try:
            _pdfium_pages(document, limits, deadline, result, chunks)
        except pypdfium2.PdfiumError:
            return False
        finally:
            document.close()  # here, under the lock: never left to a finaliser on another thread
    return True


def _pdfium_pages(document, limits: Limits, deadline: Deadline, result: PdfResult, chunks: list[str]) -> None:
    def page_text(number: int) -> str:
        page = document[number]
        try:
            textpage = page.get_textpage()
            try:
                # PDFium ends a line with CRLF; a bare CR is a line break too (as intake reads text everywhere).
                return textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            finally:
                textpage.close()
        finally:
            page.close()

    _read_pages(page_count=len(document), page_text=page_text, limits=limits, deadline=deadline, result=result,
                chunks=chunks)


def _read_pages(*, page_count: int, page_text: Callable[[int], str], limits: Limits, deadline: Deadline,
                result: PdfResult, chunks: list[str]) -> None:
    """Each page's text in turn, within the page limit, the text limit and the deadline."""
    deadline.check()
    result.page_count = page_count
    if page_count > limits.max_pdf_pages:
        result.kinds.append("attachment_truncated:pages")
    size = 0
    for number in range(min(page_count, limits.max_pdf_pages)):
        deadline.check()
        text = page_text(number)
        result.pages_read += 1
        chunks.append(text)
        size += len(text)
        if size > limits.max_text_chars:
            result.kinds.append("attachment_truncated:text")
            break


def _read_pypdf(data: bytes, limits: Limits, deadline: Deadline, result: PdfResult, chunks: list[str]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not _decrypt_empty(reader):
        result.kinds.append("encrypted_pdf")
        return
    _read_pages(page_count=len(reader.pages), page_text=lambda number: reader.pages[number].extract_text() or "",
                limits=limits, deadline=deadline, result=result, chunks=chunks)


def _decrypt_empty(reader) -> bool:
    """Many 'protected' PDFs have only an owner password: the empty user password opens them."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - AES without the cryptography package, bad handlers
        return False

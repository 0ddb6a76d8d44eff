"""Attachment text: what each attached file says (PDF, DOCX, ODT, CSV/XLSX, text), within limits.

Every problem becomes a short flag on the Attachment (`<kind>:<file name>`), never an exception:
one bad file must not make the whole registration unreadable.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import replace
from email.message import Message

from intake.attachments.cache import shared_cache
from intake.attachments.deadline import AttachmentTimeout, Deadline, time_limit
from intake.doc.check import analyse_declaration
from intake.model import Attachment, Limits
from intake.mime.parse import attachment_record, part_text
from intake.attachments.pdf_text import looks_like_pdf, pdf_text
from intake.attachments.spreadsheet import spreadsheet_text
from intake.attachments.tnef import tnef_parts
from intake.attachments.zip_guard import ZipRefused, check_zip

_TNEF_MAGIC = b"\x78\x9f\x3e\x22"  # TNEF signature 0x223E9F78, little-endian
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls, and password-protected .docx/.xlsx
_DOC_FORMATS = {"pdf", "docx", "odt", "tnef"}
_TEXT_TYPES = {"text/plain", "text/csv", "text/tab-separated-values", "text/comma-separated-values"}


def read_attachments(parts: list[tuple[Message, bytes]], limits: Limits) -> tuple[Attachment, ...]:
    """One Attachment per non-body part, with its text where the format is readable."""
    budget = Deadline(max(limits.parse_seconds / 2, limits.attachment_seconds))
    out: list[Attachment] = []
    inner: list[Attachment] = []
    for number, (part, data) in enumerate(parts):
        record = attachment_record(part, data)
        if number >= limits.max_attachments:
            skipped = len(parts) - limits.max_attachments
            out.append(replace(record, flags=(f"attachments_skipped:too_many:{skipped}",)))
            out += [attachment_record(p, d) for p, d in parts[number + 1:]]
            break
        if budget.remaining() <= 0:
            out.append(_flagged(record, "attachment_skipped:time_budget"))
            continue
        if detect_format(record, data) == "tnef" and record.size <= limits.max_attachment_bytes:
            own, files = _read_tnef(data, record, limits, budget)
            out.append(own)
            inner += files
            continue
        out.append(read_one(part, data, record, limits, min(limits.attachment_seconds, budget.remaining())))
    # The files inside a winmail.dat come after the message's own parts, so those keep their places.
    return tuple(out + inner)


def _read_tnef(data: bytes, record: Attachment, limits: Limits, budget: Deadline) -> tuple[Attachment, list[Attachment]]:
    """Outlook's winmail.dat is a container: its body is its text, and each file inside it is an
    attachment of its own (a form is read as a form, a declaration named by its own file name)."""
    try:
        with time_limit(min(limits.attachment_seconds, budget.remaining())):
            body, files = tnef_parts(data)
    except AttachmentTimeout:
        return _flagged(record, "attachment_skipped:timeout"), []
    except Exception:  # noqa: BLE001 - tnefparse raises many types on damaged blobs
        return _flagged(record, "attachment_unreadable:damaged_tnef"), []
    own = replace(record, text=body.strip() or None)
    inner: list[Attachment] = []
    for name, blob in files:
        inner_record = Attachment(filename=" ".join(name.split()) or None, content_type=_guess_type(name),
                                  size=len(blob), sha256=hashlib.sha256(blob).hexdigest())
        if budget.remaining() <= 0:
            inner.append(_flagged(inner_record, "attachment_skipped:time_budget"))
        elif detect_format(inner_record, blob) == "tnef":  # TNEF inside TNEF is not followed
            inner.append(_flagged(inner_record, "needs_manual_check:unsupported_format"))
        else:
            inner.append(read_one(_inner_part(inner_record, blob), blob, inner_record, limits,
                                  min(limits.attachment_seconds, budget.remaining())))
    return own, inner


def _guess_type(name: str) -> str:
    return mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"


def _inner_part(record: Attachment, blob: bytes) -> Message:
    """A stand-in MIME part for a file that came without one (inside a TNEF blob)."""
    part = Message()
    part["Content-Type"] = record.content_type
    part.set_payload(blob)
    return part


def read_one(part: Message, data: bytes, record: Attachment, limits: Limits, seconds: float) -> Attachment:
    """The record with text, DoC findings and flags filled in; never raises."""
    kind = detect_format(record, data)
    if kind is None:
        return record
    if record.size > limits.max_attachment_bytes:
        return _flagged(record, "attachment_skipped:too_large")
    key = (record.sha256, kind, _charset(part), limits.max_pdf_pages, limits.max_text_chars)
    known = shared_cache().get(key) if record.sha256 else None
    if known is not None:
        text, kinds = known
        return _finished(record, kind, text, kinds)
    try:
        with time_limit(seconds) as deadline:
            text, kinds = _read(kind, part, data, limits, deadline)
    except AttachmentTimeout:
        text, kinds = None, ["attachment_skipped:timeout"]
    except ZipRefused as refused:
        text, kinds = None, [refused.kind]
    except (RecursionError, MemoryError) as exc:
        text, kinds = None, [f"attachment_unreadable:{type(exc).__name__}"]
    except Exception:  # noqa: BLE001 - library errors on damaged files are expected input
        text, kinds = None, [f"attachment_unreadable:damaged_{kind}"]
    if text and len(text) > limits.max_text_chars:
        text, kinds = text[: limits.max_text_chars], kinds + ["attachment_truncated:text"]
    if record.sha256:
        shared_cache().put(key, text, kinds)
    return _finished(record, kind, text, kinds)


def _finished(record: Attachment, kind: str, text: str | None, kinds: list[str]) -> Attachment:
    record = replace(record, text=text or None)
    for flag_kind in kinds:
        record = _flagged(record, flag_kind)
    return with_declaration(record) if text and kind in _DOC_FORMATS else record


def with_declaration(record: Attachment) -> Attachment:
    """The record with what its text says as a declaration; a fault in that reader is flagged, not raised."""
    try:
        return replace(record, doc=analyse_declaration(record.text or ""))
    except Exception as exc:  # noqa: BLE001 - a bug reading one declaration must not lose the message
        flag = f"needs_manual_check:reader_error:{type(exc).__name__}:{flag_name(record)}"
        return record if flag in record.flags else replace(record, flags=record.flags + (flag,))


def _read(kind: str, part: Message, data: bytes, limits: Limits, deadline: Deadline) -> tuple[str | None, list[str]]:
    from intake.attachments import office_text

    if kind == "pdf":
        result = pdf_text(data, limits, deadline)
        if "needs_manual_check:scanned_pdf" in result.kinds:
            from intake.attachments.ocr import ocr_pdf

            ocr = ocr_pdf(data, limits, deadline)
            if ocr:
                return ocr, result.kinds + ["ocr_text"]
        return result.text, result.kinds
    if kind in ("docx", "odt", "xlsx", "ods"):
        check_zip(data, limits)
        if kind in ("xlsx", "ods"):
            return spreadsheet_text(data, deadline), []
        reader = {"docx": office_text.docx_text, "odt": office_text.odt_text}[kind]
        return reader(data, deadline), []
    if kind == "xls":
        return spreadsheet_text(data, deadline), []
    if kind == "tnef":  # only inside another container; read_attachments opens a message's own
        return tnef_parts(data)[0] or None, []
    if kind == "csv":
        return office_text.csv_text(data, _charset(part), deadline), []
    if kind == "vcard":
        from intake.attachments.vcard import vcard_text

        return vcard_text(data), []
    if kind == "text":
        return part_text(part), []
    if kind == "encrypted_document":
        return None, [kind]
    return None, [f"needs_manual_check:{kind}"]


def detect_format(record: Attachment, data: bytes) -> str | None:
    """pdf, docx, odt, xlsx, csv, vcard, text; `encrypted_document`/`unsupported_format` to flag; or None."""
    name = (record.filename or "").casefold()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    ctype = record.content_type
    if data.startswith(_TNEF_MAGIC):  # before the PDF test: a winmail.dat holding a PDF has '%PDF-' near its start
        return "tnef"
    if looks_like_pdf(data) or ext == "pdf" or ctype == "application/pdf":
        return "pdf"
    if ctype == "application/ms-tnef" or name == "winmail.dat":
        return "tnef"
    if data.startswith(_OLE_MAGIC):
        if ext == "xls" or "ms-excel" in ctype:
            return "xls"
        return "encrypted_document" if ext in ("docx", "xlsx", "odt", "ods") else "unsupported_format"
    if data.startswith(b"PK\x03\x04") or ext in ("docx", "odt", "xlsx", "ods"):
        return _zip_format(data, ext, ctype)
    if ext == "vcf" or ctype in ("text/vcard", "text/x-vcard", "text/directory"):
        return "vcard"
    if ext in ("csv", "tsv") or ctype in ("text/csv", "text/tab-separated-values", "text/comma-separated-values"):
        return "csv"
    if ctype in _TEXT_TYPES or ext == "txt":
        return "text"
    if ext in ("doc", "rtf", "pages", "wpd"):
        return "unsupported_format"
    return None


def _zip_format(data: bytes, ext: str, ctype: str) -> str | None:
    head = data[:4096]
    if ext == "odt" or b"application/vnd.oasis.opendocument.text" in head or "opendocument.text" in ctype:
        return "odt"
    if ext == "ods" or b"application/vnd.oasis.opendocument.spreadsheet" in head or "opendocument.spreadsheet" in ctype:
        return "ods"
    if ext == "xlsx" or b"xl/" in head or "spreadsheetml" in ctype:
        return "xlsx"
    if ext == "docx" or b"word/" in head or "wordprocessingml" in ctype:
        return "docx"
    return None


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except Exception:  # noqa: BLE001
        return None


_UNSAFE = re.compile(r"[\s:]+")


def flag_name(record: Attachment) -> str:
    """The attachment's name as it can stand in a flag: no spaces or colons, at most 80 chars."""
    name = _UNSAFE.sub("_", record.filename or "").strip("_")
    return name[:80] or record.sha256[:12]


def _flagged(record: Attachment, kind: str) -> Attachment:
    return replace(record, flags=record.flags + (f"{kind}:{flag_name(record)}",))

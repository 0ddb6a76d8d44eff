"""Attachment text: what each attached file says (PDF, DOCX, ODT, CSV/XLSX), within limits."""

from __future__ import annotations

from email.message import Message

from intake.model import Attachment, Limits
from intake.parse import attachment_record


def read_attachments(parts: list[tuple[Message, bytes]], limits: Limits) -> tuple[Attachment, ...]:
    """One Attachment per non-body part, with its text where the format is readable."""
    return tuple(attachment_record(part, data) for part, data in parts)

"""Outlook's winmail.dat (application/ms-tnef), through tnefparse (LGPL, pure Python): the message
body it carries and the files inside it (read_attachments makes each file an attachment of its own)."""

from __future__ import annotations

MAX_INNER = 20


def tnef_parts(data: bytes) -> tuple[str, list[tuple[str, bytes]]]:
    """(body text, [(file name, bytes)]) of a TNEF blob."""
    from tnefparse import TNEF

    tnef = TNEF(data)
    body = ""
    if getattr(tnef, "body", None):
        body = _text(tnef.body)
    elif getattr(tnef, "htmlbody", None):
        from intake.layouts.html_text import html_to_text

        body = html_to_text(_text(tnef.htmlbody))
    files = [(att.long_filename() or att.name or "attachment", att.data) for att in tnef.attachments[:MAX_INNER]
             if getattr(att, "data", None)]
    return body, files


def _text(value) -> str:
    if isinstance(value, bytes):
        for charset in ("utf-8", "cp1252"):
            try:
                return value.decode(charset)
            except UnicodeDecodeError:
                continue
        return value.decode("latin-1")
    return str(value)

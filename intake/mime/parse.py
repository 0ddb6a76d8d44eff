"""MIME parsing: raw bytes to a ParsedMessage and its attachment parts, after cheap raw limits.

parse_message raises only UnreadableMessage (or its LimitExceeded); any other failure of the
stdlib parser on malformed input becomes UnreadableMessage with a reason staff can read.
"""

from __future__ import annotations

import hashlib
import re
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr

from intake.errors import LimitExceeded, UnreadableMessage
from intake.mime.headers import address_list, header_dict, header_text, raw_value, strict_address
from intake.model import Attachment, Limits, ParsedMessage
from intake.mime.policy import parsing_policy
from intake.mime.raw_limits import check_raw_limits
from intake.mime.flowed import unflow
from intake.mime.text_decode import decode_bytes

_MSGID = re.compile(r"<[^<>\s]+>")


def parse_bytes(raw: bytes, limits: Limits) -> EmailMessage:
    """The stdlib parse, only after the raw bytes passed the cheap limits."""
    check_raw_limits(raw, limits)
    try:
        msg = BytesParser(policy=parsing_policy()).parsebytes(raw)
    except RecursionError as exc:
        raise LimitExceeded("MIME structure nested too deeply") from exc
    _check_structure(msg, limits)
    return msg


def _check_structure(msg: Message, limits: Limits) -> None:
    """The parsed tree within limits too (a second line of defence after the raw scan)."""
    stack = [(msg, 0)]
    parts = 0
    while stack:
        part, depth = stack.pop()
        parts += 1
        if depth > limits.max_mime_depth:
            raise LimitExceeded(f"MIME nesting deeper than {limits.max_mime_depth}")
        if parts > limits.max_parts:
            raise LimitExceeded(f"more than {limits.max_parts:,} MIME parts")
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend((child, depth + 1) for child in payload if isinstance(child, Message))


def parse_message(raw: bytes, limits: Limits) -> tuple[ParsedMessage, list[tuple[Message, bytes]]]:
    """Parse raw bytes into a ParsedMessage and the attachment parts, or raise UnreadableMessage."""
    _, parsed, parts = parse_tree(raw, limits)
    return parsed, parts


def parse_tree(raw: bytes, limits: Limits) -> tuple[Message, ParsedMessage, list[tuple[Message, bytes]]]:
    """parse_message, with the parsed tree too (the machine-mail rules read it: one parse)."""
    if not raw or not raw.strip():
        raise UnreadableMessage("the message is empty")
    try:
        return _parse(raw, limits)
    except UnreadableMessage:
        raise
    except RecursionError as exc:
        raise LimitExceeded("MIME structure nested too deeply") from exc
    except MemoryError as exc:
        raise LimitExceeded("the message needs more memory than allowed to read") from exc
    except Exception as exc:  # noqa: BLE001 - the stdlib raises many types on malformed MIME
        raise UnreadableMessage(f"the message could not be parsed ({type(exc).__name__})") from exc


def _parse(raw: bytes, limits: Limits) -> tuple[Message, ParsedMessage, list[tuple[Message, bytes]]]:
    msg = parse_bytes(raw, limits)
    from_name, from_addr = strict_address(raw_value(msg, "From"))
    _, reply_to = strict_address(raw_value(msg, "Reply-To"))
    body, parts, body_defects = body_and_attachments(msg, limits)
    msgid = _MSGID.findall(raw_value(msg, "Message-ID") or "")
    in_reply = _MSGID.findall(raw_value(msg, "In-Reply-To") or "")
    parsed = ParsedMessage(
        message_id=msgid[0] if msgid else None,
        from_addr=from_addr,
        from_name=from_name,
        reply_to=reply_to,
        to_addrs=address_list(raw_value(msg, "To")),
        subject=header_text(msg, "Subject") or "",
        date=header_text(msg, "Date"),
        in_reply_to=in_reply[0] if in_reply else None,
        references=tuple(_MSGID.findall(raw_value(msg, "References") or "")),
        headers=header_dict(msg),
        body_text=body,
        defects=tuple(sorted(_defects(msg) | body_defects)),
    )
    return msg, parsed, parts


def _defects(msg: Message) -> set[str]:
    return {type(d).__name__ for p in msg.walk() for d in getattr(p, "defects", ())}


def _flowed_params(part: Message) -> tuple[str, str]:
    """(format, delsp) of a text/plain part, lower-cased; ('', '') where not given."""
    try:
        return ((part.get_param("format") or "").lower(), (part.get_param("delsp") or "").lower())
    except Exception:  # noqa: BLE001 - a malformed Content-Type reads as fixed text
        return "", ""


def part_text(part: Message) -> str:
    """A text part decoded: declared charset, else UTF-8, else windows-1252; never raises."""
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - broken transfer encoding
        data = None
    if not isinstance(data, bytes):
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    try:
        charset = part.get_content_charset()
    except Exception:  # noqa: BLE001
        charset = None
    return decode_bytes(data, charset)


def _leaves(msg: Message):
    for part in msg.walk():
        if not part.is_multipart():
            yield part


def _disposition(part: Message) -> str:
    try:
        return (part.get_content_disposition() or "").lower()
    except Exception:  # noqa: BLE001
        return ""


def body_and_attachments(msg: Message, limits: Limits) -> tuple[str, list[tuple[Message, bytes]], set[str]]:
    """The text body (plain preferred over HTML), the other leaf parts, and body defects."""
    plain: list[str] = []
    html: list[str] = []
    attachments: list[tuple[Message, bytes]] = []
    for part in _leaves(msg):
        disposition = _disposition(part)
        ctype = part.get_content_type()
        if disposition != "attachment" and ctype == "text/plain":
            plain.append(unflow(part_text(part), params=_flowed_params(part)))
        elif disposition != "attachment" and ctype == "text/html":
            html.append(part_text(part))
        else:
            attachments.append((part, _payload_bytes(part)))
    defects: set[str] = set()
    if html and (not plain or any(_TABLE_ROWS.search(h[:200_000]) for h in html)):
        # A table in the HTML is structure the plain alternative has lost (cells become lines).
        body, defects = _html_body(html)
    else:
        body = "\n".join(plain)
    if len(body) > limits.max_text_chars:
        return body[: limits.max_text_chars], attachments, defects | {"BodyTruncated"}
    return body, attachments, defects


_TABLE_ROWS = re.compile(r"<tr\b.*?<t[dh]\b.*?</t[dh]\s*>.*?<t[dh]\b", re.IGNORECASE | re.DOTALL)


def _html_body(html: list[str]) -> tuple[str, set[str]]:
    from intake.layouts.html_text import html_to_text

    try:
        return "\n".join(html_to_text(h) for h in html), set()
    except Exception as exc:  # noqa: BLE001 - a bug or broken markup in one reader: read the tags away instead
        return "\n".join(re.sub(r"<[^>]*>", " ", h) for h in html), {f"HtmlReaderError:{type(exc).__name__}"}


def _payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        return b""
    return data if isinstance(data, bytes) else b""


def attachment_record(part: Message, data: bytes) -> Attachment:
    """The bare record of an attachment part, before any text is read from it."""
    try:
        filename = part.get_filename()
    except Exception:  # noqa: BLE001 - a broken RFC 2231 filename parameter
        filename = None
    return Attachment(
        filename=" ".join(filename.split()) if filename else None,
        content_type=part.get_content_type(),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def sender_of(parsed: ParsedMessage) -> str | None:
    """Where a reply goes: Reply-To when it is a single valid address, else From."""
    return parsed.reply_to or parsed.from_addr


__all__ = ["parse_message", "check_raw_limits", "sender_of", "parseaddr", "part_text"]

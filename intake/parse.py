"""MIME parsing: raw bytes to a ParsedMessage, after cheap limits on the raw bytes."""

from __future__ import annotations

import hashlib
import re
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

from intake.errors import LimitExceeded, UnreadableMessage
from intake.model import Attachment, Limits, ParsedMessage

_HEADER_END = re.compile(rb"\r?\n\r?\n|\r\r")
_BOUNDARY_LINE = re.compile(rb"^--", re.MULTILINE)
_MSGID = re.compile(r"<[^<>\s]+>")


def check_raw_limits(raw: bytes, limits: Limits) -> None:
    """Refuse, before the full parse, what would make the stdlib parser slow or recurse deeply."""
    if len(raw) > limits.max_message_bytes:
        raise LimitExceeded(f"message is {len(raw)} bytes, the limit is {limits.max_message_bytes}")
    end = _HEADER_END.search(raw)
    header_len = end.start() if end else len(raw)
    if header_len > limits.max_header_bytes:
        raise LimitExceeded(f"header is {header_len} bytes, the limit is {limits.max_header_bytes}")
    if raw.count(b"\n--") > limits.max_parts * 4:
        raise LimitExceeded(f"more than {limits.max_parts} MIME boundary lines")


def parse_bytes(raw: bytes, limits: Limits) -> EmailMessage:
    check_raw_limits(raw, limits)
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
    except RecursionError as exc:
        raise LimitExceeded("MIME structure nested too deeply") from exc
    _check_structure(msg, limits)
    return msg


def _check_structure(msg: Message, limits: Limits) -> None:
    stack = [(msg, 0)]
    parts = 0
    while stack:
        part, depth = stack.pop()
        parts += 1
        if depth > limits.max_mime_depth:
            raise LimitExceeded(f"MIME nesting deeper than {limits.max_mime_depth}")
        if parts > limits.max_parts:
            raise LimitExceeded(f"more than {limits.max_parts} MIME parts")
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend((child, depth + 1) for child in payload)


def header(msg: Message, name: str) -> str | None:
    """A header as str, or None when absent or undecodable."""
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - header parsing defects must not stop intake
        value = None
    if value is None:
        return None
    return " ".join(str(value).split())


def _address(value: str | None) -> tuple[str | None, str | None]:
    """Strict single address: refuse values that hold several addresses (CVE-2023-27043)."""
    if not value:
        return None, None
    pairs = getaddresses([value], strict=True) if _strict_supported() else getaddresses([value])
    pairs = [(n, a) for n, a in pairs if a]
    if len(pairs) != 1 or "@" not in pairs[0][1] or any(c in pairs[0][1] for c in "\r\n ,;<>"):
        return None, None
    name, addr = pairs[0]
    return (name or None), addr


def _strict_supported() -> bool:
    import inspect

    return "strict" in inspect.signature(getaddresses).parameters


def _text_of(part: Message) -> str:
    try:
        content = part.get_content()
    except Exception:  # noqa: BLE001 - unknown charset or broken encoding
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    return content if isinstance(content, str) else str(content)


def _walk(msg: Message):
    for part in msg.walk():
        if part.is_multipart():
            continue
        yield part


def body_and_attachments(msg: Message) -> tuple[str, list[tuple[Message, bytes]]]:
    """The first text body (plain preferred over HTML) and the other leaf parts as attachments."""
    plain: list[str] = []
    html: list[str] = []
    attachments: list[tuple[Message, bytes]] = []
    for part in _walk(msg):
        disposition = (part.get_content_disposition() or "").lower()
        ctype = part.get_content_type()
        if disposition != "attachment" and ctype == "text/plain":
            plain.append(_text_of(part))
        elif disposition != "attachment" and ctype == "text/html":
            html.append(_text_of(part))
        else:
            data = part.get_payload(decode=True)
            attachments.append((part, data if isinstance(data, bytes) else b""))
    if plain:
        return "\n".join(plain), attachments
    if html:
        from intake.html_text import html_to_text

        return "\n".join(html_to_text(h) for h in html), attachments
    return "", attachments


def parse_message(raw: bytes, limits: Limits) -> tuple[ParsedMessage, list[tuple[Message, bytes]]]:
    """Parse raw bytes into a ParsedMessage and the attachment parts, or raise UnreadableMessage."""
    msg = parse_bytes(raw, limits)
    if not msg.keys() and not raw.strip():
        raise UnreadableMessage("the message is empty")
    headers = _header_dict(msg)
    from_name, from_addr = _address(header(msg, "From"))
    _, reply_to = _address(header(msg, "Reply-To"))
    body, parts = body_and_attachments(msg)
    refs = tuple(_MSGID.findall(header(msg, "References") or ""))
    in_reply = _MSGID.findall(header(msg, "In-Reply-To") or "")
    msgid = _MSGID.findall(header(msg, "Message-ID") or "")
    to_addrs = tuple(a for _, a in getaddresses([header(msg, "To") or ""]) if a)
    defects = tuple(sorted({type(d).__name__ for p in msg.walk() for d in p.defects}))
    return (
        ParsedMessage(
            message_id=msgid[0] if msgid else None,
            from_addr=from_addr,
            from_name=from_name,
            reply_to=reply_to,
            to_addrs=to_addrs,
            subject=header(msg, "Subject") or "",
            date=header(msg, "Date"),
            in_reply_to=in_reply[0] if in_reply else None,
            references=refs,
            headers=headers,
            body_text=body,
            defects=defects,
        ),
        parts,
    )


def _header_dict(msg: Message) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in set(k.lower() for k in msg.keys()):
        try:
            values = msg.get_all(name) or []
            out[name] = "\n".join(" ".join(str(v).split()) for v in values)
        except Exception:  # noqa: BLE001 - a broken header is kept as absent
            continue
    return out


def attachment_record(part: Message, data: bytes) -> Attachment:
    """The bare record of an attachment part, before any text is read from it."""
    try:
        filename = part.get_filename()
    except Exception:  # noqa: BLE001
        filename = None
    return Attachment(
        filename=filename,
        content_type=part.get_content_type(),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def sender_of(parsed: ParsedMessage) -> str | None:
    """Where a reply goes: Reply-To when it is a single valid address, else From."""
    return parsed.reply_to or parsed.from_addr


__all__ = ["parse_message", "check_raw_limits", "sender_of", "parseaddr"]

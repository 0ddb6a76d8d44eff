"""Delivery status notifications: is a message a bounce, which of our messages it returns, to whom
delivery failed, and why.

RFC 3464 reports (multipart/report with a message/delivery-status part and the returned message
or its headers) are read field by field; the many non-standard bounces real mail systems send
(Japanese carriers, MMS gateways, Amazon SES notifications, qmail, Exchange …) are recognised by
their headers, subjects and body wording. Abuse feedback reports (RFC 5965, ARF) are machine mail
about delivery too and are treated the same way: stored, tied to a case when possible, never
answered.

Pure: bytes in, a `Bounce` (or None) out; it parses the raw message itself with the tolerant
compat32 policy, so it works on messages the intake parser calls unreadable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, message_from_string, policy
from email.message import Message

_MAX_PARTS = 300
_MAX_SCAN = 200_000

_MSGID = re.compile(r"<[^<>\s@]+@[^<>\s]+>")
_ADDR = re.compile(r"[A-Za-z0-9._%+=/'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_REPORT_TYPES = ("message/delivery-status", "message/feedback-report", "message/global-delivery-status")
_DAEMON = re.compile(r"mailer[-_ ]?daemon|postmaster|post_master|mail delivery (sub)?system|mmsc ndr",
                     re.IGNORECASE)
_ROBOT = re.compile(r"no[-_.]?reply|do[-_.]?not[-_.]?reply|daemon|postmaster|post_master", re.IGNORECASE)
_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery (status|failure|failed|notification|problem|report)|returned mail|"
    r"returned to sender|failure notice|mail delivery failed|delivery has failed|could not be delivered|"
    r"non[- ]?remis|unzustellbar|nicht zustellbar|ikke levert|kunne ikke leveres|leveringsfeil|"
    r"mail system error|message not delivered|warning: could not send|delivery delayed|"
    r"notificationtype|aws notification message|complaint about message|abuse report|delayed|"
    r"mail failed|returning to sender|not member|error notification|mail error|mail failure|"
    r"error sending|trouble delivering|loop alert|"
    r"メールエラー|未配達|配信エラー|エラー通知|fehlgeschlagen|mail could not",
    re.IGNORECASE,
)
_BODY = re.compile(
    r"could not be delivered|couldn't be delivered|was not delivered|delivery to the following recipient|"
    r"delivery has failed|this is the mail system at host|the following addresses had|"
    r"permanent fatal errors|message could not be delivered|undeliverable|i'm sorry to have to inform you|"
    r"unable to deliver|delivery failed|user unknown|no such user|mailbox (is )?(full|unavailable)|"
    r"recipient address rejected|does not exist|invalid (user|recipient)|returned mail|"
    r"\"notificationtype\"\s*:\s*\"(bounce|complaint|delivery)\"|feedback-type:|"
    r"送信できませんでした|not a member of this mailing list|"
    r"final-recipient:|diagnostic-code:|action:\s*failed|status:\s*5\.\d|"
    r"has not yet been delivered|created automatically by mail delivery software|"
    r"permanent errors?|trouble delivering|malformed (recipient )?address|original mail as follows|"
    r"no valid recipients|failed addresses|unknown host|host unknown|requested action not taken",
    re.IGNORECASE,
)
_RETURNED_MARKER = re.compile(
    r"original message|returned message|message headers follow|below this line is a copy|"
    r"----- ?(original|transcript)|message details|rcpt to:|original-recipient|x-failed-recipients",
    re.IGNORECASE,
)
_FAILED_LINE = re.compile(
    r"(?:final-recipient|original-recipient)\s*:\s*(?:rfc822\s*;\s*)?<?(" + _ADDR.pattern + r")",
    re.IGNORECASE,
)
_FAILED_PROSE = re.compile(
    r"(?:delivered to|delivery to|deliver to|rcpt to|recipient|failed|to)\s*:?\s*<(" + _ADDR.pattern + r")>",
    re.IGNORECASE,
)

# Postfix's bounce body: "<kari@firm.no>: host mx.firm.no said: 550 5.1.1 …"
_FAILED_POSTFIX = re.compile(r"^\s*<(" + _ADDR.pattern + r")>:", re.MULTILINE)


@dataclass(frozen=True)
class Bounce:
    """What a bounce says: which message of ours, which recipient, what the remote side said."""

    kind: str  # dsn (RFC 3464), feedback (ARF abuse report), nonstandard
    original_message_id: str | None
    failed_recipient: str | None
    diagnostic: str | None
    signals: tuple[str, ...]


def read_message(raw: bytes) -> Message | None:
    """The raw bytes parsed as tolerantly as the stdlib allows (BOM and mbox line dropped)."""
    data = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    if b"\r" in data:  # CRLF and CR-only line ends read as LF (the mac/ files of the corpus)
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if data.startswith(b"From "):  # an mbox separator line
        data = data.split(b"\n", 1)[1] if b"\n" in data else b""
    try:
        return message_from_bytes(data, policy=policy.compat32)
    except Exception:  # noqa: BLE001 - nothing readable
        return None


def analyse_bounce(raw: bytes, message: Message | None = None) -> Bounce | None:
    """A Bounce when `raw` is a delivery report or abuse report, else None."""
    msg = message if message is not None else read_message(raw)
    if msg is None:
        return None
    parts = _parts(msg)
    types = {p.get_content_type() for p in parts}
    signals: list[str] = []
    top = msg.get_content_type()
    if top == "multipart/report":
        signals.append("multipart/report")
    for report in _REPORT_TYPES:
        if report in types:
            signals.append(report)
    sender = _sender(msg)
    subject = _header(msg, "subject")
    if _DAEMON.search(sender):
        signals.append("from=mailer-daemon")
    if _ROBOT.search(sender) or _header(msg, "auto-submitted").lower().startswith("auto-") or \
            _header(msg, "return-path").replace(" ", "") == "<>":
        signals.append("robot")
    if _header(msg, "x-failed-recipients"):
        signals.append("x-failed-recipients")
    if _SUBJECT.search(subject):
        signals.append("subject")
    if not _is_bounce([*signals, "body", "returned-message"], top):
        return None  # not even with a bounce's body: reading the text cannot change the answer
    text = _text(parts)
    if len(text.strip()) < 40:  # a structure the parser could not split: read the raw body
        text += "\n" + _raw_body(raw)
    body_hit = _BODY.search(text)
    if body_hit:
        signals.append("body")
    returned = "message/rfc822" in types or "text/rfc822-headers" in types or bool(_RETURNED_MARKER.search(text))
    if returned:
        signals.append("returned-message")
    if not _is_bounce(signals, top):
        return None
    kind = "feedback" if ("message/feedback-report" in signals or "feedback-type:" in text.casefold()
                          or "complaint" in subject.casefold()) else (
        "dsn" if any(s in signals for s in ("message/delivery-status", "message/global-delivery-status"))
        else "nonstandard")
    status = _delivery_status(parts)
    return Bounce(
        kind=kind,
        original_message_id=_original_message_id(parts, text),
        failed_recipient=status.get("recipient") or _failed_recipient(msg, text),
        diagnostic=(status.get("diagnostic") or status.get("status") or _diagnostic(text)),
        signals=tuple(signals),
    )


def _is_bounce(signals: list[str], top: str) -> bool:
    strong = {"multipart/report", "message/delivery-status", "message/feedback-report",
              "message/global-delivery-status", "x-failed-recipients"}
    if strong & set(signals):
        return True
    have = set(signals)
    if "from=mailer-daemon" in have and have & {"subject", "body", "returned-message"}:
        return True
    if "robot" in have and "body" in have:
        return True
    if "subject" in have and have & {"body", "returned-message"}:
        return True
    return False


def _parts(msg: Message) -> list[Message]:
    out: list[Message] = []
    stack = [msg]
    while stack and len(out) < _MAX_PARTS:
        part = stack.pop(0)
        out.append(part)
        try:
            payload = part.get_payload()
        except Exception:  # noqa: BLE001
            continue
        if isinstance(payload, list):
            stack.extend(p for p in payload if isinstance(p, Message))
    return out


# A From value of these characters only is read as it stands: no comments, quoted strings, escapes,
# encoded words, routes or groups, whose parse could drop or join letters. The parse only matters when
# its letters could spell a robot's or daemon's name (_DAEMON, _ROBOT), and no parse adds a letter.
_PLAIN_FROM = re.compile(r"[A-Za-z0-9 \t\r\n.,@<>_+'/&%#$!*{}|~^`-]*")
_ROBOT_LETTERS = ("reply", "daemon", "postmaster", "delivery", "mmsc")
_NOT_LETTERS = re.compile(r"[^a-z]+")


def _sender(msg: Message) -> str:
    """The From header as _DAEMON and _ROBOT read it; "" for a plain value that cannot name a robot.

    Parsing an address header is the slowest header parse there is, and nearly every From is a
    plain "Name <addr>" whose letters spell none of the words the patterns look for.
    """
    raw = _raw_header(msg, "from")
    if raw is None:
        return ""
    if _PLAIN_FROM.fullmatch(raw) and "<@" not in raw:
        letters = _NOT_LETTERS.sub("", raw.lower())
        if not any(word in letters for word in _ROBOT_LETTERS):
            return ""
    return _header(msg, "from")


def _raw_header(msg: Message, name: str) -> str | None:
    """The first `name` header's source value, unparsed (what `msg.get` would parse)."""
    try:
        for key, value in msg.raw_items():
            if key.lower() == name:
                return value if isinstance(value, str) else None
    except Exception:  # noqa: BLE001
        return None
    return None


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001
        return ""
    if value is None:
        return ""
    try:
        from email.header import decode_header, make_header

        return str(make_header(decode_header(str(value))))
    except Exception:  # noqa: BLE001
        return str(value)


def _text(parts: list[Message]) -> str:
    """The text of the report's own parts (not the returned message's body), bounded."""
    chunks: list[str] = []
    size = 0
    for part in parts:
        if part.is_multipart() or part.get_content_maintype() not in ("text", "message"):
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:  # noqa: BLE001
            payload = None
        if payload is None:
            raw = part.get_payload()
            if isinstance(raw, list):  # message/delivery-status: header blocks
                text = "\n".join(str(block) for block in raw if isinstance(block, Message))
            else:
                text = raw if isinstance(raw, str) else ""
        else:
            text = payload.decode(part.get_content_charset() or "utf-8", "replace") if _known(part) else \
                payload.decode("utf-8", "replace")
        chunks.append(text[: _MAX_SCAN - size])
        size += len(chunks[-1])
        if size >= _MAX_SCAN:
            break
    return "\n".join(chunks)


def _raw_body(raw: bytes) -> str:
    data = raw[: _MAX_SCAN].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    _, _, body = data.partition(b"\n\n")
    return body.decode("utf-8", "replace")


def _known(part: Message) -> bool:
    import codecs

    try:
        codecs.lookup(part.get_content_charset() or "utf-8")
        return True
    except LookupError:
        return False


def _delivery_status(parts: list[Message]) -> dict[str, str]:
    """Recipient, status and diagnostic from the first failed per-recipient block of a DSN."""
    found: dict[str, str] = {}
    for part in parts:
        if part.get_content_type() not in ("message/delivery-status", "message/global-delivery-status"):
            continue
        blocks = part.get_payload()
        if isinstance(blocks, str):
            blocks = [message_from_string(b) for b in re.split(r"\n\s*\n", blocks) if b.strip()]
        for block in blocks if isinstance(blocks, list) else []:
            if not isinstance(block, Message):
                continue
            recipient = block.get("final-recipient") or block.get("original-recipient")
            if not recipient:
                continue
            address = _ADDR.search(str(recipient))
            if address and "recipient" not in found:
                found["recipient"] = address.group(0)
                if block.get("status"):
                    found["status"] = " ".join(str(block.get("status")).split())
                if block.get("diagnostic-code"):
                    found["diagnostic"] = " ".join(str(block.get("diagnostic-code")).split())[:500]
            if str(block.get("action", "")).strip().lower() == "failed":
                if address:
                    found["recipient"] = address.group(0)
                if block.get("diagnostic-code"):
                    found["diagnostic"] = " ".join(str(block.get("diagnostic-code")).split())[:500]
                break
    return found


def _original_message_id(parts: list[Message], text: str) -> str | None:
    """The Message-ID of the returned message: its message/rfc822 or text/rfc822-headers part,
    else a Message-ID line quoted in the report's text."""
    for part in parts:
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, Message):
                found = _MSGID.search(str(inner.get("message-id", "")))
                if found:
                    return found.group(0)
        if ctype == "text/rfc822-headers":
            payload = part.get_payload(decode=True) or b""
            found = re.search(rb"^message-id:\s*(<[^<>\s]+>)", payload, re.IGNORECASE | re.MULTILINE)
            if found:
                return found.group(1).decode("ascii", "replace")
    found = re.search(r"^\s*message-id:\s*(<[^<>\s@]+@[^<>\s]+>)", text, re.IGNORECASE | re.MULTILINE)
    return found.group(1) if found else None


def _failed_recipient(msg: Message, text: str) -> str | None:
    header = _header(msg, "x-failed-recipients")
    if header:
        found = _ADDR.search(header)
        if found:
            return found.group(0)
    for pattern in (_FAILED_LINE, _FAILED_PROSE, _FAILED_POSTFIX):
        found = pattern.search(text)
        if found:
            return found.group(1)
    return None


def _diagnostic(text: str) -> str | None:
    found = re.search(r"^.*\b[45]\d\d[ -][245]?\.?\d?\.?\d?.*$", text, re.MULTILINE)
    if found:
        return " ".join(found.group(0).split())[:500]
    found = _BODY.search(text)
    return " ".join(found.group(0).split())[:500] if found else None


_STRUCTURE = ("multipart/report", "message/delivery-status", "message/global-delivery-status",
              "message/feedback-report")


def counts_as_bounce(bounce: Bounce, *, reasons: tuple[str, ...], source: str) -> bool:
    """Whether a bounce-like message may mark an address undeliverable: only a real report
    (RFC 3464 DSN or RFC 5965 ARF structure) or a message with a null return path. Over SMTP
    only the envelope tells the return path (a `Return-Path:` header there is the sender's own
    text); from IMAP or a file the top Return-Path was written by the delivering server. A prose
    "could not be delivered" from an ordinary sender is machine mail, never a bounce."""
    if any(signal in _STRUCTURE for signal in bounce.signals):
        return True
    if "null_envelope_sender" in reasons:
        return True
    return source != "smtp" and "null_return_path" in reasons

"""The header section alone, read within a fixed bound: what is left to say about a message whose
body could not be read (who sent it, its subject and Message-ID), and enough for the machine-mail
header rules. Never raises."""

from __future__ import annotations

import re
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser

from intake.mime.headers import header_text, raw_value, strict_address
from intake.model import ParsedMessage

MAX_HEADER_BLOCK = 64 * 1024  # Postfix's header_size_limit is 100 KB; a From past 64 KB is not worth reading
_MSGID = re.compile(r"<[^<>\s]+>")


def read_header_block(raw: bytes, *, max_bytes: int = MAX_HEADER_BLOCK) -> Message | None:
    """The header section of `raw` (its first `max_bytes` only), or None when nothing parses."""
    head = raw[:max_bytes]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    for blank in (b"\r\n\r\n", b"\n\n", b"\r\r"):
        end = head.find(blank)
        if end >= 0:
            head = head[:end + len(blank)]
            break
    try:
        return BytesHeaderParser(policy=policy.compat32).parsebytes(head)
    except Exception:  # noqa: BLE001 - nothing readable is an answer too
        return None


def header_facts(message: Message | None) -> ParsedMessage:
    """From, Reply-To, Subject and Message-ID where they can be read; empty where not."""
    if message is None:
        return ParsedMessage(message_id=None, from_addr=None)
    def safe(read, *args):
        try:
            return read(*args)
        except Exception:  # noqa: BLE001 - a header that cannot be read is left out
            return None

    from_name, from_addr = safe(strict_address, safe(raw_value, message, "From")) or (None, None)
    _, reply_to = safe(strict_address, safe(raw_value, message, "Reply-To")) or (None, None)
    ids = _MSGID.findall(safe(raw_value, message, "Message-ID") or "")
    return ParsedMessage(message_id=ids[0] if ids else None, from_addr=from_addr, from_name=from_name,
                         reply_to=reply_to, subject=(safe(header_text, message, "Subject") or "")[:500])

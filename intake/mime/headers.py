"""Header values as text, decoded from the raw source, and strict single-address parsing.

Header objects from `policy.default` are built lazily and can raise on odd input (a `Group` in
`To:` raises AttributeError on 3.11), and raw 8-bit bytes come back as U+FFFD. Reading the raw
source and decoding it ourselves (UTF-8, else windows-1252; then RFC 2047) avoids both.
"""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr

from intake.mime.text_decode import decode_bytes

_ADDR_SPEC = re.compile(r"^[^\s@<>()\[\],;:\"\\]+@[^\s@<>()\[\],;:\"\\]+\.[^\s@<>()\[\],;:\"\\]+$")


def raw_value(msg: Message, name: str) -> str | None:
    """The first `name` header's raw source value, unfolded, or None when absent."""
    wanted = name.casefold()
    for key, value in _raw_items(msg):
        if key.casefold() == wanted:
            return _unfold(value)
    return None


def header_text(msg: Message, name: str) -> str | None:
    """A header as display text: 8-bit bytes and encoded-words decoded, whitespace collapsed."""
    value = raw_value(msg, name)
    return None if value is None else decode_words(value)


def header_dict(msg: Message) -> dict[str, str]:
    """Every header by lower-case name, repeated ones joined by newlines."""
    out: dict[str, list[str]] = {}
    for key, value in _raw_items(msg):
        out.setdefault(key.casefold(), []).append(decode_words(_unfold(value)))
    return {key: "\n".join(values) for key, values in out.items()}


def _raw_items(msg: Message) -> list[tuple[str, str]]:
    try:
        return [(str(k), _undo_surrogates(v)) for k, v in msg.raw_items()]
    except Exception:  # noqa: BLE001 - a broken header block reads as no headers
        return []


def _undo_surrogates(value: object) -> str:
    """The parser keeps 8-bit header bytes as surrogate escapes: decode them as text."""
    text = str(value)
    if text.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in text):  # isascii: one C pass
        return text
    return decode_bytes(text.encode("ascii", "surrogateescape"), None)


def _unfold(value: str) -> str:
    return " ".join(value.split())


def decode_words(value: str) -> str:
    """RFC 2047 encoded-words decoded; the value as it stands when they are malformed."""
    if "=?" not in value:
        return value
    try:
        return _unfold(str(make_header(decode_header(value))))
    except Exception:  # noqa: BLE001 - unknown charset or broken base64 in a header
        return value


def strict_address(value: str | None) -> tuple[str | None, str | None]:
    """(display name, address) when `value` holds exactly one unambiguous address, else (None, None).

    Python 3.11.7 lacks the CVE-2023-27043 fix: `parseaddr` can return an address that is not the
    one the header names. So the RFC 5322 parser and the legacy one must both find exactly one
    mailbox, agree on it, and the address must look like an address.
    """
    if not value or "\n" in value or "\r" in value:
        return None, None
    plain = _PLAIN_MAILBOX.fullmatch(value)
    if plain:  # both parsers read this form alike, and it is most senders: skip them
        return (" ".join(plain["name"].split()) if plain["name"] else None), plain["angle"] or plain["bare"]
    return parsed_address(value)


# 'Kari Nordmann <kari.nordmann@firma.no>', '<kari@firma.no>', 'kari@firma.no': a name of plain words
# (no encoded words, quotes or comments) and a dot-atom address. The RFC 5322 parser gives the words
# joined by single spaces as the name and the address as written; the legacy parser agrees.
_PLAIN_ADDR = r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_PLAIN_MAILBOX = re.compile(rf"(?:(?P<name>[A-Za-z0-9'-]+(?:[ \t]+[A-Za-z0-9'-]+)*)[ \t]+)?<(?P<angle>{_PLAIN_ADDR})>|"
                            rf"(?P<bare>{_PLAIN_ADDR})")


def parsed_address(value: str) -> tuple[str | None, str | None]:
    """strict_address by both parsers, for any value."""
    modern = _modern_mailbox(value)
    if modern is None:
        return None, None
    name, addr = modern
    legacy = [a for _, a in getaddresses([value]) if a]
    if legacy != [addr] or parseaddr(value)[1] != addr or not _ADDR_SPEC.match(addr):
        return None, None
    return (decode_words(name) if name else None), addr


def _modern_mailbox(value: str) -> tuple[str | None, str] | None:
    from email._header_value_parser import get_address_list

    try:
        parsed, rest = get_address_list(value)
        every = list(parsed.all_mailboxes)
        valid = list(parsed.mailboxes)
    except Exception:  # noqa: BLE001 - groups and garbage raise in 3.11's parser
        return None
    if str(rest).strip() or len(every) != 1 or len(valid) != 1 or not valid[0].addr_spec:
        return None
    return valid[0].display_name or None, valid[0].addr_spec


def address_list(value: str | None) -> tuple[str, ...]:
    """Every plausible address in a To/Cc header (for display and routing, not for replies)."""
    if not value:
        return ()
    try:
        pairs = getaddresses([value])
    except Exception:  # noqa: BLE001
        return ()
    return tuple(a for _, a in pairs if a and _ADDR_SPEC.match(a))

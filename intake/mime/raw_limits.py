"""Cheap structural limits checked on the raw bytes, before the stdlib parser sees them.

The stdlib `email` parser is quadratic or recursive on some small crafted inputs (tens of
thousands of encoded-words, 100,000 flat parts, MIME nested 2,000 deep). Everything here is a
linear regex scan, so a refusal costs milliseconds, not the parser's minutes.
"""

from __future__ import annotations

import re

from intake.errors import LimitExceeded
from intake.model import Limits

# A Content-Type header with its folded continuation lines (bytes normalised to LF first).
_CONTENT_TYPE_LINES = rb"content-type[ \t]*:[^\n]*(?:\n[ \t][^\n]*)*"
_BOUNDARY_PARAM = re.compile(rb'(?i)boundary\s*=\s*(?:"([^"\n]{1,200})"|([^\s;"]{1,200}))')
_ENCAPSULATED = re.compile(rb"(?i)^content-type[ \t]*:\s*message/(?:rfc822|global)\b")
# A delimiter line `--boundary` or a close delimiter `--boundary--` (group 1), or a Content-Type header
# (group 2), each at the start of a line. Searched for as "\n" and what follows (the text gets a "\n"
# in front): a pattern that starts with a plain character is scanned for it, one that starts with
# `^` is tried at every byte (ten times slower on a message with attachments).
_EVENT = re.compile(rb"\n(?:--([^\n]{0,200})$|(" + _CONTENT_TYPE_LINES + rb"))", re.IGNORECASE | re.MULTILINE)
_ENCODED_WORD = re.compile(rb"=\?[^?\s]{1,75}\?[bBqQ]\?[^?\s]{0,1000}\?=")
_HEADER_END = re.compile(rb"\n\n")


def normalise_eol(raw: bytes) -> bytes:
    """LF line endings, so one regex covers CRLF, CR-only (old Mac) and mixed files."""
    if b"\r" not in raw:
        return raw
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def check_raw_limits(raw: bytes, limits: Limits) -> None:
    """Raise LimitExceeded for a message whose raw structure would make the full parse costly."""
    if len(raw) > limits.max_message_bytes:
        raise LimitExceeded(f"the message is {len(raw):,} bytes; the limit is {limits.max_message_bytes:,}")
    text = normalise_eol(raw)
    end = _HEADER_END.search(text)
    header_len = end.start() if end else len(text)
    if header_len > limits.max_header_bytes:
        raise LimitExceeded(f"the header is {header_len:,} bytes; the limit is {limits.max_header_bytes:,}")
    words = count_encoded_words(text, limits.max_encoded_words + 1)
    if words > limits.max_encoded_words:
        raise LimitExceeded(f"more than {limits.max_encoded_words:,} encoded-words in the headers")
    depth, parts = mime_shape(text, limits)
    if depth > limits.max_mime_depth:
        raise LimitExceeded(f"MIME nesting deeper than {limits.max_mime_depth}")
    if parts > limits.max_parts:
        raise LimitExceeded(f"more than {limits.max_parts:,} MIME parts")


def count_encoded_words(text: bytes, stop: int) -> int:
    """RFC 2047 encoded-words anywhere in the message (part headers count too), up to `stop`."""
    count = 0
    for _ in _ENCODED_WORD.finditer(text):
        count += 1
        if count >= stop:
            break
    return count


def mime_shape(text: bytes, limits: Limits) -> tuple[int, int]:
    """(deepest nesting, number of parts), read from boundary declarations and delimiter lines.

    A stack of open boundaries: a declaration opens a level, a delimiter of an open boundary
    closes every level opened inside it, its close delimiter closes it too. `message/rfc822`
    headers open a level without a boundary (the parser recurses into them as well). Stops
    counting as soon as a limit is passed, so the scan stays linear.
    """
    stack: list[bytes | None] = []
    index: dict[bytes, int] = {}
    deepest = parts = 0
    for match in _EVENT.finditer(b"\n" + text):
        delimiter = match.group(1)
        if delimiter is None:
            _open(match.group(2), stack, index)
            deepest = max(deepest, len(stack))
        else:
            parts += _close(delimiter.rstrip(b" \t"), stack, index)
        if deepest > limits.max_mime_depth or parts > limits.max_parts:
            break
    return deepest, parts


def _open(header: bytes, stack: list[bytes | None], index: dict[bytes, int]) -> None:
    found = _BOUNDARY_PARAM.search(header)
    if found:
        boundary = found.group(1) or found.group(2)
        if boundary not in index:  # a repeated boundary re-opens nothing new for the parser
            index[boundary] = len(stack)
            stack.append(boundary)
    elif _ENCAPSULATED.match(header):
        stack.append(None)


def _close(delimiter: bytes, stack: list[bytes | None], index: dict[bytes, int]) -> int:
    """Handle a `--x` line: 1 if it starts a part of an open multipart, else 0."""
    closing = delimiter.endswith(b"--") and delimiter[:-2] in index
    boundary = delimiter[:-2] if closing else delimiter
    level = index.get(boundary)
    if level is None:
        return 0
    keep = level if closing else level + 1
    for gone in stack[keep:]:
        if gone is not None:
            index.pop(gone, None)
    del stack[keep:]
    return 0 if closing else 1

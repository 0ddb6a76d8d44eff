"""Text sent as format=flowed (RFC 3676) read back as its writer typed it.

Thunderbird, Apple Mail and many webmails wrap long lines at about 72 characters and mark each
soft break with a trailing space. A reader that keeps those breaks splits a value in two
('mobil +47 909 36' / '214'). Here a line ending in a space is joined to the next one, as the
RFC says, except the signature separator '-- '; with DelSp=yes the marking space is removed.
Quoted lines ('> ') are joined only to lines of the same quote depth.
"""

from __future__ import annotations

import re

_QUOTES = re.compile(r"^>+")


def unflow(text: str, *, params: tuple[str, str]) -> str:
    """`text` with its soft line breaks removed when the part declares format=flowed."""
    flowed, delsp = params
    if flowed != "flowed" or " \n" not in text.replace("\r\n", "\n"):
        return text
    out: list[str] = []
    pending: tuple[int, str] | None = None  # (quote depth, text so far) of a paragraph still flowing
    for raw in text.replace("\r\n", "\n").split("\n"):
        depth, line = _quote_depth(raw)
        if line.startswith(" "):
            line = line[1:]  # space-stuffing (RFC 3676 4.4)
        if pending is not None and pending[0] != depth:
            out.append(_with_quotes(*pending))
            pending = None
        soft = line.endswith(" ") and line != "-- "
        if soft and delsp == "yes":
            line = line[:-1]
        joined = (pending[1] if pending else "") + line
        if soft:
            pending = (depth, joined)
        else:
            out.append(_with_quotes(depth, joined))
            pending = None
    if pending is not None:
        out.append(_with_quotes(*pending))
    return "\n".join(out)


def _quote_depth(line: str) -> tuple[int, str]:
    m = _QUOTES.match(line)
    return (len(m.group(0)), line[m.end():]) if m else (0, line)


def _with_quotes(depth: int, text: str) -> str:
    return (">" * depth + (" " if depth and text and not text.startswith(" ") else "") + text) if depth else text

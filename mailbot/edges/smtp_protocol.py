"""The SMTP protocol of the edge: aiosmtpd's, with the address of each MAIL and RCPT parsed once
per distinct command argument.

aiosmtpd parses the address of every MAIL FROM and RCPT TO with the email package's header
parser and, on each call, defines a typing class for it: a fifth of the edge's own time per
message. The same argument always parses to the same address, and most arguments repeat (every
RCPT names our mailbox; applicants write again), so the parse is kept in a bounded cache. What is
accepted or refused is exactly aiosmtpd's (tests/test_smtp_protocol.py compares the two).
"""

from __future__ import annotations

import re
from email._header_value_parser import get_addr_spec, get_angle_addr
from email.errors import HeaderParseError
from functools import lru_cache

from aiosmtpd.smtp import SMTP


# <local@domain> in its plainest form (dot-atom local part, a host name), then the parameters:
# the parser gives exactly these characters back, so such an address needs no parse.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
# The parser drops the spaces and comments after '>', so the rest is taken plain only after one space.
_PLAIN = re.compile(rf"<({_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)>(?:\Z| ([^ \t(].*)\Z)", re.ASCII)


@lru_cache(maxsize=4096)
def parse_address(arg: str, *, local_part_limit: int) -> tuple[str | None, str | None]:
    """(address, rest of the argument) as aiosmtpd's SMTP._getaddr gives them; (None, None)
    when the argument is not an address or its local part is longer than `local_part_limit`."""
    if not arg:
        return "", ""
    plain = _PLAIN.match(arg)
    if plain:
        addr, rest = plain.group(1), plain.group(2) or ""
    else:
        addr, rest = _parsed(arg)
    if addr is None:
        return None, None
    local_part = addr.rpartition("@")[0]
    if local_part_limit and len(local_part) > local_part_limit:
        return None, None
    return addr, rest


def _parsed(arg: str) -> tuple[str | None, str | None]:
    try:
        if arg.lstrip().startswith("<"):
            address, rest = get_angle_addr(arg)
        else:
            address, rest = get_addr_spec(arg)
    except HeaderParseError:
        return None, None
    return address.addr_spec, rest


class IntakeSMTP(SMTP):
    """aiosmtpd's SMTP server protocol with cached address parsing."""

    def _getaddr(self, arg: str) -> tuple[str | None, str | None]:
        return parse_address(arg, local_part_limit=self.local_part_limit)

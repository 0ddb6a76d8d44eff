"""The SMTP protocol of the edge: aiosmtpd's, with the address of each MAIL and RCPT parsed once
per distinct command argument.

aiosmtpd parses the address of every MAIL FROM and RCPT TO with the email package's header
parser and, on each call, defines a typing class for it: a fifth of the edge's own time per
message. The same argument always parses to the same address, and most arguments repeat (every
RCPT names our mailbox; applicants write again), so the parse is kept in a bounded cache. What is
accepted or refused is exactly aiosmtpd's (tests/test_smtp_protocol.py compares the two).
"""

from __future__ import annotations

from email._header_value_parser import get_addr_spec, get_angle_addr
from email.errors import HeaderParseError
from functools import lru_cache

from aiosmtpd.smtp import SMTP


@lru_cache(maxsize=4096)
def parse_address(arg: str, *, local_part_limit: int) -> tuple[str | None, str | None]:
    """(address, rest of the argument) as aiosmtpd's SMTP._getaddr gives them; (None, None)
    when the argument is not an address or its local part is longer than `local_part_limit`."""
    if not arg:
        return "", ""
    try:
        if arg.lstrip().startswith("<"):
            address, rest = get_angle_addr(arg)
        else:
            address, rest = get_addr_spec(arg)
    except HeaderParseError:
        return None, None
    addr = address.addr_spec
    local_part = addr.rpartition("@")[0]
    if local_part_limit and len(local_part) > local_part_limit:
        return None, None
    return addr, rest


class IntakeSMTP(SMTP):
    """aiosmtpd's SMTP server protocol with cached address parsing."""

    def _getaddr(self, arg: str) -> tuple[str | None, str | None]:
        return parse_address(arg, local_part_limit=self.local_part_limit)

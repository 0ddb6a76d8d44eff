"""The edge's SMTP protocol reads MAIL and RCPT addresses exactly as aiosmtpd does, from a cache."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from aiosmtpd.smtp import SMTP
from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.edges.smtp_protocol import parse_address

ARGUMENTS = [
    "<kari@example.no>",
    "<kari@example.no> SIZE=2048 BODY=8BITMIME",
    "kari@example.no",
    "<>",
    "",
    "<\"kari nordmann\"@example.no>",
    "<kåre@eksempel.no> SMTPUTF8",
    "<medisinsk.utstyr@localhost>",
    "<@relay.example.org:kari@example.no>",
    "<kari@[192.0.2.1]>",
    "<kari@example.no",
    "kari",
    "<a b@example.no>",
    "<" + "x" * 70 + "@example.no>",
    "  <kari@example.no>",
    "<kari..nordmann@example.no>",
    "<.kari@example.no>",
    "<kari@example..no>",
    "<kari@-example.no>",
    "<kari@example.no>  SIZE=1",
    "<kari@example.no>SIZE=1",
]


def _reading(read, argument: str, limit: int):
    """What `read` makes of the argument: its answer, or the type of the error it raises
    (aiosmtpd 1.4.6 itself raises IndexError on '0@', which its handle_exception then answers)."""
    try:
        return read(argument, limit)
    except Exception as exc:  # noqa: BLE001 - the same failure on both sides is the same reading
        return type(exc)


def _aiosmtpd(argument: str, limit: int):
    return SMTP._getaddr(SimpleNamespace(local_part_limit=limit), argument)


def _ours(argument: str, limit: int):
    parse_address.cache_clear()
    return parse_address(argument, local_part_limit=limit)


@pytest.mark.parametrize("limit", [0, 64])
@pytest.mark.parametrize("argument", ARGUMENTS)
def test_an_address_argument_reads_as_aiosmtpd_reads_it(argument, limit):
    assert _reading(_ours, argument, limit) == _reading(_aiosmtpd, argument, limit)


def test_a_repeated_argument_is_parsed_once():
    parse_address.cache_clear()
    for _ in range(3):
        parse_address("<medisinsk.utstyr@localhost>", local_part_limit=0)
    assert parse_address.cache_info().hits == 2


_PIECES = st.text(alphabet="abcXYZ09.-_+!#'~\"()[]:;<>@, \\é", min_size=0, max_size=12)


@settings(max_examples=400, deadline=None)
@given(local=_PIECES, domain=_PIECES, params=st.sampled_from(["", " SIZE=10", "  SIZE=10", " BODY=8BITMIME SMTPUTF8", "\tX",
                                                                 " (note) SIZE=1", "SIZE=1"]))
def test_any_argument_near_an_address_reads_as_aiosmtpd_reads_it(local, domain, params):
    for argument in (f"<{local}@{domain}>{params}", f"{local}@{domain}{params}", f"<{local}>{params}"):
        assert _reading(_ours, argument, 64) == _reading(_aiosmtpd, argument, 64), argument

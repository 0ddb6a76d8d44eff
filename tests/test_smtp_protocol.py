"""The edge's SMTP protocol reads MAIL and RCPT addresses exactly as aiosmtpd does, from a cache."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from aiosmtpd.smtp import SMTP

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
]


@pytest.mark.parametrize("limit", [0, 64])
@pytest.mark.parametrize("argument", ARGUMENTS)
def test_an_address_argument_reads_as_aiosmtpd_reads_it(argument, limit):
    aiosmtpd_reading = SMTP._getaddr(SimpleNamespace(local_part_limit=limit), argument)
    assert parse_address(argument, local_part_limit=limit) == aiosmtpd_reading


def test_a_repeated_argument_is_parsed_once():
    parse_address.cache_clear()
    for _ in range(3):
        parse_address("<medisinsk.utstyr@localhost>", local_part_limit=0)
    assert parse_address.cache_info().hits == 2

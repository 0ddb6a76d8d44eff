"""Addresses Norway uses: internationalised domains (`kåre@bjørn.no`) on the way out.

A domain in Unicode is sent IDNA-encoded (`bjørn.no` → `xn--bjrn-hra.no`, UTS #46 mapping,
IDNA 2008), so any relay takes it; a non-ASCII local part (`kåre@`) has no ASCII form and can
go out only over SMTPUTF8 (RFC 6531). Pure.
"""

from __future__ import annotations

import idna


class NotEncodable(ValueError):
    """The address has no form this route can carry."""


def ascii_domain(domain: str) -> str:
    """The A-label form of a domain; ASCII domains come back unchanged (lower-cased IDN labels)."""
    if domain.isascii():
        return domain
    try:
        return idna.encode(domain.rstrip("."), uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise NotEncodable(f"the domain {domain!r} is not a valid internationalised domain") from exc


def needs_smtputf8(address: str) -> bool:
    """A non-ASCII local part: only SMTPUTF8 can carry it."""
    return not address.rpartition("@")[0].isascii()


def envelope_address(address: str, *, smtputf8: bool) -> str:
    """The address for RCPT TO: as it is over SMTPUTF8, else with its domain IDNA-encoded."""
    if smtputf8:
        return address
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise NotEncodable(f"{address!r} has a non-ASCII local part and the relay does not offer SMTPUTF8")
    return f"{local}@{ascii_domain(domain)}"

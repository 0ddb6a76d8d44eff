"""Sender authentication from `Authentication-Results` headers (RFC 8601). Pure.

mdreg does not verify DKIM or DMARC itself: the mail server in front of it does, and writes its
verdict into an `Authentication-Results` header that starts with its authserv-id. Anyone can put
such a header into a message, so only headers with the configured authserv-id count, and of
those only the topmost run: a receiving server prepends its headers above everything the message
arrived with, so the first header carrying our authserv-id (reading from the top) and the ones
right below it with the same id are ours; headers of other authserv-ids above that run were added
after our server and are ignored; anything below the run (after a header of another id) came from
elsewhere and is ignored too. RFC 8601 section 5 also requires the border server to remove
headers with its own id from incoming mail; this reading does not rely on it alone.

A sender is authenticated when, in that run, DMARC passed for the From domain, or DKIM passed
with a signing domain aligned with the From domain (relaxed: the same organisational domain,
from the Public Suffix List). A DMARC failure anywhere in the run overrules every pass (a header
smuggled in right below ours cannot turn our `dmarc=fail` into a pass); DKIM passes when any
signature passed aligned, as DKIM itself allows several signatures of which some may break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

NOT_TRUSTED = "no_trusted_authentication_results"
DMARC_PASS = "dmarc_pass"
DKIM_ALIGNED = "dkim_pass_aligned"
NOT_PASSED = "no_aligned_pass"
NO_FROM = "no_from_domain"


@dataclass(frozen=True)
class MethodResult:
    """One `method=result` of an Authentication-Results header, with its properties."""

    method: str
    result: str
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AuthResults:
    """One parsed header: who wrote it, and what it found."""

    authserv_id: str
    results: tuple[MethodResult, ...] = ()


@dataclass(frozen=True)
class SenderAuthentication:
    """Whether the From domain was authenticated, and why (a reason code)."""

    authenticated: bool
    reason: str
    trusted_headers: int = 0


def parse_header(value: str) -> AuthResults | None:
    """One header value parsed; None when it is not an Authentication-Results value at all."""
    text = _strip_comments(value or "").strip()
    if not text:
        return None
    segments = _split_outside_quotes(text, ";")
    head = segments[0].split()
    if not head:
        return None
    authserv_id = head[0].strip().casefold()
    results = []
    for segment in segments[1:]:
        parsed = _resinfo(segment)
        if parsed is not None:
            results.append(parsed)
    return AuthResults(authserv_id=authserv_id, results=tuple(results))


def trusted_results(headers: list[str] | tuple[str, ...], *, auth_serv_id: str) -> list[AuthResults]:
    """The topmost run of headers written by our server, `headers` given top first."""
    wanted = (auth_serv_id or "").strip().casefold()
    if not wanted:
        return []
    run: list[AuthResults] = []
    for value in headers:
        parsed = parse_header(value)
        if parsed is None:
            continue
        if parsed.authserv_id == wanted:
            run.append(parsed)
        elif run:
            break  # below our run: not ours
    return run


def authenticate_sender(
    headers: list[str] | tuple[str, ...], *, auth_serv_id: str | None, from_addr: str | None
) -> SenderAuthentication:
    """Whether DMARC passed, or DKIM passed aligned with the From domain, per our server."""
    run = trusted_results(headers, auth_serv_id=auth_serv_id or "")
    if not run:
        return SenderAuthentication(False, NOT_TRUSTED)
    from_domain = domain_of(from_addr)
    if not from_domain:
        return SenderAuthentication(False, NO_FROM, len(run))
    results = [r for header in run for r in header.results]
    dmarc = [r for r in results if r.method == "dmarc"]
    dkim = [r for r in results if r.method == "dkim"]
    if dmarc and all(r.result == "pass" for r in dmarc) and all(_dmarc_for(r, from_domain) for r in dmarc):
        return SenderAuthentication(True, DMARC_PASS, len(run))
    if any(r.result == "fail" for r in dmarc):
        return SenderAuthentication(False, NOT_PASSED, len(run))
    if any(r.result == "pass" and aligned(_dkim_domain(r), from_domain) for r in dkim):
        return SenderAuthentication(True, DKIM_ALIGNED, len(run))
    return SenderAuthentication(False, NOT_PASSED, len(run))


def domain_of(addr: str | None) -> str | None:
    """The domain of an address, lower case, without a trailing dot; None when there is none."""
    if not addr or "@" not in addr:
        return None
    domain = addr.rpartition("@")[2].strip().strip(">").rstrip(".").casefold()
    return domain or None


def organisational_domain(domain: str) -> str:
    """The registrable domain (RFC 7489 section 3.2), from the Public Suffix List shipped with the package."""
    domain = domain.strip().rstrip(".").casefold()
    return _psl().privatesuffix(domain) or domain


def aligned(one: str | None, other: str | None) -> bool:
    """Relaxed alignment: both domains have the same organisational domain."""
    if not one or not other:
        return False
    return organisational_domain(one) == organisational_domain(other)


@cache
def _psl():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def _dmarc_for(result: MethodResult, from_domain: str) -> bool:
    """A DMARC result counts for the From domain it names (when it names one)."""
    named = result.properties.get("header.from")
    return named is None or named.casefold().rstrip(".") == from_domain


def _dkim_domain(result: MethodResult) -> str | None:
    d = result.properties.get("header.d")
    if d:
        return d.casefold().rstrip(".")
    return domain_of(result.properties.get("header.i"))


_RESINFO = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*(?:/\s*\d+\s*)?=\s*([A-Za-z0-9_.-]+)")
_PROPERTY = re.compile(r'([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_.-]+)?)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]+)')


def _resinfo(segment: str) -> MethodResult | None:
    match = _RESINFO.match(segment)
    if not match:
        return None
    method, result = match.group(1).casefold(), match.group(2).casefold()
    properties = {}
    for key, val in _PROPERTY.findall(segment[match.end():]):
        if val.startswith('"'):
            val = re.sub(r"\\(.)", r"\1", val[1:-1])
        properties.setdefault(key.casefold(), val)
    return MethodResult(method=method, result=result, properties=properties)


def _strip_comments(value: str) -> str:
    """Remove RFC 5322 comments (nested parentheses), keeping quoted strings intact."""
    out, depth, quoted, escaped = [], 0, False, False
    for ch in value:
        if escaped:
            escaped = False
            if depth == 0:
                out.append(ch)
            continue
        if ch == "\\":
            escaped = True
            if depth == 0:
                out.append(ch)
            continue
        if quoted:
            out.append(ch)
            if ch == '"':
                quoted = False
            continue
        if ch == "(":
            depth += 1
            continue
        if ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append(" ")
            continue
        if depth:
            continue
        if ch == '"':
            quoted = True
        out.append(ch)
    return "".join(out)


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts, current, quoted, escaped = [], [], False, False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts

"""What the writer says now against what an earlier mail in the thread said: the writer's own firm before
the firm whose mail they forward, and a value given now before a 'none' of the draft or mail below."""

from __future__ import annotations

import re

from intake.fields.candidates import NONE, Candidate
from intake.layouts.zones import BODY, FORWARDED, HISTORY, Line

# 'vi vil registrere oss som autorisert representant', 'we wish to register ourselves': the writer's own firm applies.
# 'Vi er autorisert representant for Pennine Orthotics Ltd (UK), se videresendt e-post under': so do they.
_OURSELVES = re.compile(r"(?i:\bregistrer(?:e|a)?\s+(?:oss|os)\b|\bregister\s+(?:ourselves|us)\b|"
                        r"\bvi\s+er\s+(?:\w+\s+)?autoriserte?\s+representant|"
                        r"\bwe\s+are\s+(?:the\s+|their\s+)?(?:\w+\s+)?authori[sz]ed\s+representative)")


def own_before_forwarded(candidates: list[Candidate], lines: list[Line]) -> list[Candidate]:
    """A writer who registers their own firm and forwards another's mail below (the maker it represents,
    with its own address and numbers): of a field both give, the writer's own value counts."""
    if not any(ln.zone == BODY and _OURSELVES.search(ln.text) for ln in lines):
        return candidates
    forwarded = {ln.number for ln in lines if ln.zone == FORWARDED}
    if not forwarded:
        return candidates
    # The writer's own text and signature stand above what they forward (a forwarded mail's signature does not).
    own = {c.key for c in candidates if 0 < c.line < min(forwarded)}
    return [Candidate(c.key, c.value, c.line, c.confidence - 0.6) if c.line in forwarded and c.key in own else c
            for c in candidates]


_EARLIER = 0.4  # enough to put a labelled value of the mail below (0.9) under a 'none' said now (0.54)


def said_now_first(candidates: list[Candidate], lines: list[Line]) -> list[Candidate]:
    """'E-post: (du bestemmer)' in the draft a writer forwards, 'send passordet til avsenderadressen min' in
    their own words above it: a value the writer gives now outranks a 'none' of the earlier mail; and
    'Fax: n/a' in their own words outranks the fax of the maker whose mail they quote below."""
    earlier = {ln.number for ln in lines if ln.zone in (FORWARDED, HISTORY)}
    own = {ln.number for ln in lines if ln.zone == BODY}
    given_now = {c.key for c in candidates if c.line in own and c.value != NONE}
    none_now = {c.key for c in candidates if c.line in own and c.value == NONE}
    return [Candidate(c.key, c.value, c.line, c.confidence - _EARLIER)
            if c.line in earlier and (c.key in given_now if c.value == NONE else c.key in none_now) else c
            for c in candidates]

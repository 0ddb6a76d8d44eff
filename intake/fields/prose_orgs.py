"""Organisation numbers stated in running text: after their label ('org.nr. 912 345 678'), as nine digits
with a valid check digit, in a subject line; a correction of one ('Riktig org.nr. er …'); and how many
different firms' numbers a text gives in blocks of their own (several companies in one mail)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from intake.fields.candidates import CORRECTION, PROSE_CONFIDENCE

ORG = re.compile(
    r"(?:org(?:anisasjons|anisation|anization)?\.?\s*-?\s*(?:nr|no|nummer|number)\.?|foretaksnummer|føretaksnummer)"
    r"(?:(?<=nummer)et)?(?:\s+(?:vårt|vår|our|vores))?"  # 'organisasjonsnummeret vårt er …'
    r"\s*(?:er|is|:)?\s*((?:NO\s*)?\d{3}[\s.]?\d{3}[\s.]?\d{3})(?!\d)",
    re.IGNORECASE,
)
_NINE = re.compile(r"(?<![\d+])(?:NO\s?)?(\d{3}[\s.]?\d{3}[\s.]?\d{3})(?:\s?MVA)?(?![\d])")

_ORG_CONTEXT = re.compile(r"(?i:org|foretak|føretak|organis|company|reg)")
# Another firm in the sentence before a number: 'vår distributør (i Norge) er X AS (org.nr. …)'.
_THIRD_PARTY = re.compile(r"(?i:distribut\w*|forhandler\w*|importør\w*|importer\w*|importör\w*|leverandør\w*|"
                          r"supplier|regnskapsfører\w*|revisor\w*|accountant)\s+(?:(?:i|in)\s+\w+\s+)?"
                          r"(?i:er|is|är|var|was)\s+[A-ZÆØÅ][^!?]{0,80}$")
_RIGHT = re.compile(r"(?i:riktig|rett|korrekt|correct|right|rätt)\w*\s+$")
_NOT_DIGIT = re.compile(r"\D")


def org_numbers_in(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    """(key, value, line, confidence) for the org numbers one line of prose states as the firm's own."""
    if not _DIGIT.search(text):
        return
    for m in ORG.finditer(text):
        if _THIRD_PARTY.search(text[:m.start()]):
            continue  # 'Vores distributør i Norge er Medilab AS (org.nr. …)': another firm's number
        # 'Riktig org.nr. er 983 061 249': a correction of the form's number.
        right = _RIGHT.search(text[max(0, m.start() - 20):m.start()])
        yield "org_number", m.group(1), number, CORRECTION if right else PROSE_CONFIDENCE
    for m in _NINE.finditer(text):
        if is_org_number(m.group(1)) and not _THIRD_PARTY.search(text[:m.start()]):
            before = text[max(0, m.start() - 25):m.start()]
            confidence = PROSE_CONFIDENCE - (0.05 if _ORG_CONTEXT.search(before) else 0.15)
            yield "org_number", m.group(1), number, confidence


def org_number_in_subject(subject: str) -> Iterator[tuple[str, str, int, float]]:
    """'Change of phone number - Bodø Bionics AS (org. no. 871 721 661)': a weak fallback."""
    for m in ORG.finditer(subject):
        yield "org_number", m.group(1), 0, PROSE_CONFIDENCE - 0.1
        return
    for m in _NINE.finditer(subject):  # 'Registration – Nordkyst Regulatory AS (org. 825 395 555)'
        if is_org_number(m.group(1)):
            yield "org_number", m.group(1), 0, PROSE_CONFIDENCE - 0.15
            return


_DIGIT = re.compile(r"\d")


# A company's own block states its number on a line of its own ('Org.nr.: 912 345 678', '2) Firma AS –
# org.nr 912 345 678', a table's row); one in a sentence ('vi i Konsulent AS (org.nr …) sender for kunden',
# 'datterselskap av Holding AS (org.nr …)') names a company that is not registered here.
_BLOCK_LINE = re.compile(r"^[\s*•·>|-]*(?:\(?\d{1,2}[.):]\s*)?(?:(?i:org|organi[sz]a|foretak|føretak|cvr|reg)|"
                         # a name, not a sentence running into one ('Hei. Søsterselskapet vårt X AS (org …')
                         r"[A-ZÆØÅ](?:[\w&'-]|\.(?!\s))*(?:\s+(?:[\w&'-]|\.(?!\s))+){0,5}?\s+"
                         r"(?:AS|ASA|AB|ApS|A/S|GmbH|Ltd|NUF)\b\W{0,4}"
                         r"(?:(?i:org)|\d))")


def distinct_org_numbers(text: str) -> int:
    """How many different valid org numbers a text states as companies' own (in blocks, not sentences)."""
    return len({_NOT_DIGIT.sub("", m.group(1)) for line in text.splitlines() if _BLOCK_LINE.match(line)
                for m in _NINE.finditer(line) if is_org_number(m.group(1))})


def is_org_number(digits: str) -> bool:
    """Nine digits (spaces and dots aside) with the org number's mod-11 check digit."""
    from stdnum.no import orgnr

    return orgnr.is_valid(_NOT_DIGIT.sub("", digits))

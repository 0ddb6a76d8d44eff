"""The kind of device and the kind of business a value names: 'IVD' is ivd, 'Produsent' a manufacturer,
'Importør' a role that does not register; of several named, the one a form's tick marks or the catalogue's
order prefers; a kind negated ('ingen IVD-produkter') or a supplier's role ('fra en produsent') does not count."""

from __future__ import annotations

import re

from intake.fields.catalogue import value_patterns

_BOTH_KINDS = re.compile(r"\b(?:både|begge|both|og|and|samt|og også|as well as|\+|&)\b\s*(?:ivd|in vitro)",
                         re.IGNORECASE)
_BOTH = re.compile(r"\b(?:både|both|begge)\b", re.IGNORECASE)
# 'Medisinsk utstyr (ikke IVD)', 'vi har ingen IVD-produkter': the kind negated.
_NOT_IVD = re.compile(r"\b(?:ikke|ikkje|not|no|non|ej|inte|icke|nicht|kein\w*|ingen|inga|ingen andre|intet|none)"
                      r"[\s-]+(?:ivd|in vitro)", re.IGNORECASE)


def enumerated(key: str, priority: tuple[str, ...]):
    """The check of a field whose value is one of the catalogue's kinds, preferring them in `priority`."""
    def check(value: str) -> tuple[str, None, str | None]:
        """The catalogue's normalised value for the applicant's words, e.g. 'IVD' -> 'ivd'."""
        ticked = _ticked_first(key, value)
        if ticked:
            return ticked, None, None
        found = _kinds(key, value)
        if not found:
            return value, None, f"{key}.unknown"
        if "not_registrable" in found and len(found) == 1:
            return value, None, f"{key}.not_registrable"
        found.discard("not_registrable")
        if key == "device_type" and len(found) > 1:
            # 'Medisinsk utstyr til in vitro-diagnostikk (IVD)' is IVD: its name holds 'medical device'.
            if _BOTH_KINDS.search(value) or _BOTH.search(value):
                return value, None, "device_type.ambiguous"
            return "ivd", None, None
        return next(v for v in priority if v in found), None, None
    return check


# 'X Medisinsk utstyr In vitro-diagnostisk utstyr (IVD)': a form's row of boxes with the ticked one first, the
# others' words after it (a PDF's text keeps the mark, not the boxes).
_TICK_FIRST = re.compile(r"^\s*(?:X|x|☒|☑|✓|✔|\[[xX✓✔]\])\s+(?=\w)")


def _ticked_first(key: str, value: str) -> str | None:
    """The kind whose words come right after a leading tick mark, of several kinds the row names."""
    m = _TICK_FIRST.match(value)
    if not m:
        return None
    rest = value[m.end():]
    starts = [(found.start(), kind) for kind, pattern in value_patterns(key) if (found := pattern.search(rest))]
    if len({kind for _, kind in starts}) < 2:
        return None
    first = min(starts)
    return first[1] if first[0] <= 3 and first[1] != "not_registrable" else None


def _kinds(key: str, value: str) -> set[str]:
    """Which values the text names; words of one value are removed before looking for the next,
    so 'in vitro-diagnostisk medisinsk utstyr' is IVD only and 'representant for en produsent' is AR."""
    found, rest = set(), _SUPPLIER.sub(" ", value) if key == "business_type" else value
    if key == "business_type" and _PACKS.search(rest):
        return {"system_procedure_pack_producer"}  # 'Tillverkare av system- och procedurförpackningar (art. 22)'
    if key == "business_type" and _ASSEMBLING.search(rest):
        # 'Vi er produsent, vi set saman alt sjølv': the role stated outright is the kind, the assembling
        # only how they work; assembling alone ('vi setter sammen sett') still says procedure packs.
        stated = _ASSEMBLING.sub(" ", rest)
        if any(pattern.search(stated) for kind, pattern in value_patterns(key) if kind != "not_registrable"):
            rest = stated
    for kind, pattern in value_patterns(key):
        if pattern.search(rest):
            found.add(kind)
            rest = pattern.sub(" ", rest)
            if key == "business_type" and kind != "not_registrable":
                break
    # 'Medisinsk utstyr (ikke IVD)': a negated kind does not count.
    if key == "device_type" and _NOT_IVD.search(value):
        found.discard("ivd")
    return found


# Procedure packs named outright: the producer of them is that, though the words call it a maker ('tillverkare').
_PACKS = re.compile(r"prosedyrepakk\w*|procedure[\s-]*packs?|procedurförpackning\w*|"
                    r"system[\s-]*(?:og|och|and|eller|or|/)[\s-]*(?:prosedyre|procedur|procedure|vårdset)\w*|"
                    r"\bart(?:ikkel|ikel|icle)?\.?\s*22\b", re.IGNORECASE)
_ASSEMBLING = re.compile(r"\b(?:setter sammen|set(?:t)? saman|sammenstill\w*|assembl\w*)", re.IGNORECASE)


# 'importør … från tillverkare i Kina', 'we buy from a manufacturer in Italy': the role of whom the goods come from.
_SUPPLIER = re.compile(r"\b(?:fra|frå|från|from|af|von|hos|by)\s+(?:(?:en|ein|ett|et|a|an|the|vår|våre|vores|våra|our|"
                       r"flere|fleire|several|ulike|various|forskjellige|utenlandske|foreign)\s+)*"
                       r"(?:produsent\w*|tilvirker\w*|tillverkare\w*|manufacturer\w*|producent\w*|fabrikant\w*|"
                       r"hersteller\w*|leverandør\w*)", re.IGNORECASE)

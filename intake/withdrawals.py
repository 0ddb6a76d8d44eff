"""An operator's mail saying one of its registered devices is withdrawn or no longer sold: which
of the known devices it names, with the sentence that says so. Pure.

Only devices the register already holds for the operator are looked for (by Basic UDI-DI or by
name on word boundaries), and only in a sentence that also says the device leaves the market, so
a mail that merely lists its products retires nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

EVIDENCE_CHARS = 200

# "withdrawn / no longer sold / discontinued / remove it from the register", in bokmål, nynorsk
# and English. A recall (tilbakekalling) is not here: that is a vigilance matter, not a withdrawal.
_WITHDRAWN = re.compile("|".join((
    r"trukket (?:tilbake )?(?:ut )?fra (?:det norske |det europeiske )?markedet",
    r"trekt (?:tilbake )?(?:ut )?frå (?:den norske |den europeiske )?marknaden",
    r"tatt ut av (?:markedet|sortimentet|salg|produksjon)", r"teke ut av (?:marknaden|sortimentet|sal)",
    r"(?:selges|omsettes|markedsføres|leveres|produseres|selgs|seljast|omsetjast|marknadsførast|leverast)"
    r" ikk(?:e|je) lenger", r"ikk(?:e|je) lenger (?:i salg|i sal|på markedet|på marknaden|til salgs|i produksjon)",
    r"slutta? (?:å|med å) (?:selge|selje|produsere|omsette|omsetje|levere)", r"er utgått", r"har gått ut",
    r"avregistrer\w*", r"(?:fjernes|slettes|fjernast|slettast) (?:fra|frå) registeret",
    r"(?:tas|takast) ut (?:av|fra|frå) registeret",
    r"withdrawn from the (?:norwegian |european |EU |EEA )?market", r"taken off the market",
    r"no longer (?:be )?(?:sold|marketed|placed on the market|available|distributed|manufactured|supplied)",
    r"discontinued", r"ceased (?:selling|production|distribution|manufacturing|to sell)",
    r"(?:remove|delete|deregister)\w*\b.{0,80}\bfrom (?:the|your|our) regist\w*", r"deregister\w*",
)), re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*•])")
# "X is withdrawn, while Y is still sold": only the clause before the contrast speaks of X.
_CONTRAST = re.compile(r"[;,]?\s+(?:mens|men|but|while|whereas|however)\s+|;\s*", re.IGNORECASE)


@dataclass(frozen=True)
class KnownDevice:
    id: int
    name: str
    basic_udi_di: str | None = None


@dataclass(frozen=True)
class Withdrawal:
    device_id: int
    name: str
    evidence: str  # the sentence that says so, as written


def withdrawn_devices(text: str, known: Iterable[KnownDevice]) -> list[Withdrawal]:
    """The known devices a clause of `text` names as withdrawn, each once, in the order known."""
    known = list(known)
    found: dict[int, Withdrawal] = {}
    for sentence in _SENTENCE.split(text or ""):
        sentence = " ".join(sentence.split())
        for clause in _CONTRAST.split(sentence):
            if not _WITHDRAWN.search(clause):
                continue
            spans = {d.id: _span(clause, d) for d in known}
            for device in known:
                span = spans[device.id]
                # "FjordSkinne Pro" withdrawn says nothing of "FjordSkinne": the longer name wins.
                if span and not any(o and o != span and o[0] <= span[0] and span[1] <= o[1] for o in spans.values()):
                    found.setdefault(device.id, Withdrawal(device_id=device.id, name=device.name,
                                                           evidence=sentence[:EVIDENCE_CHARS]))
    return [found[d.id] for d in known if d.id in found]


def _span(clause: str, device: KnownDevice) -> tuple[int, int] | None:
    if device.basic_udi_di:
        at = clause.casefold().find(device.basic_udi_di.casefold())
        if at >= 0:
            return at, at + len(device.basic_udi_di)
    words = r"\s+".join(re.escape(w) for w in device.name.split())
    match = re.search(rf"(?<!\w){words}(?!\w)", clause, re.IGNORECASE) if words else None
    return match.span() if match else None

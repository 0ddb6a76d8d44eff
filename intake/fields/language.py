"""Which language the applicant wrote in: bokmål, nynorsk or English (bokmål when unsure)."""

from __future__ import annotations

import re

_WORDS = {
    "nb": {"og", "ikke", "jeg", "vi", "med", "som", "har", "hei", "vennlig", "hilsen", "til", "av",
           "på", "er", "det", "hva", "hvordan", "registrering", "mvh", "kontaktperson", "besøksadresse"},
    "nn": {"ikkje", "eg", "me", "kva", "korleis", "vennleg", "helsing", "frå", "verksemd", "namn",
           "nettstad", "òg", "berre", "meir", "hjå", "sjå"},
    "en": {"the", "and", "we", "our", "is", "are", "please", "regards", "dear", "of", "to", "with",
           "registration", "company", "manufacturer", "address", "phone", "thank", "you"},
}
_TOKEN = re.compile(r"[a-zæøåäöü]+")


def detect_language(text: str) -> str:
    words = _TOKEN.findall(text.casefold())
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _WORDS.items()}
    # Nynorsk shares most words with bokmål: a few distinctly nynorsk words decide it.
    if scores["nn"] >= 2 and scores["nn"] * 3 >= scores["nb"]:
        return "nn"
    if scores["en"] > scores["nb"] + scores["nn"]:
        return "en"
    return "nb"

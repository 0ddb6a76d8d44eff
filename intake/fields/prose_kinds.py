"""Kinds of business and device stated in prose: 'we are a manufacturer of IVD', a role
'registered as' or changed to, and a short line of its own in a list of values ('Produsent')."""

from __future__ import annotations

import re
from collections.abc import Iterator

from intake.fields.candidates import PROSE_CONFIDENCE
from intake.fields.catalogue import value_patterns
from intake.layouts.signature import BARE_DOMAIN


# A sentence about us, or about registering (us): 'Drammen Høreteknikk AS ønsker å bli registrert som produsent av …',
# 'MedBridge AS er autorisert representant for … og ønsker å registrere seg'.
_WE = re.compile(r"\b(?:vi|we|me|our|vår|vårt|jeg|eg|jag|wir|i\s+am|i'm|firmaet\s+mitt|mitt\s+firma|"
                 r"firmaet|selskapet|bedrifta|bedriften|verksemda|virksomheten|"
                 r"(?:bli|å|to|be)\s+regist\w+\s+(?:som|as)|"
                 r"(?:^|[,;]\s*)(?:er|is|are)\s+(?:produsent|tilvirker|fullmektig|autorisert|manufacturer)|"
                 r"(?:produkt(?:ene|erne|erna|et|en)?|products?|utstyret|udstyret|utrustningen)\s+(?:er|is|are|är)|"
                 r"(?:ønsker|ønskjer|ynskjer|vil|önskar|wish(?:es)?|wants?)\s+(?:gjerne\s+|gerne\s+|gärna\s+)?(?:å\s+|att\s+|to\s+)?(?:bli\s+|be\s+)?regist\w+|(?:^|[.!:]\s)\W*(?:registrering|registration|registrera)\b)\b",
                 re.IGNORECASE)
_REGISTER_NAME = re.compile(r"regist(?:er|eret|ry)\s+(?:for|of)\s+medi", re.IGNORECASE)


# A short line of its own in a list of values: 'Medisinsk utstyr (dusjstoler)', 'Produsent', 'firma.no'.
_ALONE = re.compile(r"^\s*[-*•]?\s*\S.{0,78}$")
_BULLET_OR_NUMBER = re.compile(r"^(?:[-*•]|\d{1,2}[.)](?=\s))\s*")
_TRAILING_NOTE = re.compile(r"\s*\([^()]{0,40}\)$")


def _alone(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    text = _BULLET_OR_NUMBER.sub("", text)  # a bullet or an answer's number: '2. firma.no'
    domain = _TRAILING_NOTE.sub("", text)  # 'firma.no (utan www)'
    if BARE_DOMAIN.match(domain):
        yield "website", domain, number, PROSE_CONFIDENCE - 0.15
        return
    if ":" in text or _REGISTER_NAME.search(text):
        return
    for key in ("device_type", "business_type"):
        for value, pattern in value_patterns(key):
            found = pattern.search(text)
            if value != "not_registrable" and found and found.start() == 0:
                yield key, text, number, PROSE_CONFIDENCE - 0.15
                if key == "device_type" and _names("business_type", text):
                    yield "business_type", text, number, PROSE_CONFIDENCE - 0.15  # 'Medisinsk utstyr, produsent'
                if key == "business_type" and _names("device_type", _COMPANY_NAME.sub(" ", text)):
                    yield "device_type", text, number, PROSE_CONFIDENCE - 0.15  # 'Produsent av medisinsk utstyr'
                return


def _names(key: str, text: str) -> bool:
    return any(value != "not_registrable" and pattern.search(text) for value, pattern in value_patterns(key))


# 'type virksomhet endres fra produsent til autorisert representant'; 'registered as authorised representative'.
_ROLE_CHANGE = re.compile(r"(?i:type virksomhet|virksomhetstype|type verksemd|rolle|role|business type|type of business)"
                          r"[^.\n]{0,40}?\b(?i:fra|frå|from)\s+[^.\n]{2,40}?\s+(?i:til|to)\s+([^.,;\n]{3,60})")
_REGISTERED_AS = re.compile(r"(?:(?i:registrert|registrerte|registered|registreret|registrerad)|"
                            # 'skal nå registreres hos dere som produsent': registering now, where
                            r"(?i:registreres|registrerast|registreras|registreres|be\s+registered|"
                            # 'å registrere seg som produsent', 'register ourselves as manufacturer'
                            r"registrere\s+(?:seg|oss)|registrera\s+(?:sig|oss)|register\s+(?:ourselves|us))"
                            r"(?:\s+(?i:hos|hjå|with|in|i)\s+(?:\w+\s+){0,2}?\w+)?)"
                            r"\s+(?i:som|as)\s+([^.,;\n]{3,60})")


# 'appointed by Shenzhen Breezemed … to act for them in the EEA', 'har gitt oss skriftleg fullmakt til å opptre
# på deira vegner': a representative's mandate, described rather than named.
_MANDATE = re.compile(r"\b(?:(?:appointed|designated|mandated|utpekt|utnevnt|oppnevnt)\s+(?:by|av)\s+[^;]{2,100}?\s+"
                      r"(?:to\s+act|to\s+represent|som\s+(?:deira|deres|dens)|as\s+(?:their|its))|"
                      r"(?:fullmakt|mandate|mandat)\s+(?:til\s+å\s+|to\s+)?(?:opptre|act|handle|representere|represent)"
                      r"\s+(?:på\s+(?:deira|deres|hans|hennes|dens)\s+vegne\w*|on\s+(?:their|its|his|her)\s+behalf|"
                      r"for\s+(?:them|it)))", re.IGNORECASE)


def _stated_role(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    """The role stated as the one registered or changed to: a statement, not a guess from a sentence."""
    if _MANDATE.search(text):
        yield "business_type", "autorisert representant", number, PROSE_CONFIDENCE
    m = _ROLE_CHANGE.search(text) or _REGISTERED_AS.search(text) or _REGISTER_FIRM_AS.search(text)
    role = _ARTICLE.sub("", m.group(1).strip()) if m else ""  # 'as a manufacturer'
    if m and any(value != "not_registrable" and p.match(role) for value, p in value_patterns("business_type")):
        yield "business_type", role, number, PROSE_CONFIDENCE


_ARTICLE = re.compile(r"^(?:a|an|the|en|et|ein|eit)\s+", re.IGNORECASE)
# 'I am writing to register Kvasir Neuro AS as a manufacturer': the firm named, then its role.
_REGISTER_FIRM_AS = re.compile(r"\b(?i:register|registrere|registrera)\s+[A-ZÆØÅ][\w&.'-]*(?:\s+[\w&.'-]+){0,5}?\s+"
                               r"(?:as|som)\s+([^.,;\n]{3,60})")  # lower-case: not the firm's legal form AS


# A company's name says nothing of its kind: 'our client Fjord Medical AS' is no medical device.
_COMPANY_NAME = re.compile(r"(?:[A-ZÆØÅ][\w&.'-]*,?\s+){1,5}(?:AS|ASA|AB|ApS|A/S|Oy|GmbH|Ltd|BV|AG|SA|Inc|NUF)\b")


# 'which has its own EU authorised representative in Germany': another party's representative, not us.
_ANOTHERS_REPRESENTATIVE = re.compile(
    r"\b(?:has|have|had|with|har|hadde|med)\s+(?:already\s+|allerede\s+)?(?:its|their|his|her|sin|sitt|si|egen|eigen|"
    r"an?|en|ein|ei)?\s*(?:own\s+|egen\s+|eigen\s+)?(?:eu|ec|eøs)?[\s-]*(?:authori[sz]ed|autori[sz]ert)\s+repr\w*|"
    # 'from a manufacturer in Switzerland', 'fra en produsent i Kina': the maker we buy from
    r"\b(?:from|fra|frå|från|by)\s+(?:a|an|the|our|en|ein|ei|et|vår|vores|vår)?\s*(?:\w+\s+)?"
    r"(?:manufactur\w*|produsent\w*|producent\w*|tillverkare\w*|hersteller\w*)",
    re.IGNORECASE)
# 'We import dental implants', 'vi distribuerer', 'planning to distribute': an importer or distributor, who does
# not register here (said when nothing registrable is stated).
_WE_TRADE = re.compile(r"\b(?:we|vi|me|our\s+company|firmaet|selskapet)\b[^.?!]{0,50}?\b(?:(import)\w*|(distribu)\w*)",
                       re.IGNORECASE)


def _kinds(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    """Device and business type from 'we are a manufacturer of IVD' style sentences."""
    words = _ANOTHERS_REPRESENTATIVE.sub(" ", _COMPANY_NAME.sub(" ", text))
    for key in ("device_type", "business_type"):
        for value, pattern in value_patterns(key):
            if value != "not_registrable" and pattern.search(words):
                yield key, " ".join(words.split()), number, PROSE_CONFIDENCE - 0.1
                break
        else:
            trade = _WE_TRADE.search(words) if key == "business_type" else None
            if trade:
                yield key, "importer" if trade.group(1) else "distributor", number, PROSE_CONFIDENCE - 0.1


# 'Svensk Ortoped Norge AS (tillverkare av ortoser)': the company's name with its role beside it in brackets.
_NAME_AND_ROLE = re.compile(_COMPANY_NAME.pattern + r"\s*\(([^()]{3,80})\)")


# 'Fyn MedTech ApS er EU-repræsentant (…) for Qingdao …': a company that is someone's representative is the
# applicant (the represented maker is named after 'for'), whatever the sentence goes on to say.
_REPRESENTS = re.compile(_COMPANY_NAME.pattern + r"\s+(?:er|is|är|blir|bliver|acts\s+as|serves\s+as|fungerer\s+som|"
                         r"opptrer\s+som|fungerar\s+som)\s+(?:nå\s+|now\s+)?(?:en\s+|an?\s+|the\s+)?"
                         r"((?:eu|ec)?[\s-]*(?:autori[sz]\w*\s+repr\w*|authori[sz]ed\s+repr\w*|repr[æe]sent\w*|fullmektig\w*|"
                         r"befullmäktigad\w*|bemyndig\w*))[^.]{0,60}?\s(?:for|för)\s", re.IGNORECASE)


# Every wording _REPRESENTS knows holds one of these: a line without them is not searched with it, which
# backtracks through every run of capitalised words before failing (the costliest pattern of prose).
_REPRESENTS_WORD = re.compile(r"repr|fullmektig|befullmäktigad|bemyndig", re.IGNORECASE)


# 'Lyngstad Dental AS produserer håndinstrumenter …', 'Lager medisinsk utstyr selv (produsent)': a sentence
# whose subject is a company, or none at all (a sole trader's terse note), saying what it makes.
_MAKING = (r"(?i:produserer|produserar|lager|lagar|tilvirker|tilverkar|framstiller|fremstiller|utvikler|utviklar|"
           r"tillverkar|producerer|manufactures|produces|makes|develops)\s")
_MAKER_SENTENCE = re.compile(r"^\W*(?:" + _COMPANY_NAME.pattern + r"\s+)?" + _MAKING)
_MAKING_WORD = re.compile(r"\b" + _MAKING)  # a line without such a verb is not matched against company names


# Where one sentence ends and the next begins, in a paragraph written as one line.
_SENTENCE_END = re.compile(r"(?<=[a-zæøåäö)][.!?])\s+(?=[A-ZÆØÅÄÖ])")


def _without_the_registers_name(text: str) -> str:
    """The text less any sentence naming the register ('… registeret for medisinsk utstyr'), whose words
    name no kind of the applicant's; in a paragraph the other sentences still say what they make and are."""
    return " ".join(s for s in _SENTENCE_END.split(text) if not _REGISTER_NAME.search(s) and not _DOUBT.search(s))


# 'Vi er usikre på om dette regnes som medisinsk utstyr', 'we are not sure whether our app is a medical device':
# a kind asked about, not stated.
_DOUBT = re.compile(r"\b(?:usikr?e?\s+på\s+om|usikker\s+på\s+om|lurer\s+på\s+om|undrar\s+på\s+om|"
                    r"(?:not\s+sure|unsure|uncertain)\s+(?:if|whether)|wonder(?:ing)?\s+(?:if|whether)|"
                    r"osäkra?\s+på\s+om|i\s+tvil\s+om|(?:om|if|whether)\s+(?:dette|this|det|it|appen|the\s+app)\s+"
                    r"(?:regnes|reknast|blir\s+regnet|counts?|is\s+considered|qualifies))", re.IGNORECASE)


def kinds_in(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    """The role stated outright, then kinds in a sentence about us, or on a short line of its own."""
    yield from _stated_role(text, number)
    if _MAKING_WORD.search(text) and _MAKER_SENTENCE.match(text) and not _WE.search(text):
        yield from _kinds(text, number)
        return
    represents = _REPRESENTS.search(text) if _REPRESENTS_WORD.search(text) else None
    if represents:
        yield "business_type", represents.group(1).strip(), number, PROSE_CONFIDENCE - 0.1
    beside = _NAME_AND_ROLE.match(text.strip())
    if beside and not _WE.search(text):
        yield from _kinds(beside.group(1).strip(), number)
        return
    own = _without_the_registers_name(text)
    if own and _WE.search(own):
        yield from _kinds(own, number)
    elif _ALONE.match(text):
        yield from _alone(text.strip(), number)

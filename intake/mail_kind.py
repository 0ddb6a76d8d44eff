"""What a mail is: a registration, an update, a question, an incident report, a request to be
removed, several companies at once, a form relayed by a no-reply portal, or noise.

Read from the subject and the applicant's own text (nb, nn, sv, da, en), with what extraction
found as evidence: a mail that states a company's details is a registration or an update even when
it also asks something. The kinds are `MailKind`; plan() decides what each one gets.
"""

from __future__ import annotations

import re

from intake.model import OK, FieldResult
from intake.states import MailKind


# Kinds whose fields are not a registration: nothing is asked back, nothing goes into the register.
NOT_REGISTRATION = (MailKind.QUESTION, MailKind.INCIDENT, MailKind.NOISE)


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")", re.IGNORECASE)


_DEREGISTER = _words(r"avregistr\w*", r"afregistr\w*", r"avmeld\w* (?:oss|firma|verksemd|virksomhet)", r"afmeld\w*",
                     r"slett(?:e|es|a|ing)?\b[^.]{0,60}\bregist", r"sletta frå", r"slettet fra", r"slettes fra",
                     r"fjern(?:e|es|a)? (?:oss|firmaet|verksemda|virksomheten)\b", r"remove (?:us|our company)",
                     r"deregist\w*", r"de-regist\w*", r"unregist\w*", r"avregistrera\w*", r"strykes fra",
                     r"ønsker (?:derfor )?at blive slettet", r"blive slettet", r"avförd\w*", r"tas bort ur",
                     r"avslutt\w* (?:registreringen|registreringa|vår registrering|oppføringen)",
                     r"registrering(?:en|a)? (?:vår )?(?:kan |må )?avsluttes",
                     r"(?:firmaet|selskapet|bedrift\w*|verksemd\w*|virksomhet\w*|foretaket|føretaket|AS|ApS|AB)"
                     r"(?: \([^)]{0,40}\))? (?:er|vart|ble|blei|har blitt) (?:nedlagt|lagt ned|slått konkurs|oppløst)",
                     r"ikke lenger (?:å )?(?:stå|være|vere) (?:oppført |registrert )?i registeret",
                     r"ceased (?:trading|operations|production|business)",
                     r"(?:close|cancel|withdraw|terminate|end) our (?:registration|account|entry)",
                     r"delete (?:us|our (?:registration|company|entry|listing|account))\b",
                     r"(?:has|have) been (?:dissolved|liquidated|wound up|deregistered)",
                     r"no longer (?:wish|want|need) to be (?:registered|listed)", r"fjern(?:e)? os\b",
                     r"take us (?:off|out of)", r"ta oss (?:ut|bort) (?:av|frå|fra)", r"(?:are|is) (?:closing|shutting) down",
                     r"(?:virksomhed\w*|firma\w*|selskab\w*) (?:er|blev) (?:lukket|opløst)",
                     # German: 'Abmeldung', 'unsere Registrierung … zu löschen', 'austragen'
                     r"abmeld\w*", r"registrierung\b[^.]{0,60}\b(?:löschen|zu löschen|aufheben|beenden|streichen)",
                     r"(?:aus dem|aus ihrem) register\w* (?:zu )?(?:streichen|austragen|löschen|entfernen)", r"austragen")
_INCIDENT = _words(r"uønsk\w* hending", r"uønsk\w* hendelse", r"defekt\w*", r"malfunction\w*", r"feilfunksjon\w*",
                   r"lekk(?:er|asje|et)\b", r"leak(?:s|ed|ing|age)?\b", r"injur(?:y|ies|ed)", r"avvik med",
                   r"pasient(?:en)? (?:fikk|ble|vart|har fått)", r"patient (?:was|got|suffered)",
                   r"(?:alvorlig|serious) (?:hendelse|hending|incident)", r"hending med", r"hendelse med", r"händelse",
                   r"incident", r"adverse event", r"vigilance", r"pasientskade", r"skade på pasient",
                   r"melde (?:fra )?om (?:ei |en )?(?:hending|hendelse|avvik|feil)", r"stoppet uten alarm",
                   r"(?:revna|røk|knekt|knakk|brakk|sprakk|cracked|broke|lossnade|løsnet)\b",
                   r"hvem skal vi melde til", r"melde avvik", r"melding om uønsket", r"brannskad\w*",
                   r"fikk (?:en |ei |et )?(?:\w+ )?(?:skade|sår|utslett|allergisk reaksjon|brannsår)\b")
_NOISE_SUBJECT = _words(r"faktura\b", r"invoice\b", r"nyhetsbrev", r"newsletter", r"webinar", r"invitation\b",
                        r"invitasjon", r"early bird", r"automatisk svar", r"auto(?:matic)?[ -]?reply:", r"action required", r"mailbox", r"quota", r"verify your",
                        r"password expir", r"passord utløper", r"kampanje", r"tilbud", r"regnytt", r"summit",
                        r"konferanse", r"conference", r"unsubscribe", r"ordrebekreftelse",
                        r"order confirmation", r"handling kreves", r"post(?:boks|kass)(?:en)? (?:din )?er full",
                        r"delivery (?:status|delayed|failure|has failed)", r"undeliverable", r"purring",
                        r"undelivered mail", r"returned to sender", r"mail delivery (?:failed|failure|subsystem)",
                        r"kunne ikke leveres", r"ikke levert", r"olevererbart", r"kan ikke leveres")
# "Away" in a subject is said by people too ("Registrering før fravær i desember"): it makes a mail
# noise only with an away text in the body, or with nothing of a registration stated at all.
_AWAY_SUBJECT = _words(r"fraværsmelding", r"frav(?:æ|ae)r\b", r"fråvær", r"auto-?svar", r"abwesenheit", r"frånvaro",
                       r"out of (?:the )?office")
_NOISE_BODY = _words(r"\bKID\b", r"forfallsdato", r"beløp å betale", r"fakturabeløp", r"kontonummer",
                     r"meld deg av", r"unsubscribe", r"avslutt abonnement", r"se nyhetsbrevet", r"lagringskvot\w*",
                     r"ordrenummer", r"order number", r"(?:jeg|eg) er på (?:kurs|reise|ferie)", r"nicht im büro",
                     r"jag är på semester", r"klikk her", r"click here", r"kjære abonnent", r"dear subscriber",
                     r"meld deg på", r"påmelding her", r"register now", r"passord\w* (?:ditt )?utløper",
                     r"password (?:will )?expire", r"bekreft (?:konto|kontoen|postkassen)\b", r"lagringsplass",
                     r"(?:automatisk generert|automatically generated)", r"verify (?:your )?"
                     r"(?:account|mailbox)", r"jeg er på ferie", r"i am on holiday", r"out of office", r"er fraværende")
_UPDATE = _words(r"endr\w*", r"endring\w*", r"oppdater\w*", r"update\w*", r"change[sd]?\b", r"changing",
                 r"ny(?:tt|e)? (?:adresse|telefon\w*|e-post\w*|kontaktperson|nettside|nettsted|nettstad|hjemmeside|heimeside|postadresse|besøksadresse|"
                 r"navn|namn|sentralbord\w*|nummer)", r"new (?:address|phone|e-mail|email|contact|website|name)",
                 r"har flytt\w*", r"have moved", r"has moved", r"flytt(?:er|ar) (?:til|1\.|den|fra|frå)",
                 r"(?:are|is) moving to", r"relocat\w*", r"navneendring", r"skifta", r"skiftet",
                 r"ändra\w*", r"ändrad", r"ændr\w*", r"\w*ændring\w*", r"(?:er|är) flytt\w*", r"opdater\w*", r"nyt (?:hovednummer|telefonnummer)", r"ny e-post",
                 # German: 'Adressänderung', 'bitten Sie, unsere Angaben … zu ändern', 'wir sind umgezogen'
                 r"\w*änderung\w*", r"ändern", r"geändert", r"umgezogen", r"neue (?:anschrift|adresse|hausanschrift|"
                 r"postanschrift|telefonnummer|ansprechpart\w*)",
                 r"allerede registrert", r"already registered", r"er registrert (?:hos dere|i registeret)",
                 r"are registered", r"registreret hos", r"er registrerte? hjå",
                 r"feil (?:telefonnummer|nummer|adresse|e-?post\w*|navn|namn) i registeret",
                 r"(?:overtar|tek over|tar over|har overtatt|takes over|taken over) (?:\w+ )?som kontaktperson",)
_QUESTION_SUBJECT = _words(r"spørsmål", r"question", r"fråga", r"spørgsmål", r"spurnad", r"query", r"enquiry",
                           r"inquiry")
_QUESTION = _words(r"spørsmål om", r"spørsmålet (?:vårt|mitt|er)", r"spurnaden (?:vår|min|er)",
                   r"om (?:vi|me|eg|jeg) (?:\w+ ){0,3}(?:må|treng|trenger|skal) registrere",
                   r"(?:ikke|ikkje|not yet|not) (?:mottatt|fått|motteke|received)",
                   r"status (?:på|for|of) (?:registrering|søknad|vår|our|the)", r"når kan vi forvente",
                   r"kan (?:dere|de) sjekke", r"hva må vi", r"kva må vi", r"what do we need to", r"gjelder registreringsplikt\w*", r"registreringsplikt\w* (?:gjelder|også)",
                   r"is (?:registration|it) (?:required|necessary|mandatory)", r"do we have to", r"are we required",
                   r"er det (?:nødvendig|påkrevd)", r"må (?:vi|jeg|eg) registrere", r"glemt (?:passord|brukernavn)",
                   r"(?:forgot|forgotten|lost) (?:the |our |my )?(?:password|username)", r"takk for svar",
                   r"mista (?:passord|brukarnamn)", r"(?:et|eit|to|noen|nokre|a|some|a few|two) (?:spørsmål|questions?)", r"lurer på",
                   r"lurar på", r"jeg lurer", r"fråga om", r"mina frågor", r"et par spørgsmål",
                   r"do (?:we|i) need", r"må vi", r"trenger vi", r"treng vi", r"behöver vi", r"skal vi have",
                   r"could you (?:please )?(?:clarify|confirm|tell)", r"hvordan (?:registrer|går)", r"korleis",
                   # 'passordet som skulle komme … har aldri kommet': asking for the login again
                   r"(?:passord\w*|password|brukernavn\w*|brukarnamn\w*|username|innlogging\w*|login)[^.?!]{0,80}?"
                   r"(?:aldri|ikke|ikkje|never|not)\s+(?:kommet|kome|komme|arrived|come)",
                   r"(?:resend|send\w*\s+(?:\w+\s+){0,2}?(?:på\s+nytt|again))[^.?!]{0,40}?"
                   r"(?:passord\w*|password|brukernavn\w*|username|login)")
_NO_REPLY = re.compile(r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|noreply|donotreply|ikke[-_.]?svar|"
                       r"skjema|portal)\b", re.IGNORECASE)
_NEWSLETTER = re.compile(r"^(?:nyhetsbrev|newsletter|news|nyheter|marketing|markedsforing|kampanje|campaign)\b",
                         re.IGNORECASE)
_PORTAL = _words(r"skjema(?:portal\w*)?", r"form submission", r"new submission", r"innsendt", r"submitted")
_MANY = _words(r"to (?:produsenter|virksomheter|selskap|bedrifter|firma)", r"two (?:companies|manufacturers)",
               r"tre (?:produsenter|virksomheter|selskap)", r"three (?:companies|manufacturers)",
               r"två (?:företag|kunder|tillverkare)", r"to (?:virksomheder|producenter)", r"for begge",
               r"both companies", r"begge selskap\w*", r"several companies", r"flere (?:selskap|virksomheter)")


# 'Oppdatert skjema', 'updated registration': a registration sent again as we asked, not a change.
_RESENT = _words(r"(?:oppdatert|oppdatera|updated|korrigert|corrected|revidert|revised|utfylt|komplett)\w*\s+"
                 r"(?:skjema\w*|registrering\w*|registration|form|søknad|versjon|utgåve|utgave)")


# 'Vi ønsker å registrere Bergen Bandasje AS', 'we would like to register our company': a registration, whatever
# else the mail mentions in passing (a change of name, a question about the process, an old incident).
_REGISTER_US = _words(r"(?:ønsker|ønskjer|ynskjer|vil|ville|önskar|would like|wish|want)\s+(?:\w+\s+){0,2}?"
                      r"(?:å\s+|att\s+|to\s+)?(?:registrere|registrera|register)\s+(?:oss|seg|us|our\s+company|"
                      r"firmaet|bedriften|virksomheten|verksemda|foretaket|føretaket|vårt|vores|(?-i:[A-ZÆØÅ])\w+)",
                      r"(?:her|here)\s+(?:er|is|are|kommer|følger)\s+(?:\w+\s+){0,2}?(?:opplysning\w*|details|informasjon\w*)"
                      r"\s+(?:for|til)\s+registrering",
                      # 'Då sender vi registreringa no', 'we hereby send our registration'
                      r"(?:sender|sendar|send|sends)\s+(?:vi|me|eg|jeg|we|herved|hermed|hereby)\s+(?:\w+\s+){0,2}?"
                      r"(?:registreringa|registreringen|registrering|registration)\b",
                      # 'Da registrerer vi oss', 'so we hereby register our company'
                      r"(?:registrerer|registrerar)\s+(?:vi|me|eg|jeg|jag)\s+(?:oss|meg|mig|firmaet|bedriften)\b",
                      r"we\s+(?:hereby\s+|will\s+|now\s+)?register\s+(?:us|ourselves|our\s+company)\b")
# 'Har dere spørsmål, ta kontakt', 'if you have any questions': an offer to answer, not a question.
_OFFER = _words(r"(?:har\s+(?:dere|de|du)|om\s+(?:dere|de|du)\s+har|ved|if\s+you\s+have)\s+(?:noen\s+|nokre\s+|any\s+)?"
                r"(?:fleire\s+|flere\s+|further\s+|more\s+)?(?:spørsmål|questions?)[^.!?\n]*")


def mail_kind(*, subject: str, text: str, from_addr: str | None, fields: dict[str, FieldResult],
              org_numbers: int, signed: frozenset[int] = frozenset(), machine: bool = False,
              bulk: bool = False) -> MailKind:
    """The kind of one message, from its words and what was read from it. `signed`: the body's
    signature lines, whose details say who asks, not what is registered; `machine`: its headers say
    a machine sent it (a list, bulk mail, an auto-reply, a bounce: intake/machine_mail); `bulk`: a
    newsletter's headers, noise whatever it states."""
    subject, text = _RESENT.sub(" ", subject), _RESENT.sub(" ", text)
    head = f"{subject}\n{text[:4000]}"
    if from_addr and _NO_REPLY.match(from_addr.split("@")[0]) and _PORTAL.search(head) and _stated(fields) >= 3:
        return MailKind.PORTAL_RELAY
    body_noise = _NOISE_BODY.findall(text[:4000])
    if from_addr and _NEWSLETTER.match(from_addr.split("@")[0]):
        body_noise.append("newsletter sender")
    away = _AWAY_SUBJECT.search(subject) and (body_noise or not _stated(fields))
    # An invoice by its subject and its body's words ('Faktura 20451', 'KID', 'Forfallsdato') is one, whatever
    # company details and device words ('Kurs: … medisinsk utstyr') its lines state.
    invoice = _NOISE_SUBJECT.search(subject) and len(body_noise) >= 2
    noisy = _NOISE_SUBJECT.search(subject) or away or machine or len(body_noise) >= 2
    if bulk or invoice or (noisy and not _registers(fields)):
        return MailKind.NOISE
    if any(not _of_a_detail(head, found) for found in _DEREGISTER.finditer(head)):
        return MailKind.DEREGISTRATION
    if org_numbers >= 2 or (_MANY.search(head) and not _representative(fields)):
        # ('the details of both companies are listed below' from a representative: the maker and itself)
        return MailKind.SEVERAL_COMPANIES
    registers = _REGISTER_US.search(text[:1500]) and not _QUESTION_SUBJECT.search(subject) and _stated(fields) >= 3
    if _INCIDENT.search(head) and _stated(_in_words(_unsigned(fields, signed))) < 6 and not registers:
        return MailKind.INCIDENT
    # 'Question regarding …' over 'already registered in Denmark': the words of the body recall, the subject asks.
    if _UPDATE.search(subject) or (_UPDATE.search(text[:1500]) and _stated(fields) < 8 and not registers
                                   and not _QUESTION_SUBJECT.search(subject)):
        return MailKind.UPDATE
    asks = _QUESTION.search(_OFFER.sub(" ", text[:4000]))
    if (_QUESTION_SUBJECT.search(subject) or (asks and not registers)) and _stated(_unsigned(fields, signed)) < 6:
        return MailKind.QUESTION
    return MailKind.REGISTRATION


# 'Faksen har vi sagt opp, så den kan de berre slette frå registeret': one detail struck out, the firm stays.
_DETAIL = _words(r"faks\w*", r"telefaks\w*", r"fax\w*", r"telefon\w*", r"\w*nummer\w*", r"\w*adress\w*",
                 r"e-?post\w*", r"kontaktperson\w*", r"nettside\w*", r"website", r"phone", r"number", r"e-?mail")
_FIRM = _words(r"oss\b", r"os\b", r"us\b", r"firma\w*", r"selskap\w*", r"virksomhet\w*", r"verksemd\w*",
               r"foretak\w*", r"føretak\w*", r"company", r"registrering\w*", r"registration")


def _of_a_detail(text: str, found: re.Match[str]) -> bool:
    """Does the sentence that asks for a deletion name a detail of the firm, not the firm itself?"""
    start = max(text.rfind(".", 0, found.start()), text.rfind("\n\n", 0, found.start())) + 1
    ends = [at for at in (text.find(".", found.end()), text.find("\n\n", found.end())) if at >= 0]
    sentence = text[start:min(ends, default=len(text))]
    return bool(_DETAIL.search(sentence)) and not _FIRM.search(sentence)


def _registers(fields: dict[str, FieldResult]) -> bool:
    """A mail stating most of a registration, with what only a registration states (the kind of device or
    business), is one whatever its subject says; an invoice states a company's details too, not those."""
    kinds = any(fields[key].state != "missing" for key in ("device_type", "business_type") if key in fields)
    return kinds and _stated(fields) >= 6


def _unsigned(fields: dict[str, FieldResult], signed: frozenset[int]) -> dict[str, FieldResult]:
    """The fields not read from the body's signature (a question signed with the firm's details)."""
    return {k: r for k, r in fields.items()
            if not (r.source and r.source.part == "body" and r.source.line in signed)}


def _in_words(fields: dict[str, FieldResult]) -> dict[str, FieldResult]:
    """The fields the mail's own text states: an incident's attached report (a MIR form) names the maker
    and its numbers without making the mail a registration."""
    return {k: r for k, r in fields.items() if not (r.source and r.source.part.startswith("attachment:"))}


def _stated(fields: dict[str, FieldResult]) -> int:
    return sum(1 for result in fields.values() if result.state != "missing")


_NINE = re.compile(r"(?<![\d+])(\d{3}[\s.]?\d{3}[\s.]?\d{3})(?!\d)")
_HEADER = re.compile(r"^\W*(?:\d{1,2}\s*[.):]|-{2,}|={2,}|#+|(?:företag|company|firma|selskap|virksomhet|bedrift|"
                     r"produsent|manufacturer|kunde|customer)\s*(?:nr\.?\s*)?\d)", re.IGNORECASE)
_LEGAL = re.compile(r"\b(?:AS|ASA|AB|ApS|A/S|Oy|GmbH|Ltd|BV|NUF)\b")


def _representative(fields: dict[str, FieldResult]) -> bool:
    business = fields.get("business_type")
    return business is not None and business.state == OK and business.value == "authorised_representative"


def first_company_text(body: str) -> str:
    """The body up to where a second company's block begins (its org number, header or name line); a
    table with a column per company ('Firmanavn | Sauerland GmbH | Fjordmed AS') gives its first column."""
    from stdnum.no import orgnr

    columns = _first_column_record(body)
    if columns is not None:
        return columns
    lines = body.split("\n")
    first = None
    for idx, line in enumerate(lines):
        for m in _NINE.finditer(line):
            number = re.sub(r"\D", "", m.group(1))
            if not orgnr.is_valid(number):
                continue
            if first is None:
                first = number
            elif number != first:
                return _with_shared(lines, _block_start(lines, idx))
    second = next((idx for idx, line in enumerate(lines) if _SECOND_BLOCK.match(line)), None)
    # A foreign company has no Norwegian org number to split at: its block's own header ('Företag 2').
    return _with_shared(lines, second) if second else body


# 'Felles for alle: kontaktperson er undertegnede (mobil 988 12 345), felles nettside www.…': said of every company.
_SHARED = re.compile(r"\b(?:felles\s+for\s+(?:alle|begge|selskapa|selskapene|firmaene)|gjeld(?:er)?\s+(?:alle|begge)\s+"
                     r"(?:selskap|firma)|common\s+to\s+(?:all|both)|(?:same|shared)\s+for\s+(?:all|both)|"
                     r"for\s+(?:alle|begge)\s+(?:selskapene|selskapa|firmaene|tre|to)\b)", re.IGNORECASE)


def _with_shared(lines: list[str], cut: int) -> str:
    """The first company's lines, and below them what the mail says holds for every company, with the
    sign-off that tells who 'undertegnede' is."""
    shared = [idx for idx in range(cut, len(lines)) if _SHARED.search(lines[idx])]
    if not shared:
        return "\n".join(lines[:cut])
    from intake.layouts.zones import is_sign_off

    sign_off = next((idx for idx in range(shared[-1] + 1, len(lines)) if is_sign_off(lines[idx].strip())), len(lines))
    return "\n".join(lines[:cut] + [""] + [lines[idx] for idx in shared] + [""] + lines[sign_off:])


def _first_column_record(body: str) -> str | None:
    """Where a table gives each company a column (read as one record per column), the text up to the
    second record, less the line that introduces the second company ('2) Fjordmed AS er …')."""
    from intake.fields.label_split import label_key
    from intake.layouts.text_tables import read_text_tables

    lines = read_text_tables(body).split("\n")
    names = [idx for idx, line in enumerate(lines)
             if ":" in line and label_key(line.split(":", 1)[0]) == "manufacturer_name"]
    # Records of the same labels one after the other, a blank line between: a column each.
    if len(names) < 2 or lines[names[1] - 1].strip():
        return None
    kept = [line for line in lines[:names[1]] if not _SECOND_BLOCK.match(line)]
    return _with_shared(kept + lines[names[1]:], len(kept))


# 'Företag 2', 'Company no. 2:', '2) Jämtmed AB': where the second company's block begins.
_SECOND_BLOCK = re.compile(r"^\W*(?:(?:företag|foretag|company|firma|selskap|virksomhet|virksomhed|verksemd|bedrift|"
                           r"foretak|føretak|produsent|manufacturer|kunde|customer|client|klient)\s*(?:nr\.?|no\.?)?\s*2\b"
                           r"|2\s*[.)]\s+.*\b(?-i:AS|ASA|AB|ApS|A/S|Oy|GmbH|Ltd|BV|NUF)\b)", re.IGNORECASE)


def _block_start(lines: list[str], idx: int) -> int:
    """Walk back from the second org number to its block's header, name line or blank line."""
    for back in range(idx, max(idx - 6, -1), -1):
        text = lines[back].strip()
        if not text:
            return back + 1
        if back < idx and (_HEADER.match(text) or _LEGAL.search(text)):
            return back
    return idx

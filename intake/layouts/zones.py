"""Zones of a message text: the applicant's own lines, quoted, forwarded, headers and signatures.

A case officer reads an e-mail knowing which lines are new, which are a forwarded colleague's
message, which are our own request quoted back, and which are a signature. Each line gets one zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BODY = "body"            # the applicant's own new text
FORWARDED = "forwarded"  # below a forwarded / original-message header from someone else
OURS = "ours"            # below a header from the register's mailbox: our own request, unquoted
QUOTED = "quoted"        # '>' lines
HISTORY = "history"      # the applicant's earlier mail, quoted under our quoted request to it
HEADER = "header"        # forward headers and 'On ... wrote:' lines
SIGNATURE = "signature"  # after a sign-off or '-- '

READABLE = (BODY, FORWARDED, HISTORY)
REGISTER_MAILBOX = re.compile(r"medisinsk\.utstyr@|register(?:et)? for medisinsk utstyr|^\W*medisinsk utstyr\s*<|"
                              r"utstyrsregister|@dmp\.",
                              re.IGNORECASE)
# The register named in an attribution line: 'Den … skrev Medisinsk utstyr:', '… Medisinsk utstyr <x@y> wrote:'.
_REGISTER_WROTE = re.compile(r"medisinsk\.utstyr@|register(?:et)? for medisinsk utstyr|\bmedisinsk utstyr\s*[<:,]|@dmp\.",
                             re.IGNORECASE)

_NAMED_SENDER = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FORWARD_MARK = re.compile(
    r"^[-_=\s]*(?:-{2,}\s*)?(?:forwarded message|videresendt melding|vidaresendt melding|videresendt e-post|"
    r"original message|opprinnelig melding|opphavleg melding|begin forwarded message:?|"
    r"weitergeleitete nachricht|ursprüngliche nachricht|"
    r"message transféré)\s*-*\s*$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*_{10,}\s*$")
_HEADER_LINE = re.compile(
    r"^\s*\**(?:from|fra|frå|sent|sendt|date|dato|to|til|cc|kopi|subject|emne|reply-to|svar til|"
    r"von|gesendet|an|betreff)\**\s*:",
    re.IGNORECASE,
)
_FROM_LINE = re.compile(r"^\s*\**(?:from|fra|frå|von)\**\s*:", re.IGNORECASE)
_ATTRIBUTION_END = re.compile(r"(?:wrote|skrev|skreiv|schrieb|a écrit)\s*:\s*$", re.IGNORECASE)
_ATTRIBUTION_VERB = re.compile(r"\b(?:wrote|skrev|skreiv|schrieb)\b", re.IGNORECASE)
# 'On …', 'Den …', '27.02.2025 …', and Gmail's 'tor. 27. feb. 2025 kl. 13:02 skrev …' opening with the weekday.
_ATTRIBUTION_START = re.compile(r"^\s*(?:(?:on|den|på|am|le)\b|\d{1,2}[./]|"
                                r"(?:man|tir|tirs|ons|tor|tors|fre|lør|søn|mån|tis|lör|sön|mon|tue|wed|thu|fri|sat|sun)"
                                r"\.?\s+\d{1,2}\.?\s)", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^\s*(?:(?:med\s+)?(?:vennlig|venleg|vennleg|beste|vennlige|venlig)\s+(?:hilsen|hilsener|helsing|helsingar)"
    r"|(?:med\s+)?vänlig(?:a)?\s+hälsning(?:ar)?|hälsningar|mit\s+freundlichen\s+grüßen|freundliche\s+grüße"
    r"|(?:vielen\s+dank\s+und\s+)?(?:freundliche|beste|viele|herzliche)\s+grüße"
    r"|med\s+hilsen|m\.?\s?v\.?\s?h\.?|vh|hilsen|helsing|beste\s+hilsen|best\s+regards|kind\s+regards|warm\s+regards|"
    r"regards|best\s+wishes|best|sincerely|yours\s+sincerely|yours\s+faithfully|cheers|takk|tusen\s+takk|thanks|"
    r"thank\s+you|many\s+thanks|"
    # Thanks or wishes closing the mail above the name: 'Takk for hjelpen!', 'På forhånd takk.', 'God helg!'
    r"takk\s+(?:for\s+hjelpa?|for\s+hjelpen|på\s+forhånd|på\s+førehand)|på\s+(?:forhånd|førehand)\s+takk|"
    r"tack\s+på\s+förhand|på\s+förhand\s+tack|tak\s+på\s+forhånd|på\s+forhånd\s+tak|"
    r"thanks?\s+(?:you\s+)?in\s+advance|god\s+helg|ha\s+en\s+(?:fin|god|strålende|fortsatt\s+god)\s+(?:dag|helg))"
    r"\s*[,.!]?\s*(?:[A-ZÆØÅ][\w.-]*(?:\s+[A-ZÆØÅ][\w.-]*){0,3})?\s*$",
    re.IGNORECASE,
)
_SIG_DASHES = re.compile(r"^--\s?$")
# Our request reciting what the applicant sent before ('Følgende har vi fra før:'): their details, not ours.
_WE_HAVE = re.compile(r"(?:følgende|dette|this)?\s*(?:har vi|vi har|we have|we hold|har me|me har)\s+"
                      r"(?:fra før|frå før|allerede|alt|registrert|mottatt|on file|already|so far|received)[^:]{0,40}:\s*$",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    number: int   # 1-based line number in the text
    text: str     # the line, with any '>' quote marks removed
    zone: str


_QUOTE_MARKS = re.compile(r"^((?:\s*>)+)\s?")


def quote_depth(line: str) -> tuple[int, str]:
    """How many '>' marks open the line, and the line without them."""
    if ">" not in line:  # most lines: the pattern needs one
        return 0, line
    m = _QUOTE_MARKS.match(line)
    if not m:
        return 0, line
    return m.group(1).count(">"), line[m.end():]


def is_sign_off(text: str) -> bool:
    return bool(_SIGN_OFF.match(text)) and len(text.strip()) <= 40


def classify(text: str, *, sender: str | None = None) -> list[Line]:
    """Every line of `text` with its zone. `sender`: the From address; the writer's own earlier mail quoted
    under an attribution naming it ('man. 17. mars … skrev Lars <lars@firma.no>:') is read like a forwarded one."""
    raw = text.splitlines()
    out: list[Line] = []
    base, signed, i = BODY, False, 0
    # A message quoted under its own header ('> Fra: Kari <k@firma.no>', 'Sendt', 'Emne') is read like
    # the same header unquoted: someone else's message (FORWARDED) unless it is from the register.
    quoted_by: tuple[int, str] | None = None  # (depth of that header, zone of what follows it)
    quoted_signed = False
    ours_at: int | None = None  # the quote depth at which our own request, quoted back, begins
    own = False  # the '>' lines are the writer's own earlier mail, under an attribution naming the sender
    while i < len(raw):
        depth, stripped = quote_depth(raw[i])
        if depth:
            if quoted_by and depth < quoted_by[0]:
                quoted_by = None
            header_end = _header_block([quote_depth(r)[1] for r in raw[i:i + 12]], 0)
            if header_end is not None:
                block = [quote_depth(r)[1] for r in raw[i:i + header_end]]
                mine = any(REGISTER_MAILBOX.search(b) for b in block if _FROM_LINE.match(b))
                # Under our quoted request, the mail it answered is the applicant's earlier one.
                theirs = HISTORY if ours_at is not None and depth > ours_at else FORWARDED
                if mine:
                    ours_at = depth
                quoted_by, quoted_signed = (depth, QUOTED if mine else theirs), False
                out.extend(Line(n + 1, quote_depth(raw[n])[1], HEADER) for n in range(i, i + header_end))
                i += header_end
                continue
            if _is_attribution([quote_depth(r)[1] for r in raw[max(0, i - 1):i + 1]], min(i, 1)):
                # '>> On … Kari <kari@firma.no> wrote:' under our quoted request: the mail we answered,
                # the applicant's registration, which the reply completes.
                if _REGISTER_WROTE.search(stripped):
                    ours_at, zone = depth, QUOTED
                elif ours_at is not None and depth > ours_at:
                    zone = HISTORY
                else:
                    # '> 12. mars … skrev Per Aasen <per@firma.no>:' quoted with what it wrote (as a phone's mail
                    # app quotes): a colleague's or the applicant's own earlier mail, read like a forwarded one.
                    zone = FORWARDED if _NAMED_SENDER.search(stripped) else QUOTED
                quoted_by, quoted_signed = (depth, zone), False
                out.append(Line(i + 1, stripped, HEADER))
                i += 1
                continue
            # '>' lines right under the applicant's own earlier header (below our request) are that mail.
            zone = quoted_by[1] if quoted_by else (HISTORY if base == HISTORY else FORWARDED if own else QUOTED)
            if zone == QUOTED and out and (out[-1].zone == HISTORY and stripped.strip() or _WE_HAVE.search(out[-1].text)):
                zone = HISTORY  # the applicant's details as our request recites them, up to the next blank line
            if zone in (FORWARDED, HISTORY) and (_SIG_DASHES.match(stripped) or is_sign_off(stripped)):
                quoted_signed = True
            out.append(Line(i + 1, stripped, SIGNATURE if zone in (FORWARDED, HISTORY) and quoted_signed else zone))
            i += 1
            continue
        quoted_by = None
        header_end = _header_block(raw, i)
        if header_end is not None:
            block = raw[i:header_end]
            mine = any(REGISTER_MAILBOX.search(b) for b in block if _FROM_LINE.match(b))
            # Below our own request, the next mail down is the one it answered: the applicant's earlier one.
            base = OURS if mine else (HISTORY if base == OURS else FORWARDED)
            signed = False
            out.extend(Line(n + 1, raw[n], HEADER) for n in range(i, header_end))
            i = header_end
            continue
        if _is_attribution(raw, i):
            signed = False
            ours_at = 0 if _REGISTER_WROTE.search(raw[i]) else None
            own = bool(sender) and ours_at is None and sender.casefold() in raw[i].casefold()
            out.append(Line(i + 1, raw[i], HEADER))
            i += 1
            continue
        if base in READABLE and (is_sign_off(raw[i]) or (_SIG_DASHES.match(raw[i]) and not _letter_follows(raw, i))) \
                and not (_THANKS.match(raw[i]) and not _text_above(out)):
            signed = True  # ('Takk for e-posten din.' opening a mail thanks, it does not sign off)
        elif signed and _AFTERTHOUGHT.match(raw[i]):
            signed = False  # 'P.S.', 'Correction, added before sending: …' under the name: the writer's text again
        zone = SIGNATURE if signed and base in READABLE else base
        if zone == OURS and out and (out[-1].zone == HISTORY and raw[i].strip() or _WE_HAVE.search(out[-1].text)):
            zone = HISTORY
        out.append(Line(i + 1, raw[i], zone))
        i += 1
    return _marked_answers(out)


# The mark a point of a list opens with: '2.' / '3)' or a bullet ('-', '•', '*', '–').
_LIST_MARK = re.compile(r"^\s*(?:(\d{1,2}[.)])|([-•*–]))\s")


def list_mark(text: str) -> str | None:
    """'number' for a numbered point, the bullet itself for a bulleted one, None for no point of a list."""
    m = _LIST_MARK.match(text)
    return None if m is None else "number" if m.group(1) else m.group(2)


def _marked_answers(out: list[Line]) -> list[Line]:
    """'- organisasjonsnummer' / '>> 999 976 638' / '- postadresse' / '>> Postboks 4088, …': '>' lines set
    one by one between the lines of our request, not quoted from anywhere, are the applicant's answers."""
    marked = list(out)
    for n, line in enumerate(out):
        above = out[n - 1] if n else None
        if (line.zone == QUOTED and above is not None and n < len(out) - 1 and above.zone == OURS
                and list_mark(above.text) and len(above.text.split()) > 1
                and out[n + 1].zone in (OURS, QUOTED) and out[n + 1].text.strip() and line.text.strip()):
            marked[n] = Line(line.number, line.text.strip(), BODY)
    return marked


_AFTERTHOUGHT = re.compile(r"^\s*(?:p\.\s?s\.?|ps:|rettelse|retting|korreksjon|korrigering|correction|rättelse)\b",
                           re.IGNORECASE)
_THANKS = re.compile(r"^\s*(?:takk|tusen\s+takk|mange\s+takk|thanks|thank\s+you|many\s+thanks|tack|tak)\b",
                     re.IGNORECASE)


def _text_above(out: list[Line]) -> bool:
    """Has the writer's own text begun (a line of it above, since the last header)?"""
    for line in reversed(out):
        if line.zone == HEADER:
            return False
        if line.zone in READABLE and line.text.strip():
            return True
    return False


def _letter_follows(raw: list[str], i: int) -> bool:
    """'--' used as a rule above a letter ('--' / 'Til Registeret …' / … / 'Mvh'): a sign-off further down,
    after several lines of text and before any other header, shows the dashes opened no signature."""
    lines = 0
    for j in range(i + 1, min(len(raw), i + 80)):
        if quote_depth(raw[j])[0] or _header_block(raw, j) is not None or _is_attribution(raw, j):
            return False
        if is_sign_off(raw[j]):
            return lines >= 4
        lines += bool(raw[j].strip())
    return False


def _header_block(raw: list[str], i: int) -> int | None:
    """End (exclusive) of a forwarded-message header starting at line i, or None."""
    line = raw[i]
    start = i
    if _FORWARD_MARK.match(line) or _RULE.match(line):
        i += 1
        while i < len(raw) and not raw[i].strip():
            i += 1
        if _FORWARD_MARK.match(line) and not (i < len(raw) and _HEADER_LINE.match(raw[i])):
            return i  # a bare "Original message" line still starts someone else's text
    # After a forward mark the header may open with any of its lines (Thunderbird: 'Emne:', 'Dato:', 'Fra:').
    opens = _HEADER_LINE if start != i else _FROM_LINE
    if i >= len(raw) or not opens.match(raw[i]):
        return None
    end, seen = i, 0
    while end < len(raw) and (_HEADER_LINE.match(raw[end]) or (seen and raw[end].startswith((" ", "\t")) and raw[end].strip())):
        seen += bool(_HEADER_LINE.match(raw[end]))
        end += 1
    # A lone 'Fra: Kari' line is not a header; Outlook writes at least From, Sent/To and Subject.
    if seen < 3 and start == i:
        return None
    return end


def _is_attribution(raw: list[str], i: int) -> bool:
    """'On Mon, 3 Mar 2025 Kari <k@x.no> wrote:' (possibly over two lines) or 'Den ... skrev:'."""
    line = raw[i].strip()
    if len(line) > 250 or not line.endswith(":"):
        return False
    if _ATTRIBUTION_START.match(line) and _ATTRIBUTION_VERB.search(line):
        return True  # 'Den tir. 4. mars 2025 skrev Register <medisinsk.utstyr@localhost>:'
    if not _ATTRIBUTION_END.search(line):
        return False
    if _ATTRIBUTION_START.match(line) or "@" in line or "<" in line:
        return True
    return i > 0 and bool(_ATTRIBUTION_START.match(raw[i - 1]))

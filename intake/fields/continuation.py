"""Values on the lines under a label: a label alone on its line, a label whose note wraps onto the next lines,
an address over several lines, and the applicant's answer typed under our quoted question."""

from __future__ import annotations

import re

from intake.fields.candidates import ADDRESS_FIELDS, emit
from intake.fields.catalogue import placeholder_pattern
from intake.fields.label_split import label_sentence, readable_label
from intake.fields.naming import names_a_kind
from intake.layouts.signature import BOX_NUMBER
from intake.layouts.zones import QUOTED, OURS, READABLE, Line, list_mark


_BOX_FIRST = re.compile(r"^(?:\[\s*[xX✓✔]?\s*\]|\(\s*[xX✓✔]?\s*\)|[☐☒☑])")
_STREET_LINE = re.compile(r"^(?:[A-ZÆØÅ][\w.'-]*|[Pp]ostboks|[Pp]b\.?|P\.?\s?O\.?\s?[Bb]ox)(?:\s+[\w.'-]+){0,4}?\s+\d+\s?[A-Za-z]?$")
_POSTCODE_LINE = re.compile(r"^(?:(?:N|NO)-)?\d{4,5}\s+\S")
# The applicant marking answers typed under our questions: 'SVAR: Tønsberg Medico AS', 'Answer: …'.
def _next_point(label_line: str, below: str) -> bool:
    """Do a point of a list and the line under it open with the same kind of mark (the list's next point)?"""
    mark = list_mark(label_line)
    return mark is not None and mark == list_mark(below)
_ANSWER_MARK = re.compile(r"^(?:svar|answer|reply)\s*:\s*(?=\S)", re.IGNORECASE)
_COUNTRY = re.compile(r"^(?:norge|noreg|norway|sverige|sweden|danmark|denmark|finland|germany|tyskland|deutschland)\.?$",
                      re.IGNORECASE)


def value_below(lines: list[Line], idx: int, key: str) -> tuple[str, set[int]]:
    """A label alone on its line: the value is on the next non-empty line(s) of the same zone."""
    zone = lines[idx].zone
    j, blanks = idx + 1, 0
    while j < len(lines) and not lines[j].text.strip() and blanks < 2:
        j, blanks = j + 1, blanks + 1
    if j >= len(lines) or lines[j].zone != zone or not lines[j].text.strip():
        return "", set()
    if readable_label(lines[j]) and not names_a_kind(key, lines[j].text):
        return "", set()
    if label_sentence(lines[j].text):
        return "", set()  # '2. Kontakt' above 'Kontaktperson er Marit Eide, …': a heading over a sentence
    if _next_point(lines[idx].text, lines[j].text):
        return "", set()  # '4. Manufacturer' over '5. Attached: …': an answer by number, then the next one
    if key in ADDRESS_FIELDS and _PLACE_LABEL.match(lines[j].text.strip()):
        return "", set()  # 'Postadresse:' left empty above 'Postnummer (post):' in a form
    value = _ANSWER_MARK.sub("", lines[j].text.strip())
    used = {j}
    while _BOX_FIRST.match(lines[j].text.strip()) and j + 1 < len(lines) and _BOX_FIRST.match(lines[j + 1].text.strip()):
        j += 1  # '[ ] Medisinsk utstyr' / '[X] IVD': the boxes one per line, read together
        value, used = f"{value}  {lines[j].text.strip()}", used | {j}
    if key in ADDRESS_FIELDS:
        value, more = address_continuation(lines, j, value)
        used |= more
    return value, used


def address_continuation(lines: list[Line], idx: int, value: str) -> tuple[str, set[int]]:
    """Street on one line, '0155 Oslo' and maybe 'Norge' on the next: one address."""
    used: set[int] = set()
    j = idx + 1
    while j < len(lines) and len(used) < 3 and lines[j].zone == lines[idx].zone:
        text = lines[j].text.strip()
        if not text:
            # html2text puts each <p> in its own paragraph: skip one blank before a postcode line, or
            # before the street when what came first has no number ('Forskningsparken, 3. etg.').
            nxt = lines[j + 1].text.strip() if j + 1 < len(lines) else ""
            street_next = _STREET_LINE.match(nxt) and not re.search(r"\d+\s?[A-Za-z]?(?:$|,)", value)
            if _has_postcode(value) or not (_POSTCODE_LINE.match(nxt) or street_next):
                break
            j += 1
            continue
        part = _PLACE_LABEL.match(text)
        if part:
            # A form with the place in fields of its own: 'Postnr./sted: 0150 Oslo', 'Poststed: Oslo'.
            if _has_postcode(value) or not part.group(1):
                break
            text = part.group(1)
            value = f"{value} {text}" if re.search(r"(?:^|[\s,])\d{4}$", value) else f"{value}, {text}"
            used.add(j)
            j += 1
            continue
        if readable_label(lines[j]):
            break
        if _has_postcode(value) and not _COUNTRY.match(text):
            break
        value = f"{value}, {text}"
        used.add(j)
        j += 1
    return value, used


# Longer labels first: 'Postcode, city' is not 'Postcode' with ', city' as its value. A second language after
# a slash ('Postcode, city / PLZ, Ort:') is part of the label.
_PLACE_LABEL = re.compile(r"^(?:post\s*nr\.?\s*(?:/|og|and|&)\s*(?:post)?sted|postnummer\s*(?:/|og)\s*(?:post)?sted|"
                          r"post\s*code\s*(?:/|and|&|,)\s*(?:town|city)|zip\s*(?:/|and|&)\s*city|plz\s*(?:/|,)?\s*ort|"
                          r"post\s*nr\.?|postnummer|poststed|postort|sted|by|town|city|zip(?:\s*code)?|"
                          r"post\s*code|postal\s*code)"
                          r"(?:\s*/\s*[^:/\d]{1,30}(?=:))?\s*(?:\([^()]*\))?\s*[:.]?\s*(.*)$",
                          re.IGNORECASE)


def _has_postcode(value: str) -> bool:
    # 'Postboks 4410 Nydalen': the box's number and its post office, not a postcode and town.
    return bool(_POSTCODE_IN.search(BOX_NUMBER.sub("", value)))


_POSTCODE_IN = re.compile(r"(?:^|[\s,])(?:(?:N|NO)-)?\d{4,5}\s+[A-Za-zÆØÅæøå]")


def answer_below(lines: list[Line], idx: int, key: str, value: str, consumed: set[int], state: dict):
    """Our quoted question ('> Organisasjonsnummer:') with the applicant's answer on the line below."""
    if value.strip() and not placeholder_pattern().match(value.strip()):
        return
    j = idx + 1
    if lines[idx].zone == QUOTED and j < len(lines) and not lines[j].text.strip() and lines[j].zone != QUOTED:
        j += 1  # one blank line between the quoted question and the answer
    if j >= len(lines) or lines[j].zone not in (*READABLE, OURS) or lines[j].zone == lines[idx].zone == QUOTED:
        return
    text = lines[j].text.strip()
    # 'Produsent' under 'Type virksomhet' is the answer, though it is also a label of its own.
    if not text or (readable_label(lines[j]) and not names_a_kind(key, text)) or text.endswith(":"):
        return
    if _next_point(lines[idx].text, text):
        return  # '2. Telefonnummer …' over '3. Samsvarserklæringen …', '- …' over '- …': our next point
    consumed.add(j)
    text = _ANSWER_MARK.sub("", text)
    if key in ADDRESS_FIELDS:
        text, more = address_continuation(lines, j, text)
        consumed.update(more)
    yield from emit(key, text, "answer", lines[j], state)


def label_wraps_to(lines: list[Line], idx: int, value: str) -> int | None:
    """The line that closes a parenthesis the label opened and left open, within three lines."""
    if not value.startswith("(") or ")" in value:
        return None
    for j in range(idx + 1, min(idx + 4, len(lines))):
        text = lines[j].text.strip()
        if not text or lines[j].zone != lines[idx].zone or "(" in text:
            return None
        if text.endswith(")"):
            return j
        if ")" in text:
            return None
    return None

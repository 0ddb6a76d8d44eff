"""The words and number shapes of a declaration of conformity, in the languages applicants use.

Titles and labels in English, Norwegian (bokmål/nynorsk), Danish, Swedish, German and French;
legislation written the many ways people write it ("Regulation (EU) 2017/745", "MDR",
"93/42/EØF", "745/2017"). Every pattern is linear (no nested quantifiers) on untrusted text.
"""

from __future__ import annotations

import re
from functools import cache

_TITLES = re.compile(
    r"declaration\s+of\s+conformity|conformity\s+declaration|"
    r"samsvars?[\s-]*erklæring|erklæring\s+om\s+samsvar|samsvars?[\s-]*fråsegn|konformitetserklæring|"
    r"overensstemmelses[\s-]*erklæring|"
    r"försäkran\s+om\s+överensstämmelse|forsakran\s+om\s+overensstammelse|överensstämmelsedeklaration|"
    r"konformitäts[\s-]*erklärung|konformitaets[\s-]*erklaerung|"
    r"d[ée]claration\s+(?:ue\s+|ce\s+)?de\s+conformit[ée]|"
    r"dichiarazione\s+(?:ue\s+)?di\s+conformit|declaraci[óo]n\s+(?:ue\s+)?de\s+conformidad|"
    r"conformiteitsverklaring|vaatimustenmukaisuusvakuutus",
    re.IGNORECASE,
)

_ACT = r"(?:eec|eøf|eof|ewg|eeg|cee|eec|ec|eg|ef|eu|eø|ce|e\.e\.c\.?)"
LEGISLATION: list[tuple[str, re.Pattern[str]]] = [
    ("2017/745", re.compile(r"(?<![\d/])(?:2017\s*/\s*745|745\s*/\s*2017)(?![\d/])|\bMDR\b|"
                            r"medical\s+devices?\s+regulation", re.IGNORECASE)),
    ("2017/746", re.compile(r"(?<![\d/])(?:2017\s*/\s*746|746\s*/\s*2017)(?![\d/])|\bIVDR\b|"
                            r"in\s+vitro\s+diagnostic\s+(?:medical\s+)?devices?\s+regulation", re.IGNORECASE)),
    ("93/42/EEC", re.compile(rf"(?<![\d/])93\s*/\s*42(?:\s*/\s*{_ACT})?(?![\d])|\bMDD\b", re.IGNORECASE)),
    ("98/79/EC", re.compile(rf"(?<![\d/])98\s*/\s*79(?:\s*/\s*{_ACT})?(?![\d])|\bIVDD\b", re.IGNORECASE)),
    ("90/385/EEC", re.compile(rf"(?<![\d/])90\s*/\s*385(?:\s*/\s*{_ACT})?(?![\d])|\bAIMDD?\b", re.IGNORECASE)),
]

MANUFACTURER_LABELS = (
    r"manufacturer(?:'s|’s)?(?:\s+name)?(?:\s+and\s+address)?|name\s+of\s+(?:the\s+)?manufacturer|legal\s+manufacturer|"
    r"produsent(?:ens\s+navn)?|produsent(?:en)?\s+sitt\s+namn|navn\s+på\s+produsent|tilvirker|"
    r"producent|fabrikant|tillverkare|hersteller(?:\s*name)?|fabricant|fabbricante|fabricante|valmistaja"
)
REPRESENTATIVE_LABELS = (
    r"(?:eu\s+|ec\s+)?authori[sz]ed\s+representative|autorisert\s+representant|fullmektig|"
    r"bevollmächtigter|auktoriserad\s+representant|befuldmægtiget\s+repræsentant|ec\s+rep"
)
DEVICE_LABELS = (
    r"(?:device|product)(?:\s+(?:name|names|description|designation))?|trade\s+name|"
    r"name\s+of\s+(?:the\s+)?(?:device|product)|model(?:\s+name)?|"
    r"produkt(?:navn|namn|navne|namn|bezeichnung|beskrivelse)?|handelsname|utstyr|"
    r"nom\s+(?:du\s+)?(?:produit|dispositif)|dispositif|produit"
)
# A label with its value after a colon, or a heading alone on its line with the value below.
# Or, in a two-column layout flattened to text, the label and the value with only spaces between
# ('Manufacturer Shenzhen Kangda Medical Co., Ltd.'): the value then starts with a capital or digit.
_LABEL_LINE = (r"^[ \t*•\-]*(?:\d+[.)]\s*)?(?:{labels})[ \t]*(?:\([^)\n]{{0,40}}\))?[ \t]*"
               r"(?:[:：\-–][ \t]*(.*)|(?<=[ \t])((?-i:[A-ZÆØÅÄÖÜ0-9]).*))?$")

_SRN = re.compile(r"\b([A-Z]{2})[\s-]?(MF|AR|IM|PR)[\s-]?(\d{9})\b", re.IGNORECASE)
_UDI = re.compile(r"(?:basic[\s-]*)?udi[\s-]*di\b[^:\n]{0,20}[:#]?[ \t]*((?:\(01\)[ \t]*)?[A-Z0-9][A-Z0-9+\-./*]{5,40})",
                  re.IGNORECASE)
_CLASS = re.compile(
    r"\b(?:risk\s*|device\s*|risiko)?(?:class(?:ification)?|klasse|klass|classe|risikoklasse)\b"
    r"[ \t]*(?:of\s+the\s+device\s*)?[:\-–]?[ \t]*"
    r"(III|IIb|IIa|I[ \t]*(?:s|m|r|\(s\)|\(m\)|\(r\)|\(?ster\w*\)?|\(?measur\w*\)?|\(?reus\w*\)?)?|[1-3][ab]?|[A-D])(?!\w)",
    re.IGNORECASE,
)
_NB = re.compile(
    r"(?:notified\s+body|\bNB\b|benannte\s+stelle|organisme\s+notifi[ée]|anmält\s+organ|bemyndiget\s+organ|"
    r"teknisk\s+kontrollorgan|meldt\s+organ|tekninen)[^\d\n]{0,80}?(?:no\.?|nr\.?|number|nummer)?[ \t]*(\d{4})(?![\d/])",
    re.IGNORECASE,
)
_CE_NUMBER = re.compile(r"\bCE[ \t]*(\d{4})(?![\d/])")
_DATE_LABEL = re.compile(r"(?:date(?:\s+of\s+issue)?|dato|datum|place\s+and\s+date|sted\s+og\s+dato|fait\s+le)"
                         r"[^\n:]{0,30}[:\-]?[ \t]*([^\n]{0,60})", re.IGNORECASE)
_ISO = re.compile(r"\b(20\d\d|19\d\d)-(\d{1,2})-(\d{1,2})\b")
_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](20\d\d|19\d\d)\b")
_WORDY = re.compile(r"\b\d{1,2}\.?\s+[A-Za-zæøåäöüéû]{3,12}\.?\s+(?:20|19)\d\d\b")

NEEDS_NOTIFIED_BODY = {"Is", "Im", "Ir", "IIa", "IIb", "III", "B", "C", "D", "A sterile"}


_PREFIX = re.compile(r"^[\W\d_]*(?:(?:eu|ec|ef|eg|ce|ue|eø)\b[\s-]*)?", re.IGNORECASE)
# "ansvar" only as the DoC's own phrase ("på produsentens eget ansvar"): a letter signed by a
# "Fagansvarlig" declares nothing.
_DECLARE = re.compile(r"\bdeclare|erklærer|erklærar|erklären|erklärt|försäkrar|déclar|sole\s+responsibility|"
                      r"\beneansvar|alleinige[nr]?\s+verantwortung|\b(?:eget|eige|eneste|fulle|fullt|eget\s+fulle)\s+ansvar\b|"
                      r"\bsitt\s+eige\s+ansvar\b|\begetansvar", re.IGNORECASE)
# After the title words a heading ends, or names the act or the devices; a sentence ("… følger
# vedlagt.", "… ligg ved.") or a form's answer ("Samsvarserklæring: ikke relevant") is not a title.
_SENTENCE_END = re.compile(r"\w[\w)]*\s+\w+[^.]*\.\s*$|[?!]\s*$")
# A form's row: the title words (perhaps with a word or two: 'vedlagt (ja/nei)') as the label, then ':' or a
# table cell's tab, then the answer.
_CHECKBOX = re.compile(r"^\s*[:\-–]?\s*(?:\[\s*[xX✓✔]?\s*\]|[☐☑☒■□✓✔])")
_ANSWER = re.compile(r"^[ ]*(?:[^\W\d_]+[ ]*){0,2}(?:\([^)\n]{0,40}\)[ ]*)?(?:[:：=]|\t)\s*\S")
# Words that may stand beside the act in a title's subtitle ("… : according to Regulation (EU) 2017/745").
_ACT_WORDS = re.compile(r"\b(?:according|to|in|accordance|with|under|pursuant|regulation|regulations|forordning|"
                        r"forordninga|iht|i|henhold|til|etter|samsvar|med|gemäß|enligt|the|of|eu|ec|ue|ce|"
                        r"european|parliament|and|council|mdr|ivdr|annex|iv|vedlegg|bilag|anhang)\b", re.IGNORECASE)


def is_declaration_title(text: str) -> bool:
    """A DoC is titled so near the top; a cover letter merely mentioning one does not count.

    Either a line within the first 3,000 characters starts with the title words, or the title
    words come with a declaring verb and a cited act (a DoC whose title is lost in the layout).
    """
    head = text[:3000].splitlines()
    for number, line in enumerate(head):
        line = line.strip()
        if 0 < len(line) <= 160:
            match = _TITLES.search(line)
            ticked_below = number + 1 < len(head) and _CHECKBOX.match(head[number + 1])
            # '… The manufacturer's EU' / 'Declaration of Conformity (…), which names …': a sentence wrapped
            # at the margin, not a title.
            wrapped = number > 0 and len(head[number - 1].strip()) >= 60 and not head[number - 1].rstrip().endswith(
                (".", ":", "!", "?"))
            if match and match.start() <= len(_PREFIX.match(line).group(0)) and _heading(line[match.end():]) \
                    and not ticked_below and not wrapped:
                # ('11 EU-samsvarserklæring' over '☒ Vedlagt ☐ Ikke påkrevd': a form's question)
                return True
    if _TITLES.search(text[:3000]) and _DECLARE.search(text[:20000]):
        return any(pattern.search(text[:20000]) for _, pattern in LEGISLATION)
    return False


# A procedure-pack producer's statement under MDR article 22 stands where a DoC would:
# 'Erklæring for prosedyrepakker', 'STATEMENT PURSUANT TO ARTICLE 22(1) OF REGULATION (EU) 2017/745'.
_ARTICLE_22 = re.compile(r"^[\W\d_]*(?:(?:eu|ec|ef|eg)[\s-]*)?"
                         r"(?:erklæring|erklaering|fråsegn|statement|declaration|försäkran|erklärung)\b"
                         # the title may run onto a second line ('STATEMENT' / 'pursuant to Article 22(1) …')
                         r"[^\n]{0,80}?(?:\n[^\n]{0,80}?)?"
                         r"(?:\bart(?:ikkel|icle|ikel)?\.?\s*22\b|prosedyrepakk|procedure\s+pack)",
                         re.IGNORECASE | re.MULTILINE)


# The same title in capitals after a document number on its line ('Halmstad AB - Dok.nr 22 utg. 5 STATEMENT
# PURSUANT TO ARTICLE 22(1)'), as a PDF's text layer joins a running header to the title.
_ARTICLE_22_CAPITALS = re.compile(r"\b(?:STATEMENT|DECLARATION|ERKLÆRING|FÖRSÄKRAN|ERKLÄRUNG)\b[^\n]{0,80}?"
                                  r"\bART(?:ICLE|IKKEL|IKEL)?\.?\s*22\b")


def is_article_22_statement(text: str) -> bool:
    """Is this a procedure-pack producer's article 22 statement, titled so near the top?"""
    return bool(_ARTICLE_22.search(text[:1500]) or _ARTICLE_22_CAPITALS.search(text[:1500]))


def title_offset(text: str) -> int | None:
    """Where a declaration's title line starts (within the first 20,000 characters), or None."""
    offset = 0
    for line in text[:20000].splitlines(keepends=True):
        stripped = line.strip()
        if 0 < len(stripped) <= 160:
            match = _TITLES.search(stripped)
            if match and match.start() <= len(_PREFIX.match(stripped).group(0)) and _heading(stripped[match.end():]):
                return offset
        offset += len(line)
    return None


_ENCLOSED = re.compile(r"^\s*[:\-–]?\s*(?:se\s+|see\s+)?(?:vedlegg|vedlagt|vedlagd|vedlagde|bilag|bilaga|bilagt|"
                       r"attached|attachment|enclosed|appendix)(?:\s+(?:nr\.?\s*)?\d{1,2})?\.?\s*$", re.IGNORECASE)


def _heading(rest: str) -> bool:
    """Does what follows the title words end a heading, rather than a sentence or a form's answer?"""
    if _CHECKBOX.match(rest) or _ENCLOSED.match(rest):
        # '11. EU-samsvarserklæring [X] Vedlagt [ ] Ikke relevant', 'EU-samsvarserklæring Vedlegg 1': a form's
        # question, ticked or answered
        return False
    if _ANSWER.match(rest):
        # A subtitle names the act and nothing else; a form's answer that cites the act says more
        # ("Ikkje aktuelt – spesialtilpassa … etter MDR vedlegg XIII", "DoC_X_MDR.pdf").
        answer = rest[_ANSWER.match(rest).end() - 1:]
        if not any(pattern.search(answer) for _, pattern in LEGISLATION):
            return False
        for _, pattern in LEGISLATION:
            answer = pattern.sub(" ", answer)
        return not _WORD.search(_ACT_WORDS.sub(" ", answer))
    return not _SENTENCE_END.search(rest)


def labelled_values(text: str, labels: str) -> list[str]:
    """Values after `Label:` on the same line, or on the next non-empty line when the label stands alone."""
    pattern = _label_line(labels)
    lines = text.splitlines()
    values: list[str] = []
    for number, line in enumerate(lines):
        if len(line) > 400:
            continue
        match = pattern.match(line)
        if not match:
            continue
        value = (match.group(1) or match.group(2) or "").strip() or _next_line(lines, number)
        if value:
            values.append(" ".join(value.split()))
    return values


@cache  # two label sets; kept here, not in re's own cache, which each message's MIME boundaries churn
def _label_line(labels: str) -> re.Pattern[str]:
    return re.compile(_LABEL_LINE.format(labels=labels), re.IGNORECASE | re.MULTILINE)


def _next_line(lines: list[str], number: int) -> str:
    for line in lines[number + 1: number + 4]:
        if line.strip():
            return line.strip()
    return ""


def find_srns(text: str) -> list[str]:
    return list(dict.fromkeys(f"{c.upper()}-{r.upper()}-{n}" for c, r, n in _SRN.findall(text)))


_GS1_AI = re.compile(r"^\(01\)\s*")
_SPACE_OR_PAREN = re.compile(r"[\s()]")
_WORD = re.compile(r"[^\W\d_]{2,}")


def find_udi_dis(text: str) -> tuple[str, ...]:
    found = (_GS1_AI.sub("", m.group(1)).rstrip(".,;") for m in _UDI.finditer(text))
    return tuple(dict.fromkeys(v for v in found if any(ch.isdigit() for ch in v)))[:20]


def find_risk_class(text: str) -> str | None:
    """I, Is, Im, Ir, IIa, IIb, III; for IVD A–D. The first class statement wins."""
    for match in _CLASS.finditer(text):
        value = _normalise_class(match.group(1))
        if value:
            return value
    return None


def _normalise_class(raw: str) -> str | None:
    value = _SPACE_OR_PAREN.sub("", raw).casefold()
    arabic = {"1": "I", "2a": "IIa", "2b": "IIb", "3": "III"}
    if value in arabic:
        return arabic[value]
    if value in ("iii", "iib", "iia", "i"):
        return {"iii": "III", "iib": "IIb", "iia": "IIa", "i": "I"}[value]
    if value.startswith("i") and len(value) > 1 and value[1] in "smr":
        return "I" + value[1]
    if value in ("a", "b", "c", "d") and raw.isupper():
        return raw.upper()
    return None


def find_notified_body(text: str) -> str | None:
    """The four-digit notified body number, after an NB label or in a CE mark ("CE 2460")."""
    match = _NB.search(text) or _CE_NUMBER.search(text)
    return match.group(1) if match else None


def find_date(text: str) -> str | None:
    """The labelled date of issue (ISO when numeric), else the last date in the text."""
    for match in _DATE_LABEL.finditer(text):
        found = _a_date(match.group(1))
        if found:
            return found
    dates = [d for d in (_a_date(line) for line in text.splitlines()[-40:]) if d]
    return dates[-1] if dates else None


def _a_date(text: str) -> str | None:
    if m := _ISO.search(text):
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    if m := _DMY.search(text):
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    if m := _WORDY.search(text):
        return m.group(0)
    return None

"""Answers by number that follow the 13 points of the register's web page, with or without labels.

'1. Eksempel Ortopedi AS / 2. 912 345 678 / 3. Storgata 1, 0150 Oslo …' answers the page's list
in its order (name, org number, visiting address, postal address, phone, fax, contact person,
contact's phone, e-mail, type of device, declaration of conformity, type of business, website).
A run of at least six numbered answers counting up from 1, none of them carrying a label of its
own, is rewritten as `label: value` lines; several answers typed on one line are split first.
"""

from __future__ import annotations

import re

from intake.layouts.signature import EMAIL
from intake.layouts.table_text import is_label

# '1. X', '1) X', '1: X', or on a phone just '1 X' (the run's count from 1 tells it from a value).
_ITEM = re.compile(r"^\s*(\d{1,2})(?:\s*[.):]|\s)\s*(.*)$")
_TWO_POINTS = re.compile(r"^\s*(\d{1,2})\s*[+&/]\s*(\d{1,2})(?:\s*[.):]|\s)\s*(.*)$")
_INLINE = re.compile(r"(?:^|\s{2,}|\s+[|;]\s+|\s+)(\d{1,2})[.)]\s+")


_POINT_ONE = re.compile(r"(?m)^\s*1(?:\s*[.):]|\s)")
# 'a) Vestlandske Laboratorieprodukter AS' / 'b) Org.nr. 816 994 322' …: the points lettered instead of numbered.
_LETTER_A = re.compile(r"(?m)^\s*a[.)]\s")
_LETTERED = re.compile(r"^(\s*)([a-m])[.)]\s+(.*)$")


def _letters_as_numbers(text: str) -> str:
    """A run of at least six lines lettered a), b), c) … in order, numbered 1., 2., 3. … instead."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        j, want = i, "a"
        while j < len(lines) and (m := _LETTERED.match(lines[j])) and m.group(2) == want:
            j, want = j + 1, chr(ord(want) + 1)
        if j - i >= 6:
            for k in range(i, j):
                m = _LETTERED.match(lines[k])
                lines[k] = f"{m.group(1)}{k - i + 1}. {m.group(3)}"
        i = max(j, i + 1)
    return "\n".join(lines)
_LABEL_END = re.compile(r"\s*[:=]\s*")
_DIGIT_OR_LINK = re.compile(r"\d|https?$")


def read_numbered(text: str) -> str:
    """`text` with a numbered run of answers to the register's points given their labels."""
    if _LETTER_A.search(text):
        text = _letters_as_numbers(text)
    if not _POINT_ONE.search(text):
        return text
    from intake.fields.catalogue import catalogue

    names = [spec.labels[0] for spec in catalogue()]
    keys = [spec.key for spec in catalogue()]
    lines = _split_inline(text.split("\n"))
    out: list[str] = []
    i = 0
    while i < len(lines):
        run = _run(lines, i)
        if len(run) < 6:
            run = _shuffled_run(lines, i, points=len(names))
        if len(run) >= 6 and all(not _labelled(value) for _, value in run):
            given = dict(run)
            points = [(n, value, _point(n, value, keys)) for n, value in run if 1 <= n <= len(names)]
            out += [f"{names[p - 1]}: {_same_as_point(_without_own_label(value, keys[p - 1]), given)}"
                    for n, value, p in points]
            i += _consumed(lines, i, len(run))
        elif len(run) >= 6 and _follows_points(run, keys):
            # Labelled answers in the page's order, one given without its label ('12. Produsent'):
            # that one answers its point too.
            out += [_answer_line(n, value, names=names, keys=keys) for n, value in run]
            i += _consumed(lines, i, len(run))
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def _split_inline(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        marks = [m for m in _INLINE.finditer(line)]
        numbers = [int(m.group(1)) for m in marks]
        if len(marks) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            for k, m in enumerate(marks):
                end = marks[k + 1].start() if k + 1 < len(marks) else len(line)
                out.append(f"{m.group(1)}. {line[m.end():end].strip()}")
        else:
            out.append(line)
    return out


def _items(lines: list[str], start: int) -> list[tuple[int, str]]:
    """The numbered answers from `start` on, one after the other, blank lines between them allowed;
    '3+4 Lysaker torg 35, 1366 Lysaker' is one answer to two points."""
    items: list[tuple[int, str]] = []
    j = start
    while j < len(lines):
        m = _ITEM.match(lines[j])
        both = _TWO_POINTS.match(lines[j])
        if both and int(both.group(2)) == int(both.group(1)) + 1:
            items += [(int(both.group(1)), both.group(3).strip()), (int(both.group(2)), both.group(3).strip())]
        elif m:
            items.append((int(m.group(1)), m.group(2).strip()))
        elif lines[j].strip() or not items:
            break
        j += 1
    return items


def _run(lines: list[str], start: int) -> list[tuple[int, str]]:
    """Numbered items counting 1, 2, 3 … from `start`."""
    run: list[tuple[int, str]] = []
    for number, value in _items(lines, start):
        if number != len(run) + 1:
            break
        run.append((number, value))
    return run


def _shuffled_run(lines: list[str], start: int, *, points: int) -> list[tuple[int, str]]:
    """Answers to the points 'in the order I found them' ('9. post@…', '1. Firma AS', '3. …'):
    each point at most once, at least eight of them."""
    run = _items(lines, start)
    numbers = [n for n, _ in run]
    if len(run) < 8 or len(set(numbers)) < len(numbers) or not all(1 <= n <= points for n in numbers):
        return []
    return run


# The last points are numbered differently in writers' memory of the page ('11. IVD', '13. Se vedlagt
# samsvarserklæring'); their answers say which they are (a web address, at any number: _TYPED_ANSWERS).
_TAIL_ANSWERS = (
    ("declaration_of_conformity", re.compile(r"samsvarserkl|conformity|\bdoc\b|vedlagt|vedlegg|attached|\.pdf\b",
                                             re.IGNORECASE)),
    ("business_type", re.compile(r"^(?:vi\s+er\s+)?(?:produsent|tilvirkar|tilverkar|manufacturer|fullmektig|autorisert|"
                                 r"authori[sz]ed|representant|representative|importør|distributør|"
                                 r"importer|distributor)",
                                 re.IGNORECASE)),
    ("device_type", re.compile(r"^(?:ivd|in[\s-]vitro|medisinsk\s+utstyr|medical\s+device)", re.IGNORECASE)),
)


# Whatever its number, an e-mail address answers the e-mail point and a web address the website's
# ('8. post@firma.no' from a writer who merged two points above it).
_TYPED_ANSWERS = (
    ("email", re.compile(rf"^{EMAIL.pattern}$")),
    ("website", re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)),
)


def _point(number: int, value: str, keys: list[str]) -> int:
    """The point an answer answers: its own, unless what it says is another point's (an e-mail address
    anywhere; a role, a kind of device or a declaration among the last five points)."""
    typed = [key for key, pattern in _TYPED_ANSWERS if pattern.match(value.strip())]
    if typed:
        return number if keys[number - 1] in typed else keys.index(typed[0]) + 1
    if number < len(keys) - 4:
        return number
    says = [key for key, pattern in _TAIL_ANSWERS if pattern.search(value.strip())]
    if not says or keys[number - 1] in says:
        return number
    return keys.index(says[0]) + 1


# '4. samme som 3', '4. same as point 3': the postal address is the visiting address given at 3.
_SAME_AS_POINT = re.compile(r"^(?:samme\s+som|same\s+as|som|sjå|se|see)\s+"
                            r"(?:punkt|pkt\.?|point|nr\.?)?\s*(\d{1,2})\.?$",
                            re.IGNORECASE)


def _same_as_point(value: str, given: dict[int, str]) -> str:
    m = _SAME_AS_POINT.match(value.strip())
    return given.get(int(m.group(1)), value) if m else value


def _consumed(lines: list[str], start: int, items: int) -> int:
    seen, j = 0, start
    while j < len(lines) and seen < items:
        if _TWO_POINTS.match(lines[j]):
            seen += 2
        elif _ITEM.match(lines[j]):
            seen += 1
        j += 1
    return j - start


def _without_own_label(value: str, key: str) -> str:
    """'2. Organisasjonsnummer 923 171 193' from a PDF form whose columns lost their gap: the point's
    own label, typed before its answer, is not part of it."""
    from intake.fields.labels import leading_label

    words = value.split()
    # The label ends at a tick box at the latest ('Type utstyr [X] Medisinsk utstyr'): a box is an answer.
    head = next((i for i, word in enumerate(words) if word.startswith(("[", "(", "☐", "☒", "☑"))), len(words))
    found = leading_label(words[:head] + ["."]) if head > 0 else None
    return " ".join(words[found[1]:]) if found and found[0] == key else value


def _labelled(value: str) -> bool:
    head = _LABEL_END.split(value, maxsplit=1)
    return len(head) == 2 and is_label(head[0])


def _own_label(value: str) -> bool:
    """'Navn på produsent/fullmektig: Vestlab AS': a label of the writer's own, which the reader splits."""
    head = value.split(":", 1)[0] if ": " in value else ""
    return bool(head) and len(head) <= 60 and len(head.split()) <= 6 and not _DIGIT_OR_LINK.search(head)


def _follows_points(run: list[tuple[int, str]], keys: list[str]) -> bool:
    """Do the run's labelled answers stand at their points' numbers (most of them, at least four)?"""
    from intake.fields.labels import match_label

    labelled = [(n, _LABEL_END.split(value, maxsplit=1)[0]) for n, value in run if _labelled(value)]
    placed = sum(1 for n, label in labelled if n <= len(keys) and match_label(label) == keys[n - 1])
    # Something to give its point's label: an answer without one, or with a word that names no field ('Name:').
    vague = len(labelled) < len(run) or any(match_label(label) not in keys for _, label in labelled)
    return placed >= 4 and placed >= 0.6 * len(labelled) and vague


def _answer_line(number: int, value: str, *, names: list[str], keys: list[str]) -> str:
    """An answer at its point's number as a label line: its own label kept when it names a field, the point's
    label given when it has none or only a vague one ('1. Name: Nordic Regulatory Bridge AS')."""
    from intake.fields.labels import match_label

    if not value or number > len(names):
        return value
    if _labelled(value):
        label, rest = _LABEL_END.split(value, maxsplit=1)
        return value if match_label(label) in keys else f"{names[number - 1]}: {rest}"
    return value if _own_label(value) else f"{names[number - 1]}: {value}"

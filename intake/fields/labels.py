"""Label matching: does a piece of text name one of the catalogue's fields (exactly or nearly)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from collections import Counter
from functools import cache, lru_cache
from itertools import repeat

from intake.fields.catalogue import catalogue

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_LEAD = re.compile(r"^\s*(?:[-*•·◦▪o]\s+|\d{1,2}[.)]\s*|[a-h][.)]\s+|(?i:pkt|punkt|point|pt)\.?\s*\d{1,2}[.):]?\s+)")
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
_ADDRESS = re.compile(r"ad+res+e?")
_OLD = re.compile(r"^\s*(?:gammel|gamle|gamal|tidligere|tidlegare|forrige|old|previous|former|tidigare)\s+\w",
                  re.IGNORECASE)
_NEW = re.compile(r"^\s*(?:new|ny|nytt|nye|nya|neue|neuer|neues|updated|oppdatert|korrekt|riktig|correct)\s+",
                  re.IGNORECASE)


# Words one letter from a field's label that name something else: 'Saksnummer' is no 'Faksnummer'.
_OTHER_NUMBERS = {"saksnummer", "saksnr", "kundenummer", "kundenr", "ordrenummer", "ordrenr", "fakturanummer",
                  "fakturanr", "kontonummer", "kontonr", "referansenummer", "serienummer", "lotnummer", "casenumber"}


def normalise_label(text: str) -> str:
    """A label reduced to letters and digits: casing, punctuation, æøå and 'adress(e)' spellings removed."""
    text = _LEAD.sub("", text.replace("*", ""))
    text = _PAREN.sub(" ", text).casefold().translate(_TRANSLIT)
    text = _NOT_ALNUM.sub("", text)
    return _ADDRESS.sub("adresse", text)


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@cache
def _exact() -> dict[str, str]:
    index: dict[str, str] = {}
    for spec in catalogue():
        for label in spec.labels:
            index.setdefault(normalise_label(label), spec.key)
    return index


def names_old_value(line: str) -> bool:
    """'Gammel telefon: 61 13 20 00': a line stating a value that is being replaced."""
    return bool(_OLD.match(line)) and ":" in line[:60]


@lru_cache(maxsize=16_384)  # the same label lines come again and again; the answer depends on the text alone
def match_label(text: str, *, fuzzy: bool = True) -> str | None:
    """The field key `text` names, or None. Near misses ('Organisasjonsnumer') match when fuzzy."""
    norm = normalise_label(text)
    if not norm or len(norm) > 60 or _OLD.match(text) or norm in _OTHER_NUMBERS:
        return None  # 'Gammel telefon', 'Previous contact': a value no longer valid names no field
    key = _exact().get(norm)
    if key is None and _NEW.match(text):
        # 'New contact person', 'Ny e-post': an update names the field it changes.
        key = _exact().get(normalise_label(_NEW.sub("", text)))
    if key or not fuzzy or len(norm) < 7:
        return key
    return _nearest(norm)


def _letter_bits(text: str) -> int:
    """The set of characters in `text` as bits of an int: the size of two sets' symmetric
    difference is then one XOR and a bit count instead of a set built per label."""
    bits = 0
    for ch in set(text):
        bits |= 1 << ord(ch)
    return bits


@cache
def _by_length() -> dict[int, tuple[tuple[str, str, int, tuple[str, ...], tuple[int, ...]], ...]]:
    """Labels of 7+ characters, listed under every length within 3 of their own, each with its
    letters (as bits) and letter counts (for the cheap bounds in _nearest). Under each length only
    the labels whose length can give a ratio of 0.88 are kept (SequenceMatcher's real_quick_ratio)."""
    out: dict[int, list[tuple[str, str, int, tuple[str, ...], tuple[int, ...]]]] = {}
    for label, key in _exact().items():
        if len(label) >= 7:
            counted = Counter(label)
            for n in range(len(label) - 3, len(label) + 4):
                if 2.0 * min(len(label), n) / (len(label) + n) < 0.88:
                    continue
                out.setdefault(n, []).append((label, key, _letter_bits(label), tuple(counted), tuple(counted.values())))
    return {n: tuple(v) for n, v in out.items()}


@lru_cache(maxsize=8_192)
def _nearest(norm: str) -> str | None:
    """The closest known label within a small edit distance; ties between fields give None."""
    best, best_key, second = 0.0, None, 0.0
    matcher = None
    letters = _letter_bits(norm)
    count_of, zeros = Counter(norm).get, repeat(0)
    size = len(norm)
    for label, key, label_letters, chars, numbers in _by_length().get(size, ()):
        differ = letters ^ label_letters
        if differ.bit_count() > 6:
            continue  # more than a few letters differ: no small edit distance
        # SequenceMatcher's quick_ratio bound (the length bound, real_quick_ratio, was applied when the
        # labels were listed by length). First a looser one from the bits alone: a letter only one side
        # has is at least one character the other side cannot match.
        length = len(label) + size
        if 2.0 * min(len(label) - (differ & label_letters).bit_count(), size - (differ & letters).bit_count()) \
                / length < 0.88:
            continue
        if 2.0 * sum(map(min, numbers, map(count_of, chars, zeros))) / length < 0.88:
            continue
        if matcher is None:
            # SequenceMatcher analyses its second sequence once: the candidate text goes there, each label first.
            matcher = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(norm)
        matcher.set_seq1(label)
        ratio = matcher.ratio()
        if ratio > best:
            if best_key != key:
                second = best
            best, best_key = ratio, key
        elif key != best_key:
            second = max(second, ratio)
    if best >= 0.88 and best - second > 0.02:
        return best_key
    return None


_TICK_BOX = re.compile(r"\[[xX✓✔]?\]|[☒☑☐□■✓✔]|[\[\]]")  # '[ ]' is two words, '[' and ']'


def leading_label(words: list[str]) -> tuple[str, int] | None:
    """A label at the start of a line without a colon ('Org.nr 912 345 678'): (key, words used)."""
    for n in range(min(6, len(words) - 1), 0, -1):
        if _TICK_BOX.fullmatch(words[n - 1]):
            continue  # 'Rolle [X] Produsent [ ] Fullmektig': the box belongs to the answer, not the label
        key = match_label(" ".join(words[:n]), fuzzy=False)
        if key:
            return key, n
    return None


_HALVES = re.compile(r"\s+/\s+")
_NAME_WORDS = {"navn", "namn", "name"}  # 'Name / Navn': whose name, the section around it says
_POINT = re.compile(r"^\s*(?:\d{1,2}|[a-m])[.)]\s+")


def bilingual_label(text: str) -> str | None:
    """'2. Contact person / Kontaktperson': one label in two languages, its value still to come."""
    halves = _HALVES.split(_POINT.sub("", text.strip().rstrip(":")))
    if len(halves) != 2:
        return None
    keys = {"@name" if half.casefold() in _NAME_WORDS else match_label(half, fuzzy=False) for half in halves}
    return keys.pop() if len(keys) == 1 and None not in keys else None


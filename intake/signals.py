"""Market-surveillance signals: which of the agency's focus areas a registration touches, with
the words that show it. Rules live in intake/data/signals.toml (staff may add a file of their
own); evaluating them is pure and never blocks anything."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from intake.register_items import RegisterItems, risk_class

# Evidence that is a fact, not words from the mail, is stored as a code and said per language.
CLASS_EVIDENCE = "class:"
NEW_OPERATOR_EVIDENCE = "new_operator"
_LEGACY = {"not in the register before": NEW_OPERATOR_EVIDENCE}  # said in English before codes

EVIDENCE_CHARS = 40  # context either side of a matched word
MAX_EVIDENCE = 5


class BadRules(ValueError):
    """A rules file that cannot be read (bad TOML, a rule without id or texts, a bad pattern)."""


@dataclass(frozen=True)
class Rule:
    id: str
    texts: dict[str, str]
    words: re.Pattern[str] | None = None
    classes: frozenset[str] = frozenset()
    custom_made: bool = False
    new_operator: bool = False


@dataclass(frozen=True)
class SignalMatch:
    rule: str
    evidence: tuple[str, ...]

    @property
    def flag(self) -> str:
        return f"signal:{self.rule}"


def _parse(text: str, origin: str) -> dict[str, Rule]:
    try:
        data = tomllib.loads(text)
        rules = {}
        for item in data.get("rule", []):
            words = item.get("words") or []
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE) if words else None
            classes = frozenset(filter(None, (risk_class(c) for c in item.get("classes", []))))
            rules[item["id"]] = Rule(id=item["id"], texts={k: item[k] for k in ("nb", "nn", "en")}, words=pattern,
                                     classes=classes, custom_made=bool(item.get("custom_made")),
                                     new_operator=bool(item.get("new_operator")))
        return rules
    except (tomllib.TOMLDecodeError, KeyError, TypeError, re.error) as exc:
        raise BadRules(f"{origin}: {exc}") from exc


@cache
def load_rules(extra: Path | None = None) -> tuple[Rule, ...]:
    """The shipped rules, then those of `extra` (same id replaces)."""
    rules = _parse(resources.files("intake").joinpath("data/signals.toml").read_text("utf-8"), "signals.toml")
    if extra is not None:
        rules.update(_parse(Path(extra).read_text("utf-8"), str(extra)))
    return tuple(rules.values())


def evaluate(rules: tuple[Rule, ...], *, texts: dict[str, str], items: RegisterItems, classes: set[str],
             new_operator: bool) -> list[SignalMatch]:
    """The rules this registration matches. `texts`: where -> text (body, attachment names …)."""
    classes = {c for c in (risk_class(x) for x in classes) if c} | {d.risk_class for d in items.devices if d.risk_class}
    custom_made = any(d.custom_made for d in items.devices)
    names = "\n".join(d.name for d in items.devices)
    sources = {**texts, "devices": names} if names else dict(texts)
    out = []
    for rule in rules:
        if rule.classes and not (classes & rule.classes):
            continue
        if rule.custom_made and not custom_made:
            continue
        if rule.new_operator and not new_operator:
            continue
        evidence = _evidence(rule, sources) if rule.words is not None else ()
        if rule.words is not None and not evidence:
            continue
        if rule.classes:
            evidence += (f"{CLASS_EVIDENCE}{', '.join(sorted(classes & rule.classes))}",)
        if rule.new_operator:
            evidence += (NEW_OPERATOR_EVIDENCE,)
        out.append(SignalMatch(rule=rule.id, evidence=evidence))
    return out


def _evidence(rule: Rule, sources: dict[str, str]) -> tuple[str, ...]:
    found = []
    for where, text in sources.items():
        for match in rule.words.finditer(text or ""):
            start, end = max(0, match.start() - EVIDENCE_CHARS), match.end() + EVIDENCE_CHARS
            snippet = " ".join(text[start:end].split())
            found.append(f"{where}: «{match.group(0)}» … {snippet}")
            if len(found) >= MAX_EVIDENCE:
                return tuple(found)
    return tuple(found)



@cache
def _words(language: str) -> dict[str, str]:
    table = tomllib.loads(resources.files("intake").joinpath("data/signal_words.toml").read_text("utf-8"))
    return table.get(language) or table["nb"]


def evidence_text(line: str, *, language: str = "nb") -> str:
    """One stored evidence line in the reader's language: where the words were found
    ('body: «filler» …' -> 'e-posten: «filler» …'), the declared class and 'new to the register'."""
    words = _words(language)
    line = _LEGACY.get(line, line)
    if line == NEW_OPERATOR_EVIDENCE:
        return words["new_operator"]
    for prefix in (CLASS_EVIDENCE, "class "):
        if line.startswith(prefix) and "«" not in line:
            return f"{words['class']} {line[len(prefix):]}"
    where, sep, rest = line.partition(": «")
    if not sep:
        return line
    if where.startswith("attachment "):
        return f"{words['attachment']} {where[len('attachment '):]}: «{rest}"
    return f"{words.get(where, where)}: «{rest}"

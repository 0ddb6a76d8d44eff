"""Answers to common questions from the knowledge base in intake/kb/, with a score anyone can follow.

Pure. `is_question(understanding)` says whether a message asks something rather than registers;
`best_answer(text)` scores every article and returns the winner only when it is clearly ahead:

    score(article) = Σ weight of each keyword found          (stems: "tannkron" finds "tannkroner")
                   + 2 × best share of an example question's content words found in the message

An article is used when its score is at least THRESHOLD and at least MARGIN above the runner-up;
otherwise `best_answer` returns None and the question goes to staff. `score_all` shows the whole
table (for staff and tests).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from intake.model import MISSING, Understanding

THRESHOLD = 3.0
MARGIN = 1.5
QUESTION_WEIGHT = 2.0
MIN_STEM = 4

# Fields that say "this is a registration"; a signature alone gives contact details, not these.
_REGISTRATION_FIELDS = ("manufacturer_name", "org_number", "visiting_address", "postal_address",
                        "device_type", "business_type", "declaration_of_conformity")
_QUESTION_WORDS = re.compile(
    r"\?|^\s*(hva|hvordan|hvem|hvilke|hvilken|hvor|hvorfor|når|kan|må|skal|trenger|gjelder|"
    r"kva|korleis|kven|kvifor|kor|treng|"
    r"what|how|who|which|where|why|when|can|do|does|must|should|is|are)\b",
    re.IGNORECASE | re.MULTILINE,
)
_WORD = re.compile(r"[0-9a-zæøåäöüé/]+(?:-[0-9a-zæøåäöüé]+)*")
_STOP = {
    "og", "i", "på", "en", "et", "ei", "er", "vi", "det", "som", "for", "til", "av", "med", "har", "hva",
    "må", "skal", "kan", "vår", "våre", "oss", "dere", "de", "den", "eller", "om", "hvordan", "kva",
    "korleis", "dykk", "eg", "me", "the", "a", "an", "and", "or", "of", "to", "in", "on", "we", "our",
    "us", "do", "does", "is", "are", "what", "how", "for", "you", "your", "need", "get", "with",
    "ein", "eit", "ikkje", "ikke", "få", "fått",
}


@dataclass(frozen=True)
class Article:
    id: str
    keywords: dict[str, float]
    questions: tuple[str, ...]
    answers: dict[str, str]

    def answer(self, language: str) -> str:
        return (self.answers.get(language) or self.answers.get("nb") or "").strip()


@dataclass(frozen=True)
class Scored:
    """One article's score and the terms that earned it."""

    article: Article
    score: float
    terms: tuple[str, ...]


@cache
def articles() -> tuple[Article, ...]:
    out = []
    folder = resources.files("intake").joinpath("kb")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text("utf-8"))
        keywords: dict[str, float] = {}
        for terms in data.get("keywords", {}).values():
            for term, weight in terms.items():
                keywords[term] = max(keywords.get(term, 0.0), float(weight))
        questions = tuple(q for qs in data.get("questions", {}).values() for q in qs)
        out.append(Article(id=data["id"], keywords=keywords, questions=questions,
                           answers=dict(data.get("answer", {}))))
    return tuple(out)


def article(article_id: str) -> Article:
    return next(a for a in articles() if a.id == article_id)


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFC", text.casefold()).replace("‐", "-").replace("–", " ")
    return _WORD.findall(folded)


def _stem_match(stem: str, word: str) -> bool:
    return word == stem or (len(stem) >= MIN_STEM and word.startswith(stem))


def _has_term(term: str, tokens: list[str]) -> bool:
    """The term's words found in a row, each as a stem of the message's word."""
    parts = words(term)
    if not parts:
        return False
    n = len(parts)
    for i in range(len(tokens) - n + 1):
        if all(_stem_match(parts[j], tokens[i + j]) for j in range(n)):
            return True
    return False


def _question_share(example: str, tokens: set[str]) -> float:
    content = [w for w in words(example) if w not in _STOP]
    if not content:
        return 0.0
    found = sum(1 for w in content if any(_stem_match(w[: max(MIN_STEM, len(w) - 2)], t) for t in tokens))
    return found / len(content)


def score_all(text: str) -> list[Scored]:
    """Every article with its score and the terms that matched, best first."""
    tokens = words(text)
    token_set = set(tokens)
    out = []
    for item in articles():
        terms = [t for t in item.keywords if _has_term(t, tokens)]
        # "oppdater" (nb) and "oppdatere" (nn) are one finding: keep the shortest of such a pair
        terms = [t for t in terms if not any(o != t and t.startswith(o) for o in terms)]
        score = sum(item.keywords[t] for t in terms)
        share = max((_question_share(q, token_set) for q in item.questions), default=0.0)
        if share >= 0.5:
            terms.append(f"question~{share:.2f}")
            score += QUESTION_WEIGHT * share
        out.append(Scored(article=item, score=round(score, 2), terms=tuple(terms)))
    return sorted(out, key=lambda s: (-s.score, s.article.id))


def best_answer(text: str) -> Scored | None:
    """The article that clearly answers `text`, or None (then a person answers)."""
    ranked = score_all(text)
    if not ranked:
        return None
    best = ranked[0]
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    if best.score >= THRESHOLD and best.score - runner_up >= MARGIN:
        return best
    return None


def is_question(understanding: Understanding, text: str) -> bool:
    """A message asks rather than registers: it has a question and no registration data.

    No organisation number and at most two registration fields (a signature can give a company
    name; a question about custom-made devices can read as 'custom-made' for the DoC). A mail read as
    a question keeps only who asks (the company it names itself), which registers nothing."""
    if understanding.kind == "question":
        return bool(_QUESTION_WORDS.search(text))
    fields = understanding.fields
    org = fields.get("org_number")
    if org is not None and org.state != MISSING:
        return False
    given = sum(1 for key in _REGISTRATION_FIELDS if key in fields and fields[key].state != MISSING)
    return given <= 2 and bool(_QUESTION_WORDS.search(text))

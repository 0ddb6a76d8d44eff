"""Every flag the code can raise has a text in bokmål, nynorsk and English in the one catalogue
(intake/data/flags.toml), so neither staff nor the command line ever shows a raw code.

The code is read, not run: its Python sources under intake/, store/ and mailbot/ are parsed and
every flag name is collected from the places flags are made —
- `flags=` arguments, `flags.append(…)`, `flags += …`, the `kinds` lists readers fill,
  constants named `…FLAG`, and what functions or properties named `…flag…` return;
- any string that starts with a snake_case code and a colon (`doc_mismatch:manufacturer_name`).
A flag built from a variable has its possible values listed in DYNAMIC below; a new one fails
this test until it is listed there.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from intake.flags import LANGUAGES, catalogue
from intake.states import MACHINE_KINDS

ROOT = Path(__file__).parents[2]
PACKAGES = ("intake", "store", "mailbot")
PREFIXED = re.compile(r"^([a-z][a-z0-9]*(?:_[a-z0-9]+)+):")
CODE = re.compile(r"^([a-z][a-z0-9]*(?:_[a-z0-9]+)*)(?::|$)")

# A flag whose code is built from a variable: the source text -> the codes it can make.
DYNAMIC = {
    "f'{noise.kind}_received'": [f"{kind}_received" for kind in MACHINE_KINDS],
    "f\"stranger_joined_by_{joined_by or 'token'}\"": [
        f"stranger_joined_by_{how}" for how in ("thread", "token", "reply_address", "org_number")],
    "f'{kind}:{flag_name(record)}'": [],  # _flagged(record, kind): its callers pass literal codes
    "f'{FLAG}:{name}'": [],  # homoglyph_domain, the module's FLAG constant
}


def _flag_target(node: ast.AST) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name.endswith(("flags", "kinds")) or name == "was"


def _values(node: ast.AST):
    """(code or None, source) for each string a node puts into a flag place."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value, None
    elif isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        if isinstance(first, ast.Constant) and ":" in first.value:
            yield first.value, None
        else:
            yield None, ast.unparse(node)
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for element in node.elts:
            yield from _values(element)
    elif isinstance(node, ast.ListComp):
        yield from _values(node.elt)
    elif isinstance(node, ast.BinOp):
        yield from _values(node.left)
        yield from _values(node.right)


def _flag_places(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "flags":
            yield node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("append", "extend") and _flag_target(node.func.value):
            yield from node.args
        elif isinstance(node, ast.AugAssign) and _flag_target(node.target):
            yield node.value
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and (target.id.endswith("FLAG") or _flag_target(target)):
                    yield node.value
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    yield from (v for t, v in zip(target.elts, node.value.elts) if _flag_target(t))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "flag" in node.name:
            yield from (r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("ZipRefused", "flag") and node.args:
            yield node.args[0]


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes: prose, never a flag, even when it opens with 'name: …'."""
    bodies = (n.body for n in ast.walk(tree)
              if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)))
    return {id(body[0].value) for body in bodies
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)}


def _prefixed_strings(tree: ast.AST):
    prose = _docstrings(tree)
    for node in ast.walk(tree):
        if id(node) in prose:
            continue
        text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else \
            node.values[0].value if isinstance(node, ast.JoinedStr) and node.values \
            and isinstance(node.values[0], ast.Constant) else None
        if text and (match := PREFIXED.match(text)):
            yield match.group(1)


def flags_in_code() -> dict[str, str]:
    """code -> where it was first seen; unlisted dynamic flags under the key `?<source>`."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            where = str(path.relative_to(ROOT))
            for place in _flag_places(tree):
                for text, source in _values(place):
                    if source is not None:
                        codes = DYNAMIC.get(source)
                        for code in codes if codes is not None else [f"?{source}"]:
                            found.setdefault(code, where)
                    elif (match := CODE.match(text)) and text.strip():
                        found.setdefault(match.group(1), where)
            for code in _prefixed_strings(tree):
                found.setdefault(code, where)
    return found


def test_the_scan_finds_flags_of_every_kind_of_place():
    found = flags_in_code()
    for code in ("doc_mismatch", "brreg_deleted", "brreg_not_found", "encrypted_pdf", "homoglyph_domain",
                 "signal", "no_reply", "defect", "was", "auto_reply_received", "stranger_joined_by_thread",
                 "sender_not_authenticated", "reply_withheld", "attachment_unreadable"):
        assert code in found, code


def test_every_flag_the_code_can_raise_has_a_text_in_every_language():
    known = catalogue()
    missing = {code: where for code, where in flags_in_code().items() if code not in known}
    assert not missing, f"flags without texts in intake/data/flags.toml: {missing}"
    for code, texts in known.items():
        assert all((texts.get(language) or "").strip() for language in LANGUAGES), code


def test_every_detail_text_is_in_every_language_and_every_answer_from_the_knowledge_base_has_one():
    from intake.flags import details
    from intake.plan.questions import articles

    for code, table in details().items():
        assert code in catalogue(), code
        for detail, texts in table.items():
            assert all((texts.get(language) or "").strip() for language in LANGUAGES), (code, detail)
    assert {a.id for a in articles()} <= set(details()["answered_from_kb"])

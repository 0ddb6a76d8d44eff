"""Errors the store raises carry a code and its parameters, and what the officer reads is said in
their language from store/data/errors.toml: a toast is never English (or a raw code) in bokmål."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from store import staff
from store.errors import CaseNotAcceptable, DatabaseUnavailable, InvalidTransition, NotFound, SchemaNotCurrent, \
    StoreError, text, texts
from tests.tui.helpers import act, open_case, open_dialog

ROOT = Path(__file__).parents[2]
ACTOR = "officer.test"
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a snake_case word is a code, not Norwegian


def raised(call) -> StoreError:
    with pytest.raises(StoreError) as info:
        call()
    return info.value


def said(error: StoreError, language: str = "nb") -> str:
    words = text(error, language)
    assert not RAW.search(words), words
    return words


def test_an_unknown_case_is_said_with_its_reference(seeded):
    error = raised(lambda: staff.add_note(engine=seeded, reference="MDREG-2099-000999", actor=ACTOR, text="x"))
    assert isinstance(error, NotFound) and error.code == "no_case"
    assert said(error) == "Finner ingen sak MDREG-2099-000999."
    assert said(error, "en") == "There is no case MDREG-2099-000999."


def test_acting_on_a_finished_case_names_its_state_in_words(seeded):
    error = raised(lambda: staff.reject_case(engine=seeded, reference="MDREG-2026-000005", reason_code="other",
                                             actor=ACTOR, mailbox="post@mdreg.example"))
    assert isinstance(error, InvalidTransition) and error.params["state"] == "closed"
    assert said(error) == "Saken MDREG-2026-000005 er allerede avsluttet (Lukket)."


def test_accepting_an_incomplete_case_names_the_fields_in_words(seeded):
    error = raised(lambda: staff.accept(engine=seeded, reference="MDREG-2026-000003", actor=ACTOR))
    assert isinstance(error, CaseNotAcceptable) and error.code == "fields_not_ok"
    assert "Besøksadresse" in said(error) and "visiting_address" in str(error)


def test_accepting_a_question_names_its_kind_in_words(seeded):
    from sqlmodel import Session

    from tests.tui.helpers import case_row

    case = case_row(seeded, "MDREG-2026-000005")
    with Session(seeded) as session:  # a question still open, so that the kind is what refuses
        case.status = "needs_staff"
        session.add(case)
        session.commit()
    error = raised(lambda: staff.accept(engine=seeded, reference="MDREG-2026-000005", actor=ACTOR))
    assert error.code == "not_acceptable_kind"
    assert said(error) == ("Saken MDREG-2026-000005 kan ikke godkjennes: typen er «Spørsmål», og bare "
                           "registreringer og endringer kan godkjennes.")


def test_an_empty_note_is_refused_in_words(seeded):
    error = raised(lambda: staff.add_note(engine=seeded, reference="MDREG-2026-000001", actor=ACTOR, text="  "))
    assert said(error) == "Notatet er tomt."


def test_a_case_cannot_be_its_own_duplicate_in_words(seeded):
    error = raised(lambda: staff.mark_duplicate(engine=seeded, reference="MDREG-2026-000001",
                                                of_reference="MDREG-2026-000001", actor=ACTOR))
    assert said(error) == "En sak kan ikke være duplikat av seg selv."


def test_a_state_change_the_state_machine_forbids_names_both_states(seeded):
    from sqlmodel import Session, select

    from store.models import Case
    from store.transitions import transition

    with Session(seeded) as session:
        case = session.exec(select(Case).where(Case.reference == "MDREG-2026-000005")).one()
        error = raised(lambda: transition(case, "awaiting_applicant", actor=ACTOR, why="test", session=session))
    assert isinstance(error, InvalidTransition)
    assert said(error) == "Saken MDREG-2026-000005 kan ikke gå fra «Lukket» til «Venter på søker»."


def test_a_database_in_a_missing_folder_and_a_missing_schema_are_said_in_words(tmp_path):
    from sqlalchemy import create_engine

    from store.db import require_current_schema, require_sqlite_folder

    error = raised(lambda: require_sqlite_folder(f"sqlite:///{tmp_path}/nowhere/x.db"))
    assert isinstance(error, DatabaseUnavailable)
    assert text(error) == f"Database sqlite:///{tmp_path}/nowhere/x.db: mappen {tmp_path}/nowhere finnes ikke."
    engine = create_engine(f"sqlite:///{tmp_path}/empty.db")
    error = raised(lambda: require_current_schema(engine))
    engine.dispose()
    assert isinstance(error, SchemaNotCurrent)
    assert said(error) == "Databasen har ingen mdreg-tabeller ennå: kjør `mdreg db upgrade` (eller `mdreg serve`)."


def test_every_code_the_store_raises_has_a_text_in_every_language():
    codes = set()
    for path in (ROOT / "store").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "code" and isinstance(node.value, ast.Constant):
                codes.add(node.value.value)
            elif isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == ["code"] \
                    and isinstance(node.value, ast.Constant):
                codes.add(node.value.value)
    assert {"no_case", "fields_not_ok", "case_finished", "not_stored", "claim_lost", "action_refused"} <= codes
    for code in codes:
        assert all((texts().get(code, {}).get(language) or "").strip() for language in ("nb", "nn", "en")), code


async def test_the_officer_reads_a_refusal_from_the_store_in_bokmal(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000005")
        await open_dialog(pilot, "x", "RejectDialog")
        await act(pilot, screen, "ctrl+s")
        messages = [n.message for n in app._notifications]
    assert "Saken MDREG-2026-000005 er allerede avsluttet (Lukket)." in messages
    assert not any("cannot" in m or "closed" in m for m in messages)

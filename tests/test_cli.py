"""The `mdreg` command line: ingest, cases and outbox, on a real database file."""

from __future__ import annotations

import json
import mailbox
from pathlib import Path

import pytest

from mailbot.cli.main import main

MAIL = Path(__file__).parent / "fixtures" / "mail"
FIELD_KEYS = ["manufacturer_name", "org_number", "visiting_address", "postal_address", "phone", "fax",
              "contact_person", "contact_phone", "email", "device_type", "declaration_of_conformity",
              "business_type", "website"]


@pytest.fixture
def mdreg(settings, capsys):
    """Run `mdreg …` against the test database; returns (exit code, stdout)."""

    def run(*argv: str) -> tuple[int, str]:
        code = main([*argv, "--db", settings.database_url, "--data-dir", str(settings.data_dir)])
        return code, capsys.readouterr().out

    return run


def cases_json(mdreg, *extra: str) -> list[dict]:
    code, out = mdreg("cases", "--json", *extra)
    assert code == 0
    return json.loads(out)


def test_ingest_of_one_eml_makes_a_case(mdreg):
    code, out = mdreg("ingest", str(MAIL / "incomplete_nb.eml"))
    assert code == 0
    assert "1 lagret" in out
    assert len(cases_json(mdreg)) == 1


def test_cases_json_has_the_documented_shape(mdreg):
    mdreg("ingest", str(MAIL / "incomplete_nb.eml"))
    case = cases_json(mdreg)[0]
    assert {"reference", "status", "kind", "sender", "received_at", "fields"} <= set(case)
    assert case["reference"].startswith("MDREG-")
    assert list(case["fields"]) == FIELD_KEYS
    assert case["fields"]["org_number"] == {"value": "974760673", "state": "ok", "reason": None}
    assert case["fields"]["email"]["state"] == "missing"


def test_cases_can_be_filtered_by_status(mdreg):
    mdreg("ingest", str(MAIL / "incomplete_nb.eml"))
    assert len(cases_json(mdreg, "--status", "awaiting_applicant")) == 1
    assert cases_json(mdreg, "--status", "accepted") == []


def test_ingest_of_an_mbox_imports_every_message(mdreg, tmp_path):
    box_path = tmp_path / "import.mbox"
    box = mailbox.mbox(box_path)
    for name in ("incomplete_nb.eml", "reply_to_differs_en.eml"):
        box.add((MAIL / name).read_bytes())
    box.close()
    code, out = mdreg("ingest", str(box_path))
    assert code == 0 and "2 lagret" in out
    assert len(cases_json(mdreg)) == 2


def test_ingest_of_a_maildir_imports_every_message(mdreg, tmp_path):
    box = mailbox.Maildir(tmp_path / "Maildir")
    for name in ("incomplete_nb.eml", "reply_to_differs_en.eml"):
        box.add((MAIL / name).read_bytes())
    code, out = mdreg("ingest", str(tmp_path / "Maildir"))
    assert "2 lagret" in out
    assert len(cases_json(mdreg)) == 2


def test_ingesting_the_same_file_twice_stores_it_once(mdreg):
    mdreg("ingest", str(MAIL / "incomplete_nb.eml"))
    code, out = mdreg("ingest", str(MAIL / "incomplete_nb.eml"))
    assert "0 lagret, 1 allerede lagret" in out
    assert len(cases_json(mdreg)) == 1


def test_ingest_of_a_missing_path_is_a_clear_error(settings, capsys):
    code = main(["ingest", "/nonexistent/mail.eml", "--db", settings.database_url])
    assert code == 2
    assert "finnes ikke" in capsys.readouterr().err


def test_outbox_lists_the_queued_reply(mdreg):
    mdreg("ingest", str(MAIL / "incomplete_nb.eml"))
    code, out = mdreg("outbox", "--json")
    entries = json.loads(out)
    assert [(e["status"], e["to"]) for e in entries] == [("queued", "kari.nordmann@fjordmed.example.no")]

"""Every staff action through the UI, checked in the database, the outbox and the audit log."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from sqlmodel import Session, select

from store import fieldcodec
from store.models import FieldValue
from tests.tui.helpers import act, audit_of, case_row, open_case, open_dialog, outbox_of, until

ACTOR = "officer.test"


def body_of(raw: bytes) -> str:
    return message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()


async def test_case_screen_shows_fields_chat_and_audit(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000001")
        fields = screen.query_one("#fields")
        row = [str(cell) for cell in fields.get_row("org_number")]
        assert row[:4] == ["Organisasjonsnummer", "✓ ok", "påkrevd", "923456783"]
        assert row[5] == "body:4"
        bubbles = list(screen.query("ChatBubble"))
        assert [b.message.direction for b in bubbles] == ["in", "out"]
        assert bubbles[0].has_class("-in") and bubbles[1].has_class("-out")
        assert [c.filename for c in bubbles[0].message.attachments] == ["samsvarserklaering.txt"]
        assert str(screen.query_one("#audit").render()).count("\n") == 0  # one entry, one line


async def test_edit_field_revalidates_and_is_audited(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000002")
        screen.query_one("#fields").move_cursor(row=1)  # organisation number (the table has the focus)
        await open_dialog(pilot, "e", "EditFieldDialog")
        app.screen.query_one("Input").value = "974 760 674"  # wrong check digit
        await act(pilot, screen, "enter")
    case = case_row(seeded, "MDREG-2026-000002")
    org = fieldcodec.decode(case.fields)["org_number"]
    assert (org.state, org.reason, org.value) == ("invalid", "org_number.checksum", "974 760 674")
    assert org.source.part == f"staff:{ACTOR}"
    assert case.org_number is None
    with Session(seeded) as session:
        history = session.exec(select(FieldValue).where(FieldValue.case_id == case.id)).all()
    assert [(h.key, h.actor, h.state) for h in history] == [("org_number", ACTOR, "invalid")]
    event = audit_of(seeded, "MDREG-2026-000002")[-1]
    assert (event.action, event.actor, event.detail["old"], event.detail["new"]) == (
        "field_edited", ACTOR, "974760673", "974 760 674")


async def test_request_missing_sends_the_edited_prefilled_request(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000006")
        await open_dialog(pilot, "m", "ComposeDialog")
        area = app.screen.query_one("TextArea")
        assert "MDREG-2026-000006" in area.text and "Postadresse" in area.text  # pre-filled, in nynorsk
        area.text = area.text + "\nPS: Ring oss gjerne.\n"
        await act(pilot, screen, "ctrl+s")
    sent = outbox_of(seeded, "MDREG-2026-000006")
    assert len(sent) == 1 and sent[0].kind == "staff_request" and sent[0].to_addr == "per@sunnmore.example.no"
    assert "PS: Ring oss gjerne." in body_of(sent[0].raw)
    assert "[MDREG-2026-000006]" in sent[0].subject
    case = case_row(seeded, "MDREG-2026-000006")
    assert (case.status, case.requests_sent) == ("awaiting_applicant", 1)
    assert audit_of(seeded, "MDREG-2026-000006")[-1].action == "missing_requested"


async def test_reject_with_a_coded_reason_in_the_applicants_language(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000003")  # an English case
        await open_dialog(pilot, "x", "RejectDialog")
        dialog = app.screen
        await pilot.press("down", "down", "down", "enter")  # the fourth reason: wrong authority
        await until(pilot, lambda: dialog.code == "wrong_authority")
        assert "not the right authority" in dialog.query_one("TextArea").text
        await act(pilot, screen, "ctrl+s")
    case = case_row(seeded, "MDREG-2026-000003")
    assert case.status == "rejected"
    sent = outbox_of(seeded, "MDREG-2026-000003")
    assert [o.kind for o in sent] == ["staff_rejection"]
    assert "not the right authority" in body_of(sent[0].raw)
    event = audit_of(seeded, "MDREG-2026-000003")[-1]
    assert (event.action, event.actor, event.detail["reason_code"]) == ("rejected", ACTOR, "wrong_authority")


async def test_a_finished_case_cannot_be_rejected_and_the_officer_is_told(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000005")
        await open_dialog(pilot, "x", "RejectDialog")
        await act(pilot, screen, "ctrl+s")
        assert any("er allerede avsluttet (Lukket)" in n.message for n in app._notifications)
    assert case_row(seeded, "MDREG-2026-000005").status == "closed"
    assert outbox_of(seeded, "MDREG-2026-000005") == []


async def test_merge_into_another_case(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000004")
        await open_dialog(pilot, "d", "DuplicateDialog")
        app.screen.query_one("Input").value = "mdreg-2026-000002"
        app.screen.query_one("Checkbox").value = True
        await act(pilot, screen, "enter")
    dup, target = case_row(seeded, "MDREG-2026-000004"), case_row(seeded, "MDREG-2026-000002")
    assert (dup.status, dup.duplicate_of) == ("closed", target.id)
    merged = fieldcodec.decode(target.fields)
    assert merged["postal_address"].value.startswith("Postboks 4410")  # was missing on the target
    assert merged["manufacturer_name"].value == "Fjordmed AS"  # the target's own good value stays
    assert audit_of(seeded, "MDREG-2026-000004")[-1].action == "merged_into"
    assert audit_of(seeded, "MDREG-2026-000002")[-1].action == "duplicate_received"


async def test_assign_to_me_note_and_free_reply(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000004")
        await act(pilot, screen, "g")
        await open_dialog(pilot, "n", "ComposeDialog")
        app.screen.query_one("TextArea").text = "Ringte søker 20.11, SRN kommer."
        await act(pilot, screen, "ctrl+s")
        await open_dialog(pilot, "r", "ComposeDialog")
        app.screen.query_one("TextArea").text = "Hei,\n\nkan dere sende SRN-nummeret?\n"
        await act(pilot, screen, "ctrl+s")
        assert "Ringte søker" in str(screen.query_one("#audit").render())
        notes = [b for b in screen.query("ChatBubble") if b.message.direction == "note"]
        assert [n.message.body for n in notes] == ["Ringte søker 20.11, SRN kommer."]  # in the conversation
    case = case_row(seeded, "MDREG-2026-000004")
    assert (case.assigned_to, case.status) == (ACTOR, "needs_staff")
    events = audit_of(seeded, "MDREG-2026-000004")
    assert [(e.action, e.actor) for e in events[-3:]] == [("assigned", ACTOR), ("note", ACTOR), ("replied", ACTOR)]
    assert events[-2].detail["text"] == "Ringte søker 20.11, SRN kommer."
    sent = outbox_of(seeded, "MDREG-2026-000004")
    assert [o.kind for o in sent] == ["staff_reply"]
    assert "SRN-nummeret" in body_of(sent[0].raw)
    assert message_from_bytes(sent[0].raw, policy=policy.default)["Auto-Submitted"] is None  # a person wrote it


async def test_accept_goes_through_the_registers_function(make_app, seeded):
    pytest.importorskip("store.operators", reason="store.operators.accept_case is not installed yet")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000001")
        await open_dialog(pilot, "a", "ConfirmDialog")
        await act(pilot, screen, "y")
    assert case_row(seeded, "MDREG-2026-000001").status == "accepted"
    assert any(e.action.startswith("accept") and e.actor == ACTOR for e in audit_of(seeded, "MDREG-2026-000001"))


async def test_attachment_opens_as_text_and_doc_findings(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(pilot, "MDREG-2026-000001")
        await pilot.press("o")
        await until(pilot, lambda: app.screen.__class__.__name__ == "AttachmentScreen" and app.screen.attachment)
        att = app.screen.attachment
        assert att.doc and att.doc.is_declaration and att.doc.srn == "NO-MF-000012345"
        findings = str(app.screen.query_one("#findings").render())
        assert "Samsvarserklæring" in findings and "NO-MF-000012345" in findings
        assert "EU DECLARATION OF CONFORMITY" in str(app.screen.query_one("#text").render())


async def test_every_action_is_in_the_command_palette(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000006")
        await open_dialog(pilot, "ctrl+p", "CommandPalette")
        await pilot.press(*"ta saken")
        await pilot.pause(0.5)
        await act(pilot, screen, "enter")
    assert case_row(seeded, "MDREG-2026-000006").assigned_to == ACTOR


async def test_an_open_case_shows_a_new_message_without_reopening(make_app, seeded, monkeypatch):
    import hashlib
    from datetime import timedelta

    import tui.screens.case as case_module
    from store.models import InboundMessage
    from tests.tui.seed import NOW, mail

    monkeypatch.setattr(case_module, "POLL_SECONDS", 0.2)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000002")
        assert len(screen.query("ChatBubble")) == 2
        case = case_row(seeded, "MDREG-2026-000002")
        raw = mail(sender="kari@fjordmed.example.no", subject="Re: Registrering [MDREG-2026-000002]",
                   body="Postadresse: Postboks 7, 5804 Bergen", at=NOW, n=77)
        with Session(seeded) as session:
            session.add(InboundMessage(envelope_from="kari@fjordmed.example.no", sha256=hashlib.sha256(raw).hexdigest(),
                                       size=len(raw), raw=raw, status="done", case_id=case.id, received_at=NOW))
            case.updated_at = NOW + timedelta(seconds=1)
            session.add(case)
            session.commit()
        await until(pilot, lambda: len(screen.query("ChatBubble")) == 3)
        assert "Postboks 7" in screen.query("ChatBubble").last().message.body


async def test_the_accept_confirmation_says_where_the_credentials_go_and_why(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(pilot, "MDREG-2026-000001")
        await open_dialog(pilot, "a", "ConfirmDialog")
        question = f"{app.screen.question}\n{app.screen.effect}"  # the question, then what will happen
        await pilot.press("escape")
    case = case_row(seeded, "MDREG-2026-000001")
    contact = fieldcodec.decode(case.fields)["email"].value
    assert f"Brukernavn og passord sendes til: {contact}" in question
    assert f"søkeren er {case.sender}" in question or "registrerte kontaktadresse" in question  # why trusted
    assert "autentisert" in question

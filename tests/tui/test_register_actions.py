"""Staff act on the register from the UI: filter the queue by surveillance signal and read its
evidence; adopt Enhetsregisteret's proposed address into a case or an operator's record; retire a
device; end a mandate. Each action is asked first and audited with the officer's name."""

from __future__ import annotations

from sqlmodel import Session, select

from store.models import AuditEvent, Case, Operator, OperatorChange
from store.register_models import Device, Mandate, Signal
from tests.tui.helpers import audit_of, case_row, open_case, open_dialog, until
from tests.tui.test_register_data import add_check, add_devices, rendered


def add_signal(engine, reference: str, rule: str, evidence: list[str]) -> None:
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        session.add(Signal(case_id=case.id, rule=rule, evidence=evidence))
        case.flags = [*case.flags, f"signal:{rule}"]
        session.add(case)
        session.commit()


async def queue_ready(pilot):
    app = pilot.app
    await until(pilot, lambda: app.screen.__class__.__name__ == "QueueScreen" and app.screen.loads
                and app.screen.totals_loaded)
    return app.screen


async def register_screen(pilot, row: int):
    app = pilot.app
    await queue_ready(pilot)
    await pilot.press("R")
    await until(pilot, lambda: app.screen.__class__.__name__ == "RegisterScreen" and app.screen.loads)
    app.screen.query_one("#operators").move_cursor(row=row)
    widget = app.screen.query_one("#devices")
    await until(pilot, lambda: widget.display and widget.devices)
    return app.screen, widget


async def test_staff_filter_the_queue_by_signal_and_read_the_evidence_of_the_highlighted_case(make_app, seeded):
    add_signal(seeded, "MDREG-2026-000004", "cosmetic_clinic", ["… leverer dermal filler til kosmetiske klinikker …"])
    add_signal(seeded, "MDREG-2026-000001", "software_class_i", ["… appen er programvare i klasse I …"])
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await queue_ready(pilot)
        select = screen.query_one("#signal")
        await until(pilot, lambda: select.display)
        table = screen.query_one("#queue")
        assert len(table.references) > 2
        loads = screen.loads
        select.value = "cosmetic_clinic"
        await until(pilot, lambda: screen.loads > loads and table.references == ["MDREG-2026-000004"])
        panel = screen.query_one("#signal-evidence")
        await until(pilot, lambda: panel.display and panel.rows)
        shown = rendered(panel)
        assert "Produkt for kosmetiske klinikker" in shown
        assert "dermal filler til kosmetiske klinikker" in shown
        loads = screen.loads
        select.value = "*"  # any signal
        await until(pilot, lambda: screen.loads > loads
                    and sorted(table.references) == ["MDREG-2026-000001", "MDREG-2026-000004"])


async def test_without_any_signal_the_signal_filter_and_evidence_stay_hidden(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await queue_ready(pilot)
        await pilot.pause(0.8)  # the filter's options load half a second after mounting
        assert not screen.query_one("#signal").display
        assert not screen.query_one("#signal-evidence").display


async def test_the_case_screen_lists_the_signals_with_their_evidence(make_app, seeded):
    add_signal(seeded, "MDREG-2026-000001", "software_class_i", ["… appen er programvare i klasse I …"])
    app = make_app()
    async with app.run_test(size=(180, 60)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000001")
        panel = screen.query_one("#signals")
        await until(pilot, lambda: panel.display and panel.rows)
        assert "appen er programvare i klasse I" in rendered(panel)


async def test_adopting_the_proposed_address_fills_the_case_field_marked_as_from_the_register(make_app, seeded):
    add_check(seeded, "MDREG-2026-000002")
    app = make_app()
    async with app.run_test(size=(180, 60)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000002")
        await open_dialog(pilot, "p", "ConfirmDialog")
        assert "Strandgaten 12, 5013 BERGEN" in app.screen.effect and "Enhetsregisteret" in app.screen.effect
        before = screen.actions_done
        await pilot.press("y")
        await until(pilot, lambda: screen.actions_done > before)
    field = case_row(seeded, "MDREG-2026-000002").fields["visiting_address"]
    assert field["value"] == "Strandgaten 12, 5013 Bergen" and field["source"]["part"] == "enhetsregisteret"
    event = [e for e in audit_of(seeded, "MDREG-2026-000002") if e.action == "brreg_proposal_adopted"][-1]
    assert event.actor == "officer.test" and event.detail["target"] == "case"
    assert event.detail["fields"] == {"visiting_address": "Strandgaten 12, 5013 BERGEN"}


async def test_saying_no_to_the_proposal_changes_nothing(make_app, seeded):
    add_check(seeded, "MDREG-2026-000002")
    app = make_app()
    async with app.run_test(size=(180, 60)) as pilot:
        await open_case(pilot, "MDREG-2026-000002")
        await open_dialog(pilot, "p", "ConfirmDialog")
        await pilot.press("escape")
        await pilot.pause(0.3)
    assert not case_row(seeded, "MDREG-2026-000002").fields["visiting_address"]["value"]
    assert not [e for e in audit_of(seeded, "MDREG-2026-000002") if e.action == "brreg_proposal_adopted"]


async def test_on_an_accepted_case_the_proposal_goes_into_the_operators_record_with_history(make_app, seeded):
    with Session(seeded) as session:
        case = session.exec(select(Case).where(Case.reference == "MDREG-2026-000001")).one()
        case.status = "accepted"
        session.add(case)
        session.commit()
    add_check(seeded, "MDREG-2026-000001")
    app = make_app()
    async with app.run_test(size=(180, 60)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000001")
        await open_dialog(pilot, "p", "ConfirmDialog")
        assert "Nordlys Medtech AS" in app.screen.question
        before = screen.actions_done
        await pilot.press("y")
        await until(pilot, lambda: screen.actions_done > before)
    with Session(seeded) as session:
        operator = session.exec(select(Operator).where(Operator.org_number == "923456783")).one()
        change = session.exec(select(OperatorChange).where(OperatorChange.operator_id == operator.id)).one()
    assert operator.fields["visiting_address"] == "Strandgaten 12, 5013 BERGEN"
    assert change.actor == "officer.test"
    assert change.changes["visiting_address"] == {"from": None, "to": "Strandgaten 12, 5013 BERGEN",
                                                  "source": "enhetsregisteret"}


async def test_staff_retire_a_device_after_confirming_and_it_stays_in_the_history(make_app, seeded):
    add_devices(seeded)
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        screen, widget = await register_screen(pilot, row=1)
        await open_dialog(pilot, "u", "ConfirmDialog")
        assert "SunnSkinne" in app.screen.question
        await pilot.press("y")
        table = widget.query_one("#device-table")
        await until(pilot, lambda: all(str(table.get_row_at(i)[6]).startswith("avregistrert")
                                       for i in range(table.row_count)))
        history = screen.query_one("#history")
        await until(pilot, lambda: any("SunnSkinne" in str(history.get_row_at(i)[3]) for i in range(history.row_count)))
    with Session(seeded) as session:
        device = session.exec(select(Device).where(Device.name == "SunnSkinne")).one()
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "device_retired")).one()
    assert device.retired_at is not None and device.retired_by == "officer.test"
    assert event.actor == "officer.test" and event.detail["name"] == "SunnSkinne"


async def test_declining_leaves_the_device_active(make_app, seeded):
    add_devices(seeded)
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await register_screen(pilot, row=1)
        await open_dialog(pilot, "u", "ConfirmDialog")
        await pilot.press("escape")
        await pilot.pause(0.3)
    with Session(seeded) as session:
        assert session.exec(select(Device).where(Device.name == "SunnSkinne")).one().retired_at is None


async def test_staff_end_a_mandate_after_confirming(make_app, seeded):
    add_devices(seeded)
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        _, widget = await register_screen(pilot, row=1)
        await open_dialog(pilot, "M", "ConfirmDialog")
        assert "Alpenmed GmbH" in app.screen.question
        await pilot.press("y")
        await until(pilot, lambda: widget.mandates and widget.mandates[0].ended_at is not None)
        assert "avsluttet" in rendered(widget.query_one("#mandate-lines"))
    with Session(seeded) as session:
        mandate = session.exec(select(Mandate)).one()
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "mandate_ended")).one()
    assert mandate.ended_at is not None and event.actor == "officer.test"


async def test_a_reported_withdrawal_shows_the_device_and_the_operators_sentence_on_the_case(make_app, seeded):
    from intake.withdrawals import Withdrawal
    from store.devices import record_withdrawals

    add_devices(seeded)
    with Session(seeded) as session:
        device = session.exec(select(Device).where(Device.name == "SunnSkinne")).one()
    sentence = "SunnSkinne er trukket fra markedet og selges ikke lenger."
    record_withdrawals(engine=seeded, case_id=case_row(seeded, "MDREG-2026-000006").id,
                       withdrawals=[Withdrawal(device_id=device.id, name="SunnSkinne", evidence=sentence)])
    app = make_app()
    async with app.run_test(size=(180, 60)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000006")
        header, audit = rendered(screen.query_one("#case-header")), rendered(screen.query_one("#audit"))
    assert "Utstyr meldt trukket fra markedet (avregistreres ved godkjenning): SunnSkinne" in header
    assert "operatøren melder utstyr trukket fra markedet: navn SunnSkinne; i e-posten " + sentence in audit


async def test_the_t_key_opens_the_signal_filter_and_enter_chooses_a_rule(make_app, seeded):
    add_signal(seeded, "MDREG-2026-000004", "cosmetic_clinic", ["… dermal filler …"])
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await queue_ready(pilot)
        select = screen.query_one("#signal")
        await until(pilot, lambda: select.display)
        await pilot.press("t")
        await until(pilot, lambda: select.expanded)
        loads = screen.loads
        await pilot.press("down", "down", "enter")  # past "any signal" to the first rule, the one in use
        await until(pilot, lambda: select.value == "cosmetic_clinic" and screen.loads > loads)
        assert screen.query_one("#queue").references == ["MDREG-2026-000004"]

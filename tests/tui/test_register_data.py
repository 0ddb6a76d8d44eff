"""The register's data in the staff UI: an operator's devices and mandates on the register screen;
what Enhetsregisteret says beside what the applicant wrote on the case screen (Norwegian texts)."""

from __future__ import annotations

import io
from datetime import timedelta

from rich.console import Console
from sqlmodel import Session, select

from store.models import Case, Operator
from store.register_models import BrregCheck, Device, Mandate
from tests.tui.helpers import open_case, until
from tests.tui.seed import NOW


def rendered(widget) -> str:
    """The text a Static shows, as a person would read it on a wide screen."""
    shown = widget.render()
    shown = getattr(shown, "_renderable", shown)  # Textual wraps a Rich renderable in a RichVisual
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(shown)
    return console.export_text()


def add_devices(engine):
    with Session(engine) as session:
        op = session.exec(select(Operator).where(Operator.org_number == "934567897")).one()
        session.add(Device(operator_id=op.id, name="SunnSkinne", basic_udi_di="7071234SUNSK1", risk_class="I",
                           regulation="MDR", doc_date="2024-03-12", added_at=NOW))
        session.add(Device(operator_id=op.id, name="SunnSkinne gammel", risk_class="I", regulation="MDR",
                           added_at=NOW - timedelta(days=300), retired_at=NOW - timedelta(days=10)))
        session.add(Mandate(operator_id=op.id, manufacturer_name="Alpenmed GmbH", country="DE",
                            address="Talstraße 4, 80331 München", srn="DE-MF-000004711", added_at=NOW))
        session.commit()


def add_check(engine, reference, **unit):
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        session.add(BrregCheck(case_id=case.id, org_number="974760673", outcome="found", source="bulk", checked_at=NOW,
                               unit={"name": "FJORDMED AS", "org_form": "AS", "org_form_text": "Aksjeselskap",
                                     "business_address": {"lines": ["Strandgaten 12"], "postcode": "5013",
                                                          "town": "BERGEN", "country_code": "NO"},
                                     "postal_address": {}, "bankrupt": False, "liquidation": False,
                                     "forced_dissolution": False, "deleted_on": None, **unit},
                               proposals={"visiting_address": {"value": "Strandgaten 12, 5013 BERGEN",
                                                               "source": "enhetsregisteret"}},
                               flags=["brreg_bankrupt"] if unit.get("bankrupt") else []))
        session.commit()


async def test_the_register_screen_lists_an_operators_devices_and_mandates(make_app, seeded):
    add_devices(seeded)
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: app.screen.__class__.__name__ == "QueueScreen" and app.screen.loads)
        await pilot.press("R")
        await until(pilot, lambda: app.screen.__class__.__name__ == "RegisterScreen" and app.screen.loads)
        app.screen.query_one("#operators").move_cursor(row=1)
        widget = app.screen.query_one("#devices")
        await until(pilot, lambda: widget.display and widget.devices)
        table = widget.query_one("#device-table")
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["SunnSkinne", "SunnSkinne gammel"]
        assert str(table.get_row_at(0)[6]) == "aktiv" and str(table.get_row_at(1)[6]).startswith("avregistrert")
        assert "Alpenmed GmbH (DE) DE-MF-000004711" in rendered(widget.query_one("#mandate-lines"))


async def test_an_operator_without_devices_shows_no_device_pane(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: app.screen.__class__.__name__ == "QueueScreen" and app.screen.loads)
        await pilot.press("R")
        await until(pilot, lambda: app.screen.__class__.__name__ == "RegisterScreen" and app.screen.loads)
        widget = app.screen.query_one("#devices")
        await until(pilot, lambda: app.screen.query_one("#current").render())
        await pilot.pause(0.3)
        assert not widget.display


async def test_the_case_screen_shows_the_register_beside_the_applicant_and_proposes_a_missing_address(
        make_app, seeded):
    add_check(seeded, "MDREG-2026-000002", bankrupt=True)
    app = make_app()
    async with app.run_test(size=(180, 60)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000002")
        panel = screen.query_one("#brreg")
        await until(pilot, lambda: panel.display and panel.check)
        text = rendered(panel)
        assert "Enhetsregisteret" in text and "Fjordmed AS" in text and "FJORDMED AS" in text
        assert "AS (Aksjeselskap)" in text and "konkurs" in text
        assert "forslag fra Enhetsregisteret: Strandgaten 12, 5013 BERGEN" in text


async def test_a_case_without_a_check_shows_no_register_panel(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(180, 60)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000002")
        await until(pilot, lambda: screen.detail is not None)
        await pilot.pause(0.3)
        assert not screen.query_one("#brreg").display

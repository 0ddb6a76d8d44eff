"""The case officer's screens in Norwegian: every field's state in words on its row, reasons
readable, optional fields told apart, actions that refuse before asking and say who receives
what, edits that act on focus and can be undone, duplicate candidates, and English as a setting."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from mailbot.settings import Settings
from tests.tui.helpers import act, action_done, case_row, open_case, open_dialog, until
from tests.tui.seed import NOW, add_case
from tui.texts import table

STATE_WORDS = {"✓ ok", "✗ mangler", "⚠ ugyldig", "– ikke oppgitt"}


def cells(screen, key: str) -> list[str]:
    return [str(cell) for cell in screen.query_one("#fields").get_row(key)]


async def test_at_120x35_every_field_shows_its_state_in_words_beside_its_label(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000003")
        fields = screen.query_one("#fields")
        for key in ("manufacturer_name", "org_number", "visiting_address", "fax", "website"):
            assert cells(screen, key)[1] in STATE_WORDS, key
        # The state column ends inside the table's visible width: nothing to scroll to.
        widths = [column.get_render_width(fields) for column in fields.ordered_columns]
        assert sum(widths[:2]) <= fields.size.width and fields.scroll_x == 0
        assert cells(screen, "manufacturer_name")[:2] == ["Navn på produsent", "✓ ok"]
        assert cells(screen, "org_number")[1] == "⚠ ugyldig"
        assert cells(screen, "visiting_address")[1] == "✗ mangler"


async def test_the_selected_fields_reason_is_shown_whole_under_the_table(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000003")
        screen.query_one("#fields").move_cursor(row=1)
        await pilot.pause()
        detail = str(screen.query_one("#field-detail").render())
        assert detail.startswith("Organisasjonsnummer: ⚠ ugyldig — Organisasjonsnummeret er ikke gyldig")


async def test_optional_fields_are_told_apart_from_missing_required_ones(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000002")
        assert cells(screen, "fax")[1:3] == ["– ikke oppgitt", "valgfri"]
        assert cells(screen, "postal_address")[1:3] == ["✗ mangler", "påkrevd"]


async def test_flags_and_the_audit_are_in_words(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000003")
        header = str(screen.query_one("#case-header").render())
        assert "doc_mismatch" not in header and "IVDR" in header  # the reason's text, in bokmål
        assert "Venter på søker" in header


async def test_accept_on_an_incomplete_case_refuses_without_asking(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await open_case(pilot, "MDREG-2026-000002")
        await pilot.press("a")
        await until(pilot, lambda: any("Kan ikke godkjennes" in n.message for n in app._notifications))
        assert app.screen.__class__.__name__ == "CaseScreen"  # no question was asked
        message = next(n.message for n in app._notifications if "Kan ikke godkjennes" in n.message)
        assert "Postadresse" in message and "E-post" in message
    assert case_row(seeded, "MDREG-2026-000002").status == "awaiting_applicant"


async def test_the_accept_question_says_who_receives_the_credentials(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await open_case(pilot, "MDREG-2026-000004")
        await open_dialog(pilot, "a", "ConfirmDialog")
        effect = str(app.screen.query_one(".effect").render())
        assert "post@polar.example.no" in effect and "Brukernavn og passord" in effect
        await pilot.press("escape")


async def test_edit_acts_only_on_the_fields_table_when_it_has_the_focus(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000002")
        screen.query_one("#chat").focus()
        await pilot.press("e")
        await until(pilot, lambda: any("Velg et felt" in n.message for n in app._notifications))
        assert app.screen is screen


async def test_an_edit_is_undone_from_the_field_history(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_case(pilot, "MDREG-2026-000002")
        await pilot.press("e")  # row 0: the manufacturer's name
        await until(pilot, lambda: app.screen.__class__.__name__ == "EditFieldDialog")
        app.screen.query_one("Input").value = "Overskrevet ved en feil AS"
        await act(pilot, screen, "enter")
        assert case_row(seeded, "MDREG-2026-000002").organisation == "Overskrevet ved en feil AS"
        await open_dialog(pilot, "h", "PickDialog")
        items = [str(o.prompt) for o in app.screen.query_one("OptionList")._options]
        index = next(i for i, item in enumerate(items) if "Fjordmed AS" in item)
        before = screen.actions_done
        app.screen.dismiss(index)
        await action_done(pilot, screen, before)
    assert case_row(seeded, "MDREG-2026-000002").organisation == "Fjordmed AS"


async def test_the_duplicate_dialog_proposes_cases_with_the_same_org_number(make_app, seeded):
    with Session(seeded) as session:
        add_case(session, n=7, status="awaiting_applicant", received=NOW - timedelta(hours=2),
                 values={"manufacturer_name": "Fjordmed AS", "org_number": "974760673"},
                 sender="kari@fjordmed.example.no", subject="Registrering igjen")
        session.commit()
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await open_case(pilot, "MDREG-2026-000002")
        await open_dialog(pilot, "d", "DuplicateDialog")
        first = app.screen.candidates[0]
        assert first.reference == "MDREG-2026-000007"
        assert set(first.why) == {"same_org", "same_domain", "similar_name"}
        assert app.screen.query_one("Input").value == "MDREG-2026-000007"
        await pilot.press("escape")


async def test_a_reply_starts_with_the_greeting_and_the_signature(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await open_case(pilot, "MDREG-2026-000004")
        await open_dialog(pilot, "r", "ComposeDialog")
        text = app.screen.query_one("TextArea").text
        assert text.startswith("Hei,") and "Med vennlig hilsen" in text
        await pilot.press("escape")


async def test_a_note_is_saved_not_sent_and_the_dialog_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await open_case(pilot, "MDREG-2026-000004")
        await open_dialog(pilot, "n", "ComposeDialog")
        hint = str(app.screen.query_one(".hint").render())
        assert "lagrer" in hint and "sender" not in hint
        await pilot.press("escape")


async def test_english_is_a_setting(ui_settings, seeded):
    from tui.app import MdregApp
    from tui.clock import fixed_clock

    app = MdregApp(settings=Settings(**{**ui_settings.model_dump(), "ui_language": "en"}), engine=seeded,
                   clock=fixed_clock(NOW))
    async with app.run_test(size=(120, 35)) as pilot:
        await until(pilot, lambda: app.screen.__class__.__name__ == "QueueScreen" and app.screen.totals_loaded)
        assert "Waiting 3" in str(app.screen.query_one("#counts").render())
        screen = await open_case(pilot, "MDREG-2026-000003")
        assert cells(screen, "manufacturer_name")[:2] == ["Name of the manufacturer", "✓ ok"]


def test_both_language_files_have_every_text():
    nb, en = table("nb"), table("en")
    assert set(nb) == set(en)
    for section in nb:
        assert set(nb[section]) == set(en[section]), section


def test_states_kinds_and_flags_have_one_source_the_shared_catalogue():
    """The staff UI keeps no copies of the domain's words: they are the catalogue's texts."""
    from intake.flags import text
    from intake.states import CaseKind, CaseState, label
    from tui.texts import Texts

    for language in ("nb", "en"):
        assert not {"state", "state_short", "kind", "flag", "kb", "outbox_status"} & set(table(language)), language
        texts = Texts(language)
        assert all(texts.state(s) == label(s, language) for s in CaseState)
        assert all(texts.kind(k) == label(k, language) for k in CaseKind)
    assert Texts("nb").flag("answered_from_kb:custom_made") == text("answered_from_kb:custom_made", "nb") \
        == "Besvart fra kunnskapsbasen: individuelt tilpassede produkter"


async def test_the_queue_legend_explains_its_letters_with_the_catalogues_flag_texts(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await until(pilot, lambda: app.screen.__class__.__name__ == "QueueScreen" and app.screen.totals_loaded)
        from tui import format as fmt

        legend = fmt.flags_legend(app.texts)
        assert "R=org.nr. allerede registrert" in legend and "M=må sjekkes manuelt" in legend


def _audit_actions_in_code() -> set[str]:
    """Every action the store records in the audit log: `record_event(action=…)` and
    `transition(event=…)`, directly or through a local name, and the state machine's default event."""
    import ast
    from pathlib import Path

    def strings(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.IfExp):
            yield from strings(node.body)
            yield from strings(node.orelse)

    found = {"state_changed"}  # store/transitions.py: transition(event="state_changed")
    root = Path(__file__).parents[2]
    for package in ("store", "mailbot", "intake"):
        for path in (root / package).rglob("*.py"):
            for function in ast.walk(ast.parse(path.read_text("utf-8"))):
                if not isinstance(function, ast.FunctionDef):
                    continue
                local = {n.targets[0].id: n.value for n in ast.walk(function) if isinstance(n, ast.Assign)
                         and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)}
                for call in ast.walk(function):
                    # record_event(action=…) directly, or transition(…, event=…) of the state machine
                    name = getattr(call.func, "id", "") if isinstance(call, ast.Call) else ""
                    if name in ("record_event", "transition"):
                        wanted = "action" if name == "record_event" else "event"
                        for keyword in (k for k in call.keywords if k.arg == wanted):
                            value = local.get(keyword.value.id) if isinstance(keyword.value, ast.Name) else keyword.value
                            found.update(strings(value))
    return found


def test_every_audit_action_the_store_records_is_said_in_words():
    actions = _audit_actions_in_code()
    assert {"accepted", "merged_into", "marked_duplicate", "device_retired", "surveillance_signal"} <= actions
    for language in ("nb", "en"):
        assert actions <= set(table(language)["audit"]), (language, actions - set(table(language)["audit"]))

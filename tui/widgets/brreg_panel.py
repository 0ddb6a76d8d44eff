"""Enhetsregisteret beside the applicant's words, on a case: name, organisation form, addresses
and status as the register has them, differences marked, a missing address proposed (marked as
coming from the register). Hidden while the case has no check."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import work
from textual.widgets import Static

from intake.model import FieldResult
from mailbot.brreg.units import address_text
from store.brreg import check_for_reference
from tui import format as fmt
from tui.widgets.register_texts import text


class BrregPanel(Static):
    """What Enhetsregisteret says about the case's org number."""

    DEFAULT_CSS = "BrregPanel { height: auto; padding: 0 0 1 0; display: none; }"

    def __init__(self, *, language: str = "nb", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.language = language
        self.check: dict[str, Any] | None = None

    @work(thread=True, exclusive=True, group="brreg-panel")
    def load(self, *, engine, reference: str, fields: dict[str, FieldResult]) -> None:
        check = check_for_reference(engine=engine, reference=reference)
        self.app.call_from_thread(self.show, check, fields)

    def show(self, check: dict[str, Any] | None, fields: dict[str, FieldResult]) -> None:
        self.check = check
        if self.display != (check is not None):  # no relayout when nothing changes
            self.display = check is not None
        if check is not None:
            self.update(render_check(check, fields, language=self.language))


def _t(key: str, language: str, **values: object) -> str:
    return text("brreg", key, language=language, **values)


def render_check(check: dict[str, Any], fields: dict[str, FieldResult], *, language: str = "nb") -> Table | Text:
    when = fmt.when(check["checked_at"])
    if check["outcome"] == "not_checked":
        return Text(f"{_t('title', language)}: {_t('not_checked', language, when=when)}", style="yellow")
    if check["outcome"] == "not_found":
        return Text(f"{_t('title', language)}: {_t('not_found', language, org=check['org_number'])}", style="bold red")
    unit, flags, proposals = check["unit"], set(check["flags"]), check["proposals"]
    source = _t(f"source_{check['source']}", language)
    table = Table(title=f"{_t('title', language)} — {_t('checked', language, when=when, source=source)}",
                  title_justify="left", expand=True, show_edge=False)
    for column in ("column_what", "column_applicant", "column_register"):
        table.add_column(_t(column, language))
    table.add_row(_t("name", language), _value(fields, "manufacturer_name"),
                  _marked(unit.get("name"), "brreg_name_differs" in flags, language))
    form = " ".join(p for p in (unit.get("org_form"), f"({unit['org_form_text']})" if unit.get("org_form_text") else "") if p)
    table.add_row(_t("org_form", language), "", form)
    differs = "brreg_address_differs" in flags
    for key, attr, label in (("visiting_address", "business_address", "business_address"),
                             ("postal_address", "postal_address", "postal_address")):
        applicant = _value(fields, key)
        if key in proposals:
            applicant = Text(_t("proposal", language, value=proposals[key]["value"]), style="italic cyan")
        table.add_row(_t(label, language), applicant, _marked(address_text(unit.get(attr) or {}), differs, language))
    table.add_row(_t("status", language), "", _status(unit, language))
    return table


def _value(fields: dict[str, FieldResult], key: str) -> str:
    result = fields.get(key)
    return (result.value or "") if result else ""


def _marked(value: str | None, differs: bool, language: str) -> Text:
    if not value:
        return Text("")
    return Text(f"{value}  ({_t('differs', language)})", style="bold yellow") if differs else Text(value)


def _status(unit: dict[str, Any], language: str) -> Text:
    problems = []
    if unit.get("deleted_on"):
        problems.append(_t("deleted", language, date=unit["deleted_on"]))
    if unit.get("bankrupt"):
        problems.append(_t("bankrupt", language))
    if unit.get("liquidation"):
        problems.append(_t("liquidation", language))
    if unit.get("forced_dissolution"):
        problems.append(_t("forced", language))
    return Text(", ".join(problems), style="bold red") if problems else Text(_t("status_ok", language), style="green")

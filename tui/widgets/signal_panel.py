"""A case's surveillance signals with their evidence (the words that matched each rule), in the
officer's language. Hidden while the case has none."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.widgets import Static

from intake.signals import evidence_text
from store.signals import SignalRow, list_signals
from tui.widgets.register_texts import text


def rule_texts(settings: Any, language: str) -> dict[str, str]:
    """Rule id -> its text in `language`, from the shipped rules and staff's own file."""
    from intake.signals import BadRules, load_rules

    try:
        rules = load_rules(getattr(settings, "signal_rules_file", None))
    except (BadRules, OSError):  # staff's file is broken: the shipped rules still name theirs
        rules = load_rules(None)
    return {r.id: r.texts.get(language) or r.texts["nb"] for r in rules}


class SignalPanel(Static):
    """Which focus areas of market surveillance the case touches, and why."""

    DEFAULT_CSS = "SignalPanel { height: auto; max-height: 12; padding: 0 0 1 0; display: none; }"

    def __init__(self, *, language: str = "nb", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.language = language
        self.rows: list[SignalRow] = []
        self.reference: str | None = None

    @work(thread=True, exclusive=True, group="signal-panel")
    def load(self, *, engine, reference: str | None) -> None:
        rows = list_signals(engine=engine, reference=reference) if reference else []
        self.app.call_from_thread(self.show, reference, rows)

    def show(self, reference: str | None, rows: list[SignalRow]) -> None:
        self.reference, self.rows = reference, rows
        if self.display != bool(rows):  # no relayout when nothing changes
            self.display = bool(rows)
        if rows:
            self.update(render_signals(rows, rule_texts(self.app.settings, self.language), language=self.language))


def render_signals(rows: list[SignalRow], names: dict[str, str], *, language: str = "nb") -> Text:
    # Text, never markup: the evidence is words from the applicant's mail.
    out = Text(text("signals", "title", language=language) + "\n", style="bold")
    for row in rows:
        out.append("• " + names.get(row.rule, row.rule) + "\n", style="yellow")
        for line in row.evidence:
            said = evidence_text(line, language=language)
            out.append("    " + text("signals", "evidence", language=language, text=said) + "\n", style="dim")
    out.rstrip()
    return out

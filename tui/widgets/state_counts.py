"""The count of cases per state, always visible above the queue."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.format import STATES, state
from tui.texts import Texts


class StateCounts(Static):
    """One line: how many cases each state holds (for the current kind and search)."""

    DEFAULT_CSS = """
    StateCounts { height: 1; padding: 0 1; }
    """

    def show(self, counts: dict[str, int], selected: str | None = None, texts: Texts | None = None) -> None:
        texts = texts or Texts()
        text = Text()
        for code in STATES:
            style = "bold reverse" if code == selected else "bold"
            text.append(f"{state(code, texts, short=True)} ", style="dim" if code != selected else "")
            text.append(f"{counts.get(code, 0):,}", style=style)
            text.append("  ")
        others = sum(v for k, v in counts.items() if k not in STATES)
        if others:
            text.append(f"{texts('queue', 'other')} ", style="dim").append(f"{others:,}", style="bold").append("  ")
        text.append(f"{texts('queue', 'all')} ", style="dim").append(f"{sum(counts.values()):,}", style="bold")
        self.update(text)

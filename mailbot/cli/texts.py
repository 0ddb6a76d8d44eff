"""What the command line says to the operator, in the `ui_language` setting's language
(mailbot/cli/lang/<language>.toml, read by intake/lang_table.py): bokmål by default, English with
`--language en`. States, kinds and flags come from the shared catalogue (intake/states.py,
intake/flags.py), store errors from store/data/errors.toml. Machine output (JSON, exit codes)
stays in codes."""

from __future__ import annotations

from intake.lang_table import LANGUAGES, TextTable, load

__all__ = ["LANGUAGES", "Say", "say_for", "table"]


def table(language: str) -> dict:
    """The command line's texts in `language` (bokmål for one it does not have)."""
    return load("mailbot.cli", language)


class Say(TextTable):
    """`say("cases", "none")`, or with placeholders `say("ingest", "storing", name=…)`."""

    package = "mailbot.cli"

    def field(self, key: str) -> str:
        return self.field_name(key)


def say_for(settings) -> Say:
    return Say(getattr(settings, "ui_language", "nb"))

"""The staff UI's texts in the officer's language (tui/lang/<language>.toml, read by
intake/lang_table.py): bokmål by default, English as the `ui_language` setting. A missing text
falls back to bokmål, then to the key, so the screen never breaks; tests check that every key
exists in both files.

States, kinds and flags are the domain's words, not the screen's: they come from the shared
catalogue (intake/states.py, intake/flags.py), the same texts the command line and mail use."""

from __future__ import annotations

from intake.lang_table import LANGUAGES, TextTable, load

__all__ = ["LANGUAGES", "Texts", "localize_bindings", "table"]


def table(language: str) -> dict:
    """The staff UI's texts in `language` (bokmål for one it does not have)."""
    return load("tui", language)


class Texts(TextTable):
    """`texts("case", "fields")`, or with placeholders `texts("case", "from", sender=…)`."""

    package = "tui"

    def outbox_status(self, code: str) -> str:
        from intake.states import label

        return label(code, self.language, section="outbox_status")

    def reason(self, code: str | None) -> str:
        from intake.replies.render import reason_text

        if not code:
            return ""
        text = reason_text(code, self.language)
        return text if text != code else code.replace("_", " ").replace(".", ": ")


def localize_bindings(node, texts: Texts) -> None:
    """Give a node's key bindings the officer's words: in the classes their descriptions are keys
    of the `[key]` section ("accept"), so the footer and the palette never show a raw key.

    Textual keeps each node's bindings in `_bindings` (a copy per instance); there is no public
    way to relabel them."""
    from dataclasses import replace

    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [replace(b, description=texts("key", b.description)) if texts.has("key", b.description)
                         else b for b in items]

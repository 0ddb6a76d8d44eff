"""The staff terminal UI (Textual). It talks to the store only through plain-dataclass functions."""

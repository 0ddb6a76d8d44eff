"""Declaration of conformity analysis: is an attachment a DoC, and does it fit the registration."""

from __future__ import annotations

from intake.model import DocFindings


def analyse_declaration(text: str) -> DocFindings:
    """What a declaration's text says; `is_declaration` False for any other document."""
    lowered = text.casefold()
    is_doc = "declaration of conformity" in lowered or "samsvarserklæring" in lowered
    return DocFindings(is_declaration=is_doc)


def cross_check(doc: DocFindings, *, device_type: str | None, manufacturer_name: str | None) -> tuple[str, ...]:
    """Flags a case officer would raise comparing the DoC with the e-mail's fields."""
    return ()

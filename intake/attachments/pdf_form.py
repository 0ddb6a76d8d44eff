"""What a fillable PDF form's fields hold (AcroForm), as 'Label: value' lines.

A form filled in Acrobat or on an iPad keeps its answers in the fields, not in the page's text layer:
the page says 'Organisasjonsnummer' and the field beside it holds '932308231'. Each field is named for a
person by its tooltip (/TU), else by its own name; a ticked box is written 'Label: Ja', an unticked one
not at all. Read by pypdf, at most MAX_FIELDS fields; any fault reading them gives no lines.
"""

from __future__ import annotations

import io
import warnings

MAX_FIELDS = 300
_UNTICKED = (None, "", "/Off", "Off")


def form_lines(data: bytes) -> list[str]:
    """The filled-in fields of the PDF's form, one 'Label: value' line each; [] when it has none."""
    if b"/AcroForm" not in data:
        return []
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns on damaged files; pytest makes that an error
            fields = PdfReader(io.BytesIO(data)).get_fields() or {}
    except Exception:  # noqa: BLE001 - pypdf raises many types on damaged files
        return []
    lines = []
    for name, field in list(fields.items())[:MAX_FIELDS]:
        label = str(field.get("/TU") or name).strip()
        value = field.get("/V")
        if field.get("/FT") == "/Btn":
            if value not in _UNTICKED:
                lines.append(f"{label}: Ja")
        elif value not in _UNTICKED and str(value).strip():
            lines.append(f"{label}: {' '.join(str(value).split())}")
    return lines

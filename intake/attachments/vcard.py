"""A business card (vCard, .vcf) attached to a mail, read as the contact's labelled details.

Outlook and phones attach the sender's or the contact's card; a mail may say 'Kontaktperson: se
vedlagte visitkort'. The card's name, numbers and e-mail become `Label: value` lines the field
reader knows; the firm's own details (ORG, ADR, URL) are left to the mail, since a card is one
person's. vCard 2.1, 3.0 and 4.0 share the lines read here (RFC 6350).
"""

from __future__ import annotations

import re

_MAX_LINES = 200


def vcard_text(data: bytes) -> str | None:
    """The card's contact as label lines, or None when it is no vCard."""
    text = data.decode("utf-8", errors="replace")
    if "BEGIN:VCARD" not in text.upper():
        return None
    lines = re.sub(r"\r?\n[ \t]", "", text).splitlines()[:_MAX_LINES]  # unfold continued lines
    name, mobile, other, email = None, None, None, None
    for line in lines:
        head, _, value = line.partition(":")
        prop, *params = head.split(";")
        prop, types, value = prop.upper().rsplit(".", 1)[-1], ";".join(params).upper(), value.strip()
        if not value:
            continue
        if prop == "FN" and name is None:
            name = value
        elif prop == "N" and name is None:
            parts = value.split(";")
            name = " ".join(p for p in (parts[1] if len(parts) > 1 else "", parts[0]) if p)
        elif prop == "TEL" and ("CELL" in types or "MOBILE" in types) and mobile is None:
            mobile = value.removeprefix("tel:")
        elif prop == "TEL" and "FAX" not in types and other is None:
            other = value.removeprefix("tel:")
        elif prop == "EMAIL" and email is None:
            email = value.removeprefix("mailto:")
    out = [f"Kontaktperson: {name}"] if name else []
    if mobile or other:
        out.append(f"Mobil: {mobile or other}")
    if email:
        out.append(f"E-post: {email}")
    return "\n".join(out) or None

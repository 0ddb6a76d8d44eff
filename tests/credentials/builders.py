"""Fixture builders: a complete registration e-mail with a DOCX declaration of conformity,
and an accepted-ready case prepared straight in the store."""

from __future__ import annotations

import io
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, timezone

AUTH_SERV_ID = "mx.dmp.example"
COMPANY = "Fjordmed AS"
ORG = "974760673"
USERNAME = "org974760673"
DOMAIN = "fjordmed.example"
CONTACT = f"post@{DOMAIN}"
FROM = f"kari.nordmann@{DOMAIN}"

DOC_LINES = [
    "EU DECLARATION OF CONFORMITY",
    f"Manufacturer: {COMPANY}, Strandgaten 12, 5013 Bergen, Norway",
    "SRN: NO-MF-000012345",
    "Product name: FjordSplint",
    "Basic UDI-DI: 7071234FJORDSP9Z",
    "Risk class: I",
    "We declare under our sole responsibility that the device above meets",
    "Regulation (EU) 2017/745 on medical devices (MDR).",
    "Place and date: Bergen, 12.03.2024",
]


def declaration_docx(lines: list[str] | None = None) -> bytes:
    """A DoC as a real DOCX, made with python-docx."""
    import docx

    lines = lines or DOC_LINES
    document = docx.Document()
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def body_nb(*, contact: str = CONTACT, org: str = ORG) -> str:
    return (
        "Hei,\n\nvi ønsker å registrere oss i Register for medisinsk utstyr.\n\n"
        f"Navn på produsent: {COMPANY}\n"
        f"Organisasjonsnummer: {org[:3]} {org[3:6]} {org[6:]}\n"
        "Besøksadresse: Strandgaten 12, 5013 Bergen\n"
        "Postadresse: Postboks 123, 5804 Bergen\n"
        "Telefon: 55 12 34 56\n"
        "Kontaktperson: Kari Nordmann\n"
        "Telefon kontaktperson: 412 34 567\n"
        f"E-post: {contact}\n"
        "Type utstyr: Medisinsk utstyr\n"
        "Type virksomhet: Produsent\n"
        "Samsvarserklæring: vedlagt\n\n"
        "Med vennlig hilsen\nKari Nordmann\nFjordmed AS\n"
    )


def registration_mail(*, from_addr: str = FROM, contact: str = CONTACT, org: str = ORG,
                      auth_results: list[str] | None = None) -> bytes:
    """A complete registration in bokmål with a DoC attached; `auth_results` go on top, in order."""
    msg = EmailMessage()
    for value in auth_results or ():
        msg["Authentication-Results"] = value
    msg["From"] = f"Kari Nordmann <{from_addr}>"
    msg["To"] = "medisinsk.utstyr@localhost"
    msg["Subject"] = "Registrering av medisinsk utstyr"
    msg["Date"] = format_datetime(datetime(2026, 11, 16, 9, 12, 44, tzinfo=timezone.utc))
    msg["Message-ID"] = make_msgid(domain=from_addr.rpartition("@")[2])
    msg.set_content(body_nb(contact=contact, org=org))
    msg.add_attachment(declaration_docx(), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                       filename="samsvarserklaering.docx")
    return msg.as_bytes(policy=policy.SMTP)  # CRLF: smtplib sends bytes as they are


def passing(domain: str = DOMAIN, *, authserv_id: str = AUTH_SERV_ID) -> str:
    """What our mail server writes for a message whose From domain passed DMARC."""
    return (f"{authserv_id}; dkim=pass (2048-bit key) header.d={domain} header.s=sel1; "
            f"spf=pass smtp.mailfrom={domain}; dmarc=pass (p=reject) header.from={domain}")

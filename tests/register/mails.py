"""Registration e-mails for the register tests, built on the credential tests' realistic builder."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.utils import make_msgid

from tests.credentials.builders import COMPANY, FROM, ORG, body_nb, declaration_docx

DOCX = "vnd.openxmlformats-officedocument.wordprocessingml.document"


def doc_lines(*, manufacturer: str = f"{COMPANY}, Strandgaten 12, 5013 Bergen, Norway", srn: str = "NO-MF-000012345",
              product: str = "FjordSplint", udi: str = "7071234FJORDSP9Z", risk: str = "I",
              regulation: str = "Regulation (EU) 2017/745 on medical devices (MDR).", extra: tuple[str, ...] = (),
              date: str = "12.03.2024") -> list[str]:
    return ["EU DECLARATION OF CONFORMITY", f"Manufacturer: {manufacturer}", f"SRN: {srn}",
            f"Product name: {product}", f"Basic UDI-DI: {udi}", f"Risk class: {risk}", *extra,
            "We declare under our sole responsibility that the device above meets", regulation,
            f"Place and date: Bergen, {date}"]


def mail(*, body: str | None = None, docs: list[list[str]] | None = None, from_addr: str = FROM, org: str = ORG,
         subject: str = "Registrering av medisinsk utstyr") -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Kari Nordmann <{from_addr}>"
    msg["To"] = "medisinsk.utstyr@localhost"
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain=from_addr.rpartition("@")[2])
    msg.set_content(body if body is not None else body_nb(org=org))
    for number, lines in enumerate(docs if docs is not None else [doc_lines()]):
        msg.add_attachment(declaration_docx(lines), maintype="application", subtype=DOCX,
                           filename=f"samsvarserklaering-{number + 1}.docx")
    return msg.as_bytes(policy=policy.SMTP)


def representative_body(org: str = ORG, represented: str = "Alpenmed GmbH og Lakeside Medical Ltd") -> str:
    return body_nb(org=org).replace(
        "Type virksomhet: Produsent",
        f"Type virksomhet: Autorisert representant\nVi er autorisert representant for {represented}.")


def custom_made_body(org: str = ORG) -> str:
    return (body_nb(org=org).replace("Samsvarserklæring: vedlagt\n", "")
            .replace("Type utstyr: Medisinsk utstyr", "Type utstyr: Medisinsk utstyr, spesialtilpasset utstyr "
                                                      "(tannkroner og broer laget for hver enkelt pasient)"))

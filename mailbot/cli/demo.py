"""`mdreg demo`: a handful of realistic messages sent through the real intake, for a populated queue.

Each message is stored with store_raw and processed by the worker's process_one, exactly as mail
arriving over SMTP is: the cases, their states and the queued replies are the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, timedelta, timezone

from sqlalchemy.engine import Engine

DOC_MDR = """EU DECLARATION OF CONFORMITY

Manufacturer: Nordlys Medtech AS
Address: Sandakerveien 24, 0473 Oslo, Norway
SRN: NO-MF-000012345

Product: Nordlys SkinScan wound camera
Basic UDI-DI: 7071234NSCAN01XY
Classification: Class IIa, rule 10

We declare under our sole responsibility that the product above is in conformity with
Regulation (EU) 2017/745 on medical devices (MDR).

Notified body: DNV Product Assurance AS, NB 2460, certificate no. 2460-MDR-0042

Oslo, 2026-10-01
Signed: Ingrid Berg, CEO
"""


@dataclass(frozen=True)
class DemoMail:
    sender: str
    name: str
    subject: str
    body: str
    attachment: tuple[str, str] | None = None  # (filename, text)


MAILS = (
    DemoMail("ingrid.berg@nordlys-medtech.example.no", "Ingrid Berg", "Registrering – Nordlys Medtech AS", """Hei,

vi ønsker å registrere virksomheten vår i Register for medisinsk utstyr.

Navn på produsent: Nordlys Medtech AS
Organisasjonsnummer: 923 456 783
Besøksadresse: Sandakerveien 24, 0473 Oslo
Postadresse: Postboks 4410 Nydalen, 0403 Oslo
Telefon: 22 33 44 55
Kontaktperson: Ingrid Berg
Telefon kontaktperson: 912 34 567
E-post: ingrid.berg@nordlys-medtech.example.no
Type utstyr: Medisinsk utstyr
Type virksomhet: Produsent
Nettside: www.nordlys-medtech.example.no

Samsvarserklæring ligger vedlagt.

Med vennlig hilsen
Ingrid Berg
""", ("samsvarserklaering_skinscan.txt", DOC_MDR)),
    DemoMail("post@fjordlab.example.no", "Ola Fjeld", "Registrering av tannteknisk laboratorium", """Hei,

Vi er et tannteknisk laboratorium som lager spesialtilpasset utstyr (kroner og broer).

Firmanavn: Fjordlab Tannteknikk AS
Org.nr.: 987654325
Besøksadresse: Kaigaten 3, 5015 Bergen
Postadresse: Kaigaten 3, 5015 Bergen
Tlf.: 55 90 12 34
Kontaktperson: Ola Fjeld
Kontaktpersonens telefon: 934 56 789
E-post: post@fjordlab.example.no
Type utstyr: medisinsk utstyr
Type virksomhet: produsent
Samsvarserklæring: ikke relevant, spesialtilpasset utstyr

Hilsen Ola Fjeld
"""),
    DemoMail("kari@bjorkmed.example.no", "Kari Bjørk", "Registrering", """Hei,

Vi vil gjerne registrere oss.

Navn på produsent: Bjørk Medisinske AS
Organisasjonsnummer: 998 877 660
Telefon: 71 23 45 67
Kontaktperson: Kari Bjørk

Mvh Kari
"""),
    DemoMail("per@sunnmoremed.example.no", "Per Vik", "Registrering av verksemd", """Hei,

Vi ønskjer å registrere verksemda vår.

Namn på produsent: Sunnmøre Medisinsk AS
Organisasjonsnummer: 934567897
Besøksadresse: Keiser Wilhelms gate 10, 6003 Ålesund
Telefon: 70 11 22 33
Kontaktperson: Per Vik
E-post: per@sunnmoremed.example.no
Type verksemd: produsent

Venleg helsing
Per Vik
"""),
    DemoMail("regulatory@acme-diagnostics.example.com", "Jane Doe", "Registration of IVD manufacturer", """Dear Sir or Madam,

We would like to register with the Norwegian Register for Medical Devices.

Name of the manufacturer: Acme Diagnostics Norway AS
Organization no: 971 234 567
Visiting address: Innovasjonsveien 5, 7030 Trondheim
Postal address: Innovasjonsveien 5, 7030 Trondheim
Telephone: +47 73 12 34 56
Contact person: Jane Doe
Contact person phone: +47 482 12 345
E-mail: regulatory@acme-diagnostics.example.com
Type of device: In vitro diagnostic medical device (IVD)
Type of business: Manufacturer

Kind regards,
Jane Doe
"""),
    DemoMail("john.smith@baltic-ar.example.com", "John Smith", "Question about registration", """Hello,

We are an authorised representative for a German manufacturer of class I
surgical instruments. Do we need to register in Norway when the manufacturer
is already registered in EUDAMED? How long does the registration take?

Best regards,
John Smith
Baltic Authorised Representative Ltd
"""),
    DemoMail("anne@helsetek.example.no", "Anne Holm", "Registrering Helsetek", """Hei!

Navn på produsent: Helsetek AS
Org.nr: 812 345 672
Besøksadresse: Storgata 1, 9008 Tromsø
Postadresse: Postboks 123, 9252 Tromsø
Telefon: 77 60 00 00
Kontaktperson: Anne Holm
Telefon kontaktperson: 45 67 89 01
E-post: anne@helsetek.example.no
Type utstyr: medisinsk utstyr
Type virksomhet: autorisert representant

Samsvarserklæring: vedlagt

Hilsen Anne
"""),
)


def build(mail: DemoMail, *, mailbox: str, at: datetime) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"{mail.name} <{mail.sender}>"
    msg["To"] = mailbox
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = make_msgid(idstring="demo", domain=mail.sender.rpartition("@")[2])
    msg.set_content(mail.body)
    if mail.attachment:
        filename, text = mail.attachment
        msg.add_attachment(text, subtype="plain", filename=filename)
    return bytes(msg)


def run_demo(*, settings, engine: Engine) -> int:
    """Send the demo mail through the real intake; refuses a database that already has cases."""
    from mailbot.runners.worker import Worker
    from store.inbox import store_raw
    from store.queue import state_counts

    if sum(state_counts(engine=engine).values()):
        raise DemoRefused("the database already has cases; `mdreg demo` only fills an empty one")
    now = datetime.now(timezone.utc)
    for i, mail in enumerate(MAILS):
        raw = build(mail, mailbox=settings.mailbox, at=now - timedelta(hours=len(MAILS) - i))
        store_raw(engine=engine, raw=raw, source="ingest", envelope_from=mail.sender, envelope_to=settings.mailbox)
    worker = Worker(settings=settings, engine=engine)
    processed = 0
    try:
        while worker.process_one():
            processed += 1
    finally:
        worker.close()  # its intake children
    return processed


class DemoRefused(Exception):
    """The demo only fills an empty database."""

"""Property: however a realistic registration is laid out, encoded or garbled, reading it never raises
and never turns a readable message into an `unreadable` case."""

from __future__ import annotations

import csv
import html
import io
from email.message import EmailMessage

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.fields.extract import extract_fields
from intake.understand import understand

PAIRS = [("Navn på produsent", "Fjellpuls Medical AS"), ("Organisasjonsnummer", "912 345 688"),
         ("Besøksadresse", "Strandgaten 12, 5013 Bergen"), ("Postadresse", "Postboks 123 Sentrum, 0101 Oslo"),
         ("Telefon", "+47 55 12 34 56"), ("Telefaks", "har ikke"), ("Kontaktperson", "Åse Lid (daglig leder)"),
         ("Telefon kontaktperson", "mob 915 83 002"), ("E-post", "ase@fjellpuls.example.no"),
         ("Type utstyr", "Medisinsk utstyr til in vitro-diagnostikk (IVD)"), ("Samsvarserklæring", "vedlagt"),
         ("Type virksomhet", "Produsent/fullmektig"), ("Nettside", "www.fjellpuls.no<https://www.fjellpuls.no/>")]
LAYOUTS = ["lines", "tabs", "pipes", "markdown", "numbered", "html_rows", "html_columns", "prose", "csv"]

PROPERTY = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def text_layout(layout: str, pairs: list[tuple[str, str]]) -> str:
    if layout == "tabs":
        return "\t".join(k for k, _ in pairs) + "\n" + "\t".join(v for _, v in pairs)
    if layout == "pipes":
        return "\n".join(f"| {k} | {v} |" for k, v in pairs)
    if layout == "markdown":
        return ("| " + " | ".join(k for k, _ in pairs) + " |\n|" + "---|" * len(pairs) + "\n| "
                + " | ".join(v for _, v in pairs) + " |")
    if layout == "numbered":
        return "  ".join(f"{n}. {v}" for n, (_, v) in enumerate(pairs, 1))
    if layout == "prose":
        return " ".join(f"{k} er {v}." for k, v in pairs)
    return "\n".join(f"{k}: {v}" for k, v in pairs)


def html_layout(layout: str, pairs: list[tuple[str, str]]) -> str:
    e = html.escape
    if layout == "html_rows":
        rows = "".join(f"<tr><td><b>{e(k)}</b></td><td><p>{e(v)}</p></td></tr>" for k, v in pairs)
    else:
        rows = ("<tr>" + "".join(f"<th>{e(k)}</th>" for k, _ in pairs) + "</tr><tr>"
                + "".join(f"<td>{e(v).replace(', ', '<br>')}</td>" for _, v in pairs) + "</tr>")
    return f"<html><body><table><tr><td><table border=1>{rows}</table></td></tr></table></body></html>"


@st.composite
def registrations(draw) -> bytes:
    pairs = draw(st.permutations(PAIRS))
    pairs = pairs[: draw(st.integers(min_value=3, max_value=len(pairs)))]
    layout = draw(st.sampled_from(LAYOUTS))
    noise = draw(st.text(max_size=40))
    charset = draw(st.sampled_from(["utf-8", "iso-8859-1", "windows-1252"]))
    cte = draw(st.sampled_from([None, "quoted-printable", "base64", "8bit"]))
    width = draw(st.sampled_from([None, 40, 76]))
    msg = EmailMessage()
    msg["From"] = "Åse Lid <ase@fjellpuls.example.no>"
    msg["To"] = "medisinsk.utstyr@dmp.no"
    subject = draw(st.sampled_from(["Registrering", "SV: Registrering Fjellpuls Medical AS", noise[:20]]))
    msg["Subject"] = " ".join(subject.split()) or "x"
    intro = f"Hei,\n{noise}\n\n"
    body = text_layout(layout, pairs)
    if width:
        body = "\n".join(line[i:i + width] for line in body.split("\n") for i in range(0, max(len(line), 1), width))
    text = intro + (body if layout not in ("html_rows", "html_columns", "csv") else "se vedlegg") + "\n\nMvh Åse\n"
    safe = text.encode(charset, "replace").decode(charset)
    msg.set_content(safe, charset=charset, cte=cte) if cte else msg.set_content(safe, charset=charset)
    if layout.startswith("html"):
        msg.add_alternative(html_layout(layout, pairs).encode(charset, "xmlcharrefreplace").decode(charset),
                            subtype="html", charset=charset)
    if layout == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=draw(st.sampled_from([";", ",", "\t", "|"])))
        writer.writerows(pairs)
        msg.add_attachment(out.getvalue().encode(charset, "replace"), maintype="text", subtype="csv",
                           filename="skjema.csv")
    for number, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_mdreg_{number}")  # the email package would draw one from `random`
    raw = msg.as_bytes()
    cut = draw(st.integers(min_value=0, max_value=3))
    return raw if cut else raw.replace(b"\n", b"\r\n")


@PROPERTY
@given(registrations())
def test_reading_a_reformatted_registration_never_fails(raw):
    found = understand(raw)
    assert found.unreadable is None
    assert set(found.fields) >= {"manufacturer_name", "org_number"}


@PROPERTY
@given(st.text(max_size=2_000))
def test_extracting_any_text_never_raises(text):
    extract_fields(text)


@PROPERTY
@given(registrations(), st.binary(max_size=200), st.integers(min_value=0, max_value=5_000))
def test_damaged_bytes_are_read_or_said_unreadable_never_raised(raw, junk, at):
    understand(raw[:at] + junk + raw[at:])

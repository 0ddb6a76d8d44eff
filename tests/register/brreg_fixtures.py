"""Enhetsregisteret test data in the register's own shapes: API/bulk JSON objects, the bulk
download as gzip'd JSON or CSV, and a local HTTP server answering like
`GET https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}`."""

from __future__ import annotations

import csv
import gzip
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def enhet(org: str, navn: str, *, form: str = "AS", postnummer: str = "5013", poststed: str = "BERGEN",
          adresse: str = "Strandgaten 12", konkurs: bool = False, under_avvikling: bool = False,
          tvangs: bool = False, slettedato: str | None = None, postadresse: dict | None = None) -> dict:
    """One unit as the API returns it (fields as documented; `_links` as the API adds them)."""
    forms = {"AS": "Aksjeselskap", "ASA": "Allmennaksjeselskap", "ENK": "Enkeltpersonforetak", "NUF": "Norskregistrert utenlandsk foretak"}
    unit = {
        "organisasjonsnummer": org,
        "navn": navn,
        "organisasjonsform": {"kode": form, "beskrivelse": forms.get(form, form),
                              "_links": {"self": {"href": f"https://data.brreg.no/enhetsregisteret/api/organisasjonsformer/{form}"}}},
        "registreringsdatoEnhetsregisteret": "2004-02-17",
        "registrertIMvaregisteret": True,
        "naeringskode1": {"kode": "32.501", "beskrivelse": "Produksjon av medisinske og tanntekniske instrumenter og utstyr"},
        "antallAnsatte": 12,
        "forretningsadresse": {"land": "Norge", "landkode": "NO", "postnummer": postnummer, "poststed": poststed,
                               "adresse": [adresse], "kommune": poststed, "kommunenummer": "4601"},
        "institusjonellSektorkode": {"kode": "2100", "beskrivelse": "Private aksjeselskaper mv."},
        "registrertIForetaksregisteret": True,
        "registrertIStiftelsesregisteret": False,
        "registrertIFrivillighetsregisteret": False,
        "konkurs": konkurs,
        "underAvvikling": under_avvikling,
        "underTvangsavviklingEllerTvangsopplosning": tvangs,
        "maalform": "Bokmål",
        "_links": {"self": {"href": f"https://data.brreg.no/enhetsregisteret/api/enheter/{org}"}},
    }
    if postadresse:
        unit["postadresse"] = postadresse
    if slettedato:
        unit["slettedato"] = slettedato
    return unit


def write_json_gz(path: Path, units: list[dict]) -> Path:
    """The bulk download `enheter_alle.json.gz`: one JSON array of every unit, gzip'd."""
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("[\n")
        out.write(",\n".join(json.dumps(u, ensure_ascii=False) for u in units))
        out.write("\n]\n")
    return path


CSV_COLUMNS = [
    "organisasjonsnummer", "navn", "organisasjonsform.kode", "organisasjonsform.beskrivelse",
    "forretningsadresse.adresse", "forretningsadresse.poststed", "forretningsadresse.postnummer",
    "forretningsadresse.land", "forretningsadresse.landkode", "postadresse.adresse", "postadresse.postnummer",
    "postadresse.poststed", "konkurs", "underAvvikling", "underTvangsavviklingEllerTvangsopplosning",
    "slettedato", "antallAnsatte",
]


def _flat(unit: dict) -> dict:
    out = {}
    for column in CSV_COLUMNS:
        head, _, tail = column.partition(".")
        value = unit.get(head)
        if tail:
            value = (value or {}).get(tail)
        if isinstance(value, list):
            value = ", ".join(value)
        if isinstance(value, bool):
            value = "true" if value else "false"
        out[column] = "" if value is None else str(value)
    return out


def write_csv_gz(path: Path, units: list[dict], *, compress: bool = True) -> Path:
    """The CSV variant: a header of the JSON keys joined by dots, one quoted row per unit."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writeheader()
    for unit in units:
        writer.writerow(_flat(unit))
    data = text.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


class BrregServer:
    """A local HTTP server in the API's shape: 200 with the unit, 404 with the API's error body,
    410 for a removed unit; `delay` makes it slower than the client's timeout."""

    def __init__(self, units: dict[str, dict], *, gone: set[str] = frozenset(), delay: float = 0.0) -> None:
        self.units, self.gone, self.delay, self.hits = units, set(gone), delay, []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                server.hits.append(self.path)
                if server.delay:
                    time.sleep(server.delay)
                org = self.path.rstrip("/").rsplit("/", 1)[-1]
                if org in server.gone:
                    self._send(410, {"organisasjonsnummer": org, "slettedato": "2023-05-02"})
                elif org in server.units and self.path.startswith("/enhetsregisteret/api/enheter/"):
                    self._send(200, server.units[org])
                else:
                    self._send(404, {"timestamp": "2026-11-30T01:00:00.000+00:00", "status": 404, "error": "Not Found",
                                     "message": f"Ingen enhet med organisasjonsnummer {org} ble funnet",
                                     "path": self.path})

            def _send(self, status, body):
                data = json.dumps(body, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json;charset=UTF-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/enhetsregisteret/api"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

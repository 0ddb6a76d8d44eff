"""The official Norwegian postcode list (intake/data/postcodes_no.tsv), installed by the operator.

Source: Posten Bring's postcode register, `Postnummerregister-ansi.txt` (tab-separated,
windows-1252: postcode, town, municipality number, municipality, category), published at
https://www.bring.no/postnummerregister-ansi.txt and updated by Posten several times a year.
The list is not kept in the repository: install it, and keep it current, by downloading that
file and running `python -m intake.fields.postcodes --update FILE`. Without it no postcode is
checked (and none is marked), rather than every one being marked unknown.
"""

from __future__ import annotations

import argparse
from functools import cache
from importlib import resources
from pathlib import Path

_DATA = "postcodes_no.tsv"
_HEADER = ("# Norwegian postcodes: postcode, town (poststed), category (G street, P post boxes, B both, "
           "S service, F several).\n"
           "# Source: Posten Bring, Postnummerregister-ansi.txt (https://www.bring.no/postnummerregister-ansi.txt).\n"
           "# Update: python -m intake.fields.postcodes --update FILE (a fresh download of that file).\n")


@cache
def postcodes() -> dict[str, str]:
    """Postcode -> town as Posten writes it (capitals); empty when the list is not installed."""
    data = resources.files("intake").joinpath(f"data/{_DATA}")
    if not data.is_file():
        return {}
    text = data.read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, town, _ = line.split("\t")
            out[code] = town
    return out


def town_for(postcode: str) -> str | None:
    return postcodes().get(postcode)


def town_case(town: str) -> str:
    """'BÆRUMS VERK' -> 'Bærums Verk', the way people write a town."""
    return " ".join(w.capitalize() if len(w) > 1 else w for w in town.split())


def convert(register: bytes) -> str:
    """Posten's register file as our data file."""
    rows = []
    for line in register.decode("cp1252").splitlines():
        cells = line.split("\t")
        if len(cells) >= 5 and cells[0].isdigit() and len(cells[0]) == 4:
            rows.append(f"{cells[0]}\t{cells[1].strip()}\t{cells[4].strip()}")
    if len(rows) < 4000:
        raise ValueError(f"only {len(rows)} postcodes: not Posten's register file")
    return _HEADER + "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Rewrite intake/data/postcodes_no.tsv from Posten's register file")
    parser.add_argument("--update", type=Path, required=True, help="Postnummerregister-ansi.txt as downloaded")
    args = parser.parse_args()
    target = Path(__file__).resolve().parents[1] / "data" / _DATA
    target.write_text(convert(args.update.read_bytes()), "utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()

"""Time `mdreg brreg import` of generated units in the official bulk format (JSON gz and CSV gz).

    .venv/bin/python bench/brreg_import.py [--units 10000] [--db URL]

Without --db on SQLite; with --db postgresql+psycopg://… the bench makes and drops its own database.

Target: 10,000 units in under 10 s. Prints the seconds and units/s for each format.
"""

from __future__ import annotations

import argparse
import os
from contextlib import contextmanager
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdnum.no import orgnr  # noqa: E402

from store.db import open_database  # noqa: E402
from tests.register.brreg_fixtures import enhet, write_csv_gz, write_json_gz  # noqa: E402

TOWNS = [("0150", "OSLO"), ("5013", "BERGEN"), ("7010", "TRONDHEIM"), ("9008", "TROMSØ"), ("4006", "STAVANGER")]


def units(n: int) -> list[dict]:
    rng, out, number = random.Random(7), [], 810000000
    while len(out) < n:
        number += 1
        org = str(number)
        if not orgnr.is_valid(org):
            continue
        code, town = rng.choice(TOWNS)
        out.append(enhet(org, f"GENERERT {len(out)} {rng.choice(['AS', 'ASA', 'ENK'])}", form=rng.choice(["AS", "ENK"]),
                         postnummer=code, poststed=town, adresse=f"Gate {rng.randint(1, 200)}",
                         konkurs=rng.random() < 0.01))
    return out


def run(path: Path, db: str) -> tuple[float, float]:
    """(whole command, the import itself as the command reports it)."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "mailbot.cli.main", "brreg", "import", str(path), "--db", db],
                          check=True, capture_output=True, text=True)
    # "… in 1.1 s" (en) or "… på 1,1 s" (nb): the command speaks the operator's language.
    reported = float(re.search(r"(\d+[.,]\d+) s\b", done.stdout).group(1).replace(",", "."))
    return time.monotonic() - started, reported


@contextmanager
def database(server: str | None, tmp: str, name: str):
    if not server:
        yield f"sqlite:///{tmp}/bench-{name}.db"
        return
    from tests.support import pg_database

    with pg_database(server, f"mdreg_bench_brreg_{os.getpid()}") as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--db", help="a PostgreSQL server URL: the bench makes and drops its own database there")
    args = parser.parse_args()
    generated = units(args.units)
    with tempfile.TemporaryDirectory() as tmp:
        for name, write in (("json.gz", write_json_gz), ("csv.gz", write_csv_gz)):
            path = write(Path(tmp) / f"enheter.{name}", generated)
            with database(args.db, tmp, name) as db:
                open_database(db).dispose()  # an existing register: migrations are not the import's cost
                seconds, reported = run(path, db)
            print(f"{name}: {args.units} units: `mdreg brreg import` took {seconds:.2f} s in all (process "
                  f"start-up included), the import itself {reported:.1f} s ({args.units / reported:,.0f} units/s); "
                  f"target < 10 s in all: {'met' if seconds < 10 else 'MISSED'}; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

"""The register's commands: `mdreg brreg import FILE`, `mdreg purge`, `mdreg erase --email`,
`mdreg export`. Each parser and handler is here; main.py only registers them."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def add_parsers(sub, common) -> None:
    brreg = sub.add_parser("brreg", parents=[common], help="Enhetsregisteret: load the bulk download")
    brreg_sub = brreg.add_subparsers(dest="brreg_command", required=True)
    load = brreg_sub.add_parser("import", parents=[common],
                                help="load the official bulk file (gzip'd JSON of all units, or its CSV)")
    load.add_argument("file", type=Path)


def cmd_brreg(args, settings, engine) -> int:
    from mailbot.brreg.bulk import NotABulkFile, ReadCount, read_units
    from store.brreg import replace_units

    started, count = time.monotonic(), ReadCount()
    try:
        stored = replace_units(engine=engine, units=read_units(args.file, count), actor=settings.staff_actor)
    except (NotABulkFile, FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"mdreg brreg import: {exc}", file=sys.stderr)
        return 2
    print(f"{stored} units imported from {args.file} in {time.monotonic() - started:.1f} s"
          + (f"; {count.skipped} records skipped (no nine-digit number or no name)" if count.skipped else ""))
    return 0


COMMANDS = {"brreg": cmd_brreg}

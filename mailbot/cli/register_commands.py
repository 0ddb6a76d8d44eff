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
    signals = sub.add_parser("signals", parents=[common], help="registrations matching the surveillance rules")
    signals.add_argument("--rule", help="only this rule (e.g. cosmetic_clinic)")
    signals.add_argument("--case", help="only this case reference")
    signals.add_argument("--json", action="store_true")


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


def cmd_signals(args, settings, engine) -> int:
    import json

    from store.signals import list_signals

    rows = list_signals(engine=engine, rule=args.rule, reference=args.case)
    if args.json:
        print(json.dumps([{"reference": r.reference, "rule": r.rule, "evidence": list(r.evidence),
                           "at": r.at.isoformat()} for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r.reference}  {r.rule}")
        for line in r.evidence:
            print(f"    {line}")
    return 0


COMMANDS = {"brreg": cmd_brreg, "signals": cmd_signals}

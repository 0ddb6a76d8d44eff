"""The register's commands: `mdreg brreg import FILE`, `mdreg purge`, `mdreg erase --email`,
`mdreg export`. Each parser and handler is here; main.py only registers them."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def add_parsers(sub, common) -> None:
    brreg = sub.add_parser("brreg", parents=[common])
    brreg_sub = brreg.add_subparsers(dest="brreg_command", required=True)
    load = brreg_sub.add_parser("import", parents=[common])
    load.add_argument("file", type=Path)
    purge = sub.add_parser("purge", parents=[common])
    purge.add_argument("--apply", action="store_true")
    erase = sub.add_parser("erase", parents=[common])
    erase.add_argument("--email", required=True)
    export = sub.add_parser("export", parents=[common])
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("--output", type=Path)
    signals = sub.add_parser("signals", parents=[common])
    signals.add_argument("--rule")
    signals.add_argument("--case")
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
    from mailbot.cli.texts import say_for

    say = say_for(settings)
    print(say("brreg", "imported", count=stored, file=args.file, seconds=f"{time.monotonic() - started:.1f}")
          + (say("brreg", "skipped", count=count.skipped) if count.skipped else ""))
    return 0


def cmd_signals(args, settings, engine) -> int:
    import json

    from store.signals import list_signals

    rows = list_signals(engine=engine, rule=args.rule, reference=args.case)
    if args.json:
        print(json.dumps([{"reference": r.reference, "rule": r.rule, "evidence": list(r.evidence),
                           "at": r.at.isoformat()} for r in rows], ensure_ascii=False, indent=2))
        return 0
    from mailbot.cli.texts import say_for

    print_signals(rows, say=say_for(settings), rule_file=settings.signal_rules_file)
    return 0


def print_signals(rows, *, say, rule_file) -> None:
    """One line per signal: the case, the rule's id (for --rule and scripts) and its text in the
    operator's language (intake/data/signals.toml, or staff's own rules file); then the evidence."""
    from intake.signals import evidence_text, load_rules

    if not rows:
        print(say("signals", "none"))
        return
    texts = {rule.id: rule.texts.get(say.language) or rule.texts["nb"] for rule in load_rules(rule_file)}
    width = max(len(say("signals", "rule")), *(len(r.rule) for r in rows))
    ref_width = max(len(say("signals", "reference")), *(len(r.reference) for r in rows))
    print(f"{say('signals', 'reference'):<{ref_width}}  {say('signals', 'rule'):<{width}}  {say('signals', 'text')}")
    for r in rows:
        print(f"{r.reference:<{ref_width}}  {r.rule:<{width}}  {texts.get(r.rule, '')}".rstrip())
        for line in r.evidence:
            print(f"    {evidence_text(line, language=say.language)}")


def cmd_purge(args, settings, engine) -> int:
    from store.retention import Retention, apply_purge, plan_purge

    from mailbot.cli.texts import say_for

    say = say_for(settings)
    retention = Retention.from_settings(settings)
    plan = plan_purge(engine=engine, retention=retention)
    counts = ", ".join(f"{n} {say('purge', what)}" for what, n in plan.counts().items())
    periods = say("purge", "periods", raw_mail=retention.raw_mail_days, attachments=retention.attachments_days,
                  cases=retention.cases_days, audit=retention.audit_days)
    if not args.apply:
        print(say("purge", "dry_run", periods=periods, counts=counts))
        return 0
    apply_purge(engine=engine, plan=plan, actor=settings.staff_actor)
    print(say("purge", "done", periods=periods, counts=counts))
    return 0


def cmd_erase(args, settings, engine) -> int:
    import json

    from store.erasure import erase_email

    report = erase_email(engine=engine, address=args.email, actor=settings.staff_actor)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    return 0


def cmd_export(args, settings, engine) -> int:
    import json

    from store.export import build_export, write_csv

    data = build_export(engine=engine)
    if args.format == "csv":
        if args.output is None:
            from mailbot.cli.texts import say_for

            print(f"mdreg export: {say_for(settings)('export', 'needs_output')}", file=sys.stderr)
            return 2
        try:
            paths = write_csv(data, args.output)
        except OSError as exc:
            print(f"mdreg export: {exc}", file=sys.stderr)
            return 2
        from mailbot.cli.texts import say_for

        print(say_for(settings)("export", "written", operators=len(data["operators"]), devices=len(data["devices"]),
                                mandates=len(data["mandates"]), paths=", ".join(str(p) for p in paths)),
              file=sys.stderr)
        return 0
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


COMMANDS = {"brreg": cmd_brreg, "signals": cmd_signals, "purge": cmd_purge, "erase": cmd_erase,
            "export": cmd_export}

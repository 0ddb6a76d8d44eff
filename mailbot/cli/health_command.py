"""`mdreg health`: one line per check and exit 0/1/2 (ok/warning/critical), for monitoring; the
words after `LEVEL name:` are in the operator's language."""

from __future__ import annotations

import argparse


def add_parser(sub, common: argparse.ArgumentParser) -> None:
    sub.add_parser("health", parents=[common])


def cmd_health(args, settings, engine) -> int:
    from mailbot.health import overall, run_checks

    checks = run_checks(settings=settings, engine=engine)
    for check in checks:
        print(check.said(settings.ui_language))  # OK/WARNING/CRITICAL and the name stay for monitoring
    return int(overall(checks))


COMMANDS = {"health": cmd_health}

"""`mdreg --version`: the installed distribution's version, as pip and the package metadata know it."""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version


def mdreg_version() -> str:
    try:
        return version("mdreg")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown (not installed)"


def add_version_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"mdreg {mdreg_version()}",
                        help=None)  # the text comes from the language files ([option] version)

"""Benchmark: where understand() spends its CPU time, stage by stage, in ms per message.

Run: .venv/bin/python bench/stages.py [accuracy|corpora]
Each stage's function is wrapped where understand() (or the attachment reader) calls it and its
CPU time (time.process_time, this process only) is summed; a stage called inside another of the
same name counts once. Stages nest: the attachment readers are part of "attachments", the HTML
reader part of "mime parse". Tesseract runs in process (its CPU is in the OCR stage); OCR children
(pdfimages, pdftoppm; tesseract where libtesseract is missing) are counted apart. Caches stay as
one pass over the corpus leaves them (the first five messages warm the catalogue and patterns).
"""

from __future__ import annotations

import argparse
import csv
import functools
import importlib
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this tree's intake, not the one the venv was installed from
CORPORA = ROOT / ".." / "shared" / "corpora"
ACCURACY = ROOT / "tests" / "fixtures" / "accuracy"

# (module where the caller looks the function up, function name, stage label)
STAGES = [
    ("intake.understand", "parse_tree", "mime parse (all)"),
    ("intake.mime.parse", "parse_bytes", "  stdlib parse and raw limits"),
    ("intake.mime.parse", "body_and_attachments", "  body and parts (incl. HTML)"),
    ("intake.mime.parse", "_html_body", "    HTML to text"),
    ("intake.understand", "machine_mail", "machine mail"),
    ("intake.understand", "read_attachments", "attachments (all)"),
    ("intake.attachments.read", "pdf_text", "  PDF text layer (PDFium, pypdf)"),
    ("intake.attachments.ocr", "ocr_pdf", "  OCR (incl. tesseract in process)"),
    ("intake.attachments.office_text", "docx_text", "  DOCX"),
    ("intake.attachments.office_text", "odt_text", "  ODT"),
    ("intake.attachments.read", "spreadsheet_text", "  XLSX/ODS/XLS"),
    ("intake.attachments.office_text", "csv_text", "  CSV"),
    ("intake.attachments.read", "analyse_declaration", "  DoC analysis"),
    ("intake.understand", "extract_fields", "field extraction (layouts, fields)"),
    ("intake.understand", "validate_fields", "validation"),
    ("intake.understand", "judge_declaration", "DoC judgement"),
    ("intake.understand", "_declaration", "DoC field and cross-check"),
    ("intake.understand", "_kind", "mail kind"),
    ("intake.understand", "detect_language", "language"),
]


def _wrap(totals: dict[str, float], counts: dict[str, int], active: list[str]) -> None:
    for module_name, name, label in STAGES:
        module = importlib.import_module(module_name)
        function = getattr(module, name, None)
        if function is None:
            print(f"(no {module_name}.{name}: stage '{label.strip()}' left out)")
            continue

        @functools.wraps(function)
        def timed(*args, _function=function, _label=label, **kwargs):
            started = time.process_time()
            active.append(_label)
            try:
                return _function(*args, **kwargs)
            finally:
                active.pop()
                if _label not in active:
                    totals[_label] += time.process_time() - started
                    counts[_label] += 1

        setattr(module, name, timed)


def _messages(which: str) -> list[bytes]:
    if which == "corpora":
        if not (CORPORA / "index.tsv").is_file():
            return []
        with (CORPORA / "index.tsv").open(encoding="utf-8", newline="") as handle:
            return [(CORPORA / row["path"]).read_bytes() for row in csv.DictReader(handle, delimiter="\t")]
    return [eml.read_bytes() for split in ("dev", "test") for eml in sorted((ACCURACY / split).glob("*.eml"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", choices=("accuracy", "corpora"), default="accuracy")
    args = parser.parse_args()
    messages = _messages(args.corpus)
    if not messages:
        print(f"no messages for {args.corpus}; skipping")
        return
    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    _wrap(totals, counts, [])
    from intake.model import Limits
    from intake.understand import understand

    limits = Limits()
    for raw in messages[:5]:
        understand(raw, limits=limits)
    totals.clear()
    counts.clear()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.process_time()
    for raw in messages:
        understand(raw, limits=limits)
    own = time.process_time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ocr = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    count = len(messages)
    print(f"{args.corpus}: {count} messages; understand() {1000 * own / count:.2f} ms CPU per message "
          f"({count / own:.0f} per CPU second); OCR children {1000 * ocr / count:.2f} ms per message")
    for _, _, label in STAGES:
        if counts.get(label):
            print(f"  {label:<40} {1000 * totals[label] / count:7.3f} ms/msg  ({counts[label]} calls)")


if __name__ == "__main__":
    main()

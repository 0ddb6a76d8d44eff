"""Benchmark: messages/s over the shared corpora and the accuracy corpus, and PDF pages/s, single process.

Run: .venv/bin/python bench/extraction.py [--rounds N]
Prints in-process messages/s, the bounded (child process) rate, the cost of a fresh process per
message for comparison, in-process messages/s on the independent accuracy corpus
(tests/fixtures/accuracy/{dev,test}, target >= 500 msg/s), and PDF text-layer pages/s (PDFium) on a
generated multi-page PDF.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this tree's intake, not the one the venv was installed from
CORPORA = ROOT / ".." / "shared" / "corpora"
ACCURACY = ROOT / "tests" / "fixtures" / "accuracy"


def corpus() -> list[bytes]:
    with (CORPORA / "index.tsv").open(encoding="utf-8", newline="") as handle:
        return [(CORPORA / row["path"]).read_bytes() for row in csv.DictReader(handle, delimiter="\t")]


def rate(label: str, count: int, seconds: float, unit: str) -> None:
    print(f"{label:<44} {count:>6} {unit} in {seconds:7.2f} s = {count / seconds:9.1f} {unit}/s")


def bench_messages(messages: list[bytes], rounds: int) -> None:
    from intake.bounded import IntakePool, understand_bounded
    from intake.model import Limits
    from intake.understand import understand

    limits = Limits()
    size = sum(map(len, messages)) / 1e6
    print(f"corpus: {len(messages)} messages, {size:.1f} MB")
    started = time.perf_counter()
    for _ in range(rounds):
        for raw in messages:
            understand(raw, limits=limits)
    rate("understand(), in process", len(messages) * rounds, time.perf_counter() - started, "msg")

    with IntakePool(size=1) as pool:
        understand_bounded(b"From: a@b.no\n\nwarm-up\n", limits=limits, pool=pool)
        started = time.perf_counter()
        for _ in range(rounds):
            for raw in messages:
                understand_bounded(raw, limits=limits, pool=pool)
        rate("understand_bounded(), reused child", len(messages) * rounds, time.perf_counter() - started, "msg")

    sample = messages[:50]
    started = time.perf_counter()
    for raw in sample:
        understand_bounded(raw, limits=limits)  # no pool: a fresh child for every message
    rate("understand_bounded(), new child per message", len(sample), time.perf_counter() - started, "msg")


def bench_accuracy(rounds: int) -> None:
    """In process, on mails written independently of the extractor (attachments, tables, prose)."""
    from intake.model import Limits
    from intake.understand import understand

    messages = [eml.read_bytes() for split in ("dev", "test") for eml in sorted((ACCURACY / split).glob("*.eml"))]
    if not messages:
        print(f"accuracy corpus not found at {ACCURACY}; skipping")
        return
    limits = Limits()
    for raw in messages[:5]:
        understand(raw, limits=limits)  # warm-up: catalogue, postcode list and patterns load once
    print(f"accuracy corpus: {len(messages)} messages, {sum(map(len, messages)) / 1e6:.1f} MB")
    started, (own, ocr) = time.perf_counter(), _cpu_seconds()
    for _ in range(rounds):
        for raw in messages:
            understand(raw, limits=limits)
    rate("understand(), in process, accuracy corpus", len(messages) * rounds, time.perf_counter() - started, "msg")
    # CPU time of this process and its OCR children: what the work costs, whatever else the machine runs.
    own_after, ocr_after = _cpu_seconds()
    rate("  per CPU second of this process", len(messages) * rounds, own_after - own, "msg")
    rate("  per CPU second incl. OCR children", len(messages) * rounds,
         own_after - own + ocr_after - ocr, "msg")


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children (pdfimages, pdftoppm;
    tesseract runs in this process where libtesseract can be loaded)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def bench_pdf(pages: int) -> None:
    from intake.attachments.deadline import Deadline
    from intake.model import Limits
    from intake.attachments.pdf_text import pdf_text

    spec = importlib.util.spec_from_file_location("make_attachments", ROOT / "tests" / "fixtures" / "make_attachments.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    lines = ["EU DECLARATION OF CONFORMITY", "Manufacturer: Nordisk Medtek AS"] + [
        f"Line {n}: the device meets Regulation (EU) 2017/745, Annex I." for n in range(40)
    ]
    data = gen.text_pdf(lines, pages=pages)
    limits = Limits(max_pdf_pages=pages, attachment_seconds=600)
    started = time.perf_counter()
    result = pdf_text(data, limits, Deadline(600))
    rate(f"PDF text layer, hand-built PDF ({len(data) // 1024} KB)", result.pages_read,
         time.perf_counter() - started, "pages")
    real = ROOT / "tests" / "fixtures" / "attachments" / "doc_mdr.pdf"
    if real.is_file():
        blob = real.read_bytes()
        started = time.perf_counter()
        count = 0
        for _ in range(50):
            count += pdf_text(blob, limits, Deadline(600)).pages_read
        rate("PDF text layer, LibreOffice PDF x50", count, time.perf_counter() - started, "pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    if not (CORPORA / "index.tsv").is_file():
        print(f"corpora not found at {CORPORA.resolve()}; skipping the message benchmark")
    else:
        bench_messages(corpus(), args.rounds)
    bench_accuracy(args.rounds)
    bench_pdf(args.pages)


if __name__ == "__main__":
    main()

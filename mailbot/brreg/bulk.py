"""Read the register's bulk download: the gzip'd JSON array of all units, or its CSV variant.

Streams the file (the real one holds about a million units), so memory stays flat; a record that
cannot be read is counted and skipped, never the end of the import.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mailbot.brreg.units import BadUnit, Unit, from_api, from_csv

CHUNK = 1 << 20


class NotABulkFile(ValueError):
    """The file is neither the JSON nor the CSV variant of the bulk download."""


@dataclass
class ReadCount:
    read: int = 0
    skipped: int = 0


def open_text(path: Path) -> io.TextIOBase:
    """The file as text, gunzipped when it starts with gzip's magic bytes."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    raw = gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def read_units(path: Path, count: ReadCount) -> Iterator[Unit]:
    """Every unit in the file, JSON or CSV, decided by its first character."""
    stream = open_text(path)
    try:
        first = stream.read(1)
        while first and first.isspace():
            first = stream.read(1)
        if first == "[":
            yield from _json_units(stream, count)
        elif first:
            yield from _csv_units(first, stream, count)
    except (UnicodeDecodeError, EOFError, gzip.BadGzipFile, OSError) as exc:
        raise NotABulkFile(f"{path}: {exc}") from exc
    finally:
        stream.close()


def _json_units(stream: io.TextIOBase, count: ReadCount) -> Iterator[Unit]:
    decoder = json.JSONDecoder()
    buffer, pos, done = "", 0, False
    while True:
        while pos < len(buffer) and buffer[pos] in " \t\r\n,":
            pos += 1
        if pos < len(buffer) and buffer[pos] == "]":
            return
        try:
            obj, end = decoder.raw_decode(buffer, pos)
        except json.JSONDecodeError as exc:
            if done:
                raise NotABulkFile(f"JSON ends inside a unit: {exc}") from exc
            more = stream.read(CHUNK)
            done = not more
            buffer, pos = buffer[pos:] + more, 0
            if done and not buffer.strip():
                raise NotABulkFile("JSON array is not closed")
            continue
        pos = end
        yield from _one(lambda: from_api(obj) if isinstance(obj, dict) else _not_object(obj), count)


def _not_object(obj) -> Unit:
    raise BadUnit(f"not an object: {str(obj)[:40]}")


def _csv_units(first: str, stream: io.TextIOBase, count: ReadCount) -> Iterator[Unit]:
    header = first + stream.readline()
    delimiter = ";" if header.count(";") > header.count(",") else ","
    names = next(csv.reader([header], delimiter=delimiter))
    if "organisasjonsnummer" not in [n.strip() for n in names]:
        raise NotABulkFile("CSV without an 'organisasjonsnummer' column")
    for row in csv.DictReader(stream, fieldnames=[n.strip() for n in names], delimiter=delimiter):
        yield from _one(lambda: from_csv(row), count)


def _one(make, count: ReadCount) -> Iterator[Unit]:
    try:
        unit = make()
    except (BadUnit, AttributeError, TypeError) as exc:  # a malformed record, not a malformed file
        count.skipped += 1
        del exc
        return
    count.read += 1
    yield unit



"""Spreadsheets (XLS, XLSX, ODS) through python-calamine (MIT; Rust's calamine): each sheet's used
cells as `label: value` lines (intake/layouts/table_text.py), in either orientation."""

from __future__ import annotations

import io

from intake.attachments.deadline import Deadline
from intake.layouts.table_text import MAX_ROWS, clean_rows, table_lines

MAX_SHEETS = 20


def spreadsheet_text(data: bytes, deadline: Deadline) -> str:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    lines: list[str] = []
    for name in book.sheet_names[:MAX_SHEETS]:
        deadline.check()
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=True, nrows=MAX_ROWS)
        lines += table_lines(clean_rows(rows))
        lines.append("")
    return "\n".join(lines)

"""Optional OCR of a scanned PDF's page images with the tesseract CLI, when it is installed.

Never required: without tesseract (or on any failure) this returns None and the attachment
keeps its `needs_manual_check:scanned_pdf` flag for a person to read.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

from intake.attachments.deadline import Deadline
from intake.model import Limits

MAX_OCR_PAGES = 5  # a DoC is one or two pages; OCR costs seconds per page


def ocr_pdf(data: bytes, limits: Limits, deadline: Deadline) -> str | None:
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _ocr(binary, data, deadline) or None
    except Exception:  # noqa: BLE001 - OCR is best effort
        return None


def _ocr(binary: str, data: bytes, deadline: Deadline) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mdreg-ocr-") as tmp:
        for number, page in enumerate(reader.pages[:MAX_OCR_PAGES]):
            for index, image in enumerate(page.images):
                path = Path(tmp) / f"p{number}-{index}{Path(image.name).suffix or '.png'}"
                path.write_bytes(image.data)
                seconds = deadline.remaining()
                if seconds <= 0:
                    return "\n".join(texts)
                done = subprocess.run(
                    [binary, str(path), "stdout"],
                    capture_output=True, timeout=seconds, check=False,
                )
                texts.append(done.stdout.decode("utf-8", errors="replace"))
    return "\n".join(texts).strip()

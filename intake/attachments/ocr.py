"""OCR of a scanned PDF: pages rendered by poppler's pdftoppm, read by tesseract (Norwegian and English).

Both are Debian packages (poppler-utils, tesseract-ocr, tesseract-ocr-nor; installed by .ci/run).
Never required: without them, or on any failure, this returns None and the attachment keeps its
`needs_manual_check:scanned_pdf` flag, so a case officer opens it (never `missing`).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from intake.attachments.deadline import Deadline
from intake.model import Limits

MAX_OCR_PAGES = 5  # a DoC is one or two pages; OCR costs seconds per page
_DPI = "200"


def ocr_available() -> bool:
    return shutil.which("pdftoppm") is not None and shutil.which("tesseract") is not None


def ocr_pdf(data: bytes, limits: Limits, deadline: Deadline) -> str | None:  # noqa: ARG001 - limits kept for callers
    if not ocr_available():
        return None
    try:
        return _ocr(data, deadline) or None
    except (OSError, subprocess.SubprocessError):
        return None  # OCR is best effort: the scan still goes to a case officer


def _ocr(data: bytes, deadline: Deadline) -> str:
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mdreg-ocr-") as tmp:
        source = Path(tmp) / "scan.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", _DPI, "-gray", "-png", "-l", str(MAX_OCR_PAGES), str(source),
                        str(Path(tmp) / "page")], capture_output=True, timeout=_seconds(deadline), check=True)
        for page in sorted(Path(tmp).glob("page*.png")):
            done = subprocess.run(["tesseract", str(page), "stdout", "-l", _languages()], capture_output=True,
                                  timeout=_seconds(deadline), check=False)
            texts.append(done.stdout.decode("utf-8", errors="replace"))
    return "\n".join(texts).strip()


def _seconds(deadline: Deadline) -> float:
    seconds = deadline.remaining()
    if seconds <= 0:
        raise subprocess.TimeoutExpired("ocr", 0)
    return seconds


@cache
def _languages() -> str:
    """Norwegian and English where both are installed (tesseract-ocr-nor), else what there is."""
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "eng"
    have = set(listed.stdout.decode("utf-8", errors="replace").split())
    wanted = [lang for lang in ("nor", "eng") if lang in have]
    return "+".join(wanted) or "eng"

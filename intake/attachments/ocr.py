"""OCR of a scanned PDF: pages rendered by poppler's pdftoppm, read by tesseract (Norwegian and English).

Both are Debian packages (poppler-utils, tesseract-ocr, tesseract-ocr-nor; installed by .ci/run).
Never required: without them, or on any failure, this returns None and the attachment keeps its
`needs_manual_check:scanned_pdf` flag, so a case officer opens it (never `missing`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from intake.attachments.deadline import Deadline
from intake.model import Limits

MAX_OCR_PAGES = 5  # a DoC is one or two pages; OCR costs seconds per page
_DPI = "150"  # enough for 10-point print; each doubling of DPI costs tesseract about four times


def ocr_available() -> bool:
    return shutil.which("pdftoppm") is not None and shutil.which("tesseract") is not None


def ocr_pdf(data: bytes, limits: Limits, deadline: Deadline) -> str | None:  # noqa: ARG001 - limits kept for callers
    if not ocr_available() or not _has_page_sized_image(data):
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
                                  timeout=_seconds(deadline), check=False, env=_one_thread())
            texts.append(done.stdout.decode("utf-8", errors="replace"))
    return "\n".join(texts).strip()


_MIN_SIDE = 300  # pixels: a scanned page is thousands; an icon or a grey square holds no text to read


def _has_page_sized_image(data: bytes) -> bool:
    """Is there an image big enough to be a scanned page? (Read from the PDF's image dictionaries.)"""
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        for page in reader.pages[:MAX_OCR_PAGES]:
            objects = (page.get("/Resources") or {}).get("/XObject") or {}
            for ref in objects.values():
                image = ref.get_object()
                if image.get("/Subtype") == "/Image" and min(int(image.get("/Width", 0)),
                                                              int(image.get("/Height", 0))) >= _MIN_SIDE:
                    return True
    except Exception:  # noqa: BLE001 - a PDF pypdf cannot walk may still render: let OCR try
        return True
    return False


def _one_thread() -> dict[str, str]:
    """One thread: tesseract's OpenMP threads only contend with the other workers for the same cores."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


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

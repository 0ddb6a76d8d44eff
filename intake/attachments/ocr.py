"""OCR of a scanned PDF: pages rendered by poppler's pdftoppm, read by tesseract (Norwegian and English),
in process through its C API where it can be (tesseract_api.py), else by the `tesseract` command.

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
from intake.attachments.tesseract_api import read_images
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
    with tempfile.TemporaryDirectory(prefix="mdreg-ocr-") as tmp:
        source = Path(tmp) / "scan.pdf"
        source.write_bytes(data)
        try:
            pages = _scanned_images(source, Path(tmp), deadline)
        except (OSError, ValueError, subprocess.CalledProcessError):
            pages = None  # no pdfimages, or a listing it could not make: render the pages instead
        if pages is None:
            # TIFF, not PNG: the same pixels and resolution, so the same text, without the PNG compression
            # that was most of pdftoppm's time (0.40 -> 0.05 s a page) and the decoding in tesseract.
            subprocess.run(["pdftoppm", "-r", _DPI, "-gray", "-tiff", "-l", str(MAX_OCR_PAGES), str(source),
                            str(Path(tmp) / "page")], capture_output=True, timeout=_seconds(deadline), check=True)
            pages = sorted(Path(tmp).glob("page*.tif"))
        texts = read_images(pages, _languages(), deadline) if pages else []
        if texts is None:  # no libtesseract to call in process: one tesseract command per page
            texts = [_tesseract_command(page, deadline) for page in pages]
    return "\n".join(texts).strip()


def _tesseract_command(page: Path, deadline: Deadline) -> str:
    done = subprocess.run(["tesseract", str(page), "stdout", "-l", _languages()], capture_output=True,
                          timeout=_seconds(deadline), check=False, env=_one_thread())
    return done.stdout.decode("utf-8", errors="replace")


_DIRECT_PPI = (100, 220)  # a scan at about the resolution we would render at is read as it is
_DIRECT_FORMATS = {"jpeg": "jpg", "image": "tif"}  # a JPEG as it is; raw pixels as TIFF, as when rendering


def _scanned_images(source: Path, tmp: Path, deadline: Deadline) -> list[Path] | None:
    """The page images themselves when every page is one plain scan near our DPI (pdfimages copies
    them out in milliseconds, where rendering costs a second or two a page); else None: render."""
    listed = subprocess.run(["pdfimages", "-list", "-l", str(MAX_OCR_PAGES), str(source)], capture_output=True,
                            timeout=_seconds(deadline), check=True).stdout.decode("ascii", errors="replace")
    rows = [line.split() for line in listed.splitlines()[2:] if line.strip()]
    pages = [row[0] for row in rows]
    if not rows or len(set(pages)) != len(pages) or _rotated(source):
        return None
    for row in rows:  # page num type width height color comp bpc enc interp object ID x-ppi y-ppi ...
        if (len(row) < 14 or row[2] != "image" or row[5] not in ("gray", "rgb") or row[8] not in _DIRECT_FORMATS
                or min(int(row[3]), int(row[4])) < _MIN_SIDE
                or not all(_DIRECT_PPI[0] <= int(v) <= _DIRECT_PPI[1] for v in row[12:14] if v.isdigit())):
            return None
    subprocess.run(["pdfimages", "-j", "-tiff", "-l", str(MAX_OCR_PAGES), str(source), str(tmp / "scan")],
                   capture_output=True, timeout=_seconds(deadline), check=True)
    images = sorted(tmp.glob("scan-*"))
    return images if len(images) == len(rows) else None


def _rotated(source: Path) -> bool:
    """pdfimages ignores a page's /Rotate: such a page is rendered so tesseract reads it upright."""
    from pypdf import PdfReader

    try:
        return any(int(page.get("/Rotate", 0) or 0) % 360 for page in PdfReader(source, strict=False).pages[:MAX_OCR_PAGES])
    except Exception:  # noqa: BLE001 - when in doubt, render
        return True


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

"""Tesseract read in process through its C API (libtesseract, ctypes), its models loaded once.

A `tesseract` child process spends about 0.16 s of its 0.9 s per scanned page loading the
Norwegian and English models; one engine kept for the life of the process skips that and the
process start. It reads exactly as the command line does (same page segmentation, the image read
by the same leptonica). None when the libraries are missing, or when OpenMP is already loaded
without a thread limit (tesseract's threads would then contend for the shared cores): ocr.py
then runs the `tesseract` command as before.

One engine, used under a lock (a TessBaseAPI is not thread-safe; scans are rare). The deadline
is passed to tesseract's own monitor, since a signal cannot stop a C call.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import subprocess
import threading
from functools import cache
from pathlib import Path

from intake.attachments.deadline import Deadline

_PSM_AUTO = 3  # what the command line uses; the API's own default (a single block) reads worse
_lock = threading.Lock()


class _Engine:
    def __init__(self, languages: str) -> None:
        self.tess = ctypes.CDLL("libtesseract.so.5")
        self.lept = ctypes.CDLL("liblept.so.5")
        t, lept, handle = self.tess, self.lept, ctypes.c_void_p
        t.TessBaseAPICreate.restype = handle
        t.TessBaseAPIInit3.argtypes = [handle, ctypes.c_char_p, ctypes.c_char_p]
        t.TessBaseAPISetPageSegMode.argtypes = [handle, ctypes.c_int]
        t.TessBaseAPISetImage2.argtypes = [handle, handle]
        t.TessBaseAPIRecognize.argtypes = [handle, handle]
        t.TessBaseAPIGetUTF8Text.argtypes = [handle]
        t.TessBaseAPIGetUTF8Text.restype = handle  # freed by TessDeleteText, so not c_char_p
        t.TessDeleteText.argtypes = [handle]
        t.TessBaseAPIClear.argtypes = [handle]
        t.TessBaseAPISetVariable.argtypes = [handle, ctypes.c_char_p, ctypes.c_char_p]
        t.TessBaseAPIEnd.argtypes = [handle]
        t.TessBaseAPIDelete.argtypes = [handle]
        t.TessMonitorCreate.restype = handle
        t.TessMonitorSetDeadlineMSecs.argtypes = [handle, ctypes.c_int]
        t.TessMonitorDelete.argtypes = [handle]
        lept.pixRead.argtypes = [ctypes.c_char_p]
        lept.pixRead.restype = handle
        lept.pixDestroy.argtypes = [ctypes.POINTER(handle)]
        self.api = t.TessBaseAPICreate()
        if not self.api or t.TessBaseAPIInit3(self.api, None, languages.encode()) != 0:
            raise OSError(f"tesseract could not load {languages}")
        t.TessBaseAPISetPageSegMode(self.api, _PSM_AUTO)
        # Its notes ("Estimating resolution as 161") went to the child's captured stderr; not to ours.
        t.TessBaseAPISetVariable(self.api, b"debug_file", os.devnull.encode())
        atexit.register(self.close)  # unloaded models, or tesseract prints leak warnings at exit

    def close(self) -> None:
        self.tess.TessBaseAPIEnd(self.api)
        self.tess.TessBaseAPIDelete(self.api)

    def read(self, image: Path, deadline: Deadline) -> str:
        t = self.tess
        pix = ctypes.c_void_p(self.lept.pixRead(str(image).encode()))
        if not pix.value:
            raise OSError(f"leptonica could not read {image.name}")
        monitor = t.TessMonitorCreate()
        try:
            t.TessMonitorSetDeadlineMSecs(monitor, max(1, int(deadline.remaining() * 1000)))
            t.TessBaseAPISetImage2(self.api, pix)
            failed = t.TessBaseAPIRecognize(self.api, monitor) != 0
            if failed or deadline.remaining() <= 0:
                raise subprocess.TimeoutExpired("tesseract", deadline.seconds)
            text = t.TessBaseAPIGetUTF8Text(self.api)
            try:
                return ctypes.string_at(text).decode("utf-8", errors="replace") if text else ""
            finally:
                t.TessDeleteText(text)
        finally:
            t.TessBaseAPIClear(self.api)
            t.TessMonitorDelete(monitor)
            self.lept.pixDestroy(ctypes.byref(pix))


def read_images(images: list[Path], languages: str, deadline: Deadline) -> list[str] | None:
    """Each page image's text, or None when tesseract cannot be used in process."""
    engine = _engine(languages)
    if engine is None:
        return None
    with _lock:
        return [engine.read(image, deadline) for image in images]


@cache
def _engine(languages: str) -> _Engine | None:
    if not _threads_limited():
        return None
    try:
        return _Engine(languages)
    except (OSError, AttributeError):  # no libtesseract 5 / leptonica, or a model that will not load
        return None


def _threads_limited() -> bool:
    """OpenMP reads OMP_THREAD_LIMIT once, when it loads: set it first, unless it is loaded already."""
    if os.environ.get("OMP_THREAD_LIMIT") == "1":
        return True
    try:
        if "libgomp" in Path("/proc/self/maps").read_text(encoding="ascii", errors="replace"):
            return False
    except OSError:
        return False
    os.environ["OMP_THREAD_LIMIT"] = "1"
    return True

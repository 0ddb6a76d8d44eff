"""Zip bomb checks on an Office/ODF container, from its central directory, before anything inflates.

The declared sizes are checked here; `zipfile` itself stops inflating a member at its declared
size (and fails the CRC), so a member that lies about its size cannot grow past what we allowed.
"""

from __future__ import annotations

import io
import zipfile

from intake.model import Limits

MAX_MEMBERS = 2_000
MAX_RATIO = 200  # deflate tops out near 1:1000 on repeated bytes; real XML stays well under 1:100
RATIO_FLOOR = 1_000_000  # small members may compress very well (empty styles, repeated tags)


class ZipRefused(Exception):
    """The container must not be opened; `kind` is the flag kind, e.g. `zip_bomb`."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


def check_zip(data: bytes, limits: Limits) -> list[str]:
    """Member names of a safe-looking zip, or raise ZipRefused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise ZipRefused("attachment_unreadable:damaged_zip", str(exc)) from exc
    if len(infos) > MAX_MEMBERS:
        raise ZipRefused("zip_bomb", f"{len(infos)} members")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ZipRefused("zip_bomb", f"{info.filename} inflates {info.file_size} from {info.compress_size}")
        if info.flag_bits & 0x1:
            raise ZipRefused("encrypted_document", info.filename)
    # Inflated total bounded by a multiple of what we accept as an attachment at all.
    if total > 5 * limits.max_attachment_bytes:
        raise ZipRefused("zip_bomb", f"inflates to {total} bytes in all")
    return [info.filename for info in infos]

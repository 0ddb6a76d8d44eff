"""Files and directories that hold mail, passwords or the database: private to mdreg's user.

Created 0700 (directories) and 0600 (files) whatever the process umask, because the SQLite file
holds every message and the Maildir fallback holds credential e-mails in clear text. The umask
is never changed (it is process-wide and other threads create files too): modes are set at
creation with os.open / os.mkdir and then forced with chmod.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Make `path` (and missing parents) a directory only the owner can enter; return it.

    Parents created here are private too; existing parents are left as they are."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for directory in reversed(missing):
        try:
            os.mkdir(directory, DIR_MODE)
        except FileExistsError:
            pass
        os.chmod(directory, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 if it does not exist (its directory made private)."""
    path = Path(path)
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    os.close(fd)
    os.chmod(path, FILE_MODE)
    return path


def deliver_to_maildir(root: Path, raw: bytes) -> Path:
    """Write one message into the Maildir at `root` (tmp/, then renamed into new/), mode 0600.

    The stdlib's mailbox.Maildir creates files 0666 minus the umask; a credential e-mail must not
    be readable by other users even for a moment."""
    for sub in ("tmp", "new", "cur"):
        private_dir(Path(root) / sub)
    name = f"{int(time.time())}.M{uuid.uuid4().hex}.{socket.gethostname().replace('/', '_')}"
    tmp = Path(root) / "tmp" / name
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    final = Path(root) / "new" / name
    os.rename(tmp, final)
    return final

"""The database, the data directory and the Maildir of sent mail (which holds passwords) are
created private (0600 files, 0700 directories) whatever the umask."""

from __future__ import annotations

import os
import stat

import pytest

from mailbot.runners.sender import Sender
from mailbot.settings import Settings
from store.db import open_database


@pytest.fixture
def open_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_sqlite_database_and_its_directory_are_private(tmp_path, open_umask):
    data = tmp_path / "var"
    engine = open_database(f"sqlite:///{data / 'mdreg.db'}")
    engine.dispose()
    assert mode(data) == 0o700
    assert mode(data / "mdreg.db") == 0o600
    for extra in ("mdreg.db-wal", "mdreg.db-shm"):
        if (data / extra).exists():
            assert mode(data / extra) == 0o600


def test_a_message_delivered_into_the_maildir_is_private(tmp_path, open_umask):
    settings = Settings(data_dir=tmp_path / "var", db=f"sqlite:///{tmp_path / 'x.db'}")
    sender = Sender(settings=settings, engine=None)
    sender.transmit("kari@fjordmed.example", b"Subject: Brukernavn og passord\r\n\r\nPassord: x\r\n")
    files = list((settings.maildir / "new").iterdir())
    assert len(files) == 1 and mode(files[0]) == 0o600
    for directory in (settings.data_dir, settings.maildir, settings.maildir / "new", settings.maildir / "tmp"):
        assert mode(directory) == 0o700, directory

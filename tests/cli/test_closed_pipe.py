"""`mdreg cases | head -1`: a reader that closes the pipe early ends the command quietly, with
nothing on standard error and the status a shell gives a tool its pipe stopped (128 + SIGPIPE)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mailbot.cli.main import EXIT_READER_GONE, main

MAIL = Path(__file__).parents[1] / "fixtures" / "mail"


@pytest.fixture
def data_dir(tmp_path, monkeypatch, capsys):
    """A data dir whose database holds a case and its queued reply."""
    monkeypatch.chdir(tmp_path)
    assert main(["--data-dir", str(tmp_path / "var"), "ingest", str(MAIL / "incomplete_nb.eml")]) == 0
    capsys.readouterr()
    return tmp_path / "var"


def run_into_closed_pipe(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run `mdreg argv` with standard output a pipe whose reader has already gone, as `head -1`
    is once it has its line (a pipe the command writes into after that fails with EPIPE)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "mailbot.cli.main", *argv], stdout=write_end,
                              stderr=subprocess.PIPE, cwd=cwd, timeout=60)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("command", [["cases"], ["cases", "--json"], ["outbox"]])
def test_a_reader_gone_ends_the_command_without_a_word(data_dir, command):
    done = run_into_closed_pipe("--data-dir", str(data_dir), *command, cwd=data_dir.parent)
    assert done.stderr.decode() == ""
    assert done.returncode == EXIT_READER_GONE

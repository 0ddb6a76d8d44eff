"""`mdreg demo` then `mdreg tui` in a real terminal (tmux): keys in, screen read back with capture-pane."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from store.db import open_database
from store.case_detail import case_detail
from store.queue import QueueFilter, queue_rows

TMUX = shutil.which("tmux")
MDREG = str(Path(sys.executable).with_name("mdreg"))


@pytest.fixture
def tmux_session():
    if TMUX is None:
        if os.environ.get("MDREG_REQUIRE_SERVERS") == "1":
            pytest.fail("tmux is required (MDREG_REQUIRE_SERVERS=1) but not installed: apt-get install tmux")
        pytest.skip("tmux is not installed: apt-get install tmux (or set MDREG_REQUIRE_SERVERS=1 to fail)")
    name = f"mdreg-test-{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run([TMUX, "kill-session", "-t", name], capture_output=True)


def screen(name: str) -> str:
    return subprocess.run([TMUX, "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout


def wait_screen(name: str, predicate, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = screen(name)
        if predicate(text):
            return text
        time.sleep(0.2)
    raise AssertionError(f"the terminal never showed what was expected; last screen:\n{text}")


def keys(name: str, *sequence: str) -> None:
    subprocess.run([TMUX, "send-keys", "-t", name, *sequence], check=True)


def test_demo_then_tui_in_a_real_terminal(tmp_path, tmux_session):
    db = f"sqlite:///{tmp_path / 'mdreg.db'}"
    common = ["--db", db, "--data-dir", str(tmp_path / "var")]
    env = {**os.environ, "MDREG_ISOLATE_INTAKE": "false"}
    env.pop("MDREG_ACTOR", None)
    # The terminal's size must come from tmux, not from COLUMNS/LINES a test runner may have set
    # (pytest-xdist's workers carry COLUMNS=80), which Textual would believe first.
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    demo = subprocess.run([MDREG, "demo", *common], capture_output=True, text=True, cwd=tmp_path, env=env,
                          timeout=120)
    assert demo.returncode == 0, demo.stderr
    command = " ".join([MDREG, "tui", *common, "--actor", "tmux.tester"])
    # The case officer's terminal: 120×35.
    subprocess.run([TMUX, "new-session", "-d", "-s", tmux_session, "-x", "120", "-y", "35", "-c", str(tmp_path),
                    command], check=True, env=env)
    text = wait_screen(tmux_session, lambda t: "Alle 7" in t and "MDREG-" in t)
    assert "Nordlys Medtech AS" in text and "Venter søker" in text and "Dager igjen" in text

    for attempt in range(3):  # on a busy machine the first keys can beat the focus change
        keys(tmux_session, "/")
        time.sleep(0.5 * (attempt + 1))
        keys(tmux_session, "-l", "Acme")
        try:
            text = wait_screen(tmux_session, lambda t: t.count("MDREG-") == 1 and "Acme Diagnostics" in t
                               and re.search(r"▊\s+Acme\s", t), timeout=10)
            break
        except AssertionError:
            keys(tmux_session, "c")  # clear filters (the table has the focus if the search box had not)
    else:
        raise AssertionError("the search never took the typed text")
    keys(tmux_session, "Enter")  # back to the table
    time.sleep(0.3)
    keys(tmux_session, "Enter")  # open the case
    # The field table fills after the screen opens: wait for the manufacturer's row itself.
    text = wait_screen(tmux_session, lambda t: "Registreringsfelt" in t
                       and re.search(r"Navn på produsent\s+✓ ok\s+påkrevd", t) is not None)
    reference = next(word for word in text.split() if word.startswith("MDREG-"))
    # Every field's state in words on its own row, beside the label.
    assert re.search(r"Navn på produsent\s+✓ ok\s+påkrevd", text)
    assert re.search(r"Telefaks\s+– ikke oppgitt\s+valgfri", text)
    keys(tmux_session, "Down")  # the organisation number, invalid: its reason under the table
    text = wait_screen(tmux_session, lambda t: "Organisasjonsnummer: ⚠ ugyldig" in t)
    assert re.search(r"Organisasjonsnummer\s+⚠ ugyldig", text)
    assert "Organisasjonsnummeret er ikke gyldig" in text
    assert "o Vedlegg" in text and "q Avslutt" in text  # the footer fits 120 columns
    keys(tmux_session, "g")  # assign to me
    wait_screen(tmux_session, lambda t: re.search(r"tmux\.tester\s+tildelt", t))  # the audit pane
    keys(tmux_session, "Escape")
    wait_screen(tmux_session, lambda t: "mdreg — Kø" in t)
    keys(tmux_session, "q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and subprocess.run([TMUX, "has-session", "-t", tmux_session],
                                                         capture_output=True).returncode == 0:
        time.sleep(0.2)

    engine = open_database(db)
    try:
        assert case_detail(engine=engine, reference=reference).assigned_to == "tmux.tester"
        assert [r.reference for r in queue_rows(engine=engine, flt=QueueFilter(search="Acme"))] == [reference]
        assert case_detail(engine=engine, reference=reference).audit[-1].actor == "tmux.tester"
    finally:
        engine.dispose()

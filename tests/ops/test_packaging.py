"""What an operator or a packager checks first: the version, the licence, the entry points, the deps."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import metadata, requires
from pathlib import Path

ROOT = Path(__file__).parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_version_flag_prints_the_installed_version():
    done = run("-m", "mailbot", "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"mdreg {metadata('mdreg')['Version']}"


def test_python_dash_m_mailbot_runs_the_command_line():
    done = run("-m", "mailbot", "--help")
    assert done.returncode == 0
    assert "bruk: mdreg" in done.stdout and "serve" in done.stdout


def test_licence_is_apache_2_and_stated_in_the_metadata():
    assert "Apache License" in (ROOT / "LICENSE").read_text()
    assert "Version 2.0" in (ROOT / "LICENSE").read_text()
    assert metadata("mdreg")["License-Expression"] == "Apache-2.0"


def test_no_gpl_html_converter_and_no_unused_odfpy():
    names = {r.split(";")[0].split(">")[0].split("=")[0].split("[")[0].strip().lower() for r in requires("mdreg")}
    assert "html2text" not in names
    assert "odfpy" not in names
    assert "inscriptis" in names


def test_pypdf_floor_is_above_the_versions_with_known_advisories():
    floor = next(r for r in requires("mdreg") if r.startswith("pypdf"))
    major, minor = (int(x) for x in floor.split(">=")[1].split(".")[:2])
    assert (major, minor) >= (6, 15)


def _pins() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    return {name.strip().lower().replace("_", "-"): pin.strip()
            for name, _, pin in (line.partition("==") for line in lines if "==" in line and not line.startswith("#"))}


def test_constraints_pin_every_direct_dependency_within_its_floor():
    from packaging.requirements import Requirement

    pins = _pins()
    for text in requires("mdreg"):
        req = Requirement(text)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{name} is not pinned in constraints.txt; regenerate it (see its first lines)"
        assert req.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} is below {req}"


def test_ci_installs_with_the_constraints_the_readme_names():
    command = ".venv/bin/pip install -q -c constraints.txt -e '.[test]'"
    assert command in (ROOT / ".ci" / "run").read_text()
    assert command in (ROOT / "README.md").read_text()

"""The deployment files name commands, flags and settings that exist: the systemd units, the
Dockerfile and compose.yaml are checked against mdreg's own parser and settings (nothing is
built or started; CI has no image registry and no systemd)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from mailbot.cli.main import build_parser
from mailbot.settings import Settings

ROOT = Path(__file__).parents[2]
UNITS = ROOT / "deploy" / "systemd"


def unit(name: str) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    for line in (UNITS / name).read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, _, value = line.partition("=")
            entries.setdefault(key.strip(), []).append(value.strip())
    return entries


def mdreg_args(argv: list[str]) -> list[str]:
    """The arguments after the `mdreg` program, parsed by mdreg's parser (which exits on a bad flag)."""
    assert Path(argv[0]).name == "mdreg", argv
    build_parser().parse_args(argv[1:])
    return argv[1:]


def settings_of_environment(names) -> list[str]:
    return [n for n in names if n.startswith("MDREG_") and n.removeprefix("MDREG_").lower() not in Settings.model_fields]


@pytest.mark.parametrize("name, command", [("mdreg.service", "serve"), ("mdreg-worker@.service", "worker")])
def test_each_unit_is_a_hardened_notify_service_running_a_real_command(name, command):
    entries = unit(name)
    assert entries["Type"] == ["notify"] and entries["WatchdogSec"]
    assert entries["User"] == ["mdreg"] and entries["StateDirectory"] == ["mdreg"]
    assert entries["NoNewPrivileges"] == ["yes"] and entries["ProtectSystem"] == ["strict"]
    assert entries["CapabilityBoundingSet"] == [""]
    assert mdreg_args(shlex.split(entries["ExecStart"][0]))[0] == command
    environment = [e.split("=")[0] for e in entries.get("Environment", [])]
    assert settings_of_environment(environment) == []


@pytest.mark.parametrize("name, command", [("mdreg.service", "serve"), ("mdreg-worker@.service", "worker")])
def test_the_commands_a_unit_offers_in_comments_are_real_too(name, command):
    offered = [line.partition("=")[2] for line in (UNITS / name).read_text().splitlines()
               if line.startswith("#ExecStart=")]
    assert all(mdreg_args(shlex.split(argv))[0] == command for argv in offered)


def test_the_lmtp_socket_of_the_serve_unit_lies_in_its_runtime_directory():
    entries = unit("mdreg.service")
    argv = shlex.split(entries["ExecStart"][0])
    socket_path = argv[argv.index("--lmtp-socket") + 1]
    assert socket_path == f"/run/{entries['RuntimeDirectory'][0]}/lmtp.sock"
    assert socket_path in (ROOT / "README.md").read_text()  # the README's Postfix block points at it


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units_without_a_warning(tmp_path):
    mdreg = shutil.which("mdreg") or str(Path(__import__("sys").executable).with_name("mdreg"))
    paths = []
    for name, copy in (("mdreg.service", "mdreg.service"), ("mdreg-worker@.service", "mdreg-worker@1.service")):
        path = tmp_path / copy
        path.write_text((UNITS / name).read_text().replace("/opt/mdreg/.venv/bin/mdreg", mdreg))
        paths.append(str(path))
    done = subprocess.run(["systemd-analyze", "verify", *paths], capture_output=True, text=True, timeout=60)
    complaints = [line for line in (done.stdout + done.stderr).splitlines() if str(tmp_path) in line]
    assert complaints == [] and done.returncode == 0


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_serve_and_a_worker_on_postgresql():
    services = compose()["services"]
    assert set(services) == {"db", "serve", "worker"}
    assert services["db"]["image"].startswith("postgres:")
    assert mdreg_args(["mdreg", *services["serve"]["command"]])[0] == "serve"
    assert mdreg_args(["mdreg", *services["worker"]["command"]])[0] == "worker"
    assert services["serve"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_compose_settings_and_secrets_exist():
    document = compose()
    for name in ("serve", "worker"):
        service = document["services"][name]
        assert settings_of_environment(service["environment"]) == []
        assert service["environment"]["MDREG_DB_FILE"] == "/run/secrets/db_url"
        assert set(service["secrets"]) <= set(document["secrets"])


def test_the_dockerfile_runs_mdreg_serve_and_checks_its_health():
    text = (ROOT / "Dockerfile").read_text()
    entrypoint = re.search(r'^ENTRYPOINT (\[.*\])$', text, flags=re.M).group(1)
    cmd = re.search(r'^CMD (\[.*\])$', text, flags=re.M).group(1)
    argv = yaml.safe_load(entrypoint) + yaml.safe_load(cmd)
    assert mdreg_args(argv)[0] == "serve"
    assert 'CMD ["mdreg", "health"]' in text
    assert "pip install -c constraints.txt ." in text

"""Settings come from mdreg.toml, then MDREG_* variables, then command-line flags."""

from __future__ import annotations

from mailbot.cli.main import build_parser, settings_from
from mailbot.settings import load_settings


def test_defaults_are_the_embedded_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = load_settings()
    assert s.database_url == "sqlite:///var/mdreg.db"
    assert (s.smtp_host, s.smtp_port) == ("127.0.0.1", 8025)
    assert s.mailbox == "medisinsk.utstyr@localhost"
    assert s.max_message_size == 25 * 1024 * 1024
    assert s.relay_address is None


def test_environment_overrides_the_file_and_flags_override_both(tmp_path, monkeypatch):
    config = tmp_path / "mdreg.toml"
    config.write_text('mailbox = "file@example.no"\nsmtp_port = 2525\nsmtp_host = "10.0.0.1"\n')
    monkeypatch.setenv("MDREG_SMTP_PORT", "2626")
    monkeypatch.setenv("MDREG_MAILBOX", "env@example.no")
    args = build_parser().parse_args(["cases", "--config", str(config), "--mailbox", "flag@example.no"])
    s = settings_from(args)
    assert s.mailbox == "flag@example.no"
    assert s.smtp_port == 2626
    assert s.smtp_host == "10.0.0.1"


def test_relay_flag_takes_host_and_port(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["serve", "--relay", "smtp.example.no:587", "--relay-starttls"])
    s = settings_from(args)
    assert s.relay_address == ("smtp.example.no", 587)
    assert s.relay_starttls is True


def test_data_dir_moves_the_default_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = settings_from(build_parser().parse_args(["cases", "--data-dir", "/srv/mdreg"]))
    assert s.database_url == "sqlite:////srv/mdreg/mdreg.db"

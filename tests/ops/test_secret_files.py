"""Every password setting can come from a file, as systemd credentials and container secrets give them."""

from __future__ import annotations

import pytest

from mailbot.errors import ConfigurationError

from mailbot.settings import load_settings


def secret(tmp_path, name: str, value: str):
    path = tmp_path / name
    path.write_text(value + "\n")
    return path


def test_relay_password_is_read_from_its_file_without_the_newline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MDREG_RELAY_PASSWORD_FILE", str(secret(tmp_path, "relay", "s3cret relay")))
    assert load_settings().relay_password == "s3cret relay"


def test_database_url_is_read_from_its_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = "postgresql+psycopg://mdreg:pw@db.internal/mdreg"
    (tmp_path / "mdreg.toml").write_text(f'db_file = "{secret(tmp_path, "db_url", url)}"\n')
    assert load_settings().database_url == url


def test_a_value_given_directly_wins_over_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(relay_password="direct", relay_password_file=secret(tmp_path, "relay", "file"))
    assert settings.relay_password == "direct"


def test_imap_password_file_is_a_setting_too(tmp_path, monkeypatch):
    from mailbot.settings import read_secret

    monkeypatch.chdir(tmp_path)
    settings = load_settings(imap_password_file=secret(tmp_path, "imap", "imap pw"))
    assert read_secret(settings.imap_password_file) == "imap pw"


def test_a_missing_secret_file_is_a_settings_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # One line for the command line (mailbot/config_check.py), naming the file.
    with pytest.raises(ConfigurationError, match="cannot read the secret file .*absent"):
        load_settings(relay_password_file=tmp_path / "absent")

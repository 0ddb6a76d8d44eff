"""The one settings object: mdreg.toml, then MDREG_* environment variables, then flags."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from intake.model import Limits

DEFAULT_CONFIG = Path("mdreg.toml")


class Settings(BaseSettings):
    """Everything configurable; built once in the entry point and passed down."""

    model_config = SettingsConfigDict(env_prefix="MDREG_", extra="ignore")
    config_file: ClassVar[Path] = DEFAULT_CONFIG

    # Storage
    db: str = ""
    db_file: Path | None = None  # the database URL (with its password) read from this file
    data_dir: Path = Path("var")
    # Mail identity and edge
    mailbox: str = "medisinsk.utstyr@localhost"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    max_message_size: int = Limits.max_message_bytes
    # Outbound relay; None delivers into a Maildir under the data dir
    relay: str | None = None
    relay_starttls: bool = False
    relay_user: str | None = None
    relay_password: str | None = None
    relay_password_file: Path | None = None  # e.g. a systemd credential or a container secret
    relay_timeout: float = 30.0
    send_max_attempts: int = 8
    send_backoff_seconds: float = 30.0
    send_backoff_max_seconds: float = 3600.0
    # Worker
    worker_poll_seconds: float = 0.5
    claim_timeout_seconds: float = 30.0  # a lease, renewed every third of it while the holder works (store/leases.py)
    max_processing_attempts: int = 5  # a message that failed this often goes to staff unread
    isolate_intake: bool = True
    # Intake limits: the defaults are intake.model.Limits' own
    max_header_bytes: int = Limits.max_header_bytes
    max_mime_depth: int = Limits.max_mime_depth
    max_parts: int = Limits.max_parts
    max_attachment_bytes: int = Limits.max_attachment_bytes
    max_pdf_pages: int = Limits.max_pdf_pages
    attachment_seconds: float = Limits.attachment_seconds
    parse_seconds: float = Limits.parse_seconds
    parse_memory_mb: int = Limits.memory_mb
    # Conversation
    replies_per_sender_per_day: int = 10
    max_requests_per_case: int = 3
    undeliverable_days: float = 30.0  # a bounce mark on an address expires (or clears when it writes)
    # IMAP: watch a folder of the agency's mailbox (mailbot.edges.imap_watch); off while imap_host is None
    imap_host: str | None = None
    imap_port: int | None = None  # default 993 for tls, 143 otherwise
    imap_security: Literal["tls", "starttls", "none"] = "tls"
    imap_user: str | None = None
    imap_password: str | None = None
    imap_password_file: Path | None = None
    imap_oauth2_token: str | None = None  # XOAUTH2 access token (replaces the password)
    imap_oauth2_token_file: Path | None = None  # re-read at every connect, so it can be refreshed
    imap_ca_file: Path | None = None  # trust this CA (or self-signed cert) instead of the system's
    imap_folder: str = "INBOX"
    imap_processed_folder: str = "mdreg-processed"  # for imap_mark = move; created if missing
    imap_mark: Literal["move", "flag"] = "move"
    imap_keyword: str = "$MdregStored"  # for imap_mark = flag
    imap_poll_seconds: float = 60.0  # when the server has no IDLE (or imap_idle_seconds is 0)
    imap_idle_seconds: float = 240.0  # IDLE is re-issued this often; 0 disables IDLE
    imap_batch: int = 100
    imap_timeout_seconds: float = 60.0
    imap_backoff_seconds: float = 1.0
    imap_backoff_max_seconds: float = 300.0
    # Registration and credentials (store/operators.py, store/credentials.py)
    auth_serv_id: str | None = None  # authserv-id of our mail server; None trusts no Authentication-Results
    auto_accept: bool = False  # accept a flawless, authenticated new registration without staff
    password_expiry_days: int = 14  # an initial password unused this long stops working
    # Enhetsregisteret (mailbot/brreg/): the local copy from `mdreg brreg import`, and the live API
    brreg_check: bool = True  # check org numbers against whichever source is configured
    brreg_api_url: str | None = None  # e.g. https://data.brreg.no/enhetsregisteret/api
    brreg_timeout_seconds: float = 3.0
    brreg_cache_hours: float = 24.0
    # Surveillance signals: a rules file of the agency's own, replacing the shipped one
    signal_rules_file: Path | None = None
    # Retention in days (store/retention.py; the reasoning is in the README)
    retention_raw_mail_days: int = 365
    retention_attachments_days: int = 365
    retention_cases_days: int = 3650
    retention_audit_days: int = 3650
    # Staff
    actor: str = ""
    ui_language: Literal["nb", "en"] = "nb"  # what staff read (mdreg tui, the CLI): bokmål, or English
    log_level: str = "INFO"
    log_format: Literal["plain", "json"] = "plain"  # json: one object per line (mailbot/logs.py)
    # Operations: `mdreg health` thresholds, the metrics endpoint, the LMTP edge
    health_queue_warning_seconds: float = 300.0  # oldest unprocessed message
    health_queue_critical_seconds: float = 3600.0
    health_outbox_queued_seconds: float = 3600.0  # a reply queued this long is reported
    health_imap_quiet_seconds: float = 3600.0  # no successful IMAP poll for this long is reported
    health_disk_warning_percent: float = 10.0  # free space of the data dir's file system
    health_disk_critical_percent: float = 3.0
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = None  # Prometheus endpoint of `mdreg serve`; off while None
    lmtp_socket: Path | None = None  # LMTP edge on a UNIX socket (for Postfix's lmtp:unix:)
    lmtp_socket_mode: str = "0660"  # octal; the MTA's user (postfix) needs write access to connect
    lmtp_host: str = "127.0.0.1"
    lmtp_port: int | None = None  # LMTP edge over TCP

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # First wins: flags (passed as init arguments), then environment, then the file.
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=cls.config_file))

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("choose DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value.upper()

    @field_validator("relay")
    @classmethod
    def _relay_has_port(cls, value: str | None) -> str | None:
        if value and ":" not in value:
            return f"{value}:25"
        return value or None

    @model_validator(mode="after")
    def _secrets_from_files(self) -> "Settings":
        # A value given directly wins; a *_file setting fills it from the file (systemd's
        # LoadCredential=, a container secret), so the secret never sits in a unit or a TOML file.
        # The IMAP password and token files are read at each connect instead (they may rotate).
        if not self.db and self.db_file is not None:
            self.db = read_secret(self.db_file)
        if self.relay_password is None and self.relay_password_file is not None:
            self.relay_password = read_secret(self.relay_password_file)
        return self

    def to_child(self) -> str:
        """These settings for a child process (mailbot/runners/roles.py, worker_processes.py), as JSON."""
        return self.model_dump_json()

    @staticmethod
    def from_parent(data: str) -> "Settings":
        """In a child: the settings its parent built, validated again but read from nowhere else:
        neither the environment nor ./mdreg.toml (the parent's came from --config and flags)."""
        return _FromParent.model_validate_json(data)

    @property
    def database_url(self) -> str:
        return self.db or f"sqlite:///{self.data_dir / 'mdreg.db'}"

    @property
    def maildir(self) -> Path:
        return self.data_dir / "sent"

    @property
    def staff_actor(self) -> str:
        return self.actor or getpass.getuser()

    @property
    def relay_address(self) -> tuple[str, int] | None:
        if not self.relay:
            return None
        host, _, port = self.relay.rpartition(":")
        return host.strip("[]"), int(port)

    def limits(self) -> Limits:
        return Limits(
            max_message_bytes=self.max_message_size,
            max_header_bytes=self.max_header_bytes,
            max_mime_depth=self.max_mime_depth,
            max_parts=self.max_parts,
            max_attachment_bytes=self.max_attachment_bytes,
            max_pdf_pages=self.max_pdf_pages,
            attachment_seconds=self.attachment_seconds,
            parse_seconds=self.parse_seconds,
            memory_mb=self.parse_memory_mb,
        )


class _FromParent(Settings):
    """Settings whose one source is the values given: the parent's, in a child process."""

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   **_: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def read_secret(path: Path) -> str:
    """A secret from a file, without the newline editors and `echo` leave at its end."""
    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:  # pydantic reports a ValueError as a settings error naming the field
        raise ValueError(f"cannot read the secret file {path}: {exc.strerror}") from exc


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Settings from `config` (default ./mdreg.toml if present), the environment and overrides.

    Raises ConfigurationError, in one line, for a missing `config`, bad TOML, unknown keys and
    values that do not fit."""
    from pydantic import ValidationError

    from mailbot.config_check import explain, read_config_file

    path = config or DEFAULT_CONFIG
    read_config_file(path, explicit=config is not None, known=set(Settings.model_fields))
    bound = type("BoundSettings", (Settings,), {"config_file": path})
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return bound(**clean)
    except ValidationError as exc:
        raise explain(exc, config=path, from_flags=set(clean)) from None

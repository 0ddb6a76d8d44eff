"""The register's own tables beside the cases: Enhetsregisteret data, devices, mandates, signals.

Imported at the end of store/models.py, so the tables sit on the same metadata (and alembic sees
them); only the store package imports this module.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from store.models import utcnow


class BrregUnit(SQLModel, table=True):
    """One unit of Enhetsregisteret as of the last bulk import (`mdreg brreg import FILE`)."""

    __tablename__ = "brreg_unit"

    org_number: str = Field(primary_key=True, max_length=9)
    name: str
    org_form: str | None = None  # organisasjonsform.kode: AS, ASA, ENK, NUF …
    org_form_text: str | None = None
    business_address: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    postal_address: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    bankrupt: bool = False
    liquidation: bool = False
    forced_dissolution: bool = False
    deleted_on: str | None = None  # slettedato, ISO date


class BrregApiCache(SQLModel, table=True):
    """A live answer of the Enhetsregisteret API, kept for `brreg_cache_hours`."""

    __tablename__ = "brreg_api_cache"

    org_number: str = Field(primary_key=True, max_length=9)
    status: int  # HTTP status: 200, 404, 410
    body: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    fetched_at: datetime = Field(default_factory=utcnow)


class BrregCheck(SQLModel, table=True):
    """What Enhetsregisteret said about a case's org number, and which flags that raised."""

    __tablename__ = "brreg_check"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    org_number: str
    outcome: str  # found, not_found, not_checked
    source: str | None = None  # bulk, api
    unit: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    proposals: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    checked_at: datetime = Field(default_factory=utcnow)


class Device(SQLModel, table=True):
    """A device in the register, under the operator that registered it; retired, never deleted."""

    __tablename__ = "device"
    __table_args__ = (Index("ix_device_operator_active", "operator_id", "retired_at"),)

    id: int | None = Field(default=None, primary_key=True)
    operator_id: int = Field(foreign_key="operator.id", index=True)
    name: str
    basic_udi_di: str | None = Field(default=None, index=True)
    risk_class: str | None = None  # I, Is, Im, Ir, IIa, IIb, III; IVD A, B, C, D
    regulation: str | None = None  # MDR, IVDR, or an old directive
    notified_body: str | None = None
    doc_date: str | None = None
    custom_made: bool = False
    manufacturer: str | None = None  # the legal manufacturer, when another than the operator
    added_case_id: int | None = Field(default=None, foreign_key="case.id")
    added_at: datetime = Field(default_factory=utcnow)
    retired_case_id: int | None = Field(default=None, foreign_key="case.id")
    retired_at: datetime | None = None
    retired_by: str | None = None


class Mandate(SQLModel, table=True):
    """An authorised representative's mandate for a (foreign) manufacturer."""

    __tablename__ = "mandate"

    id: int | None = Field(default=None, primary_key=True)
    operator_id: int = Field(foreign_key="operator.id", index=True)
    manufacturer_name: str
    country: str | None = None  # ISO 3166 alpha-2 where known
    address: str | None = None
    srn: str | None = None
    added_case_id: int | None = Field(default=None, foreign_key="case.id")
    added_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class Signal(SQLModel, table=True):
    """A market-surveillance rule a case matched, with the words that matched it."""

    __tablename__ = "surveillance_signal"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    rule: str = Field(index=True)
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    at: datetime = Field(default_factory=utcnow)


class PurgedContent(SQLModel, table=True):
    """Raw mail or attachments removed under the retention settings (`mdreg purge`) or an erasure."""

    __tablename__ = "purged_content"
    __table_args__ = (Index("ix_purged_kind_row", "kind", "row_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # inbound_raw, inbound_attachments, outbox_raw
    row_id: int
    case_id: int | None = Field(default=None, index=True)
    reason: str  # retention, erasure
    at: datetime = Field(default_factory=utcnow)

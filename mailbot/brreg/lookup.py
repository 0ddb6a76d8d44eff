"""One lookup interface, two sources: the local copy of the bulk download and the live API.

`lookup(org_number, sources)` asks the sources in order. The local copy, once imported, is the
whole register: a number absent from it is `not_found`, unless a live source knows it (a unit
registered after the download). A source that cannot answer (no import yet, network down, timeout)
says nothing; when none answers the outcome is `not_checked`.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session

from mailbot.brreg.units import BadUnit, Unit, from_api
from store import brreg as table

log = logging.getLogger("mdreg.brreg")

FOUND, NOT_FOUND, NOT_CHECKED = "found", "not_found", "not_checked"


@dataclass(frozen=True)
class Answer:
    outcome: str
    unit: Unit | None = None
    source: str | None = None


class Source(Protocol):
    name: str

    def lookup(self, org_number: str) -> Answer | None:
        """The source's answer, or None when it cannot say."""


class LocalCopy:
    """The units imported by `mdreg brreg import FILE`."""

    name = "bulk"

    def __init__(self, *, engine: Engine) -> None:
        self.engine = engine

    def lookup(self, org_number: str) -> Answer | None:
        with Session(self.engine) as session:
            row = table.local_unit(session=session, org_number=org_number)
            if row is not None:
                return Answer(FOUND, Unit(**row), self.name)
            if not table.has_local_units(session=session):
                return None  # nothing imported: the copy cannot say
        return Answer(NOT_FOUND, None, self.name)


class LiveApi:
    """`GET {brreg_api_url}/enheter/{orgnr}`, cached in the database, with a short timeout."""

    name = "api"

    def __init__(self, *, engine: Engine, url: str, timeout: float, cache_hours: float) -> None:
        self.engine, self.url, self.timeout, self.cache_hours = engine, url.rstrip("/"), timeout, cache_hours

    def lookup(self, org_number: str) -> Answer | None:
        cached = table.cached_answer(engine=self.engine, org_number=org_number, max_age_hours=self.cache_hours)
        fetched = cached or self._fetch(org_number)
        if fetched is None:
            return None
        status, body = fetched
        if cached is None:
            table.cache_answer(engine=self.engine, org_number=org_number, status=status, body=body)
        return _answer(status, body, org_number, self.name)

    def _fetch(self, org_number: str) -> tuple[int, dict] | None:
        request = urllib.request.Request(f"{self.url}/enheter/{org_number}", headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                return response.status, json.loads(response.read(1_000_000) or b"{}")
        except urllib.error.HTTPError as exc:
            if exc.code in (404, 410):
                body = exc.read(100_000)
                try:
                    return exc.code, json.loads(body or b"{}")
                except ValueError:
                    return exc.code, {}
            log.warning("brreg API answered %s for %s", exc.code, org_number)
        except (OSError, ValueError) as exc:  # timeout, refused, DNS, bad JSON: the case is "not checked"
            log.warning("brreg API unavailable for %s: %s", org_number, exc)
        return None


def _answer(status: int, body: dict, org_number: str, source: str) -> Answer | None:
    if status == 404:
        return Answer(NOT_FOUND, None, source)
    if status == 410:  # removed from the open data: treated as deleted
        deleted = body.get("slettedato") or "removed"
        return Answer(FOUND, Unit(org_number=org_number, name=body.get("navn") or "", deleted_on=deleted), source)
    if status != 200 or not isinstance(body, dict):
        return None
    try:
        return Answer(FOUND, from_api(body), source)
    except BadUnit:
        return None


def lookup(org_number: str, sources: list[Source]) -> Answer:
    """The first definite answer: a unit found anywhere wins over `not_found`."""
    not_found = None
    for source in sources:
        try:
            answer = source.lookup(org_number)
        except Exception:  # noqa: BLE001 - a failing source never blocks intake
            log.exception("brreg source %s failed for %s", source.name, org_number)
            answer = None
        if answer is None:
            continue
        if answer.outcome == FOUND:
            return answer
        not_found = not_found or answer
    return not_found or Answer(NOT_CHECKED)


def sources_from(*, settings, engine: Engine) -> list[Source]:
    sources: list[Source] = [LocalCopy(engine=engine)]
    if settings.brreg_api_url:
        sources.append(LiveApi(engine=engine, url=settings.brreg_api_url, timeout=settings.brreg_timeout_seconds,
                               cache_hours=settings.brreg_cache_hours))
    return sources

"""Evaluate the surveillance rules on a recorded message and store what matched. Never raises."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session

from intake.model import Understanding
from intake.register_items import items_from
from intake.signals import evaluate, load_rules
from store.models import Case
from store.operators import org_registered
from store.signals import record_signals

log = logging.getLogger("mdreg.signals")


def check_signals(*, settings, engine: Engine, case_id: int, understanding: Understanding) -> list[str]:
    try:
        return _check(settings, engine, case_id, understanding)
    except Exception:  # noqa: BLE001 - a signal is advice for staff; it never stops intake
        log.exception("surveillance signals of case %s failed", case_id)
        return []


def _check(settings, engine: Engine, case_id: int, understanding: Understanding) -> list[str]:
    message = understanding.message
    texts = {"subject": message.subject, "body": message.body_text}
    classes = set()
    for att in message.attachments:
        texts[f"attachment {att.filename or att.sha256[:12]}"] = att.text or ""
        if att.doc is not None and att.doc.is_declaration and att.doc.risk_class:
            classes.add(att.doc.risk_class)
    with Session(engine) as session:
        case = session.get(Case, case_id)
        if case is None:
            return []
        new_operator = not org_registered(session=session, org_number=case.org_number)
    items = items_from(fields=understanding.fields, attachments=message.attachments)
    matches = evaluate(load_rules(settings.signal_rules_file), texts=texts, items=items, classes=classes,
                       new_operator=new_operator)
    rules = record_signals(engine=engine, case_id=case_id, matches=matches)
    if rules:
        log.info("case %s: surveillance signals %s", case_id, ", ".join(rules))
    return rules

"""Evaluate the surveillance rules on a recorded message and store what matched. Never raises."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from intake.model import Understanding
from intake.register_items import items_from
from intake.signals import evaluate, load_rules
from store.recorded_case import RecordedCase
from store.signals import record_signals

log = logging.getLogger("mdreg.signals")


def check_signals(*, settings, engine: Engine, case: RecordedCase, understanding: Understanding) -> list[str]:
    try:
        return _check(settings, engine, case, understanding)
    except Exception:  # noqa: BLE001 - a signal is advice for staff; it never stops intake
        log.exception("surveillance signals of case %s failed", case.case_id)
        return []


def _check(settings, engine: Engine, case: RecordedCase, understanding: Understanding) -> list[str]:
    message = understanding.message
    texts = {"subject": message.subject, "body": message.body_text}
    classes = set()
    for att in message.attachments:
        texts[f"attachment {att.filename or att.sha256[:12]}"] = att.text or ""
        if att.doc is not None and att.doc.is_declaration and att.doc.risk_class:
            classes.add(att.doc.risk_class)
    case_id, new_operator = case.case_id, not case.org_registered
    items = items_from(fields=understanding.fields, attachments=message.attachments)
    matches = evaluate(load_rules(settings.signal_rules_file), texts=texts, items=items, classes=classes,
                       new_operator=new_operator)
    rules = record_signals(engine=engine, case_id=case_id, matches=matches)
    if rules:
        log.info("case %s: surveillance signals %s", case_id, ", ".join(rules))
    return rules

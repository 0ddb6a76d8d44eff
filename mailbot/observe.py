"""What operators watch a message by: one INFO line when an edge has stored it and one when the
worker has processed it, counted in the metrics too when the endpoint is on.

The lines let an operator follow a message from the MTA's log (its Message-ID) to the `accepted`
line, whose `queue` is mdreg's inbound id, and on to the `processed` line with the case reference.
"""

from __future__ import annotations

import logging

from mailbot.logs import FIELDS

accepted_log = logging.getLogger("mdreg.accepted")
processed_log = logging.getLogger("mdreg.processed")
_sinks: list = []  # the process's metrics (mailbot/metrics.py), attached by `mdreg serve --metrics-port`


def attach(sink) -> None:
    _sinks.append(sink)


def detach(sink) -> None:
    if sink in _sinks:
        _sinks.remove(sink)


def accepted(*, edge: str, queue_id: int, message_id: str | None, envelope_from: str | None,
             size: int, duplicate: bool = False) -> None:
    """An edge stored a message and is about to answer 250 (or to mark it on the IMAP server)."""
    fields = {"edge": edge, "queue_id": queue_id, "message_id": message_id or "-",
              "envelope_from": envelope_from or "<>", "size": size, "duplicate": duplicate}
    accepted_log.info("accepted %s queue=%s message-id=%s from=%s size=%d%s", edge, queue_id,
                      fields["message_id"], fields["envelope_from"], size, " (already stored)" if duplicate else "",
                      extra={FIELDS: fields})
    for sink in _sinks:
        sink.accepted(edge=edge)


def processed(*, queue_id: int, reference: str | None, kind: str, status: str, reply: str,
              elapsed_ms: float) -> None:
    """The worker committed a message's outcome and its reply."""
    fields = {"queue_id": queue_id, "case": reference or "-", "kind": str(kind), "status": str(status),
              "reply": reply, "elapsed_ms": round(elapsed_ms, 1)}
    processed_log.info("processed queue=%s case=%s kind=%s status=%s reply=%s elapsed_ms=%.0f", queue_id,
                       fields["case"], fields["kind"], fields["status"], reply, elapsed_ms, extra={FIELDS: fields})
    for sink in _sinks:
        sink.processed(kind=str(kind), status=str(status), seconds=elapsed_ms / 1000)


def count_processed(*, kind: str, status: str, seconds: float) -> None:
    """A worker child of `serve` processed a message and wrote its line: count it here, where the
    metrics are served (mailbot/runners/worker_processes.py)."""
    for sink in _sinks:
        sink.processed(kind=kind, status=status, seconds=seconds)


def reply_delivered(*, ok: bool) -> None:
    """The sender handed a reply to the relay (ok) or gave it up as failed."""
    for sink in _sinks:
        sink.reply_delivered(ok=ok)

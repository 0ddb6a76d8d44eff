"""The Prometheus endpoint of `mdreg serve --metrics-port`: the health figures and message counters.

Counters and the processing-time histogram count what this process did (mailbot/observe.py feeds
them); the gauges are read from the database at each scrape, so they are the whole service's,
however many worker processes share the work. Every name starts with `mdreg_`.
"""

from __future__ import annotations

import logging

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy.engine import Engine

from mailbot.settings import Settings

log = logging.getLogger("mdreg.metrics")
PROCESSING_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class Metrics:
    """One registry per process, built by the entry point, never at import."""

    def __init__(self, *, settings: Settings, engine: Engine) -> None:
        self.registry = CollectorRegistry()
        self.accepted_total = Counter("mdreg_messages_accepted", "Messages stored by an edge", ["edge"],
                                      registry=self.registry)
        self.processed_total = Counter("mdreg_messages_processed", "Messages processed, by case kind and status",
                                       ["kind", "status"], registry=self.registry)
        self.replies_total = Counter("mdreg_replies", "Replies handed to the relay (sent) or given up (failed)",
                                     ["result"], registry=self.registry)
        self.processing_seconds = Histogram("mdreg_processing_seconds", "Time from claim to committed outcome",
                                            buckets=PROCESSING_BUCKETS, registry=self.registry)
        self.registry.register(_HealthCollector(settings=settings, engine=engine))
        self._server = None

    def accepted(self, *, edge: str) -> None:
        self.accepted_total.labels(edge=edge).inc()

    def processed(self, *, kind: str, status: str, seconds: float) -> None:
        self.processed_total.labels(kind=kind, status=status).inc()
        self.processing_seconds.observe(seconds)

    def reply_delivered(self, *, ok: bool) -> None:
        self.replies_total.labels(result="sent" if ok else "failed").inc()

    def serve(self, *, host: str, port: int) -> None:
        self._server, _ = start_http_server(port, addr=host, registry=self.registry)
        log.info("metrics on http://%s:%s/metrics", host, port)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


class _HealthCollector:
    """The numbers of `mdreg health`, read when Prometheus scrapes."""

    def __init__(self, *, settings: Settings, engine: Engine) -> None:
        self.settings, self.engine = settings, engine

    def collect(self):
        from mailbot.health import disk_free_bytes, overall, run_checks
        from store.health_figures import read_figures

        checks = run_checks(settings=self.settings, engine=self.engine)
        yield _gauge("mdreg_health_status", "0 ok, 1 warning, 2 critical (as `mdreg health` exits)", overall(checks))
        database_up = checks[0].level == 0
        yield _gauge("mdreg_database_up", "1 when the database answers at this code's schema", int(database_up))
        yield _gauge("mdreg_data_dir_free_bytes", "Free space of the data dir's file system",
                     disk_free_bytes(self.settings.data_dir))
        if not database_up:
            return
        figures = read_figures(engine=self.engine, claim_timeout_seconds=self.settings.claim_timeout_seconds,
                               queued_long_seconds=self.settings.health_outbox_queued_seconds)
        yield _gauge("mdreg_messages_unprocessed", "Stored messages not yet processed", figures.unprocessed)
        yield _gauge("mdreg_oldest_unprocessed_age_seconds", "Age of the oldest unprocessed message (0: none)",
                     figures.oldest_unprocessed_seconds or 0)
        yield _gauge("mdreg_messages_stuck", "Messages held past their claim timeout", figures.stuck)
        outbox = GaugeMetricFamily("mdreg_outbox_messages", "Outgoing messages by status", labels=["status"])
        for status in ("queued", "sending", "sent", "failed"):
            outbox.add_metric([status], figures.outbox_by_status.get(status, 0))
        yield outbox
        yield _gauge("mdreg_outbox_queued_too_long", "Replies queued longer than health_outbox_queued_seconds",
                     figures.outbox_queued_long)
        if figures.imap_last_poll_seconds is not None:
            yield _gauge("mdreg_imap_last_success_age_seconds", "Time since the last successful IMAP poll",
                         figures.imap_last_poll_seconds)


def start_metrics(*, settings: Settings, engine: Engine) -> Metrics | None:
    """The endpoint when `metrics_port` is set, fed by mailbot/observe.py; None otherwise."""
    if settings.metrics_port is None:
        return None
    from mailbot import observe

    metrics = Metrics(settings=settings, engine=engine)
    metrics.serve(host=settings.metrics_host, port=settings.metrics_port)
    observe.attach(metrics)
    return metrics


def stop_metrics(metrics: Metrics | None) -> None:
    if metrics is not None:
        from mailbot import observe

        observe.detach(metrics)
        metrics.close()


def _gauge(name: str, text: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, text, value=float(value))

"""The Prometheus endpoint, scraped over HTTP while mdreg serves: health gauges from the database,
counters of messages by kind and status, replies, and the processing-time histogram."""

from __future__ import annotations

import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support import free_port, registration_mail, send, wait_for


@pytest.fixture
def relayed_settings(settings, relay):
    return settings.model_copy(update={"relay": f"127.0.0.1:{relay.port}", "metrics_port": free_port()})


def scrape(port: int) -> dict[str, list]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        assert response.status == 200
        text = response.read().decode()
    return {family.name: family.samples for family in text_string_to_metric_families(text)}


def value(samples, name: str, **labels) -> float:
    return next((s.value for s in samples if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())),
                0.0)


def test_a_scrape_after_one_registration_counts_it_and_its_reply(bot, relay):
    send(bot.smtp_port, registration_mail(3), mail_from="kari@example.no")
    wait_for(lambda: relay.envelopes)
    metrics = wait_for(lambda: (m := scrape(bot.metrics_port)) and
                       value(m["mdreg_replies"], "mdreg_replies_total", result="sent") >= 1 and m)
    assert all(name.startswith("mdreg_") for name in metrics)
    assert value(metrics["mdreg_messages_accepted"], "mdreg_messages_accepted_total", edge="smtp") == 1
    processed = [s for s in metrics["mdreg_messages_processed"] if s.name == "mdreg_messages_processed_total"]
    assert sum(s.value for s in processed) == 1 and processed[0].labels["kind"] and processed[0].labels["status"]
    assert value(metrics["mdreg_processing_seconds"], "mdreg_processing_seconds_count") == 1
    assert value(metrics["mdreg_health_status"], "mdreg_health_status") == 0
    assert value(metrics["mdreg_database_up"], "mdreg_database_up") == 1
    assert value(metrics["mdreg_messages_unprocessed"], "mdreg_messages_unprocessed") == 0
    assert value(metrics["mdreg_outbox_messages"], "mdreg_outbox_messages", status="sent") == 1
    assert value(metrics["mdreg_data_dir_free_bytes"], "mdreg_data_dir_free_bytes") > 0

"""Traces: which OTEL_* variables turn them on, the trace context a stored event carries, and
the ids on every log line written inside a span (the real processes: local_run/test_traces)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest
import structlog
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.ops.tracing import (
    TracingMisconfigured,
    continued_trace,
    current_trace_ids,
    requested_exporters,
    service_resource,
    trace_context_carrier,
)
from storebridge_shared.store.event_log import _document, _envelope

TRACE_ID = 0x4BF92F3577B34DA6A3CE929D0E0E4736
SPAN_ID = 0x00F067AA0BA902B7
TRACEPARENT = f"00-{TRACE_ID:032x}-{SPAN_ID:016x}-01"


def a_span() -> NonRecordingSpan:
    return NonRecordingSpan(SpanContext(TRACE_ID, SPAN_ID, False, TraceFlags(1)))


def an_envelope(**changes: object) -> EventEnvelope:
    now = datetime(2026, 12, 2, tzinfo=UTC)
    fields: dict[str, object] = {
        "event_id": "e1",
        "store_hash": "storea",
        "scope": "store/product/updated",
        "resource_type": "product",
        "resource_id": "77",
        "bc_hash": "h1",
        "created_at": now,
        "received_at": now,
        "payload": {"type": "product", "id": 77},
    }
    return EventEnvelope.model_validate(fields | changes)


@pytest.mark.parametrize(
    ("environ", "exporters"),
    [
        ({}, ()),
        ({"OTEL_TRACES_EXPORTER": "otlp"}, ("otlp",)),
        ({"OTEL_TRACES_EXPORTER": " OTLP , console,otlp"}, ("otlp", "console")),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, ("otlp",)),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}, ("otlp",)),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c"}, ()),
        ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_SDK_DISABLED": "true"}, ()),
        ({"OTEL_TRACES_EXPORTER": ""}, ()),
    ],
)
def test_given_otel_variables_when_read_then_traces_are_on_only_when_they_ask(environ, exporters):
    assert requested_exporters(environ) == exporters


def test_given_an_exporter_we_do_not_ship_when_read_then_it_is_refused_by_name():
    with pytest.raises(TracingMisconfigured, match="zipkin"):
        requested_exporters({"OTEL_TRACES_EXPORTER": "otlp,zipkin"})


def test_given_no_service_name_when_the_resource_is_built_then_it_names_the_storebridge_service(
    monkeypatch,
):
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    monkeypatch.delenv("OTEL_RESOURCE_ATTRIBUTES", raising=False)
    resource = service_resource("ingress", {})
    assert resource.attributes["service.name"] == "storebridge-ingress"


def test_given_otel_service_name_when_the_resource_is_built_then_it_wins(monkeypatch):
    monkeypatch.setenv("OTEL_SERVICE_NAME", "shop-ingress")
    resource = service_resource("ingress", {"OTEL_SERVICE_NAME": "shop-ingress"})
    assert resource.attributes["service.name"] == "shop-ingress"


def test_given_a_current_span_when_its_context_is_kept_and_continued_then_the_trace_goes_on():
    with trace.use_span(a_span()):
        carrier = trace_context_carrier()
    assert carrier["traceparent"] == TRACEPARENT
    assert current_trace_ids() is None
    with continued_trace(carrier):
        assert current_trace_ids() == (f"{TRACE_ID:032x}", f"{SPAN_ID:016x}")
    assert current_trace_ids() is None


def test_given_an_envelope_with_its_trace_context_when_stored_then_it_is_kept_beside_it_not_in_the_message():
    envelope = an_envelope(trace_context={"traceparent": TRACEPARENT})
    document = _document(envelope)
    assert document["trace_context"] == {"traceparent": TRACEPARENT}
    assert "trace_context" not in document["envelope"]
    assert "trace_context" not in json.loads(envelope.to_message())
    assert _envelope(document).trace_context == {"traceparent": TRACEPARENT}


def test_given_an_envelope_without_trace_context_when_stored_then_the_document_is_as_before():
    document = _document(an_envelope())
    assert "trace_context" not in document
    assert _envelope(document).trace_context is None


def test_given_traces_on_when_a_line_is_written_inside_a_span_then_it_carries_the_trace_id(stderr):
    configure_logging("json", "info", trace_ids=True)
    with trace.use_span(a_span()):
        structlog.get_logger("t").info("inside")
        logging.getLogger("some.library").warning("library inside")
    structlog.get_logger("t").info("outside")
    lines = [json.loads(line) for line in stderr.readouterr().err.splitlines()]
    inside, library, outside = lines
    assert inside["trace_id"] == library["trace_id"] == f"{TRACE_ID:032x}"
    assert inside["span_id"] == f"{SPAN_ID:016x}"
    assert "trace_id" not in outside


def test_given_traces_off_when_a_line_is_written_inside_a_span_then_no_trace_id_is_added(stderr):
    configure_logging("json", "info")
    with trace.use_span(a_span()):
        structlog.get_logger("t").info("inside")
    (line,) = [json.loads(line) for line in stderr.readouterr().err.splitlines()]
    assert "trace_id" not in line


class _Open:
    is_closed = False


class _RecordingExchange:
    """Records the trace the publish ran in (aio-pika's instrumentation starts its span there)."""

    def __init__(self) -> None:
        self.traces: list[tuple[str, str] | None] = []

    async def publish(self, message, routing_key, mandatory):
        from pamqp.commands import Basic

        self.traces.append(current_trace_ids())
        return Basic.Ack()


async def test_given_a_stored_event_with_its_request_trace_when_the_relay_publishes_it_then_the_publish_continues_that_trace():
    from storebridge_shared.broker.publishing import ConfirmedPublisher
    from storebridge_shared.broker.topology import Topology

    publisher = ConfirmedPublisher("amqp://unused", Topology("t"))
    exchange = _RecordingExchange()
    publisher._exchange, publisher._connection, publisher._channel = exchange, _Open(), _Open()  # type: ignore[assignment]
    await publisher.publish(an_envelope(trace_context={"traceparent": TRACEPARENT}))
    await publisher.publish(an_envelope())
    assert exchange.traces == [(f"{TRACE_ID:032x}", f"{SPAN_ID:016x}"), None]


async def test_given_traces_on_when_faststream_logs_a_delivery_then_received_and_processed_carry_its_trace_id(
    monkeypatch,
):
    from faststream.rabbit import TestRabbitBroker

    from storebridge_shared.broker.consumer import build_consumer_broker
    from storebridge_shared.broker.topology import Topology
    from storebridge_shared.ops import tracing
    from storebridge_shared.settings import ConsumerSettings

    monkeypatch.setitem(tracing._state, "enabled", True)
    topology = Topology(namespace="t")

    async def sync_product(envelope: EventEnvelope) -> None:
        """Copy a product."""

    broker = build_consumer_broker(ConsumerSettings(), topology, "catalog-sync", sync_product)
    async with TestRabbitBroker(broker) as test_broker:
        logged = test_broker.config.logger.logger.logger  # the in-memory broker's stand-in
        await test_broker.publish(
            an_envelope().model_dump_json(),
            exchange=topology.events_exchange,
            routing_key=topology.queues("catalog-sync").main,
            headers={"traceparent": TRACEPARENT},
        )

    # FastStream writes these outside the consume span; their extra becomes the line's fields
    extras = {call.args[1]: call.kwargs["extra"] for call in logged.log.call_args_list}
    assert extras["Received"]["trace_id"] == extras["Processed"]["trace_id"] == f"{TRACE_ID:032x}"

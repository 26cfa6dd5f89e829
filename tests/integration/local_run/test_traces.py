"""Traces across the real processes of `make run`: one webhook is one trace, from the ingress's
request through its MongoDB insert and publish to catalog-sync's handling, its BigCommerce calls
and its MongoDB writes; every log line of that work carries the trace id."""

from __future__ import annotations

import json

import httpx
import pytest

from storebridge_shared.ops.tracing import EVENT_ID_ATTRIBUTE
from tests.integration.local_run.conftest import ROOT, StartRun
from tests.support.otlp import ReceivedSpan, otlp_receiver
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

SERVER, CLIENT, PRODUCER, CONSUMER = 2, 3, 4, 5
EXAMPLE = (ROOT / ".env.example").read_text()
TRACES_ON = {
    "OTEL_TRACES_EXPORTER": "otlp",
    "OTEL_BSP_SCHEDULE_DELAY": "100",
    "LOG_FORMAT": "json",
}


def json_lines(text: str) -> list[dict]:
    lines = []
    for line in text.splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return lines


def is_http_call(span: ReceivedSpan) -> bool:
    """A BigCommerce call (httpx's client span)."""
    return span.kind == CLIENT and (
        "http.request.method" in span.attributes or "http.method" in span.attributes
    )


def is_mongodb_call(span: ReceivedSpan) -> bool:
    """A MongoDB command (PyMongo's client span)."""
    return span.kind == CLIENT and span.attributes.get("db.system") == "mongodb"


async def test_given_traces_on_when_a_product_changes_in_a_then_one_trace_holds_ingress_and_catalog_sync(
    start_run: StartRun,
):
    async with (
        otlp_receiver() as receiver,
        start_run(EXAMPLE, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint, **TRACES_ON) as run,
    ):
        await run.until_printed("run: up")
        sandbox = run.urls()["sandbox"]
        async with httpx.AsyncClient(timeout=10) as http:
            await http.put(f"{sandbox}/_sandbox/stores/storea/products/77", json={"price": 4.5})
        await run.until_printed('"catalog.synced"', timeout=60)
        synced = next(line for line in json_lines(run.text()) if line["event"] == "catalog.synced")
        event_id = synced["event_id"]

        def catalog_sync_spans() -> list:
            return [
                span
                for span in receiver.with_attribute(EVENT_ID_ATTRIBUTE, event_id)
                if span.service == "storebridge-catalog-sync"
            ]

        async def exported() -> bool:
            return bool(catalog_sync_spans())

        await wait_until(exported, timeout=30)
        trace_id = catalog_sync_spans()[0].trace_id

        async def the_trace_is_complete() -> bool:
            return any(
                span.service == "storebridge-catalog-sync" and is_http_call(span)
                for span in receiver.trace(trace_id)
            )

        try:
            await wait_until(the_trace_is_complete, timeout=30)
        except AssertionError:
            raise AssertionError(
                [(s.service, s.name, s.kind, s.attributes) for s in receiver.trace(trace_id)]
            ) from None
        run.interrupt()
        assert await run.exit_code() == 0, run.text()

    spans = receiver.trace(trace_id)
    by_service: dict[str, list[str]] = {}
    for span in spans:
        by_service.setdefault(span.service, []).append(span.name)
    ingress, catalog = by_service["storebridge-ingress"], by_service["storebridge-catalog-sync"]
    # the ingress: its request (with the event id), the record under it, the insert, the publish
    request = [s for s in spans if s.service == "storebridge-ingress" and s.kind == 2]  # SERVER
    assert request and request[0].attributes[EVENT_ID_ATTRIBUTE] == event_id, ingress
    assert "event_log.record" in ingress, ingress
    assert any(name.endswith(".insert") for name in ingress), ingress
    assert any("events" in name and s.kind == 4 for s in spans for name in [s.name]), ingress
    # catalog-sync: the consume span (the event id), BigCommerce calls, MongoDB writes
    assert any(name.endswith("process") for name in catalog), catalog
    assert any(name.startswith(("GET", "PUT", "POST")) for name in catalog), catalog
    writes = [
        s.name
        for s in spans
        if s.service == "storebridge-catalog-sync"
        and is_mongodb_call(s)
        and s.name.endswith((".insert", ".update"))
    ]
    assert writes, catalog
    # one trace: every span but the request's root has its parent in the same trace
    ids = {span.span_id for span in spans}
    roots = [span for span in spans if span.parent_span_id not in ids]
    assert len(roots) == 1 and roots[0].service == "storebridge-ingress", roots
    # every log line of the traced work carries its trace id, FastStream's own Received and
    # Processed (written outside the consume span) included
    lines = [line for line in json_lines(run.text()) if line.get("event_id") == event_id]
    assert {"Received", "Processed"} <= {line["event"] for line in lines}, lines
    assert all(line.get("trace_id") == trace_id for line in lines), [
        (line["event"], line.get("trace_id")) for line in lines if line.get("trace_id") != trace_id
    ]

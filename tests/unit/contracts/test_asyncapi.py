"""docs/contracts/asyncapi.json is the broker as the code has it: regenerated from the code (the
consumers' FastStream subscribers, every published message) it is the same document."""

from __future__ import annotations

import json

from storebridge_cli.contracts import ASYNCAPI, document, render
from storebridge_shared.broker.topology import SERVICE_BINDINGS, Topology
from storebridge_shared.events.envelope import EventEnvelope


def test_given_the_code_when_the_asyncapi_document_is_generated_then_it_is_the_committed_one():
    committed = ASYNCAPI.read_text()
    assert render(document()) == committed, (
        "docs/contracts/asyncapi.json is stale: run `python -m storebridge_cli.contracts`"
    )


def test_given_the_document_when_read_then_every_consumer_queue_and_its_bindings_are_in_it():
    channels = json.loads(ASYNCAPI.read_text())["channels"]
    topology = Topology()
    for service, keys in SERVICE_BINDINGS.items():
        queues = topology.queues(service)
        channel = channels[f"{service}:{queues.main}"]
        assert channel["bindings"]["amqp"]["queue"]["name"] == queues.main
        assert all(key in channel["description"] for key in keys)
        assert f"{service}:retry" in channels and f"{service}:dead" in channels


def test_given_the_document_when_read_then_the_envelope_schema_is_the_message_body():
    schemas = json.loads(ASYNCAPI.read_text())["components"]["schemas"]
    body_fields = set(EventEnvelope.model_json_schema(mode="serialization")["properties"])
    assert set(schemas["EventEnvelope"]["properties"]) == body_fields
    assert "trace_context" not in body_fields  # in the headers and the event log, not the body

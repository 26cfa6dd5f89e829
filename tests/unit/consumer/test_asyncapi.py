"""The consumer's subscriber is documented in AsyncAPI with the EventEnvelope payload."""

from __future__ import annotations

import json

from faststream.specification import AsyncAPI

from storebridge_shared.broker.consumer import build_consumer_app
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.settings import ConsumerSettings


async def sync_product(envelope: EventEnvelope) -> None:
    """Copy a changed product from store A to store B."""


def test_given_a_consumer_app_then_asyncapi_documents_its_queue_and_the_envelope():
    app = build_consumer_app(
        ConsumerSettings(), Topology(namespace="sb"), "catalog-sync", sync_product
    )

    assert app.broker is not None
    document = json.loads(AsyncAPI(app.broker).to_specification().to_json())

    channel = document["channels"]["catalog-sync:sb.catalog-sync"]
    assert channel["description"].startswith("Copy a changed product from store A to store B.")
    assert "`sb.catalog-sync.dead`" in channel["description"]
    assert "EventEnvelope" in document["components"]["schemas"]
    schema = document["components"]["schemas"]["EventEnvelope"]
    assert {"event_id", "store_hash", "scope"} <= set(schema["properties"])

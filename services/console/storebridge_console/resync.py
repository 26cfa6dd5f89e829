""" "Resync now": the same thing a webhook does, an event saying "this resource may have changed".

The event (scope `store/{kind}/updated`, `bc_hash` `console-resync:<uuid>`) is stored in the
event log and published with a confirm, like the ingress does with a webhook. For a product or a
category it is the source store's, and catalog-sync reconciles the resource from the source's
current state. For an order it is the order's own store's `store/order/updated`: the order
replicator reads the order again and brings its stored copy up to date (as for the webhook, this
never starts a replication and never moves a status). A publish that fails leaves the event
`received`, and the relays publish it later.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import structlog

from storebridge_shared.broker.publishing import ConfirmedPublisher, PublishFailed
from storebridge_shared.events.envelope import EventEnvelope, new_event_id
from storebridge_shared.store.event_log import EventLog

log = structlog.get_logger(__name__)

KINDS = ("product", "category", "order")
RESYNC_HASH_PREFIX = "console-resync:"


def resync_event(store_hash: str, kind: str, resource_id: int, now: datetime) -> EventEnvelope:
    """The event that asks catalog-sync to reconcile one product or category of `store_hash`,
    or the order replicator to refresh its stored copy of one order of `store_hash`."""
    if kind not in KINDS:
        raise ValueError(f"cannot resync a {kind!r} (one of {', '.join(KINDS)})")
    return EventEnvelope(
        event_id=new_event_id(),
        store_hash=store_hash,
        scope=f"store/{kind}/updated",
        resource_type=kind,
        resource_id=str(resource_id),
        bc_hash=f"{RESYNC_HASH_PREFIX}{uuid.uuid4().hex}",
        created_at=now,
        received_at=now,
        payload={"type": kind, "id": resource_id, "requested_by": "console"},
    )


async def request_resync(
    events: EventLog, publisher: ConfirmedPublisher, envelope: EventEnvelope
) -> bool:
    """Store the event, then publish it; True when the broker confirmed it now."""
    await events.record(envelope)
    try:
        await publisher.publish(envelope)
    except PublishFailed as error:
        log.warning("resync_publish_deferred", event_id=envelope.event_id, error=str(error))
        return False
    await events.mark_published(envelope.event_id)
    log.info(
        "resync_requested",
        event_id=envelope.event_id,
        scope=envelope.scope,
        resource_id=envelope.resource_id,
    )
    return True

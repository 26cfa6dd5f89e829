"""The broker's AsyncAPI document from the code: `python -m storebridge_cli.contracts [PATH]`.

Writes `docs/contracts/asyncapi.json` (or PATH, `-` for stdout); `tests/unit/contracts/
test_asyncapi.py` fails when the committed document and this one differ. The consumers'
summaries are their handlers' docstrings; the other messages are listed here, and
`PUBLISH_SITES` names the code that sends each (`tests/unit/contracts/test_publish_sites.py`
fails on a publishing call that is not in it: a new publish site needs its entry, and its
message an entry in `published_messages` if it is a new one).
"""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import Any

from storebridge_catalog_sync.app import CatalogSyncService
from storebridge_catalog_sync.coordinator import SERVICE as CATALOG_SYNC
from storebridge_order_replicator.app import SERVICE as ORDER_REPLICATOR
from storebridge_order_replicator.app import OrderReplicatorService
from storebridge_order_replicator.decisions import POLLED_SCOPE
from storebridge_order_replicator.messages import OrderReplicated, OrderUpdated
from storebridge_shared import __version__
from storebridge_shared.broker.asyncapi import Published, asyncapi_document, failure_messages
from storebridge_shared.broker.dead_letters import REQUEUED_AT_HEADER
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.routing import order_replicated_key, order_updated_key

ASYNCAPI = Path(__file__).resolve().parents[3] / "docs" / "contracts" / "asyncapi.json"
STORE = "{store_hash}"


EVENT = "ingress:event"
ORDER_EVENTS = ("order-replicator:order.replicated", "order-replicator:order.updated")
POLL_COMMAND = "order-replicator:poll-command"
FAILURE_COPIES = tuple(
    f"{service}:{kind}" for service in Topology().services for kind in ("retry", "dead")
)
REQUEUES = tuple(f"{service}:requeue" for service in Topology().services)

PUBLISH_SITES: dict[str, tuple[str, ...]] = {
    # the transports, under every site below
    "storebridge_shared.broker.publishing:ConfirmedPublisher._publish": (EVENT,),
    "storebridge_shared.broker.consumer.publisher:BrokerPublisher._send": (
        *ORDER_EVENTS,
        POLL_COMMAND,
        *FAILURE_COPIES,
    ),
    # envelopes of the event log: the ingress, its relay, the janitor's re-drive, replay, resync
    "storebridge_ingress.intake:accept": (EVENT,),
    "storebridge_ingress.views:_TimedPublisher.publish": (EVENT,),
    "storebridge_shared.broker.relay:_publish_one": (EVENT,),
    "storebridge_shared.events.replay:_publish_all": (EVENT,),
    "storebridge_console.resync:request_resync": (EVENT,),
    # the order-replicator's events and its polling backstop's command
    "storebridge_order_replicator.outbox:BrokerOutbox.order_replicated": (ORDER_EVENTS[0],),
    "storebridge_order_replicator.outbox:BrokerOutbox.order_updated": (ORDER_EVENTS[1],),
    "storebridge_order_replicator.outbox:BrokerOutbox.send": (POLL_COMMAND,),
    # the consumer runtime's failure copies, and a dead letter sent back
    "storebridge_shared.broker.consumer.runtime:ConsumerRuntime._send_to_retry": tuple(
        title for title in FAILURE_COPIES if title.endswith(":retry")
    ),
    "storebridge_shared.broker.consumer.runtime:ConsumerRuntime._send_to_dead": tuple(
        title for title in FAILURE_COPIES if title.endswith(":dead")
    ),
    "storebridge_shared.broker.dead_letters:DeadLetterQueue._send_back": REQUEUES,
    # FastStream publishers of the document itself: nothing is sent
    "storebridge_shared.broker.asyncapi:asyncapi_document": (),
}
"""Each function of storebridge that publishes (or declares a FastStream publisher) -> the titles
of the messages it sends (see `published_messages` and `failure_messages`)."""


def _summary(handler: object) -> str:
    return (inspect.getdoc(handler) or "").replace("\n", " ")


def published_messages(topology: Topology) -> list[Published]:
    """Every message a storebridge process publishes, but the runtime's failure copies."""
    events = topology.events_exchange
    return [
        Published(
            title="ingress:event",
            description=(
                "A BigCommerce webhook, stored in the event log, then published by the ingress "
                "(or its relay, or the janitor's re-drive; `storebridge replay` and the "
                "console's replay and resync publish stored or resync events the same way). "
                "Headers `x-storebridge-schema` (1) and `x-storebridge-store`; message id = "
                "event id, type = scope."
            ),
            model=EventEnvelope,
            routing_key=f"{STORE}.{{resource}}.{{action}}",
            exchange=events,
        ),
        Published(
            title="order-replicator:order.replicated",
            description=(
                "An order stored in MongoDB and moved on (or kept). No storebridge service "
                "consumes it: bind your own queue with `*.replicated.order`."
            ),
            model=OrderReplicated,
            routing_key=order_replicated_key(STORE),
            exchange=events,
        ),
        Published(
            title="order-replicator:order.updated",
            description="A merchant's change reached the stored copy of a replicated order.",
            model=OrderUpdated,
            routing_key=order_updated_key(STORE),
            exchange=events,
        ),
        Published(
            title="order-replicator:poll-command",
            description=(
                f"The polling backstop's command for an order it found (scope `{POLLED_SCOPE}`), "
                "put straight on the replicator's own queue: handled as a webhook would be."
            ),
            model=EventEnvelope,
            routing_key=topology.queues(ORDER_REPLICATOR).main,
        ),
        *(
            Published(
                title=f"{service}:requeue",
                description=(
                    f"A dead letter of `{topology.queues(service).dead}` sent back to "
                    f"`{topology.queues(service).main}` by `storebridge dlq requeue` or the "
                    f"console: the failure headers dropped, `{REQUEUED_AT_HEADER}` set."
                ),
                model=EventEnvelope,
                routing_key=topology.queues(service).main,
            )
            for service in topology.services
        ),
    ]


def document(topology: Topology | None = None) -> dict[str, Any]:
    """The AsyncAPI document of the default namespace (`storebridge`)."""
    topology = topology or Topology()
    consumers = {
        CATALOG_SYNC: _summary(CatalogSyncService.handle),
        ORDER_REPLICATOR: _summary(OrderReplicatorService.handle),
    }
    published = published_messages(topology) + failure_messages(topology)
    return asyncapi_document(topology, consumers, published, version=__version__)


def render(content: dict[str, Any]) -> str:
    """The document as committed: sorted keys, two-space indents, a final newline."""
    return json.dumps(content, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    """Write the document to argv[0] (default: docs/contracts/asyncapi.json; `-`: stdout)."""
    text = render(document())
    target = argv[0] if argv else str(ASYNCAPI)
    if target == "-":
        sys.stdout.write(text)
    else:
        Path(target).write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

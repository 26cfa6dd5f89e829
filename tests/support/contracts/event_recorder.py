"""What every event recorder does (the ingress's port on the event log): store each BigCommerce
event once per store, and hand back the first one when the same delivery comes again.

Subclass with a `recorder` fixture: `store.event_log.EventLog` on MongoDB passes it
(integration), and so does `tests.support.fakes.FakeRecorder` (unit).
"""

from __future__ import annotations

from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.events.webhooks import WebhookDelivery


def envelope(bc_hash: str = "a" * 40, store: str = "abc123") -> EventEnvelope:
    """A fresh envelope of a product update (a new event id each call)."""
    delivery = WebhookDelivery(
        scope="store/product/updated",
        store_id="1025646",
        data={"type": "product", "id": 205},
        hash=bc_hash,
        created_at=1561479233,
        producer=f"stores/{store}",
    )
    return EventEnvelope.from_delivery(delivery)


class EventRecorderContract:
    """The behaviour suite of an event recorder."""

    async def test_given_a_new_event_when_recorded_then_it_is_received_and_not_a_duplicate(
        self, recorder
    ):
        first = envelope()

        recorded = await recorder.record(first)

        assert (recorded.event, recorded.status, recorded.duplicate) == (
            first,
            EventStatus.RECEIVED,
            False,
        )

    async def test_given_a_recorded_delivery_when_it_comes_again_then_the_first_comes_back(
        self, recorder
    ):
        first = envelope()
        await recorder.record(first)

        again = await recorder.record(envelope())

        assert again.duplicate
        assert again.event.event_id == first.event_id

    async def test_given_the_same_hash_from_two_stores_when_recorded_then_both_are_new(
        self, recorder
    ):
        await recorder.record(envelope(store="abc123"))

        other = await recorder.record(envelope(store="def456"))

        assert not other.duplicate

"""What every reader and filler of old events' lookup fields does: the stores that have events,
the events lacking `subject` (any store) or `received_ms` (one store) read with their envelope
only and no more than asked, a fill that sets the fields and counts what it changed (nothing the
second time), so a stopped run resumes and a rerun changes nothing.

Subclass with an `event_keys` fixture (the store), an `insert_events` fixture (a callable
`(documents) -> None` writing event documents as an older event log left them) and a
`stored_event` fixture (a callable `(event_id) -> document | None`):
`storebridge_shared.store.event_keys.EventKeys` on MongoDB passes it (integration).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from storebridge_shared.events.envelope import EventEnvelope, new_event_id
from storebridge_shared.store.event_log import _document, lookup_keys

AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def event(store_hash: str, n: int) -> EventEnvelope:
    """Product `n`'s update in `store_hash`, received `n` minutes after AT."""
    at = AT + timedelta(minutes=n)
    return EventEnvelope(
        event_id=new_event_id(at),
        store_hash=store_hash,
        scope="store/product/updated",
        resource_type="product",
        resource_id=str(n),
        bc_hash=f"h-{store_hash}-{n}",
        created_at=at,
        received_at=at,
        payload={"type": "product", "id": n},
    )


def old(envelope: EventEnvelope, *lacking: str, null: bool = False) -> dict[str, Any]:
    """The event's document without the `lacking` fields (or with them null)."""
    document = _document(envelope)
    for name in lacking:
        if null:
            document[name] = None
        else:
            document.pop(name)
    return document


class EventKeysContract:
    """The behaviour suite of the old events' lookup-field store."""

    async def test_given_no_event_then_no_store_and_nothing_lacks_a_field(
        self, event_keys: Any
    ) -> None:
        assert await event_keys.stores() == []
        assert await event_keys.lacking_subject(10) == []
        assert await event_keys.count_lacking() == {"subject": 0, "received_ms": 0}

    async def test_given_events_of_several_stores_then_each_store_is_listed_once_in_order(
        self, event_keys: Any, insert_events: Any
    ) -> None:
        await insert_events([old(event(s, n)) for s, n in (("b2", 1), ("a1", 2), ("b2", 3))])

        assert await event_keys.stores() == ["a1", "b2"]

    async def test_given_events_lacking_subject_then_only_they_are_read_up_to_the_limit_with_their_envelope(
        self, event_keys: Any, insert_events: Any
    ) -> None:
        lacking = [event("a1", 1), event("b2", 2), event("a1", 3)]
        whole = event("a1", 4)
        await insert_events([old(e, "subject") for e in lacking] + [old(whole)])

        every = await event_keys.lacking_subject(10)
        two = await event_keys.lacking_subject(2)

        assert sorted(d["_id"] for d in every) == sorted(e.event_id for e in lacking)
        assert {frozenset(d) for d in every} == {frozenset({"_id", "envelope"})}
        by_id = {d["_id"]: d for d in every}
        assert EventEnvelope.model_validate(by_id[lacking[0].event_id]["envelope"]) == lacking[0]
        assert len(two) == 2 and {d["_id"] for d in two} <= set(by_id)

    async def test_given_events_lacking_received_ms_then_each_store_reads_only_its_own(
        self, event_keys: Any, insert_events: Any
    ) -> None:
        a1 = [event("a1", 1), event("a1", 2)]
        b2 = event("b2", 3)
        await insert_events([old(e, "received_ms") for e in (*a1, b2)] + [old(event("a1", 4))])

        in_a1 = await event_keys.lacking_received_ms("a1", 10)
        in_b2 = await event_keys.lacking_received_ms("b2", 10)

        assert sorted(d["_id"] for d in in_a1) == sorted(e.event_id for e in a1)
        assert [d["_id"] for d in in_b2] == [b2.event_id]
        assert len(await event_keys.lacking_received_ms("a1", 1)) == 1

    async def test_given_fields_stored_null_then_the_event_lacks_them_as_if_missing(
        self, event_keys: Any, insert_events: Any
    ) -> None:
        nulled = event("a1", 1)
        await insert_events([old(nulled, "subject", "received_ms", null=True)])

        assert [d["_id"] for d in await event_keys.lacking_subject(10)] == [nulled.event_id]
        assert [d["_id"] for d in await event_keys.lacking_received_ms("a1", 10)] == [
            nulled.event_id
        ]
        assert await event_keys.count_lacking() == {"subject": 1, "received_ms": 1}

    async def test_given_old_events_then_count_lacking_counts_each_field_over_every_store(
        self, event_keys: Any, insert_events: Any
    ) -> None:
        await insert_events(
            [
                old(event("a1", 1), "subject", "received_ms"),
                old(event("b2", 2), "subject", "received_ms"),
                old(event("a1", 3), "received_ms"),
                old(event("b2", 4)),
            ]
        )

        assert await event_keys.count_lacking() == {"subject": 2, "received_ms": 3}

    async def test_given_old_events_when_filled_then_they_hold_the_fields_and_lack_nothing(
        self, event_keys: Any, insert_events: Any, stored_event: Any
    ) -> None:
        events = [event("a1", 1), event("b2", 2)]
        await insert_events([old(e, "subject", "received_ms") for e in events])

        changed = await event_keys.fill([(e.event_id, lookup_keys(e)) for e in events])

        assert changed == 2
        for e in events:
            document = await stored_event(e.event_id)
            assert {k: document[k] for k in ("subject", "received_ms")} == lookup_keys(e)
        assert await event_keys.count_lacking() == {"subject": 0, "received_ms": 0}
        assert await event_keys.lacking_subject(10) == []

    async def test_given_events_already_filled_when_filled_again_then_nothing_changes(
        self, event_keys: Any, insert_events: Any, stored_event: Any
    ) -> None:
        e = event("a1", 1)
        await insert_events([old(e, "subject", "received_ms")])
        fields = [(e.event_id, lookup_keys(e))]
        await event_keys.fill(fields)
        before = await stored_event(e.event_id)

        assert await event_keys.fill(fields) == 0
        assert await event_keys.fill([]) == 0
        assert await stored_event(e.event_id) == before

    async def test_given_a_fill_naming_an_event_that_is_gone_then_the_others_are_filled(
        self, event_keys: Any, insert_events: Any, stored_event: Any
    ) -> None:
        kept = event("a1", 1)
        await insert_events([old(kept, "subject")])
        gone = event("a1", 2)  # purged between the read and the fill

        changed = await event_keys.fill(
            [(gone.event_id, lookup_keys(gone)), (kept.event_id, lookup_keys(kept))]
        )

        assert changed == 1
        assert (await stored_event(kept.event_id))["subject"] == kept.subject
        assert await stored_event(gone.event_id) is None, "a fill never creates an event"

"""Intake decisions, with fakes of the event log and the publisher."""

from __future__ import annotations

import json

import pytest

from storebridge_ingress.intake import StorageUnavailable, accept, parse_delivery
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.events.webhooks import WebhookRejected
from tests.support.fakes import FakePublisher, FakeRecorder
from tests.support.hostile import HOSTILE_BODIES


def body(**overrides) -> bytes:
    base = {
        "scope": "store/sku/updated",
        "store_id": 1025646,
        "data": {"type": "sku", "id": 461, "sku": {"product_id": 206, "variant_id": 509}},
        "hash": "a" * 40,
        "created_at": 1561479233,
        "producer": "stores/abc123",
    }
    return json.dumps(base | overrides).encode()


class TestParse:
    def test_given_an_integer_store_id_then_it_is_read_as_text(self):
        assert parse_delivery(body()).store_id == "1025646"

    def test_given_a_sku_event_then_resource_and_store_come_from_the_envelope(self):
        delivery = parse_delivery(body())
        assert (delivery.store_hash, delivery.resource_type, delivery.resource_id) == (
            "abc123",
            "sku",
            "461",
        )

    def test_given_a_cart_converted_event_then_the_cart_uuid_is_the_resource_id(self):
        delivery = parse_delivery(
            body(
                scope="store/cart/converted",
                data={"type": "cart", "id": "d300-16e2", "orderId": 252},
            )
        )
        assert delivery.resource_id == "d300-16e2"

    @pytest.mark.parametrize(
        ("raw", "status"),
        [
            (b"", 400),
            (b"null", 400),
            (b"\xff\xfe", 400),
            (body(hash=""), 400),
            (body(created_at="yesterday"), 400),
            (body(scope="store/brand/updated"), 422),
        ],
    )
    def test_given_a_bad_body_then_it_is_rejected_with_a_reason(self, raw, status):
        with pytest.raises(WebhookRejected) as rejected:
            parse_delivery(raw)
        assert rejected.value.status == status
        assert rejected.value.reason


class TestAccept:
    async def test_given_a_new_event_then_it_is_recorded_then_published_then_marked(self):
        recorder, publisher = FakeRecorder(), FakePublisher()

        accepted = await accept(
            parse_delivery(body()),
            configured_stores={"abc123"},
            recorder=recorder,
            publisher=publisher,
        )

        assert (accepted.duplicate, accepted.published) == (False, True)
        assert publisher.sent == [accepted.event]
        assert list(recorder.by_key.values())[0][1] is EventStatus.PUBLISHED

    async def test_given_a_published_duplicate_then_it_is_not_published_again(self):
        recorder, publisher = FakeRecorder(), FakePublisher()
        first = await accept(
            parse_delivery(body()),
            configured_stores={"abc123"},
            recorder=recorder,
            publisher=publisher,
        )

        again = await accept(
            parse_delivery(body()),
            configured_stores={"abc123"},
            recorder=recorder,
            publisher=publisher,
        )

        assert again.duplicate and again.event == first.event
        assert len(publisher.sent) == 1

    async def test_given_an_unconfirmed_duplicate_then_it_is_left_to_the_relay_not_published_twice(
        self,
    ):
        recorder = FakeRecorder()
        await accept(
            parse_delivery(body()),
            configured_stores={"abc123"},
            recorder=recorder,
            publisher=FakePublisher(fail=True),
        )
        publisher = FakePublisher()

        again = await accept(
            parse_delivery(body()),
            configured_stores={"abc123"},
            recorder=recorder,
            publisher=publisher,
        )

        assert again.duplicate
        assert not again.published
        assert publisher.sent == []

    async def test_given_the_broker_fails_then_the_event_is_accepted_unpublished(self):
        accepted = await accept(
            parse_delivery(body()),
            configured_stores={"abc123"},
            recorder=FakeRecorder(),
            publisher=FakePublisher(fail=True),
        )
        assert not accepted.published

    async def test_given_storage_fails_then_nothing_is_published(self):
        publisher = FakePublisher()
        with pytest.raises(StorageUnavailable):
            await accept(
                parse_delivery(body()),
                configured_stores={"abc123"},
                recorder=FakeRecorder(fail=True),
                publisher=publisher,
            )
        assert publisher.sent == []

    async def test_given_an_unconfigured_store_then_403_and_nothing_recorded(self):
        recorder = FakeRecorder()
        with pytest.raises(WebhookRejected) as rejected:
            await accept(
                parse_delivery(body()),
                configured_stores={"other"},
                recorder=recorder,
                publisher=FakePublisher(),
            )
        assert rejected.value.status == 403
        assert recorder.by_key == {}


class TestHostileInput:
    @pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
    async def test_given_a_hostile_body_then_it_is_a_4xx_and_nothing_is_recorded(self, name):
        recorder = FakeRecorder()
        with pytest.raises(WebhookRejected) as rejected:
            await accept(
                parse_delivery(HOSTILE_BODIES[name]),
                configured_stores={"abc123"},
                recorder=recorder,
                publisher=FakePublisher(),
            )
        assert 400 <= rejected.value.status < 500
        assert rejected.value.reason
        assert recorder.by_key == {}

    async def test_given_the_event_log_refuses_the_document_then_400_not_503_and_nothing_published(
        self,
    ):
        publisher = FakePublisher()
        with pytest.raises(WebhookRejected) as rejected:
            await accept(
                parse_delivery(body()),
                configured_stores={"abc123"},
                recorder=FakeRecorder(refuse=True),
                publisher=publisher,
            )
        assert rejected.value.status == 400
        assert publisher.sent == []

    def test_given_the_last_second_of_year_9999_then_it_is_accepted(self):
        assert parse_delivery(body(created_at=253_402_300_799)).created_at == 253_402_300_799

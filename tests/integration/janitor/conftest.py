"""Janitor tests: envelopes, test settings pointing at the test's database and namespace."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from storebridge_janitor.janitor import JanitorConfig
from storebridge_janitor.settings import JanitorSettings
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope, new_event_id
from tests.support.mongo import uri_with_database
from tests.support.settings import settings_of

FAST = JanitorConfig(
    interval_secs=0.05,
    redrive_after=timedelta(0),
    duty_cycle=1.0,
    stuck_after=timedelta(minutes=30),
)


def envelope(
    *, age: timedelta = timedelta(0), scope: str = "store/order/created", resource_id: str = "1"
) -> EventEnvelope:
    """An envelope received `age` ago."""
    received = datetime.now(UTC).replace(microsecond=0) - age
    kind = scope.split("/")[1]
    return EventEnvelope(
        event_id=new_event_id(received),
        store_hash="abc123",
        scope=scope,
        resource_type=kind,
        resource_id=resource_id,
        bc_hash=uuid.uuid4().hex,
        created_at=received,
        received_at=received,
        payload={"type": kind, "id": int(resource_id)},
    )


@pytest.fixture
def janitor_settings(mongodb_uri: str, amqp_url: str, database_name: str, topology: Topology):
    """Settings for a janitor (or command) on this test's database and namespace."""

    def make(**overrides: Any) -> JanitorSettings:
        values: dict[str, Any] = {
            "mongodb_uri": uri_with_database(mongodb_uri, database_name),
            "amqp_url": amqp_url,
            "broker_namespace": topology.namespace,
            "mongodb_timeout_ms": 2000,
            "ops_port": 0,
        }
        return settings_of(JanitorSettings, **(values | overrides))

    return make

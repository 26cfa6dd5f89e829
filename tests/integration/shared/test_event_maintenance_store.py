"""Event maintenance on the real MongoDB passes the event-maintenance contract."""

from __future__ import annotations

import pytest

from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.event_maintenance import EventMaintenance
from tests.support.contracts.event_maintenance import EventMaintenanceContract, envelope

pytestmark = pytest.mark.integration


class TestMongoEventMaintenance(EventMaintenanceContract):
    @pytest.fixture
    def maintenance(self, db):
        return EventMaintenance(db)

    @pytest.fixture
    async def seed(self, db):
        """Each event goes through the event log as the ingress and a consumer would move it."""
        log = EventLog(db)

        async def seed(status, received_at, store_hash="abc123", legacy=False):
            event = envelope(received_at, store_hash, legacy)
            await log.record(event)
            if status in (EventStatus.PUBLISHED, EventStatus.PROCESSED):
                await log.mark_published(event.event_id)
            if status == EventStatus.PROCESSED:
                await log.mark_processed(event.event_id, "catalog-sync")
            return event

        yield seed
        await log.close()

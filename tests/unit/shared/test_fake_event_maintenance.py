"""The in-memory event maintenance of the unit tests passes the same contract as MongoDB's."""

from __future__ import annotations

import pytest

from tests.support.contracts.event_maintenance import EventMaintenanceContract, envelope
from tests.support.fakes import FakeEventMaintenance


class TestFakeEventMaintenance(EventMaintenanceContract):
    @pytest.fixture
    def maintenance(self):
        return FakeEventMaintenance()

    @pytest.fixture
    def seed(self, maintenance):
        async def seed(status, received_at, store_hash="abc123", legacy=False):
            event = envelope(received_at, store_hash, legacy)
            maintenance.add(event, status)
            return event

        return seed

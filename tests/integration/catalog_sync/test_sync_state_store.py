"""The sync-state store on the real MongoDB passes the sync-state contract."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.store.sync_state import SyncStates
from tests.support.contracts.sync_states import SyncStatesContract

pytestmark = pytest.mark.integration


class TestMongoSyncStates(SyncStatesContract):
    @pytest.fixture
    def states(self, db):
        return SyncStates(db)

"""Named leases on the real MongoDB pass the lease contract."""

from __future__ import annotations

import pytest

from storebridge_shared.store.leases import Lease
from tests.support.contracts.leases import LeaseContract

pytestmark = pytest.mark.integration


class TestMongoLeases(LeaseContract):
    @pytest.fixture
    def leases(self, db):
        def lease(name, owner, ttl_secs, clock):
            return Lease(db, name, owner, ttl_secs=ttl_secs, clock=clock)

        return lease

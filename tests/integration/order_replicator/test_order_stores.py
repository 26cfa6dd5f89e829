"""order-replicator's MongoDB repositories pass their contracts: orders, dead orders, poll
leases, poll runs, the copies the refresh keeps, and the shared read side of the orders they
write."""

from __future__ import annotations

import pytest

from storebridge_order_replicator.store.dead_orders import DeadOrders
from storebridge_order_replicator.store.order_copies import OrderCopies
from storebridge_order_replicator.store.orders import OrderStore
from storebridge_order_replicator.store.poll_leases import PollLeases
from storebridge_shared.store.orders import OrderReads
from storebridge_shared.store.poll_runs import PollRuns
from tests.support.contracts.dead_orders import DeadOrdersContract
from tests.support.contracts.order_copies import OrderCopiesContract
from tests.support.contracts.order_reads import OrderReadsContract
from tests.support.contracts.orders import OrderStoreContract
from tests.support.contracts.poll_leases import PollLeasesContract
from tests.support.contracts.poll_runs import PollRunsContract

pytestmark = pytest.mark.integration


class TestMongoOrders(OrderStoreContract):
    @pytest.fixture
    def orders(self, db):
        return lambda clock: OrderStore(db, clock=clock)


class TestMongoDeadOrders(DeadOrdersContract):
    @pytest.fixture
    def dead_orders(self, db):
        return DeadOrders(db)


class TestMongoPollLeases(PollLeasesContract):
    @pytest.fixture
    def poll_leases(self, db):
        return lambda store_hashes, owner: PollLeases(db, store_hashes, owner)


class TestMongoPollRuns(PollRunsContract):
    @pytest.fixture
    def poll_runs(self, db):
        return PollRuns(db)


class TestMongoOrderReads(OrderReadsContract):
    @pytest.fixture
    def order_reads(self, db):
        return OrderReads(db)

    @pytest.fixture
    def orders(self, db):
        return lambda clock: OrderStore(db, clock=clock)

    @pytest.fixture
    def dead_orders(self, db):
        return DeadOrders(db)


class TestMongoOrderCopies(OrderCopiesContract):
    @pytest.fixture
    def order_copies(self, db):
        return OrderCopies(db)

    @pytest.fixture
    def orders(self, db):
        return lambda clock: OrderStore(db, clock=clock)

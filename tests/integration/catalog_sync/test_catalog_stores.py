"""catalog-sync's MongoDB repositories pass their contracts: links, the run register, resource
statuses, backfill progress, the reconcile checkpoint and the full compare's product digests."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.store.backfill_progress import BackfillProgress
from storebridge_catalog_sync.store.links import LinkRepository
from storebridge_catalog_sync.store.reconcile_state import ProductDigests, ReconcileStore
from storebridge_shared.store.register import ResourceStatusStore, RunStore
from tests.support.contracts.backfill_progress import BackfillProgressContract
from tests.support.contracts.links import LinkStoreContract
from tests.support.contracts.reconcile_state import ProductDigestsContract, ReconcileStoreContract
from tests.support.contracts.resource_status import ResourceStatusContract
from tests.support.contracts.runs import RunStoreContract

pytestmark = pytest.mark.integration


class TestMongoLinks(LinkStoreContract):
    @pytest.fixture
    def links(self, db):
        return lambda source, destination: LinkRepository(db, source, destination)


class TestMongoRuns(RunStoreContract):
    @pytest.fixture
    def runs(self, db):
        return RunStore(db)


class TestMongoResourceStatus(ResourceStatusContract):
    @pytest.fixture
    def statuses(self, db):
        return ResourceStatusStore(db)


class TestMongoBackfillProgress(BackfillProgressContract):
    @pytest.fixture
    def progress(self, db):
        return BackfillProgress(db)


class TestMongoReconcileStore(ReconcileStoreContract):
    @pytest.fixture
    def checkpoints(self, db):
        return ReconcileStore(db)


class TestMongoProductDigests(ProductDigestsContract):
    @pytest.fixture
    def product_digests(self, db):
        return ProductDigests(db)

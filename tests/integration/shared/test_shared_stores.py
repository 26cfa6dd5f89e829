"""Shared MongoDB repositories on the real MongoDB pass their contracts: the hook notices
already alerted."""

from __future__ import annotations

import pytest

from storebridge_shared.store.collections import HOOK_NOTICES
from storebridge_shared.store.hook_notices import HookNotices
from tests.support.contracts.hook_notices import HookNoticesContract

pytestmark = pytest.mark.integration


class TestMongoHookNotices(HookNoticesContract):
    @pytest.fixture
    def hook_notices(self, db):
        return HookNotices(db)

    @pytest.fixture
    def stored_notice(self, db):
        return lambda key: db[HOOK_NOTICES].find_one({"_id": key})

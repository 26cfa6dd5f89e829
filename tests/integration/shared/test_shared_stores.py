"""Shared MongoDB repositories on the real MongoDB pass their contracts: the hook notices
already alerted, the failed console logins and the old events' lookup fields."""

from __future__ import annotations

import pytest

from storebridge_shared.store.collections import EVENTS, HOOK_NOTICES
from storebridge_shared.store.event_keys import EventKeys
from storebridge_shared.store.hook_notices import HookNotices
from storebridge_shared.store.login_failures import LoginFailures
from tests.support.contracts.event_keys import EventKeysContract
from tests.support.contracts.hook_notices import HookNoticesContract
from tests.support.contracts.login_failures import LoginFailuresContract

pytestmark = pytest.mark.integration


class TestMongoHookNotices(HookNoticesContract):
    @pytest.fixture
    def hook_notices(self, db):
        return HookNotices(db)

    @pytest.fixture
    def stored_notice(self, db):
        return lambda key: db[HOOK_NOTICES].find_one({"_id": key})


class TestMongoLoginFailures(LoginFailuresContract):
    @pytest.fixture
    def login_failures(self, db):
        return LoginFailures(db)


class TestMongoEventKeys(EventKeysContract):
    @pytest.fixture
    def event_keys(self, db):
        return EventKeys(db)

    @pytest.fixture
    def insert_events(self, db):
        return db[EVENTS].insert_many

    @pytest.fixture
    def stored_event(self, db):
        return lambda event_id: db[EVENTS].find_one({"_id": event_id})

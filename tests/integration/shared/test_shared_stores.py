"""Shared MongoDB repositories on the real MongoDB pass their contracts: the hook notices
already alerted and the failed console logins."""

from __future__ import annotations

import pytest

from storebridge_shared.store.collections import HOOK_NOTICES
from storebridge_shared.store.hook_notices import HookNotices
from storebridge_shared.store.login_failures import LoginFailures
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

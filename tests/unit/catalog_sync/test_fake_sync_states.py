"""The in-memory sync states of the unit tests pass the same contract as the MongoDB store."""

from __future__ import annotations

import pytest

from tests.support.contracts.sync_states import SyncStatesContract
from tests.support.fakes import FakeStates


class TestFakeSyncStates(SyncStatesContract):
    @pytest.fixture
    def states(self):
        return FakeStates()

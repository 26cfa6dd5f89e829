"""The in-memory leases of the unit tests pass the same contract as the MongoDB leases."""

from __future__ import annotations

import pytest

from tests.support.contracts.leases import LeaseContract
from tests.support.fakes import FakeLeases


class TestFakeLeases(LeaseContract):
    @pytest.fixture
    def leases(self):
        return FakeLeases()

"""The in-memory recorder of the intake tests passes the same contract as the event log."""

from __future__ import annotations

import pytest

from tests.support.contracts.event_recorder import EventRecorderContract
from tests.support.fakes import FakeRecorder


class TestFakeRecorder(EventRecorderContract):
    @pytest.fixture
    def recorder(self):
        return FakeRecorder()

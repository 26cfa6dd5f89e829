"""The in-memory event log of the relay and janitor tests passes the event log's contract."""

from __future__ import annotations

import pytest

from tests.support.contracts.event_log import EventLogContract
from tests.support.fakes import FakeEventLog


class TestFakeEventLog(EventLogContract):
    @pytest.fixture
    def log(self):
        return FakeEventLog()

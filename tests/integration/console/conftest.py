"""Console tests: a console on this test's database, broker namespace and sandbox stores."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.testing import RunningSandbox, running_sandbox
from storebridge_shared.broker.topology import Topology
from storebridge_shared.settings import BrokerSettings
from tests.support.console import ConsoleFactory, RunningConsole, running_console
from tests.support.mongo import uri_with_database
from tests.support.settings import settings_of

STORE_A, STORE_B = "abc123", "def456"
STORES = [StoreConfig.from_spec(f"{STORE_A}:tok-a"), StoreConfig.from_spec(f"{STORE_B}:tok-b")]


@pytest.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    """Stores A and B in a sandbox of this test."""
    async with running_sandbox(SandboxConfig(stores=STORES)) as running:
        yield running


@pytest.fixture
def console_factory(
    mongodb_uri: str,
    amqp_url: str,
    database_name: str,
    declared_topology: Topology,
    sandbox: RunningSandbox,
) -> ConsoleFactory:
    """Start a console on this test's backends; keyword arguments override settings."""

    @contextlib.asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[RunningConsole]:
        values: dict[str, Any] = {
            "mongodb_uri": uri_with_database(mongodb_uri, database_name),
            "amqp_url": amqp_url,
            "broker_namespace": declared_topology.namespace,
            "bigcommerce_api_url": sandbox.url,
            "store_a_hash": STORE_A,
            "store_a_access_token": "tok-a",
            "store_b_hash": STORE_B,
            "store_b_access_token": "tok-b",
            "mongodb_timeout_ms": 2000,
        }
        async with running_console(**(values | overrides)) as console:
            yield console

    return start


@pytest.fixture
async def console(console_factory: ConsoleFactory) -> AsyncIterator[RunningConsole]:
    """A console with the default test settings, logged in."""
    async with console_factory() as running:
        assert (await running.log_in()).status_code == 303
        yield running


@pytest.fixture
def broker(amqp_url: str, declared_topology: Topology) -> BrokerSettings:
    """Broker settings on this test's namespace (for a test consumer and publisher)."""
    return settings_of(
        BrokerSettings, amqp_url=amqp_url, broker_namespace=declared_topology.namespace
    )

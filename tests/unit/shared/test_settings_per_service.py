"""Each service reads its own names: attempts and ops ports per service, old names as aliases."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest

from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_janitor.settings import JanitorSettings
from storebridge_order_replicator.settings import OrderReplicatorSettings
from storebridge_shared.settings import SettingsBase, load_settings
from storebridge_shared.settings.consumer import ConsumerSettings

S = TypeVar("S", bound=SettingsBase)
STORES = {
    "STORE_A_HASH": "abc123",
    "STORE_A_ACCESS_TOKEN": "t",
    "STORE_B_HASH": "def456",
    "STORE_B_ACCESS_TOKEN": "u",
}
NAMES = (
    "ORDER_MAX_ATTEMPTS",
    "CONSUMER_MAX_ATTEMPTS",
    "OPS_PORT",
    "CATALOG_SYNC_OPS_PORT",
    "ORDER_REPLICATOR_OPS_PORT",
    "JANITOR_OPS_PORT",
    "JANITOR_PORT",
)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A working directory without .env, stores A and B configured, none of the names above set."""
    monkeypatch.chdir(tmp_path)
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in STORES.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def _load(settings_class: type[S]) -> S:
    return load_settings(settings_class, warn=lambda _line: None)


def test_given_nothing_set_then_orders_get_20_attempts_and_other_consumers_8(environment):
    assert _load(OrderReplicatorSettings).max_attempts == 20
    assert _load(CatalogSyncSettings).max_attempts == 8


def test_given_consumer_max_attempts_then_it_never_reaches_the_order_replicator(environment):
    environment.setenv("CONSUMER_MAX_ATTEMPTS", "5")

    assert _load(OrderReplicatorSettings).max_attempts == 20
    assert _load(CatalogSyncSettings).max_attempts == 5


def test_given_order_max_attempts_then_only_the_order_replicator_reads_it(environment):
    environment.setenv("ORDER_MAX_ATTEMPTS", "3")

    assert _load(OrderReplicatorSettings).max_attempts == 3
    assert _load(CatalogSyncSettings).max_attempts == 8


@pytest.mark.parametrize(
    ("settings_class", "variable"),
    [
        (CatalogSyncSettings, "CATALOG_SYNC_OPS_PORT"),
        (OrderReplicatorSettings, "ORDER_REPLICATOR_OPS_PORT"),
        (JanitorSettings, "JANITOR_OPS_PORT"),
    ],
)
def test_given_a_service_ops_port_then_only_that_service_serves_on_it(
    environment, settings_class: type[ConsumerSettings | JanitorSettings], variable: str
):
    environment.setenv(variable, "9301")

    assert _load(settings_class).ops_port == 9301
    others = {CatalogSyncSettings, OrderReplicatorSettings, JanitorSettings} - {settings_class}
    assert all(_load(other).ops_port != 9301 for other in others)


@pytest.mark.parametrize(
    ("settings_class", "old", "new"),
    [
        (CatalogSyncSettings, "OPS_PORT", "CATALOG_SYNC_OPS_PORT"),
        (OrderReplicatorSettings, "OPS_PORT", "ORDER_REPLICATOR_OPS_PORT"),
        (JanitorSettings, "JANITOR_PORT", "JANITOR_OPS_PORT"),
    ],
)
def test_given_the_deprecated_port_name_then_it_is_read_and_the_new_name_wins(
    environment, settings_class: type[ConsumerSettings | JanitorSettings], old: str, new: str
):
    environment.setenv(old, "9401")
    assert _load(settings_class).ops_port == 9401

    environment.setenv(new, "9402")
    assert _load(settings_class).ops_port == 9402

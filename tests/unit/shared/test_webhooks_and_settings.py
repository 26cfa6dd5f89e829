"""Routing keys, accepted scopes, the legacy paths and settings validation."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_ingress.settings import IngressSettings
from storebridge_janitor.settings import JanitorSettings
from storebridge_shared.broker.topology import SERVICE_BINDINGS
from storebridge_shared.events.routing import routing_key
from storebridge_shared.events.scopes import ACCEPTED_SCOPES, HOOK_SCOPES, LEGACY_PATH_SCOPES
from storebridge_shared.settings import (
    BrokerSettings,
    ConfigurationError,
    LoggingSettings,
    MongoSettings,
    StoresSettings,
    load_settings,
)


def test_given_a_nested_scope_then_the_routing_key_names_store_resource_and_action():
    assert (
        routing_key("abc123", "store/product/inventory/updated")
        == "abc123.product.inventory.updated"
    )


def test_given_every_accepted_scope_then_exactly_one_consuming_service_binds_it():
    def matches(pattern: str, key: str) -> bool:
        p, k = pattern.split("."), key.split(".")
        if p[-1] == "#":
            return len(k) >= len(p) - 1 and all(a in ("*", b) for a, b in zip(p[:-1], k))
        return len(p) == len(k) and all(a in ("*", b) for a, b in zip(p, k))

    for scope in [*ACCEPTED_SCOPES, "store/channel/2/product/assigned"]:
        key = routing_key("abc123", scope)
        owners = [
            s for s, patterns in SERVICE_BINDINGS.items() if any(matches(p, key) for p in patterns)
        ]
        assert len(owners) == 1, (scope, owners)


def test_given_the_registered_hook_scopes_then_all_are_accepted():
    assert set(HOOK_SCOPES) <= ACCEPTED_SCOPES


def test_given_the_nodejs_paths_then_each_maps_to_an_accepted_scope():
    assert LEGACY_PATH_SCOPES[("products", "updated")] == "store/product/updated"
    assert LEGACY_PATH_SCOPES[("carts", "converted")] == "store/cart/converted"
    assert set(LEGACY_PATH_SCOPES.values()) <= ACCEPTED_SCOPES


def test_given_a_nodejs_env_file_then_its_names_are_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "APP_URL=https://sync.example.com\nPORT=3000\nMONGODB_URI=mongodb://db:27017/sync\n"
        "CLEAN_PERIOD_IN_HOURS=2\nSTORE_A_HASH=abc123\nSTORE_A_ACCESS_TOKEN=t\nSTORE_A_CLIENT_ID=c\n"
        "STORE_B_HASH=def456\nSTORE_B_ACCESS_TOKEN=u\nSTORE_B_CLIENT_ID=d\n"
        "STORE_B_CHANNEL_ON_STORE_A=2\nSYNC_PERIOD_IN_SECS=15\n"
    )
    ingress = load_settings(IngressSettings, webhook_secret="s")  # not a Node.js setting
    settings = load_settings(CatalogSyncSettings)
    assert ingress.port == 3000 and settings.mongodb_database == "sync"
    assert [s.store_hash for s in settings.stores()] == ["abc123", "def456"]
    assert settings.store_b_channel_on_store_a == 2 and settings.sync_period_in_secs == 15


@pytest.mark.parametrize(
    ("variable", "value", "settings_class"),
    [
        ("PORT", "eighty", IngressSettings),
        ("MONGODB_URI", "postgres://x", MongoSettings),
        ("AMQP_URL", "http://x", BrokerSettings),
        ("STORE_A_HASH", "a/b", StoresSettings),
        ("LOG_FORMAT", "xml", LoggingSettings),
        ("CLEAN_PERIOD_IN_HOURS", "-1", JanitorSettings),
    ],
)
def test_given_a_malformed_setting_then_one_line_names_the_variable(
    monkeypatch, tmp_path, variable, value, settings_class
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as error:
        load_settings(settings_class)
    assert str(error.value).startswith(f"{variable}:")
    assert "\n" not in str(error.value)


def test_given_a_malformed_secret_then_its_value_is_not_echoed(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STORE_A_ACCESS_TOKEN", "")
    monkeypatch.setenv("WEBHOOK_MAX_BODY_BYTES", "1")
    with pytest.raises(ConfigurationError) as error:
        load_settings(IngressSettings)
    assert "WEBHOOK_MAX_BODY_BYTES" in str(error.value)

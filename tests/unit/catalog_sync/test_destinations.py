"""Destinations: store B from the environment, or N stores from a YAML or JSON file."""

from __future__ import annotations

import json

import pytest

from storebridge_catalog_sync.destinations import configured_destinations
from storebridge_catalog_sync.outcomes import DeletePolicy
from storebridge_catalog_sync.settings import CatalogStoresSettings
from storebridge_shared.settings import ConfigurationError, load_settings


def settings(**values):
    base = {"store_a_hash": "a1", "store_a_access_token": "ta"}
    return load_settings(CatalogStoresSettings, _env_file=None, **(base | values))


def test_given_store_b_in_the_environment_then_it_is_the_one_destination():
    [b] = configured_destinations(
        settings(
            store_b_hash="b2",
            store_b_access_token="tb",
            store_b_channel_on_store_a=3,
            catalog_delete_policy="disable",
        )
    )

    assert (b.name, b.store_hash, b.channel_id) == ("B", "b2", 3)
    assert b.delete_policy is DeletePolicy.DISABLE
    assert b.credentials().access_token.get_secret_value() == "tb"


def test_given_a_yaml_file_then_each_destination_has_its_channel_policy_and_token(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("TOKEN_OF_C", "tc")
    path = tmp_path / "destinations.yaml"
    path.write_text(
        "destinations:\n"
        "  - {name: B, store_hash: b2, access_token: tb, channel_id: 2}\n"
        "  - {name: C, store_hash: c3, access_token_env: TOKEN_OF_C, delete_policy: delete}\n"
    )

    b, c = configured_destinations(settings(catalog_destinations_file=str(path)))

    assert b.delete_policy is DeletePolicy.IGNORE and b.channel_id == 2
    assert c.delete_policy is DeletePolicy.DELETE and c.channel_id is None
    assert c.credentials().access_token.get_secret_value() == "tc"


def test_given_a_json_file_with_a_bad_hash_then_one_line_names_the_file(tmp_path):
    path = tmp_path / "destinations.json"
    path.write_text(json.dumps({"destinations": [{"name": "B", "store_hash": "b/2"}]}))

    with pytest.raises(ConfigurationError, match="CATALOG_DESTINATIONS_FILE"):
        configured_destinations(settings(catalog_destinations_file=str(path)))


def test_given_neither_a_file_nor_store_b_then_store_b_is_asked_for():
    with pytest.raises(ConfigurationError, match="STORE_B_HASH"):
        configured_destinations(settings())

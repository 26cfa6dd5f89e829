"""Rules in the destinations file and STORE_B_RULES: validated at start-up, errors named."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.destinations import configured_destinations
from storebridge_catalog_sync.settings import CatalogStoresSettings
from storebridge_shared.settings import ConfigurationError, load_settings


def settings(**values):
    base = {"store_a_hash": "a1", "store_a_access_token": "ta"}
    return load_settings(CatalogStoresSettings, _env_file=None, **(base | values))


def from_file(tmp_path, text):
    path = tmp_path / "destinations.yaml"
    path.write_text(text)
    return configured_destinations(settings(catalog_destinations_file=str(path)))


THREE = """
destinations:
  - {name: Copy, store_hash: b2, access_token: tb}
  - name: EU
    store_hash: c3
    access_token: tc
    rules:
      prices: {currency: EUR, currency_rate: 0.92, multiply: 1.08, round: "0.99"}
  - name: B2B
    store_hash: d4
    access_token: td
    delete_policy: disable
    rules:
      scope:
        exclude: [{custom_field: {retail_only: "yes"}}]
      fields: {leave_alone: [description, seo]}
      stock: {buffer: 2}
      availability: {disable_when_out_of_stock: true}
"""


def test_given_three_destinations_with_rules_then_each_has_its_own(tmp_path):
    copy, eu, b2b = from_file(tmp_path, THREE)

    assert copy.rules.empty
    assert eu.rules.prices is not None and eu.rules.prices.round == "0.99"
    assert b2b.rules.fields is not None and not b2b.rules.fields.owned("meta_description")
    assert b2b.rules.fields.owned("price")
    assert len({copy.rules.digest(), eu.rules.digest(), b2b.rules.digest()}) == 3


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("prices: {round: '0.95'}", "destination EU, rule prices.round"),
        ("prices: {multiply: 0}", "destination EU, rule prices.multiply"),
        ("fields: {leave_alone: [descripton]}", "unknown field 'descripton'"),
        ("fields: {copy: [price], leave_alone: [name]}", "either copy or leave_alone"),
        ("scope: {include: [{}]}", "destination EU, rule scope.include.0"),
        ("scope: {include: [{metafield: {tier: gold}}]}", "namespace.key"),
        ("stock: {buffer: -1}", "destination EU, rule stock.buffer"),
        ("stok: {buffer: 1}", "destination EU, rule stok: Extra inputs"),
    ],
)
def test_given_a_bad_rule_then_start_up_stops_naming_the_destination_and_rule(
    tmp_path, rules, message
):
    text = f"destinations:\n  - name: EU\n    store_hash: c3\n    access_token: t\n    rules: {{{rules}}}\n"

    with pytest.raises(ConfigurationError, match="CATALOG_DESTINATIONS_FILE") as raised:
        from_file(tmp_path, text)

    assert message in str(raised.value)


def test_given_store_b_rules_in_the_environment_then_b_has_them():
    [b] = configured_destinations(
        settings(
            store_b_hash="b2",
            store_b_access_token="tb",
            store_b_rules='{"prices": {"multiply": 1.1}, "stock": {"cap": 5}}',
        )
    )

    assert b.rules.prices is not None and float(b.rules.prices.multiply) == 1.1
    assert b.rules.stock is not None and b.rules.stock.cap == 5


def test_given_a_bad_store_b_rule_then_the_error_names_the_variable_and_rule():
    with pytest.raises(ConfigurationError, match=r"STORE_B_RULES: destination B, rule prices"):
        configured_destinations(
            settings(store_b_hash="b2", store_b_access_token="tb", store_b_rules="prices: {x: 1}")
        )

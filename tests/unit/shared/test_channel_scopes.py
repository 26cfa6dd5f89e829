"""The channel assignment scopes: accepted for any channel, routed to catalog-sync, registered
on store A for each destination's channel."""

from __future__ import annotations

import pytest

from storebridge_shared.events.routing import routing_key
from storebridge_shared.events.scopes import channel_product_scopes, hook_scopes, is_accepted
from storebridge_shared.hooks.plan import desired_hooks
from storebridge_shared.settings import ChannelRuleSettings, ConfigurationError, StockHookSettings
from tests.support.settings import settings_of


@pytest.mark.parametrize(
    ("scope", "accepted"),
    [
        ("store/channel/2/product/assigned", True),
        ("store/channel/1234/product/unassigned", True),
        ("store/channel/0/product/assigned", False),
        ("store/channel/x/product/assigned", False),
        ("store/channel/2/category/product/assigned", False),
        ("store/channel/2/product/deleted", False),
        ("store/product/updated", True),
    ],
)
def test_given_a_scope_then_the_ingress_accepts_only_known_ones(scope, accepted):
    assert is_accepted(scope) is accepted


def test_given_channels_then_store_a_needs_both_assignment_scopes_of_each_and_b_none():
    a = hook_scopes(catalog_source=True, channels=(5, 2, 5))
    b = hook_scopes(catalog_source=False, channels=(2,))

    assert channel_product_scopes((5, 2)) == (
        "store/channel/2/product/assigned",
        "store/channel/2/product/unassigned",
        "store/channel/5/product/assigned",
        "store/channel/5/product/unassigned",
    )
    assert set(channel_product_scopes((2, 5))) <= set(a)
    assert not [s for s in b if s.startswith("store/channel/")]
    hooks = desired_hooks("https://app", "s", "ns", catalog_source=True, channels=(2,))
    assert {h.scope for h in hooks} >= {"store/channel/2/product/assigned"}
    assert all(is_accepted(s) for s in a)


def test_given_an_assignment_scope_then_its_routing_key_matches_catalog_syncs_binding():
    assert (
        routing_key("abc", "store/channel/2/product/assigned") == "abc.channel.2.product.assigned"
    )


def test_given_store_b_s_channel_then_it_is_the_one_channel(monkeypatch):
    settings = settings_of(ChannelRuleSettings, store_b_channel_on_store_a=2)
    assert settings.catalog_channel_ids() == (2,)
    assert settings_of(ChannelRuleSettings).catalog_channel_ids() == ()


def test_given_a_destinations_file_then_its_channels_replace_store_b_s(tmp_path):
    path = tmp_path / "destinations.yaml"
    path.write_text(
        "destinations:\n"
        "  - {name: B, store_hash: b1, access_token: t, channel_id: 4}\n"
        "  - {name: C, store_hash: c1, access_token: t}\n"
        "  - {name: D, store_hash: d1, access_token: t, channel_id: 3}\n"
    )
    settings = settings_of(
        ChannelRuleSettings, store_b_channel_on_store_a=2, catalog_destinations_file=str(path)
    )
    assert settings.catalog_channel_ids() == (3, 4)


def test_given_an_unreadable_destinations_file_then_a_configuration_error_names_it(tmp_path):
    settings = settings_of(ChannelRuleSettings, catalog_destinations_file=str(tmp_path / "no"))
    with pytest.raises(ConfigurationError, match="CATALOG_DESTINATIONS_FILE"):
        settings.catalog_channel_ids()


def test_given_a_destination_that_disables_out_of_stock_then_store_a_needs_the_stock_hooks(
    tmp_path,
):
    path = tmp_path / "destinations.yaml"
    path.write_text(
        "destinations:\n"
        "  - {name: B, store_hash: b1, access_token: t}\n"
        "  - name: C\n    store_hash: c1\n    access_token: t\n"
        "    rules: {availability: {disable_when_out_of_stock: true}}\n"
    )
    by_file = settings_of(StockHookSettings, catalog_destinations_file=str(path))
    by_env = settings_of(
        StockHookSettings, store_b_rules='{"availability": {"disable_when_out_of_stock": true}}'
    )
    neither = settings_of(StockHookSettings, store_b_rules="prices: {multiply: 2}")

    assert by_file.needs_stock_hooks() and by_env.needs_stock_hooks()
    assert not neither.needs_stock_hooks()
    assert settings_of(StockHookSettings, catalog_inventory="mirror").needs_stock_hooks()

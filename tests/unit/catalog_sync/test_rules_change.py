"""A change of the destinations' rules (pure): which moved, and the digest that replans all."""

from __future__ import annotations

from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_catalog_sync.reconcile.decide import product_digest
from storebridge_catalog_sync.reconcile.rules_change import UNRULED, catalog_digest, changed

PRICED = DestinationRules.model_validate({"prices": {"multiply": 1.1}}).digest()
ROUNDED = DestinationRules.model_validate({"prices": {"multiply": 1.1, "round": "whole"}}).digest()


def test_given_no_rules_and_none_kept_then_nothing_changed_and_digests_are_as_before():
    now = {"B": UNRULED, "EU": UNRULED}

    assert changed({}, now) == []
    assert catalog_digest(now) == ""
    assert product_digest({"sku": "A"}, (), catalog_digest(now)) == product_digest({"sku": "A"})


def test_given_one_destination_edited_then_only_it_is_named_and_the_catalog_digest_moves():
    kept = {"B": UNRULED, "EU": PRICED}
    now = {"B": UNRULED, "EU": ROUNDED}

    assert changed(kept, now) == ["EU"]
    assert catalog_digest(kept) != catalog_digest(now)
    assert product_digest({"sku": "A"}, (), catalog_digest(kept)) != product_digest(
        {"sku": "A"}, (), catalog_digest(now)
    )


def test_given_rules_seen_for_the_first_time_then_that_destination_changed():
    assert changed({}, {"B": UNRULED, "EU": PRICED}) == ["EU"]


def test_given_the_same_rules_in_another_order_of_the_file_then_nothing_changed():
    a = DestinationRules.model_validate({"stock": {"buffer": 1}, "prices": {"add": 1}})
    b = DestinationRules.model_validate({"prices": {"add": 1}, "stock": {"buffer": 1}})

    assert changed({"EU": a.digest()}, {"EU": b.digest()}) == []

"""Dropping and masking personal data by dotted paths."""

from __future__ import annotations

from storebridge_order_replicator.pii import MASK, scrub

ORDER = {
    "id": 1,
    "billing_address": {"email": "a@example.com", "phone": "555", "city": "Oslo"},
    "shipping_addresses": [
        {"email": "b@example.com", "phone": "556"},
        {"email": "", "phone": "557"},
    ],
}


def test_given_drop_and_mask_paths_then_fields_are_removed_or_masked_and_the_rest_kept():
    clean = scrub(
        ORDER,
        drop=["billing_address.phone", "shipping_addresses.*.phone"],
        mask=["billing_address.email", "shipping_addresses.*.email"],
    )

    assert clean["billing_address"] == {"email": MASK, "city": "Oslo"}
    assert clean["shipping_addresses"] == [{"email": MASK}, {"email": ""}]
    assert ORDER["billing_address"]["phone"] == "555"  # the input is untouched


def test_given_paths_that_do_not_exist_then_nothing_changes():
    assert scrub(ORDER, drop=["customer.phone", "id.x"], mask=["nope.*.email"]) == ORDER


def test_given_a_wildcard_on_the_last_segment_then_every_field_is_masked():
    clean = scrub(ORDER, drop=[], mask=["billing_address.*"])
    assert set(clean["billing_address"].values()) == {MASK}

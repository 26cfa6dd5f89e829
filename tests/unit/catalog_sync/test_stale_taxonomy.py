"""When the destination lost a linked brand or category, the links are treated as stale."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.taxonomy import refers_to_missing_taxonomy
from storebridge_shared.bigcommerce import Conflict, NotFound, ServerError, ValidationFailed


def error(kind, errors):
    return kind(409, "refused", errors, {}, method="POST", path="/catalog/products")


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        (Conflict, "brand_id"),
        (Conflict, "categories"),
        (ValidationFailed, "parent_id"),
        (ValidationFailed, "category_id"),
    ],
)
def test_given_a_refusal_naming_a_brand_or_category_field_then_the_links_are_stale(kind, field):
    assert refers_to_missing_taxonomy(error(kind, {field: "does not exist"}))


@pytest.mark.parametrize(
    ("kind", "errors"),
    [
        (Conflict, {"sku": "duplicate"}),
        (ValidationFailed, {"price": "required"}),
        (NotFound, {"brand_id": "x"}),
        (ServerError, {"categories": "x"}),
    ],
)
def test_given_any_other_failure_then_the_links_are_kept(kind, errors):
    assert not refers_to_missing_taxonomy(error(kind, errors))

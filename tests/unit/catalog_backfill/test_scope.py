"""The backfill's scope decided from the catalog as read, metafield conditions included (A's
product metafields from the store-wide listing: no read per product)."""

from __future__ import annotations

from storebridge_catalog_sync.backfill.scope import out_of_scope
from storebridge_catalog_sync.planning.metafields import ProductMetafields
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_shared.bigcommerce.models import Metafield, Product


def product(product_id, sku):
    return Product.parse({"id": product_id, "sku": sku, "name": sku, "type": "physical"})


def hidden(value):
    body = {"namespace": "b2b", "key": "hidden", "value": value, "permission_set": "read"}
    return Metafield.parse({"id": 1, **body})


def test_given_a_metafield_condition_then_the_catalog_s_metafields_decide_each_product():
    rule = DestinationRules.model_validate(
        {"scope": {"exclude": [{"metafield": {"b2b.hidden": "true"}}]}}
    ).scope
    products = [product(1, "SHOWN"), product(2, "HIDDEN"), product(3, "NO-FIELDS")]
    fields = {
        1: ProductMetafields((hidden("false"),)),
        2: ProductMetafields((hidden("true"),)),
    }

    left_out = out_of_scope(rule, products, [], [], fields)

    assert list(left_out) == [2]
    assert "metafield" in left_out[2].reason

"""A category's or a brand's metafields planned from what A and B hold."""

from __future__ import annotations

from storebridge_catalog_sync.planning.metafields import (
    CreateMetafield,
    DeleteMetafield,
    UpdateMetafield,
)
from storebridge_catalog_sync.planning.resource_metafields import (
    needs_destination,
    plan_resource_metafields,
)
from storebridge_shared.bigcommerce.models import Metafield, Owner

BRAND = Owner(brand=380)


def field(metafield_id, namespace, key, value, permission_set="read"):
    return Metafield.parse(
        {
            "id": metafield_id,
            "namespace": namespace,
            "key": key,
            "value": value,
            "permission_set": permission_set,
        }
    )


def test_given_a_brand_metafield_edited_and_one_deleted_in_a_then_b_follows_in_that_namespace():
    a = [field(1, "seo", "tagline", "Good coffee"), field(2, "seo", "new", "x")]
    b = [
        field(91, "seo", "tagline", "Coffee"),
        field(92, "seo", "old", "y"),
        field(93, "b_only", "note", "B's own"),
    ]

    steps = plan_resource_metafields(BRAND, a, b)

    assert steps == [
        DeleteMetafield(BRAND, 92),
        UpdateMetafield(BRAND, 91, {"value": "Good coffee"}),
        CreateMetafield(
            BRAND,
            {
                "namespace": "seo",
                "key": "new",
                "value": "x",
                "description": "",
                "permission_set": "read",
            },
        ),
    ]


def test_given_only_app_only_metafields_in_a_then_b_is_not_read_nor_written():
    a = [field(1, "private", "k", "v", "app_only")]

    assert not needs_destination(a)
    assert plan_resource_metafields(Owner(category=5), a, [field(9, "private", "x", "y")]) == []

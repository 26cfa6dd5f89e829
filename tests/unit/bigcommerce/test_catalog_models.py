"""Catalog records parse BigCommerce answers once: typed where it matters, nothing lost."""

from __future__ import annotations

import pydantic
import pytest

from storebridge_shared.bigcommerce.models import Brand, Category, Metafield, Product

ANSWER = {
    "id": 77,
    "name": "Towel",
    "sku": "SLCTBS",
    "price": 49.0,
    "brand_id": None,
    "categories": [18, 21],
    "custom_url": {"url": "/towel/", "is_customized": False},
    "base_variant_id": None,
    "options": [
        {
            "id": 1,
            "display_name": "Size",
            "type": "rectangles",
            "name": "Size1796164381-77",
            "option_values": [{"id": 1, "label": "S", "sort_order": 0, "value_data": None}],
        }
    ],
    "variants": [
        {"id": 1, "sku": "SLCTBS", "option_values": [], "price": None},
        {
            "id": 2,
            "sku": "SLCTBS-S",
            "sku_id": 1,
            "option_values": [
                {"id": 1, "option_id": 1, "option_display_name": "Size", "label": "S"}
            ],
            "inventory_level": 8,
        },
    ],
    "images": [{"id": 3, "image_url": "", "url_zoom": "https://cdn/zoom.jpg"}],
    "modifiers": [
        {
            "id": 6,
            "display_name": "Gift wrap",
            "type": "checkbox",
            "option_values": [
                {"id": 12, "label": "Yes", "adjusters": {"price": {"adjuster": "relative"}}}
            ],
        }
    ],
}


def test_given_a_product_answer_when_parsed_then_parts_are_typed_and_other_fields_are_kept():
    product = Product.model_validate(ANSWER)

    assert product.brand_id == 0, "a null brand is no brand"
    assert product.categories == (18, 21)
    assert product.custom_url is not None and product.custom_url.url == "/towel/"
    assert [v.sku for v in product.option_variants] == ["SLCTBS-S"]
    assert product.option_variants[0].option_values[0].option_display_name == "Size"
    assert product.options[0].option_values[0].label == "S"
    assert product.modifiers[0].option_values[0].adjusters["price"]["adjuster"] == "relative"
    assert product.get("price") == 49.0 and product.get("name") == "Towel"
    assert product.get("missing", "default") == "default"
    assert product.options[0].get("name") == "Size1796164381-77"
    assert product.data()["base_variant_id"] is None


def test_given_an_image_made_by_upload_when_asked_its_source_then_the_largest_size_is_used():
    product = Product.model_validate(ANSWER)

    assert product.images[0].source_url == "https://cdn/zoom.jpg"


def test_given_a_parsed_record_when_changed_in_place_then_it_refuses():
    product = Product.model_validate(ANSWER)

    with pytest.raises(pydantic.ValidationError):
        product.name = "Other"  # type: ignore[misc]


def test_given_answers_with_fields_left_out_when_parsed_then_has_tells_what_was_answered():
    product = Product.model_validate({"id": 1, "sku": "X"})

    assert product.has("sku") and not product.has("inventory_level")
    assert product.variants == () and product.inventory_level is None


def test_given_brand_category_and_metafield_answers_when_parsed_then_ids_and_names_are_typed():
    brand = Brand.model_validate({"id": "38", "name": "Chemex", "page_title": "Chemex"})
    category = Category.model_validate({"id": 27, "parent_id": None, "name": "Coffee"})
    field = Metafield.model_validate(
        {"id": 3, "namespace": "warehouse", "key": "bin", "value": "K-12", "permission_set": "read"}
    )

    assert brand.id == 38 and brand.get("page_title") == "Chemex"
    assert category.parent_id == 0 and category.is_visible
    assert (field.namespace, field.key, field.permission_set) == ("warehouse", "bin", "read")

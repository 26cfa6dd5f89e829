"""A product's brand in B from snapshots: linked by A's id, found by name, created, renamed."""

from __future__ import annotations

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.planning.brand import (
    BrandPlan,
    CreateBrand,
    UpdateBrand,
    brand_key,
    needs_destination,
    plan_brand,
)
from storebridge_shared.bigcommerce.models import Brand

LOGO = "https://img.example.com/logo.png"


def brand(brand_id, name, image_url="", **fields):
    return Brand.parse({"id": brand_id, "name": name, "image_url": image_url, **fields})


def test_given_no_brand_in_a_then_the_product_has_none_in_b():
    assert plan_brand(None, None) == BrandPlan(0)


def test_given_a_link_written_from_a_s_brand_as_it_is_then_b_is_not_read_or_written():
    source = brand(35, "Common Good", LOGO)
    link = (350, brand_key(source))

    assert not needs_destination(source, link)
    assert plan_brand(source, link) == BrandPlan(350)


def test_given_a_brand_renamed_in_a_then_b_s_linked_brand_is_renamed_in_place():
    source = brand(35, "Common Goods")

    plan = plan_brand(source, (350, "Common Good"), linked=brand(350, "Common Good"))

    assert plan == BrandPlan(
        350,
        (
            UpdateBrand(350, {"name": "Common Goods"}),
            Link(LinkKind.BRAND, 35, 350, "Common Goods"),
        ),
    )


def test_given_a_rename_to_a_name_b_already_has_then_the_link_moves_there_without_a_409():
    source = brand(35, "Ofs Select")

    plan = plan_brand(
        source,
        (350, "Common Good"),
        linked=brand(350, "Common Good"),
        named=brand(360, "OFS select"),
    )

    assert plan.brand_id == 360
    assert plan.steps == (
        UpdateBrand(360, {"name": "Ofs Select"}),
        Link(LinkKind.BRAND, 35, 360, "Ofs Select"),
    )


def test_given_no_link_and_a_brand_of_that_name_in_b_then_it_is_linked_and_given_a_s_image():
    source = brand(35, "Common Good", LOGO)

    plan = plan_brand(source, None, named=brand(350, "common good"))

    assert plan.steps == (
        UpdateBrand(350, {"name": "Common Good", "image_url": LOGO}),
        Link(LinkKind.BRAND, 35, 350, f"Common Good\n{LOGO}"),
    )


def test_given_no_brand_in_b_then_it_is_created_with_a_s_fields():
    source = brand(35, "Common Good", LOGO, page_title="Good things")

    plan = plan_brand(source, None)

    assert plan == BrandPlan(
        0,
        (
            CreateBrand(
                35,
                "Common Good",
                {"image_url": LOGO, "page_title": "Good things"},
                f"Common Good\n{LOGO}",
            ),
        ),
    )


def test_given_a_new_image_in_a_then_b_s_brand_gets_it():
    source = brand(35, "Common Good", LOGO)

    plan = plan_brand(source, (350, "Common Good"), linked=brand(350, "Common Good"))

    assert plan.steps[0] == UpdateBrand(350, {"image_url": LOGO})


def test_given_the_linked_brand_gone_from_b_then_it_is_found_by_name_or_created():
    source = brand(35, "Common Good")

    assert plan_brand(source, (350, "x"), named=brand(351, "Common Good")).brand_id == 351
    assert isinstance(plan_brand(source, (350, "x")).steps[0], CreateBrand)


def test_given_copy_then_a_s_url_is_in_the_create_and_remembered_in_the_link():
    url = {"url": "/brands/common-good/", "is_customized": True}
    source = brand(35, "Common Good", custom_url=url)

    plan = plan_brand(source, None, copy_custom_url=True)

    key = "Common Good\n\n/brands/common-good/"
    fields = {"image_url": "", "custom_url": url}
    assert plan.steps == (CreateBrand(35, "Common Good", fields, key),)
    assert not needs_destination(source, (350, key), copy_custom_url=True)
    assert needs_destination(source, (350, "Common Good"), copy_custom_url=True)


def test_given_a_url_changed_in_a_and_copy_then_b_s_brand_gets_it_and_without_copy_b_keeps_its_own():
    url = {"url": "/brands/good/", "is_customized": True}
    source = brand(35, "Common Good", custom_url=url)
    linked = brand(350, "Common Good", custom_url={"url": "/common-good/"})

    copied = plan_brand(source, (350, "Common Good"), linked=linked, copy_custom_url=True)
    kept = plan_brand(source, (350, "Common Good"))

    assert copied.steps[0] == UpdateBrand(350, {"custom_url": url})
    assert kept == BrandPlan(350)

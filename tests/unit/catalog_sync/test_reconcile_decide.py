"""The reconcile pass's decisions: what a listing from the watermark asks to sync, the next
watermark and page, and the taxonomy digests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storebridge_catalog_sync.planning.metafields import ProductMetafields
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_catalog_sync.reconcile.decide import (
    GONE,
    PAGE_LIMIT,
    SETTLE_MS,
    Compared,
    PassCounts,
    Seen,
    Watermark,
    after_sync,
    full_compare_todo,
    gone_from_a,
    listing_query,
    member_filter,
    metafield_rows,
    moment_ms,
    next_page,
    product_digest,
    rule_facts,
    taxonomy_changes,
    to_sync,
)
from storebridge_catalog_sync.reconcile.full import full_due
from storebridge_catalog_sync.store.reconcile_state import Checkpoint, CurrentPass
from storebridge_shared.bigcommerce.models import Brand, Category, Metafield, Product

T0 = "2026-12-02T07:00:00+00:00"
T1 = "2026-12-02T07:00:01+00:00"
T2 = "2026-12-02T07:00:02+00:00"


def test_given_a_watermark_when_listing_then_asks_for_ids_and_dates_oldest_first_from_it():
    query = listing_query(Watermark(T0), page=2)
    assert query["date_modified:min"] == T0
    assert (query["sort"], query["direction"], query["page"]) == ("date_modified", "asc", 2)
    assert query["include_fields"] == "id,date_modified"


def test_given_products_newer_than_the_watermark_then_all_are_synced_oldest_first():
    listed = [Seen(9, T2), Seen(4, T1), Seen(3, T2)]
    assert to_sync(listed, Watermark(T0)) == [Seen(4, T1), Seen(3, T2), Seen(9, T2)]


def test_given_a_product_at_the_watermark_synced_after_its_second_settled_then_it_is_skipped():
    done_late = moment_ms(T1) + SETTLE_MS
    mark = Watermark(T1, {4: done_late})
    assert to_sync([Seen(4, T1), Seen(5, T1)], mark) == [Seen(5, T1)]


def test_given_a_product_synced_within_its_own_second_then_it_is_synced_once_more():
    mark = Watermark(T1, {4: moment_ms(T1) + 300})
    assert to_sync([Seen(4, T1)], mark) == [Seen(4, T1)]


def test_given_a_sync_of_a_newer_product_then_the_watermark_moves_to_its_second():
    mark = after_sync(Watermark(T0, {1: 5}), Seen(4, T1), started_ms=77)
    assert mark == Watermark(T1, {4: 77})
    assert after_sync(mark, Seen(5, T1), started_ms=78) == Watermark(T1, {4: 77, 5: 78})


def test_given_pages_then_a_short_page_ends_and_a_full_one_moves_on():
    before, moved = Watermark(T0), Watermark(T1)
    assert next_page(before, moved, 1, PAGE_LIMIT - 1) is None
    assert next_page(before, moved, 3, PAGE_LIMIT) == 1
    assert next_page(before, before, 1, PAGE_LIMIT) == 2  # one second filled a whole page


def categories(rows):
    return Category.parse_all(rows)


def test_given_no_digests_yet_then_the_first_listing_is_a_baseline():
    changes = taxonomy_changes(categories([{"id": 18, "name": "Shop All"}]), None)
    assert changes.ids == () and set(changes.digests) == {18}


def test_given_a_renamed_a_new_and_a_deleted_category_then_those_three_are_synced():
    before = taxonomy_changes(
        categories(
            [{"id": 18, "name": "Shop All"}, {"id": 19, "name": "Kitchen"}, {"id": 20, "name": "X"}]
        ),
        None,
    ).digests
    now = [{"id": 18, "name": "Shop All"}, {"id": 19, "name": "Cuisine"}, {"id": 30, "name": "N"}]
    assert taxonomy_changes(categories(now), before).ids == (19, 20, 30)


def test_given_only_page_views_changed_then_nothing_is_synced():
    before = taxonomy_changes(
        categories([{"id": 18, "name": "Shop All", "views": 3}]), None
    ).digests
    assert (
        taxonomy_changes(categories([{"id": 18, "name": "Shop All", "views": 90}]), before).ids
        == ()
    )


def test_given_counts_then_the_note_says_what_was_found_and_why_it_stopped():
    counts = PassCounts()
    counts.find("product", 2)
    counts.find("category")
    assert counts.note() == "found 3 (category 1, product 2)"
    assert counts.note("quota share spent", total=7) == (
        "found 7 (category 1, product 2); quota share spent"
    )


def test_given_digests_kept_when_comparing_then_only_moved_or_missing_products_are_synced():
    kept = {1: Compared(1, "a1", {"B": "b1"}), 2: Compared(2, "a2", {"B": "b2"})}
    now = [
        Compared(1, "a1", {"B": "b1"}),  # unchanged
        Compared(2, "a2", {"B": "b2x"}),  # B edited
        Compared(3, "a3", {"B": "b3"}),  # never compared
        Compared(4, "a4", {"B": ""}),  # B lacks the SKU
    ]
    assert [c.product_id for c in full_compare_todo(now, kept)] == [2, 3, 4]
    assert [c.product_id for c in full_compare_todo(now, kept, after_id=3)] == [4]


def test_given_volatile_fields_then_the_product_digest_ignores_them():
    product = {"id": 1, "price": 5, "variants": [{"id": 2, "inventory_level": 3}]}
    sold = {**product, "total_sold": 9, "variants": [{"id": 2, "inventory_level": 1}]}
    assert product_digest(product) == product_digest(sold)
    assert product_digest(product) != product_digest({**product, "price": 6})
    assert product_digest(product, ["2:active"]) != product_digest(product, ["2:disabled"])


@pytest.mark.parametrize(
    ("part", "row", "edited"),
    [
        ("bulk_pricing_rules", {"quantity_min": 5, "amount": 10}, {"amount": 12}),
        ("modifiers", {"display_name": "Engraving", "required": False}, {"required": True}),
        ("options", {"display_name": "Colour", "type": "swatch"}, {"type": "dropdown"}),
        ("videos", {"video_id": "abc", "sort_order": 0}, {"sort_order": 1}),
    ],
)
def test_given_every_part_the_planner_syncs_then_an_edit_of_it_moves_the_digest(part, row, edited):
    product = {"id": 1, "sku": "MUG", "price": 5, part: [{"id": 7, **row}]}
    assert product_digest(product) != product_digest(
        {**product, part: [{"id": 7, **row, **edited}]}
    )
    bare = {"id": 1, "sku": "MUG", "price": 5}
    assert product_digest({**bare, part: []}) == product_digest(bare), "none: as before"


def test_given_disable_when_out_of_stock_then_the_digest_moves_with_in_stock_not_the_level():
    rule = DestinationRules.model_validate({"availability": {"disable_when_out_of_stock": True}})
    body = {"id": 1, "sku": "K", "inventory_tracking": "product", "inventory_level": 3}

    def digest(level, rules):
        product = Product.parse({**body, "inventory_level": level})
        return product_digest(product.sent(), facts=rule_facts(product, rules))

    assert digest(3, [rule]) == digest(1, [rule]) != digest(0, [rule])
    assert digest(3, [DestinationRules()]) == digest(0, [DestinationRules()])
    assert digest(3, [DestinationRules()]) == product_digest(Product.parse(body).sent())


def metafield(namespace, key, value, permission_set="read"):
    body = {"namespace": namespace, "key": key, "value": value, "permission_set": permission_set}
    return Metafield.parse({"id": 1, "description": "", **body})


def test_given_metafields_then_the_digest_moves_with_a_s_copied_ones_only():
    product = {"id": 1, "sku": "MUG", "price": 5}
    code = ProductMetafields(
        (metafield("erp", "code", "M-1"),), {2: (metafield("wms", "bin", "R"),)}
    )
    edited = ProductMetafields((metafield("erp", "code", "M-2"),), code.variants)
    secret = ProductMetafields(
        (*code.product, metafield("erp", "token", "s", "app_only")), code.variants
    )

    def a_digest(fields):
        return product_digest(
            product, metafields=metafield_rows(fields, fields.managed, copied_only=True)
        )

    assert a_digest(code) != product_digest(product), "a metafield is part of the product"
    assert a_digest(edited) != a_digest(code), "a metafield-only edit moves A's digest"
    assert a_digest(secret) == a_digest(code), "an app_only one is never copied: not compared"
    assert a_digest(ProductMetafields()) == product_digest(product), "none: the digest as before"


def test_given_b_metafields_then_only_a_s_namespaces_are_compared():
    b = ProductMetafields((metafield("erp", "code", "M-1"), metafield("b_own", "note", "x")))
    own_edit = ProductMetafields((b.product[0], metafield("b_own", "note", "y")))
    hand_edit = ProductMetafields((metafield("erp", "code", "by hand"), b.product[1]))
    managed = frozenset({"erp"})

    def rows(fields):
        return metafield_rows(fields, managed, copied_only=False)

    assert rows(b) == [(0, "erp", "code", "M-1", "", "read")]
    assert rows(own_edit) == rows(b), "B's own namespace is B's"
    assert rows(hand_edit) != rows(b)


def test_given_the_checkpoint_then_a_full_compare_is_due_by_period_request_or_when_under_way():
    day = 24 * 3_600_000
    fresh = Checkpoint(Watermark(), {}, None, last_full_ms=0, created_ms=1_000)
    assert not full_due(fresh, 1_000 + day - 1, 24)
    assert full_due(fresh, 1_000 + day, 24)
    assert not full_due(fresh, 1_000 + 9 * day, 0)
    assert full_due(replace(fresh, full_requested_ms=5), 2_000, 0)
    assert full_due(replace(fresh, full_current=CurrentPass("p", "full-compare", 9)), 2_000, 0)


def test_given_links_to_products_a_no_longer_has_then_the_compare_syncs_each_once():
    gone = gone_from_a(a_ids=[1, 2], linked_ids=[2, 3, 5])
    assert gone == [Compared(3, GONE, {}), Compared(5, GONE, {})]
    assert [c.product_id for c in full_compare_todo(gone, {})] == [3, 5]
    kept = {c.product_id: c for c in gone}
    assert full_compare_todo(gone, kept) == []  # once done, left alone


def test_given_a_scope_on_taxonomy_when_a_category_or_brand_changed_then_its_products_are_synced():
    tree = [
        Category.parse({"id": i, "parent_id": p, "name": str(i)})
        for i, p in ((19, 0), (20, 19), (24, 20), (21, 0))
    ]
    known = {19: "old", 20: "old", 24: "old", 21: "old", 35: "old"}
    brand = [Brand.parse({"id": 35, "name": "Outlet"})]

    assert member_filter("category", 19, tree, known, True) == {"categories:in": "19,20,24"}
    assert member_filter("category", 24, tree, known, True) == {"categories:in": "24"}
    assert member_filter("brand", 35, brand, known, True) == {"brand_id": 35}
    assert member_filter("category", 19, tree, known, False) is None, "no scope on taxonomy"
    assert member_filter("category", 19, tree, {}, True) is None, "new: holds no product yet"
    assert member_filter("category", 22, tree, {22: "old"}, True) is None, "deleted"

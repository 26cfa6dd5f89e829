"""Bulk pricing rules and videos planned from snapshots."""

from __future__ import annotations

from storebridge_catalog_sync.planning.extras import (
    CreateBulkPricingRule,
    CreateVideo,
    DeleteBulkPricingRule,
    DeleteVideo,
    UpdateBulkPricingRule,
    UpdateVideo,
    bulk_pricing_steps,
    create_body_extras,
    video_steps,
)
from storebridge_shared.bigcommerce.models import Product


def rule(rule_id, low, high, amount, kind="percent"):
    return {
        "id": rule_id,
        "quantity_min": low,
        "quantity_max": high,
        "type": kind,
        "amount": amount,
    }


def video(video_id, youtube, title, order=0):
    return {
        "id": video_id,
        "video_id": youtube,
        "title": title,
        "sort_order": order,
        "type": "youtube",
    }


def product(rules=(), videos=()):
    return Product.parse({"id": 1, "bulk_pricing_rules": list(rules), "videos": list(videos)})


def test_given_the_same_ranges_then_rules_are_updated_in_place():
    a = product([rule(1, 5, 9, 10), rule(2, 10, 0, 15)])
    b = product([rule(51, 10, 0, 12), rule(52, 5, 9, 10)])

    assert bulk_pricing_steps(a, b) == [UpdateBulkPricingRule(51, {"amount": 15.0})]


def test_given_other_ranges_then_b_s_rules_go_before_a_s_are_created_so_none_overlaps():
    a = product([rule(1, 2, 9, 10), rule(2, 10, 0, 15)])
    b = product([rule(51, 5, 0, 12)])

    assert bulk_pricing_steps(a, b) == [
        DeleteBulkPricingRule(51),
        CreateBulkPricingRule(
            {"quantity_min": 2, "quantity_max": 9, "type": "percent", "amount": 10.0}
        ),
        CreateBulkPricingRule(
            {"quantity_min": 10, "quantity_max": 0, "type": "percent", "amount": 15.0}
        ),
    ]


def test_given_equal_rules_and_videos_then_nothing_is_planned():
    a = product([rule(1, 5, 0, 10)], [video(1, "dQw4w9WgXcQ", "Intro")])
    b = product([rule(51, 5, 0, 10)], [video(61, "dQw4w9WgXcQ", "Intro")])

    assert bulk_pricing_steps(a, b) == [] and video_steps(a, b) == []


def test_given_videos_added_retitled_and_removed_then_b_follows_by_youtube_id():
    a = product(videos=[video(1, "aaa", "New title", 1), video(2, "bbb", "Second")])
    b = product(videos=[video(61, "aaa", "Old title", 1), video(62, "zzz", "Gone")])

    assert video_steps(a, b) == [
        DeleteVideo(62),
        UpdateVideo(61, {"title": "New title"}),
        CreateVideo(
            {
                "video_id": "bbb",
                "type": "youtube",
                "title": "Second",
                "description": "",
                "sort_order": 0,
            }
        ),
    ]


def test_given_a_new_product_then_its_rules_and_videos_are_in_the_create_body():
    body = create_body_extras(product([rule(1, 5, 0, 10)], [video(1, "aaa", "Intro")]))

    assert body["bulk_pricing_rules"] == [
        {"quantity_min": 5, "quantity_max": 0, "type": "percent", "amount": 10.0}
    ]
    assert [v["video_id"] for v in body["videos"]] == ["aaa"]

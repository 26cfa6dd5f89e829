"""Bulk pricing rules and videos of a product (pure): what B needs to hold A's.

Bulk pricing rules have no identity of their own (nothing links to them) but B refuses two that
overlap: with the same quantity ranges, rules are updated in place (type, amount); when the
ranges differ, B's rules are all deleted first and A's created, so no step overlaps a rule
still there. Videos match by YouTube id; title, description and order are updated in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storebridge_catalog_sync.mapping import changes
from storebridge_shared.bigcommerce.models import BulkPricingRule, Product, Video

Fields = Mapping[str, Any]
"""A JSON body (the same as `steps.Fields`, which builds on these steps)."""


@dataclass(frozen=True)
class CreateBulkPricingRule:
    """Add one rule."""

    fields: Fields


@dataclass(frozen=True)
class UpdateBulkPricingRule:
    """Change one rule's type or amount (its range stays)."""

    rule_id: int
    fields: Fields


@dataclass(frozen=True)
class DeleteBulkPricingRule:
    """Remove one rule."""

    rule_id: int


@dataclass(frozen=True)
class CreateVideo:
    """Add one video."""

    fields: Fields


@dataclass(frozen=True)
class UpdateVideo:
    """Change one video's title, description or order."""

    video_id: int
    fields: Fields


@dataclass(frozen=True)
class DeleteVideo:
    """Remove one video A no longer has."""

    video_id: int


ExtraStep = (
    CreateBulkPricingRule
    | UpdateBulkPricingRule
    | DeleteBulkPricingRule
    | CreateVideo
    | UpdateVideo
    | DeleteVideo
)


def _rule(rule: BulkPricingRule) -> dict[str, object]:
    return {
        "quantity_min": rule.quantity_min,
        "quantity_max": rule.quantity_max,
        "type": rule.type,
        "amount": rule.amount,
    }


def _ranges(rules: tuple[BulkPricingRule, ...]) -> list[tuple[int, int]]:
    return sorted((r.quantity_min, r.quantity_max) for r in rules)


def bulk_pricing_steps(source: Product, current: Product) -> list[ExtraStep]:
    """B's rules brought to A's."""
    if _ranges(source.bulk_pricing_rules) != _ranges(current.bulk_pricing_rules):
        steps: list[ExtraStep] = [DeleteBulkPricingRule(r.id) for r in current.bulk_pricing_rules]
        return steps + [CreateBulkPricingRule(_rule(r)) for r in source.bulk_pricing_rules]
    by_range = {(r.quantity_min, r.quantity_max): r for r in current.bulk_pricing_rules}
    updates: list[ExtraStep] = []
    for rule in source.bulk_pricing_rules:
        target = by_range[(rule.quantity_min, rule.quantity_max)]
        diff = changes(_rule(target), _rule(rule))
        if diff:
            updates.append(UpdateBulkPricingRule(target.id, diff))
    return updates


def _video(video: Video) -> dict[str, object]:
    return {"title": video.title, "description": video.description, "sort_order": video.sort_order}


def video_steps(source: Product, current: Product) -> list[ExtraStep]:
    """B's videos brought to A's, matched by YouTube id."""
    have = {v.video_id: v for v in current.videos}
    wanted = {v.video_id for v in source.videos}
    steps: list[ExtraStep] = [DeleteVideo(v.id) for v in current.videos if v.video_id not in wanted]
    for video in source.videos:
        target = have.get(video.video_id)
        if target is None:
            body = {"video_id": video.video_id, "type": video.type or "youtube", **_video(video)}
            steps.append(CreateVideo(body))
            continue
        diff = changes(_video(target), _video(video))
        if diff:
            steps.append(UpdateVideo(target.id, diff))
    return steps


def create_body_extras(source: Product) -> dict[str, object]:
    """Rules and videos embedded in the create of B's product."""
    videos = [
        {"video_id": v.video_id, "type": v.type or "youtube", **_video(v)} for v in source.videos
    ]
    return {"bulk_pricing_rules": [_rule(r) for r in source.bulk_pricing_rules], "videos": videos}

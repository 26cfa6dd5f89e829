"""What a destination gets for one product and why, as lines (pure): the scope verdict, each
price and stock level A -> B with its rule, availability, owned fields, and the plan against
B's product as it is now (`storebridge catalog-sync rules --explain`)."""

from __future__ import annotations

from collections import Counter

from storebridge_catalog_sync.planning.rules.config import DestinationRules, PriceRule
from storebridge_catalog_sync.planning.rules.ruled import (
    disables_out_of_stock,
    plan_ruled,
    ruled_source,
)
from storebridge_catalog_sync.planning.rules.scope import Verdict
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import UpdateProduct, WritePlan
from storebridge_shared.bigcommerce.models import Product
from storebridge_shared.bigcommerce.models.base import ApiRecord


def _formula(rule: PriceRule) -> str:
    parts = [f"x {rule.currency_rate}" + (f" {rule.currency}" if rule.currency else "")]
    parts += [f"x {rule.multiply}"] if rule.multiply != 1 else []
    parts += [f"+ {rule.add}"] if rule.add else []
    return ", ".join([*parts, f"round {rule.round}"])


def _changed(name: str, before: ApiRecord, after: ApiRecord, fields: tuple[str, ...]) -> list[str]:
    lines = []
    for field in fields:
        was, now = before.get(field), after.get(field)
        if was is None and now is None:
            continue
        note = "" if was != now else " (unchanged: 0 or empty)" if not was else ""
        lines.append(f"  {name}{field}: {was} -> {now}{note}")
    return lines


def _prices(rules: DestinationRules, a: Product, ruled: Product) -> list[str]:
    rule = rules.prices
    if rule is None:
        return ["prices: as in A (no prices rule)"]
    lines = [f"prices: {_formula(rule)}", *_changed("", a, ruled, rule.fields)]
    if rule.variants:
        for was, now in zip(a.option_variants, ruled.option_variants, strict=True):
            lines += _changed(f"variant {was.sku} ", was, now, rule.fields)
    if rule.bulk_pricing:
        for old, new in zip(a.bulk_pricing_rules, ruled.bulk_pricing_rules, strict=True):
            rng = f"{old.quantity_min}-{old.quantity_max or ''}"
            lines.append(f"  bulk pricing {rng} {old.type}: {old.amount} -> {new.amount}")
    return lines


def _stock(rules: DestinationRules, base: Rules, a: Product, ruled: Product) -> list[str]:
    rule = rules.stock
    when = "on every sync (mirror)" if base.mirror_inventory else "at creation only (keep)"
    if rule is None:
        return [f"stock: as in A, {when}"]
    head = f"stock: - {rule.buffer}" + (f", cap {rule.cap}" if rule.cap is not None else "")
    lines = [f"{head}, never below 0, {when}"]
    lines += [f"  inventory_level: {a.inventory_level} -> {ruled.inventory_level}"]
    for was, now in zip(a.option_variants, ruled.option_variants, strict=True):
        lines.append(
            f"  variant {was.sku} inventory_level: {was.inventory_level} -> {now.inventory_level}"
        )
    return lines


def _availability(rules: DestinationRules, base: Rules, a: SourceSnapshot) -> str:
    if disables_out_of_stock(rules, a.product):
        return "availability: disabled (out of stock in A: disable_when_out_of_stock)"
    if base.channel_rule:
        state = a.listing_state or "not listed"
        wanted = "available" if a.listing_state == "active" else "disabled"
        return f"availability: {wanted} (channel rule: listing {state})"
    return f"availability: {a.product.get('availability', 'available')} (as in A)"


def _fields(rules: DestinationRules) -> str:
    rule = rules.fields
    if rule is None:
        return "fields: the sync owns every field"
    if rule.copy_only is not None:
        return "fields: the sync writes only " + ", ".join(rule.copy_only) + " after creation"
    return "fields: the sync leaves alone " + ", ".join(rule.leave_alone) + " after creation"


def _plan(plan: WritePlan, b: Product | None) -> list[str]:
    if b is None or plan.creates_product:
        return ["B: no product with this SKU: it would be created (every field, as above)"]
    lines = [f"B: product {b.id}; would write {plan.writes} call(s)"]
    for step in plan.of(UpdateProduct):
        for name, value in step.fields.items():
            lines.append(f"  {name}: {b.get(name)} -> {value}")
    others = Counter(type(s).__name__ for s in plan.steps if not isinstance(s, UpdateProduct))
    others.pop("Link", None)
    lines += [f"  {kind} x {n}" for kind, n in sorted(others.items())]
    return lines


def explain(
    name: str, a: SourceSnapshot, verdict: Verdict, base: Rules, b: DestinationSnapshot
) -> list[str]:
    """Lines saying what destination `name` gets for A's product and why (`b`: B's product
    with its links, B's own brand and categories standing for A's resolved ones)."""
    rules = base.destination
    product = a.product
    lines = [f"destination {name}: product {product.id} {product.sku!r} {product.name!r}"]
    lines.append(f"rules: {rules.digest()}" + (" (none: a full copy)" if rules.empty else ""))
    scope = "in" if verdict.in_scope else "out"
    lines.append(f"scope: {scope} ({verdict.reason})")
    if not verdict.in_scope:
        return [*lines, "  the destination's delete policy applies to B's product"]
    ruled = ruled_source(a, rules)
    lines += _prices(rules, product, ruled.product)
    lines += _stock(rules, base, product, ruled.product)
    lines += [_availability(rules, base, a), _fields(rules)]
    return lines + _plan(plan_ruled(a, b, base), b.product)

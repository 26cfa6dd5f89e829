"""The planner with a destination's rules: A's product as this destination gets it (prices,
stock, availability), planned as before, then the writes of what it does not own dropped."""

from __future__ import annotations

from dataclasses import replace

from storebridge_catalog_sync.planning.deletes import PRODUCT_OFF
from storebridge_catalog_sync.planning.plan import plan_product
from storebridge_catalog_sync.planning.rules.availability import out_of_stock
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_catalog_sync.planning.rules.fields import owned_plan
from storebridge_catalog_sync.planning.rules.prices import apply_prices
from storebridge_catalog_sync.planning.rules.stock import apply_stock
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import WritePlan
from storebridge_shared.bigcommerce.models import Product


def disables_out_of_stock(rules: DestinationRules, product: Product) -> bool:
    """True when the availability rule turns this product off in B (A has no stock)."""
    rule = rules.availability
    return bool(rule and rule.disable_when_out_of_stock and out_of_stock(product))


def ruled_source(a: SourceSnapshot, rules: DestinationRules) -> SourceSnapshot:
    """A's product with the destination's prices, stock and availability (`a` itself when
    no such rule is set)."""
    off = disables_out_of_stock(rules, a.product)
    if rules.prices is None and rules.stock is None and not off:
        return a
    body = a.product.sent()
    if rules.prices is not None:
        apply_prices(rules.prices, body)
    if rules.stock is not None:
        apply_stock(rules.stock, body)
    listing = a.listing_state
    if off:
        body["availability"] = "disabled"
        listing = "disabled" if listing == "active" else listing
    return replace(a, product=Product.parse(body), listing_state=listing)


def plan_ruled(
    a: SourceSnapshot,
    b: DestinationSnapshot,
    rules: Rules,
    *,
    just_created: bool = False,
    hidden_by_scope: bool = False,
) -> WritePlan:
    """`plan_product` under `rules.destination` (scope is decided before: `scope.verdict`);
    `just_created`: B's product was created by this sync, so the parts its create could not
    carry (options, variants, modifiers, metafields) are written whatever `fields` says;
    `hidden_by_scope`: the `disable` policy hid B's product when it left the scope, so the
    visibility it took (`deletes.PRODUCT_OFF`) is written back whatever `fields` says."""
    custom = rules.destination
    if custom.empty:
        return plan_product(a, b, rules)
    plan = plan_product(ruled_source(a, custom), b, rules)
    if just_created:
        return plan
    return owned_plan(custom.fields, plan, keep=PRODUCT_OFF if hidden_by_scope else ())

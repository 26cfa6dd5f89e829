"""What a reconcile pass syncs (pure): A's listings and the checkpoint in, items and the next
checkpoint out.

Products: A lists them by `date_modified:min` = the watermark (inclusive), oldest first. An item
newer than the watermark is synced; one *at* the watermark (same second) only when it was not
synced yet since that second settled: `date_modified` has whole seconds, so an edit later in the
second of our sync would look the same. The watermark is A's own time (never our clock).

Categories and brands have no `date_modified` in BigCommerce: the pass lists them whole (a few
pages) and compares a digest of each record with the one it kept; a new, changed or vanished id
is synced. The first listing only records the digests (the backfill made B equal).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from storebridge_catalog_sync.planning.metafields import ProductMetafields, copied
from storebridge_catalog_sync.planning.rules.availability import out_of_stock
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_shared.bigcommerce.models import Brand, Category, Metafield, Product

SETTLE_MS = 2_000
"""A sync that started this long after an item's `date_modified` second saw every edit of it
(our clock and A's are assumed within this of each other)."""

PAGE_LIMIT = 250
IGNORED_FIELDS = frozenset({"views"})
"""Fields that change without a merchant edit (storefront page views)."""


@dataclass(frozen=True)
class Seen:
    """A product as A's changed-products listing shows it."""

    product_id: int
    date_modified: str


@dataclass(frozen=True)
class Watermark:
    """A's `date_modified` of the newest product synced, and the ids synced at exactly that
    second with when (our epoch ms) their sync started. `at` is "" before the first pass."""

    at: str = ""
    done: Mapping[int, int] = field(default_factory=dict)


def moment_ms(text: str) -> int:
    """A BigCommerce ISO-8601 time in epoch milliseconds."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp() * 1000)


def listing_query(mark: Watermark, page: int = 1) -> dict[str, str | int]:
    """The changed-products listing from the watermark: ids and dates only, oldest first."""
    query: dict[str, str | int] = {
        "sort": "date_modified",
        "direction": "asc",
        "limit": PAGE_LIMIT,
        "page": page,
        "include_fields": "id,date_modified",
    }
    if mark.at:
        query["date_modified:min"] = mark.at
    return query


def to_sync(listed: Iterable[Seen], mark: Watermark) -> list[Seen]:
    """The listed products that need a sync, oldest first (ties by id)."""
    at = moment_ms(mark.at) if mark.at else None
    wanted = []
    for item in sorted(listed, key=lambda s: (moment_ms(s.date_modified), s.product_id)):
        modified = moment_ms(item.date_modified)
        if at is not None and modified < at:
            continue
        started = mark.done.get(item.product_id)
        if modified == at and started is not None and started >= modified + SETTLE_MS:
            continue
        wanted.append(item)
    return wanted


def after_sync(mark: Watermark, item: Seen, started_ms: int) -> Watermark:
    """The watermark once `item`'s sync (started at `started_ms`) is done."""
    if mark.at and moment_ms(item.date_modified) <= moment_ms(mark.at):
        return replace(mark, done={**mark.done, item.product_id: started_ms})
    return Watermark(item.date_modified, {item.product_id: started_ms})


def next_page(mark_before: Watermark, mark_after: Watermark, page: int, listed: int) -> int | None:
    """The page to read next: None when this one was the last; page 1 from a watermark that
    moved; the next page when a full page did not move it (one second holding a whole page)."""
    if listed < PAGE_LIMIT:
        return None
    return page + 1 if mark_after.at == mark_before.at else 1


def digest(record: Mapping[str, Any]) -> str:
    """A stable fingerprint of a category or brand as A lists it."""
    kept = {k: v for k, v in record.items() if k not in IGNORED_FIELDS}
    text = json.dumps(kept, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class TaxonomyChanges:
    """Ids of one kind (category, brand) to sync, and the digests to keep afterwards."""

    ids: tuple[int, ...]
    digests: Mapping[int, str]


def taxonomy_changes(
    records: Sequence[Category | Brand], known: Mapping[int, str] | None
) -> TaxonomyChanges:
    """New, changed and vanished ids since the digests `known` (None: first listing, a baseline
    with nothing to sync)."""
    now = {r.id: digest(r.sent()) for r in records}
    if known is None:
        return TaxonomyChanges((), now)
    changed = {i for i, d in now.items() if known.get(i) != d} | (set(known) - set(now))
    return TaxonomyChanges(tuple(sorted(changed)), now)


def member_filter(
    kind: str,
    resource_id: int,
    records: Sequence[Category | Brand],
    known: Mapping[int, str] | None,
    scoped: bool,
) -> dict[str, str | int] | None:
    """The products of A whose scope may have moved with this changed category or brand, as a
    products filter: when a destination's scope tests category paths or brand names (`scoped`)
    and A had the record before (a rename or a move; a new one holds no product yet, a deleted
    one no longer any), the category's and every category's below it (its paths changed with
    it; `categories:in`), or the brand's (`brand_id`). None: no product to sync."""
    if not scoped or resource_id not in (known or {}):
        return None
    listed = {r.id: r for r in records}
    if resource_id not in listed:
        return None
    if kind != "category":
        return {"brand_id": resource_id}
    below = {resource_id}
    while (
        grown := {r.id for r in records if isinstance(r, Category) and r.parent_id in below} - below
    ):
        below |= grown
    return {"categories:in": ",".join(str(i) for i in sorted(below))}


@dataclass
class PassCounts:
    """What one pass found and what its syncs did, per destination."""

    found: dict[str, int] = field(default_factory=dict)
    handed_over: int = 0

    def find(self, kind: str, n: int = 1) -> None:
        """Count `n` items of `kind` found changed."""
        self.found[kind] = self.found.get(kind, 0) + n

    @property
    def total_found(self) -> int:
        """Items found changed, all kinds."""
        return sum(self.found.values())

    def note(self, stopped: str = "", *, total: int | None = None) -> str:
        """`found 3 (product 2, category 1)`, plus why the pass stopped early; `total` is what
        the whole pass found when it was resumed (the kinds are this part's)."""
        parts = ", ".join(f"{kind} {n}" for kind, n in sorted(self.found.items()) if n)
        found = self.total_found if total is None else total
        text = f"found {found}" + (f" ({parts})" if parts else "")
        if self.handed_over:
            text += f"; {self.handed_over} synced by a worker already on it"
        return text + (f"; {stopped}" if stopped else "")


VOLATILE_FIELDS = frozenset(
    {
        "date_modified",
        "date_created",
        "view_count",
        "total_sold",
        "reviews_count",
        "reviews_rating_sum",
        "inventory_level",
        "calculated_price",
        "calculated_weight",
    }
)
"""Fields a full compare ignores: moved by shoppers and orders (stock stays B's own), dates
(the changes pass follows `date_modified`), derived values."""


def _stable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE_FIELDS}
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    return value


MetafieldRow = tuple[int, str, str, str, str, str]
"""(variant id or 0 for the product, namespace, key, value, description, permission set)."""


def metafield_rows(
    fields: ProductMetafields, managed: frozenset[str], *, copied_only: bool
) -> list[MetafieldRow]:
    """The metafields of a product and its variants that a full compare compares, sorted: those
    in the `managed` namespaces (A's namespaces for the product: the only ones the sync touches
    in B), in A only the copied ones (`copied_only`: never `app_only`)."""

    def kept(group: Sequence[Metafield]) -> list[Metafield]:
        listed = copied(group) if copied_only else list(group)
        return [m for m in listed if m.namespace in managed]

    groups = [(0, fields.product), *fields.variants.items()]
    return sorted(
        (owner, m.namespace, m.key, m.value, m.description, m.permission_set)
        for owner, group in groups
        for m in kept(group)
    )


LATER_PARTS = ("options", "modifiers", "bulk_pricing_rules", "videos")
"""Parts the full compare reads since issue 10's audit (before: variants, images, custom fields
only)."""


def compared_parts(product: Mapping[str, Any]) -> dict[str, Any]:
    """The product as its digest holds it: every part the planner syncs (`full.PARTS`), those in
    `LATER_PARTS` left out when empty, so a product without them keeps the digest it had before
    they were compared (no mass re-sync after an upgrade)."""
    return {k: v for k, v in product.items() if v or k not in LATER_PARTS}


def product_digest(
    product: Mapping[str, Any],
    listing_states: Sequence[str] = (),
    rules: str = "",
    metafields: Sequence[MetafieldRow] = (),
    facts: Sequence[str] = (),
) -> str:
    """A product's fingerprint with its parts (`compared_parts`: variants, images, custom
    fields, options, modifiers, bulk pricing rules, videos; and, in A, its listing states on the
    destinations' channels and the destinations' rules digest, so a rule change moves every
    product's), its metafields (`metafield_rows`), volatile fields left out, and what a rule
    tests that those leave out (`rule_facts`). A product without metafields or facts keeps the
    digest it had before they were compared."""
    record: dict[str, Any] = {
        "product": _stable(compared_parts(product)),
        "listings": list(listing_states),
    }
    if rules:
        record["rules"] = rules
    if metafields:
        record["metafields"] = [list(row) for row in metafields]
    if facts:
        record["facts"] = list(facts)
    return digest(record)


def rule_facts(product: Product, rules: Iterable[DestinationRules]) -> list[str]:
    """What a destination's rule reads from a product that its digest leaves out: whether A has
    stock (`in stock` / `out of stock`, not the level, which is volatile) when a destination
    disables products out of stock in A; nothing otherwise."""
    if not any(r.availability and r.availability.disable_when_out_of_stock for r in rules):
        return []
    return ["out of stock" if out_of_stock(product) else "in stock"]


@dataclass(frozen=True)
class Compared:
    """One product of A in a full compare: its digest in A and, per destination, B's (``""``:
    B has no product with its SKU)."""

    product_id: int
    a: str
    b: Mapping[str, str]


GONE = "gone"
"""A's digest of a product a destination holds (linked) that A no longer has."""


def gone_from_a(a_ids: Iterable[int], linked_ids: Iterable[int]) -> list[Compared]:
    """Products some destination holds a link for that A no longer has, as compare items with
    A's digest `GONE` (their sync follows the destination's delete policy; once done, the kept
    digest says gone and the next compare leaves them alone)."""
    return [Compared(i, GONE, {}) for i in sorted(set(linked_ids) - set(a_ids))]


def full_compare_todo(
    compared: Iterable[Compared], known: Mapping[int, Compared], after_id: int = 0
) -> list[Compared]:
    """The products to sync, by id past `after_id`: B lacks the SKU somewhere, or A's or a
    B's digest differs from the one kept at the last compare (none kept: sync; a product gone
    from A, `gone_from_a`, is synced once)."""
    todo = []
    for item in sorted(compared, key=lambda c: c.product_id):
        if item.product_id <= after_id:
            continue
        kept = known.get(item.product_id)
        if (
            "" in item.b.values()
            or kept is None
            or (kept.a, dict(kept.b)) != (item.a, dict(item.b))
        ):
            todo.append(item)
    return todo

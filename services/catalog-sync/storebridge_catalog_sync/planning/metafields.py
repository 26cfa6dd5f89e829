"""Metafields of a product, its variants, a category or a brand in B (pure): what B needs to hold
A's.

Only A's metafields another app may read are copied (`permission_set` other than `app_only`:
`read`, `write`, `read_and_sf_access`, `write_and_sf_access`); B's copy keeps A's permission set.
Metafields match by (namespace, key). B's metafields are touched only in the namespaces A has
for the resource (for a product: on the product or any of its variants), so B's own metafields
in other namespaces are never updated or deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storebridge_catalog_sync.planning.matching import combination
from storebridge_shared.bigcommerce.models import Metafield, Owner, Product

READABLE = frozenset({"read", "write", "read_and_sf_access", "write_and_sf_access"})
"""Permission sets that let an app other than the owner read a metafield."""
COMPARED = ("value", "description", "permission_set")

Metafields = tuple[Metafield, ...]
"""The metafields of one resource, as read."""


@dataclass(frozen=True)
class ProductMetafields:
    """The metafields of one product and of its variants (by the store's variant id)."""

    product: Metafields = ()
    variants: Mapping[int, Metafields] = field(default_factory=dict)

    @property
    def managed(self) -> frozenset[str]:
        """The namespaces of the copied ones, the product's and its variants' (B's metafields
        of the product are managed in these only; none: B's are not even read)."""
        return namespaces(self.product, *self.variants.values())


@dataclass(frozen=True)
class CreateMetafield:
    """Add one metafield to B's resource. `source_variant`: the variant is the one this plan
    creates for A's variant of that id (its B id is known once created)."""

    owner: Owner
    fields: Mapping[str, Any]
    source_variant: int = 0


@dataclass(frozen=True)
class UpdateMetafield:
    """Change one metafield's value, description or permission set in place."""

    owner: Owner
    metafield_id: int
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class DeleteMetafield:
    """Remove one metafield A no longer has (in a namespace A has)."""

    owner: Owner
    metafield_id: int


MetafieldStep = CreateMetafield | UpdateMetafield | DeleteMetafield


def by_product(
    products: Iterable[Product],
    product_fields: Iterable[Metafield],
    variant_fields: Iterable[Metafield],
) -> dict[int, ProductMetafields]:
    """The store-wide metafield listings (`resource_id`: a product, a variant) grouped into each
    product's `ProductMetafields` (a variant's go to the product that has it; those of products
    or variants not among `products` are left out). Every product is in the answer."""
    owner_of = {v.id: p.id for p in products for v in p.variants}
    found: dict[int, tuple[list[Metafield], dict[int, list[Metafield]]]] = {
        p.id: ([], {}) for p in products
    }
    for metafield in product_fields:
        if metafield.resource_id in found:
            found[metafield.resource_id][0].append(metafield)
    for metafield in variant_fields:
        product_id = owner_of.get(metafield.resource_id)
        if product_id is not None:
            found[product_id][1].setdefault(metafield.resource_id, []).append(metafield)
    return {
        pid: ProductMetafields(tuple(own), {vid: tuple(f) for vid, f in variants.items()})
        for pid, (own, variants) in found.items()
    }


def copied(metafields: Iterable[Metafield]) -> list[Metafield]:
    """The metafields that are copied: those an app may read (never `app_only`)."""
    return [m for m in metafields if m.permission_set in READABLE]


def namespaces(*groups: Iterable[Metafield]) -> frozenset[str]:
    """The namespaces of the copied metafields of these groups (B is managed in these only)."""
    return frozenset(m.namespace for group in groups for m in copied(group))


def _body(metafield: Metafield) -> dict[str, str]:
    return {name: getattr(metafield, name) for name in COMPARED}


def metafield_steps(
    owner: Owner,
    source: Sequence[Metafield],
    current: Sequence[Metafield],
    managed: frozenset[str],
    *,
    source_variant: int = 0,
) -> list[MetafieldStep]:
    """B's metafields of one resource brought to A's, within the `managed` namespaces: deletes
    first, then updates in place, then creates."""
    wanted = {(m.namespace, m.key): m for m in copied(source)}
    have: dict[tuple[str, str], Metafield] = {}
    for metafield in current:
        if metafield.namespace in managed:
            have.setdefault((metafield.namespace, metafield.key), metafield)
    steps: list[MetafieldStep] = [
        DeleteMetafield(owner, m.id) for key, m in have.items() if key not in wanted
    ]
    creates: list[MetafieldStep] = []
    for key, metafield in wanted.items():
        target = have.get(key)
        if target is None:
            body = {"namespace": metafield.namespace, "key": metafield.key, **_body(metafield)}
            creates.append(CreateMetafield(owner, body, source_variant))
            continue
        diff = {k: v for k, v in _body(metafield).items() if getattr(target, k) != v}
        if diff:
            steps.append(UpdateMetafield(owner, target.id, diff))
    return steps + creates


def product_metafield_steps(
    source: Product, a: ProductMetafields, current: Product, b: ProductMetafields
) -> list[MetafieldStep]:
    """B's product and variant metafields brought to A's. A variant's are matched by option
    combination (the base variant to the base variant); a variant B lacks is created earlier in
    the same plan and gets its metafields once made."""
    managed = a.managed
    pid = current.id
    steps = metafield_steps(Owner(product=pid), a.product, b.product, managed)
    have = {combination(v): v.id for v in current.variants}
    for variant in source.variants:
        wanted = a.variants.get(variant.id, ())
        target = have.get(combination(variant), 0)
        theirs = b.variants.get(target, ()) if target else ()
        if not wanted and not theirs:
            continue
        owner = Owner(product=pid, parent=target)
        made_by_plan = 0 if target else variant.id
        steps += metafield_steps(owner, wanted, theirs, managed, source_variant=made_by_plan)
    return steps

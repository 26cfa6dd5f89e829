"""Scope: is a product of A one the destination gets (pure, from `ScopeFacts`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.rules.config import Condition, ScopeRule
from storebridge_shared.bigcommerce.models import Metafield, Product


@dataclass(frozen=True)
class ScopeFacts:
    """What scope tests need beyond the product: its category paths and brand name in A, and
    its metafields (`namespace.key` -> value); read only when a rule asks (`reading`)."""

    category_paths: tuple[str, ...] = ()
    brand: str = ""
    metafields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """In scope or not, and why (`storebridge catalog-sync rules --explain`)."""

    in_scope: bool
    reason: str


def _in_category(paths: tuple[str, ...], wanted: str) -> bool:
    prefix = fold(wanted.strip("/"))
    return any(fold(p) == prefix or fold(p).startswith(prefix + "/") for p in paths)


def matches(condition: Condition, product: Product, facts: ScopeFacts) -> bool:
    """True when every test of `condition` holds for the product."""
    fields = {f.name: f.value for f in product.custom_fields}
    checks = (
        condition.category is None or _in_category(facts.category_paths, condition.category),
        condition.brand is None or fold(condition.brand) == fold(facts.brand),
        condition.sku is None or fnmatchcase(fold(product.sku), fold(condition.sku)),
        condition.type is None or product.type == condition.type,
        all(fields.get(k) == v for k, v in (condition.custom_field or {}).items()),
        all(facts.metafields.get(k) == v for k, v in (condition.metafield or {}).items()),
    )
    return all(checks)


def describe(condition: Condition) -> str:
    """`brand=Acme, sku=B2B-*` (the keys the file gave)."""
    given = condition.model_dump(exclude_none=True)
    return ", ".join(f"{k}={v}" for k, v in given.items())


def verdict(rule: ScopeRule | None, product: Product, facts: ScopeFacts) -> Verdict:
    """In scope: no include or one that matches, and no exclude that matches."""
    if rule is None:
        return Verdict(True, "no scope rule")
    for condition in rule.exclude:
        if matches(condition, product, facts):
            return Verdict(False, f"excluded by {describe(condition)}")
    if not rule.include:
        return Verdict(True, "no exclude matches")
    for condition in rule.include:
        if matches(condition, product, facts):
            return Verdict(True, f"included by {describe(condition)}")
    return Verdict(False, "no include matches")


def needs_taxonomy(rule: ScopeRule | None) -> bool:
    """True when a condition tests a category path or a brand name (reads of A)."""
    conditions = (*rule.include, *rule.exclude) if rule else ()
    return any(c.category is not None or c.brand is not None for c in conditions)


def metafield_values(metafields: Iterable[Metafield]) -> dict[str, str]:
    """A product's metafields as scope conditions test them: `namespace.key` -> value."""
    return {f"{m.namespace}.{m.key}": m.value for m in metafields}


def needs_metafields(rule: ScopeRule | None) -> bool:
    """True when a condition tests a metafield (a read of A's product metafields)."""
    conditions = (*rule.include, *rule.exclude) if rule else ()
    return any(c.metafield for c in conditions)

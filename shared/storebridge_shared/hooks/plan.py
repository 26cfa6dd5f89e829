"""Reconcile a store's webhooks with what this storebridge needs; never touch other hooks.

Pure: no I/O. Our hooks carry two custom headers: `X-Storebridge-Secret` (what the ingress
checks) and `X-Storebridge-Instance` (the broker namespace), which marks them as created by this
storebridge. A hook without that marker belongs to someone else and is left alone, whatever its
scope. Which event scopes a store gets depends on its role: the catalog source (store A) gets
the catalog and order scopes, a destination only the order scopes (catalog-sync reads no event of
a destination, and its writes there would all come back). Besides the event scopes every store
has one `store/hook/deliveryException` hook, at a destination of its own (BigCommerce requires
one no other hook of the app uses).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storebridge_shared.bigcommerce.models import Hook
from storebridge_shared.bigcommerce.models.hooks import INSTANCE_HEADER, is_ours
from storebridge_shared.events.scopes import HOOK_EXCEPTION_SCOPE, hook_scopes
from storebridge_shared.events.webhooks import SECRET_HEADER

__all__ = [
    "INSTANCE_HEADER",
    "DesiredHook",
    "HookPlan",
    "desired_hooks",
    "needed_scopes",
    "plan_hooks",
]

EXCEPTION_PATH = "/webhooks/hooks/deliveryException"
"""Where the ingress takes `store/hook/deliveryException` notices (APP_URL + this path)."""


@dataclass(frozen=True)
class DesiredHook:
    """One hook storebridge needs on a store."""

    scope: str
    destination: str
    headers: Mapping[str, str]


@dataclass
class HookPlan:
    """What reconciling one store will do."""

    create: list[DesiredHook] = field(default_factory=list)
    update: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)
    unchanged: int = 0
    foreign: int = 0
    scopes: dict[int, str] = field(default_factory=dict)
    """The scope of each of our existing hooks the plan fixes or deletes, by hook id."""
    reactivate: list[Hook] = field(default_factory=list)
    """Our hooks found inactive (deactivated by BigCommerce, or by hand); each has an update."""

    @property
    def changes(self) -> int:
        """Number of API writes the plan needs."""
        return len(self.create) + len(self.update) + len(self.delete)

    def summary(self) -> str:
        """One line for people."""
        if not self.changes:
            return f"nothing to change ({self.unchanged} in place, {self.foreign} not ours)"
        return (
            f"created {len(self.create)}, updated {len(self.update)}, deleted {len(self.delete)}, "
            f"unchanged {self.unchanged}, not ours {self.foreign} (untouched)"
        )

    def steps(self) -> list[str]:
        """One line per write: each hook to create, fix (which fields) or delete (no secrets)."""
        lines = [f"create {hook.scope} -> {hook.destination}" for hook in self.create]
        lines += [
            f"fix hook {hook_id} {self.scopes[hook_id]}: {', '.join(sorted(fix))}"
            for hook_id, fix in self.update
        ]
        return lines + [f"delete hook {i} {self.scopes[i]}" for i in self.delete]


def needed_scopes(
    *, catalog_source: bool, inventory: bool = False, channels: Iterable[int] = ()
) -> tuple[str, ...]:
    """The scope of every hook storebridge needs on one store by its role: the event scopes
    (`hook_scopes`), then `store/hook/deliveryException`."""
    scopes = hook_scopes(catalog_source=catalog_source, inventory=inventory, channels=channels)
    return (*scopes, HOOK_EXCEPTION_SCOPE)


def desired_hooks(
    app_url: str,
    secret: str,
    instance: str,
    *,
    catalog_source: bool = True,
    inventory: bool = False,
    channels: Iterable[int] = (),
) -> list[DesiredHook]:
    """Every hook storebridge needs on one store with our headers: events to APP_URL/webhooks
    (the order scopes on every store; the catalog scopes, the stock ones when catalog-sync
    mirrors stock and the assignment scopes of the destinations' `channels`, only on the
    `catalog_source`), delivery exceptions to APP_URL/webhooks/hooks/deliveryException on
    every store."""
    base = app_url.rstrip("/")
    headers = {SECRET_HEADER: secret, INSTANCE_HEADER: instance}
    scopes = needed_scopes(catalog_source=catalog_source, inventory=inventory, channels=channels)
    return [
        DesiredHook(
            scope,
            base + (EXCEPTION_PATH if scope == HOOK_EXCEPTION_SCOPE else "/webhooks"),
            headers,
        )
        for scope in scopes
    ]


def _difference(hook: Hook, want: DesiredHook) -> dict[str, Any]:
    fix: dict[str, Any] = {}
    if hook.destination != want.destination:
        fix["destination"] = want.destination
    if dict(hook.headers or {}) != dict(want.headers):
        fix["headers"] = dict(want.headers)
    if hook.is_active is not True:
        fix["is_active"] = True
    return fix


def plan_hooks(existing: Iterable[Hook], desired: Sequence[DesiredHook], instance: str) -> HookPlan:
    """Decide creates, fixes and deletions of our hooks; count and skip everyone else's."""
    plan = HookPlan()
    wanted = {hook.scope: hook for hook in desired}
    kept: set[str] = set()
    for hook in sorted(existing, key=lambda h: h.id):
        if not is_ours(hook, instance):
            plan.foreign += 1
            continue
        scope = hook.scope
        plan.scopes[hook.id] = scope
        if scope not in wanted or scope in kept:
            plan.delete.append(hook.id)  # stale scope, or a duplicate of ours
            continue
        kept.add(scope)
        fix = _difference(hook, wanted[scope])
        if fix:
            plan.update.append((hook.id, fix))
            if "is_active" in fix:
                plan.reactivate.append(hook)
        else:
            plan.unchanged += 1
    plan.create = [hook for scope, hook in wanted.items() if scope not in kept]
    return plan

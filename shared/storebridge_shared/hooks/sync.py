"""Apply hook plans to the configured stores through the BigCommerce client (`storebridge hooks
sync`, the ingress at start-up and the janitor's periodic reconcile all call this)."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field

from storebridge_shared.bigcommerce import (
    ApiMetrics,
    BigCommerceClient,
    BigCommerceError,
    resources,
)
from storebridge_shared.bigcommerce.models import Hook
from storebridge_shared.hooks.plan import HookPlan, desired_hooks, plan_hooks
from storebridge_shared.settings import HookTargetSettings, StoreCredentials


@dataclass
class StoreHookReport:
    """What reconciling one store did (or would do, on a dry run)."""

    store: StoreCredentials
    plan: HookPlan
    errors: list[str] = field(default_factory=list)
    reactivated: list[Hook] = field(default_factory=list)
    """Our inactive hooks this run made active again."""

    def line(self, dry_run: bool) -> str:
        """One line for people."""
        prefix = "would have: " if dry_run and self.plan.changes else ""
        errors = f"; {len(self.errors)} failed: {'; '.join(self.errors)}" if self.errors else ""
        store = f"store {self.store.name} ({self.store.store_hash})"
        return f"{store}: {prefix}{self.plan.summary()}{errors}"


async def sync_store_hooks(
    bc: BigCommerceClient, settings: HookTargetSettings, *, dry_run: bool = False
) -> StoreHookReport:
    """Reconcile one store's hooks; failures of single writes are reported, not raised.

    Nothing is logged here: the caller tells the report once (the CLI prints it, the ingress
    logs `hooks_synced`, the janitor's reconcile logs it when something changed)."""
    if settings.webhook_secret is None:
        raise ValueError("WEBHOOK_SECRET is needed to reconcile hooks")
    desired = desired_hooks(
        settings.app_url,
        settings.webhook_secret.get_secret_value(),
        settings.broker_namespace,
        catalog_source=settings.is_catalog_source(bc.store),
        inventory=settings.needs_stock_hooks(),
        channels=settings.catalog_channel_ids(),
    )
    plan = plan_hooks(await resources.list_hooks(bc), desired, settings.broker_namespace)
    report = StoreHookReport(bc.store, plan)
    if dry_run:
        return report
    for hook in plan.create:
        await _write(
            report,
            f"create {hook.scope}",
            resources.create_hook(bc, hook.scope, hook.destination, headers=hook.headers),
        )
    reviving = {hook.id: hook for hook in plan.reactivate}
    for hook_id, fix in plan.update:
        done = await _write(report, f"update {hook_id}", resources.update_hook(bc, hook_id, fix))
        if done and hook_id in reviving:
            report.reactivated.append(reviving[hook_id])
    for hook_id in plan.delete:
        await _write(report, f"delete {hook_id}", resources.delete_hook(bc, hook_id))
    return report


async def _write(report: StoreHookReport, what: str, call: Awaitable[object]) -> bool:
    try:
        await call
    except BigCommerceError as error:
        report.errors.append(f"{what}: {error}")
        return False
    return True


async def sync_all_hooks(
    settings: HookTargetSettings, *, dry_run: bool = False, api_metrics: ApiMetrics | None = None
) -> list[StoreHookReport]:
    """Reconcile the hooks of every configured store (`api_metrics` counts the calls)."""
    reports = []
    for store in settings.stores():
        client = BigCommerceClient(store, api_url=settings.bigcommerce_api_url, metrics=api_metrics)
        async with client as bc:
            reports.append(await sync_store_hooks(bc, settings, dry_run=dry_run))
    return reports

"""The janitor's hook reconcile: `storebridge hooks sync` on every store, alerting on revivals.

BigCommerce deactivates a hook after its last failed retry (about 48 h) or 90 days of inactivity,
and then sends nothing. Reconciling with the same code as `storebridge hooks sync` re-activates
our hooks (never anyone else's), recreates missing ones and fixes their destination and headers.
Each re-activated hook raises an alert and its delivery-exception notices are forgotten, so the
next episode alerts again. Events BigCommerce did not send meanwhile are caught by the
catalog reconcile pass and the order poll.
"""

from __future__ import annotations

import time

import structlog

from storebridge_janitor.metrics import JanitorMetrics
from storebridge_janitor.stuck import Alert
from storebridge_shared.bigcommerce import ApiMetrics
from storebridge_shared.hooks.sync import sync_all_hooks
from storebridge_shared.settings import HookTargetSettings
from storebridge_shared.store.hook_notices import HookNotices

log = structlog.get_logger(__name__)


class HookReconcile:
    """Reconciles our hooks on every configured store."""

    def __init__(
        self,
        settings: HookTargetSettings,
        notices: HookNotices,
        alerter: Alert,
        metrics: JanitorMetrics,
        api_metrics: ApiMetrics | None = None,
    ) -> None:
        self._settings = settings
        self._notices = notices
        self._alerter = alerter
        self._metrics = metrics
        self._api_metrics = api_metrics

    async def reconcile(self) -> int:
        """Reconcile every store's hooks; return how many were re-activated."""
        revived = 0
        for report in await sync_all_hooks(self._settings, api_metrics=self._api_metrics):
            self._metrics.hook_write_failures.inc(len(report.errors))
            if report.plan.changes:
                store, summary = report.store.name, report.plan.summary()
                log.info("hooks_synced", store=store, summary=summary, errors=report.errors)
            if report.errors:
                log.warning("hook_reconcile_writes_failed", errors=report.errors)
            for hook in report.reactivated:
                store_hash = report.store.store_hash
                await self._alerter.alert(
                    "hook_reactivated",
                    f"hook {hook.id} ({hook.scope}) of store {store_hash} was inactive; "
                    "re-activated it (events meanwhile are caught by the reconcile pass and poll)",
                    store_hash=store_hash,
                    hook_id=hook.id,
                    scope=hook.scope,
                )
                await self._notices.forget(store_hash, hook.id)
                revived += 1
        self._metrics.hooks_reactivated.inc(revived)
        self._metrics.last_hook_reconcile.set(time.time())
        return revived


def can_reconcile(settings: HookTargetSettings) -> str | None:
    """None when hooks can be reconciled with these settings, else why not."""
    if settings.webhook_secret is None:
        return "WEBHOOK_SECRET is not set"
    if not settings.stores():
        return "no store has a hash and an access token"
    return None

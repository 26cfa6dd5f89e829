"""Take one `store/hook/deliveryException` notice: check it, record it once, alert the first time.

Knows nothing of aiohttp or PyMongo: the ledger and the alert are ports. A notice is not an event:
nothing goes to the event log or the broker. The janitor's hook reconcile re-activates a disabled
hook; this only makes sure someone hears of it at once, once per hook and error code.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Protocol

from storebridge_ingress.intake import StorageUnavailable, check_store, parse_webhook
from storebridge_shared.events.scopes import HOOK_EXCEPTION_SCOPE
from storebridge_shared.events.webhooks import WebhookRejected
from storebridge_shared.hooks.notices import HookNotice, NotANotice


class NoticeLedger(Protocol):
    """Notices already alerted."""

    async def first_time(self, notice: HookNotice) -> bool:
        """Record the notice; True when it is the first of its store, hook and code."""


class Alert(Protocol):
    """Raise an alert (never raises)."""

    async def __call__(self, kind: str, message: str, **context: Any) -> None:
        """Send it."""


def parse_notice(body: bytes, configured_stores: Collection[str]) -> HookNotice:
    """The notice in a delivery body; raise WebhookRejected (400/403/422) with a reason."""
    delivery = parse_webhook(body)
    if delivery.scope != HOOK_EXCEPTION_SCOPE:
        raise WebhookRejected(422, f"scope {delivery.scope!r} is not {HOOK_EXCEPTION_SCOPE}")
    check_store(delivery, configured_stores)
    try:
        return HookNotice.of(delivery.store_hash, delivery.data)
    except NotANotice as error:
        raise WebhookRejected(400, str(error)) from None


async def take_notice(notice: HookNotice, *, ledger: NoticeLedger, alert: Alert) -> bool:
    """Record the notice and alert if it is the first of its kind; True when it alerted."""
    try:
        first = await ledger.first_time(notice)
    except Exception as error:
        raise StorageUnavailable(str(error)) from error
    if first:
        await alert(
            "hook_delivery_exception",
            f"hook {notice.hook_id} of store {notice.store_hash}: {notice.meaning}",
            store_hash=notice.store_hash,
            hook_id=notice.hook_id,
            error_code=notice.error_code,
            bigcommerce_message=notice.message,
        )
    return first

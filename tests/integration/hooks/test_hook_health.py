"""Hooks never die silently, end to end against the sandbox: a hook of ours failing every retry
is deactivated by BigCommerce; its `store/hook/deliveryException` notices reach the ingress, which
alerts once per hook and error code; the janitor's hook reconcile (the code of `storebridge hooks
sync`) re-activates it, alerts, never touches another app's hook, and events flow again."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry

from storebridge_janitor.app import open_janitor
from storebridge_janitor.settings import JanitorSettings
from storebridge_sandbox.config import SandboxConfig, StoreConfig, TokenConfig
from storebridge_sandbox.testing import running_sandbox
from storebridge_shared.events.scopes import HOOK_EXCEPTION_SCOPE
from storebridge_shared.hooks.sync import sync_all_hooks
from tests.integration.janitor.conftest import FAST
from tests.support.alerts import alert_receiver
from tests.support.ingress import STORE_A, STORE_B, webhook
from tests.support.mongo import uri_with_database
from tests.support.settings import settings_of
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

STORES = [
    StoreConfig(
        store_hash=STORE_A, tokens=[TokenConfig(token="tok-a"), TokenConfig(token="other")]
    ),
    StoreConfig.from_spec(f"{STORE_B}:tok-b"),
]
FAILING_SCOPE = "store/category/updated"


def hooks_settings(sandbox_url: str, ingress) -> dict:
    """Where our hooks point (the running ingress) and on which stores (the sandbox)."""
    return {
        "bigcommerce_api_url": sandbox_url,
        "app_url": str(ingress.http.base_url),
        "webhook_secret": ingress.settings.webhook_secret,
        "broker_namespace": ingress.settings.broker_namespace,
        "store_a_hash": STORE_A,
        "store_a_access_token": "tok-a",
        "store_b_hash": STORE_B,
        "store_b_access_token": "tok-b",
    }


async def hook_status(api) -> dict[int, str]:
    body = (await api.get("/v3/hooks/admin")).json()["data"]
    return {hook["id"]: hook["status"] for hook in body["hooks_list"]}


async def test_given_a_hook_deactivated_after_its_last_retry_when_the_janitor_reconciles_then_it_is_active_again_and_alerted_once(
    ingress_factory, mongodb_uri, database_name, amqp_url, db
):
    sandbox_config = SandboxConfig(
        stores=STORES, webhook_time_compression=1_000_000, blocklist_time_compression=1
    )
    async with (
        alert_receiver() as (alert_url, alerts),
        running_sandbox(sandbox_config) as sandbox,
        ingress_factory(bigcommerce_api_url=sandbox.url, alert_webhook_url=alert_url) as ingress,
        sandbox.api_client(STORE_A) as api,
    ):
        hooks = hooks_settings(sandbox.url, ingress)
        await sync_all_hooks(settings_of(JanitorSettings, **hooks))
        ours = {h["scope"]: h for h in (await api.get("/v3/hooks")).json()["data"]}
        failing = ours[FAILING_SCOPE]
        # The hook's secret goes stale: the ingress answers 401 to every retry of its deliveries.
        stale = {**failing["headers"], "X-Storebridge-Secret": "stale"}
        await api.put(f"/v3/hooks/{failing['id']}", json={"headers": stale})
        other_apps = {**sandbox.auth_headers(STORE_A), "X-Auth-Token": "other"}
        foreign = (
            await api.post(
                "/v3/hooks",
                headers=other_apps,
                json={"scope": FAILING_SCOPE, "destination": "http://127.0.0.1:9/x"},
            )
        ).json()["data"]
        await api.put(f"/v3/hooks/{foreign['id']}", headers=other_apps, json={"is_active": False})

        await api.put("/v3/catalog/categories/18", json={"sort_order": 9})

        async def deactivated() -> bool:
            return (await hook_status(api))[failing["id"]] == "deactivated"

        await wait_until(deactivated, timeout=30)
        notices = await sandbox.wait_for_deliveries(
            2, STORE_A, scope=HOOK_EXCEPTION_SCOPE, outcome="delivered", timeout=15
        )
        again = webhook(HOOK_EXCEPTION_SCOPE, store=STORE_A, error_code=90001, message="again")
        again["data"] |= {"type": "webhook", "id": failing["id"]}
        repeated = await ingress.post(again, path="/webhooks/hooks/deliveryException")
        ingress_alerts = [a for a in alerts if a["alert"] == "hook_delivery_exception"]

        settings = settings_of(
            JanitorSettings,
            **hooks,
            mongodb_uri=uri_with_database(mongodb_uri, database_name),
            amqp_url=amqp_url,
            alert_webhook_url=alert_url,
            ops_port=0,
        )
        registry = CollectorRegistry()
        async with open_janitor(settings, config=FAST, registry=registry) as running:
            report = await running.janitor.run_pass()
            second = await running.janitor.run_pass()  # not due again within the period
        status = await hook_status(api)
        foreign_after = (await api.get(f"/v3/hooks/{foreign['id']}", headers=other_apps)).json()

        await api.put("/v3/catalog/categories/18", json={"sort_order": 10})

        async def delivered_again() -> bool:
            return await db.events.count_documents({"scope": FAILING_SCOPE}) >= 1

        await wait_until(delivered_again, timeout=15)

    assert {n["payload"]["data"]["error_code"] for n in notices} == {90001, 90002}
    assert (repeated.status_code, repeated.json()["alerted"]) == (200, False)
    assert sorted(a["context"]["error_code"] for a in ingress_alerts) == ["90001", "90002"]
    assert {a["context"]["hook_id"] for a in ingress_alerts} == {str(failing["id"])}
    assert (report.hooks_reactivated, second.hooks_reactivated) == (1, None)
    janitor_alerts = [a for a in alerts if a["alert"] == "hook_reactivated"]
    assert [a["context"]["hook_id"] for a in janitor_alerts] == [str(failing["id"])]
    assert status[failing["id"]] == "active"
    assert foreign_after["data"]["is_active"] is False
    assert registry.get_sample_value("storebridge_janitor_hooks_reactivated_total") == 1
    puts = {"store": STORE_A, "method": "PUT", "status": "200"}  # the re-activation, counted
    assert registry.get_sample_value("storebridge_bigcommerce_requests_total", puts) >= 1
    assert await db.hook_notices.count_documents({"hook_id": failing["id"]}) == 0

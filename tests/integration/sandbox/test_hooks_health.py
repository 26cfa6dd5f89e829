"""Hooks health: `/v3/hooks/admin`, `store/hook/deliveryException`, deactivation after the last
retry, and the blocklist of failing destination domains."""

from __future__ import annotations

from storebridge_sandbox.testing import wait_until

STORE = "abc123"
EXCEPTION = "store/hook/deliveryException"


async def _admin(api, **params):
    response = await api.get("/v3/hooks/admin", params=params)
    assert response.status_code == 200
    return response.json()


async def test_given_hooks_when_admin_is_read_then_emails_hooks_with_status_and_no_blocks(
    api, receiver, subscribe
):
    on = await subscribe(api, "store/order/created", receiver.url)
    off = await subscribe(api, "store/order/updated", receiver.url, is_active=False)
    put = await api.put("/v3/hooks/admin", json={"emails": ["ops@example.com"]})
    body = await _admin(api)
    active_only = await _admin(api, is_active="true")
    assert put.status_code == 204
    assert body["data"]["emails"] == ["ops@example.com"]
    assert {h["id"]: h["status"] for h in body["data"]["hooks_list"]} == {
        on["id"]: "active",
        off["id"]: "inactive",
    }
    assert body["data"]["blocked_domains"] == []
    assert body["meta"]["pagination"]["total"] == 2
    assert [h["id"] for h in active_only["data"]["hooks_list"]] == [on["id"]]


async def test_given_bad_emails_when_put_then_422_and_another_client_sees_its_own(
    sandbox, api, subscribe, receiver
):
    await subscribe(api, "store/order/created", receiver.url)
    bad = [{"emails": "ops@example.com"}, {"emails": ["not-an-email"]}, {"emails": [3]}, [1]]
    for body in bad:
        assert (await api.put("/v3/hooks/admin", json=body)).status_code == 422, body
    other = {**sandbox.auth_headers(STORE), "X-Auth-Token": "other-app-token"}
    theirs = (await api.get("/v3/hooks/admin", headers=other)).json()["data"]
    assert theirs == {"emails": [], "hooks_list": [], "blocked_domains": []}


async def test_given_exception_hooks_when_created_then_one_per_client_at_its_own_destination(
    api, receiver, subscribe, watcher
):
    url = watcher.url + "/exceptions"
    await subscribe(api, "store/order/created", receiver.url)
    await subscribe(api, EXCEPTION, url)
    second = await api.post("/v3/hooks", json={"scope": EXCEPTION, "destination": url + "/2"})
    shared = await api.post("/v3/hooks", json={"scope": "store/order/updated", "destination": url})
    assert second.status_code == 409
    assert shared.status_code == 422
    assert "destination" in shared.json()["errors"]


async def test_given_a_hook_failing_every_retry_when_delivering_then_exceptions_and_deactivated(
    make_sandbox, receiver, subscribe, watcher
):
    url, notices = watcher.url + "/exceptions", watcher.bodies
    receiver.statuses = [500] * 12
    config = {"webhook_time_compression": 1000000, "blocklist_time_compression": 1}
    async with make_sandbox(**config) as sandbox, sandbox.api_client(STORE) as api:
        hook = await subscribe(api, "store/category/updated", receiver.url)
        await subscribe(api, EXCEPTION, url)
        await api.put("/v3/catalog/categories/18", json={"sort_order": 9})
        await wait_until(lambda: len(notices()) == 2, timeout=10)
        status = {h["id"]: h["status"] for h in (await _admin(api))["data"]["hooks_list"]}
        await api.put(f"/v3/hooks/{hook['id']}", json={"is_active": True})
        again = {h["id"]: h["status"] for h in (await _admin(api))["data"]["hooks_list"]}
    assert [n["data"]["error_code"] for n in notices()] == [90001, 90002]
    assert all(n["scope"] == EXCEPTION and n["data"]["id"] == hook["id"] for n in notices())
    assert notices()[0]["data"]["type"] == "webhook"
    assert "will retry" in notices()[0]["data"]["message"]
    assert (status[hook["id"]], again[hook["id"]]) == ("deactivated", "active")
    assert len(receiver.requests) == 12


async def test_given_a_domain_failing_100_requests_when_more_events_come_then_it_is_blocked(
    make_sandbox, receiver, subscribe, watcher
):
    url, notices = watcher.url + "/exceptions", watcher.bodies
    receiver.statuses = [500] * 100
    config = {
        "webhook_time_compression": 1,
        "blocklist_time_compression": 30,
        "rate_limit_quota": 100000,
    }
    async with make_sandbox(**config) as sandbox, sandbox.api_client(STORE) as api:
        hooks = [
            await subscribe(api, "store/product/updated", f"{receiver.url}/h{n}") for n in range(10)
        ]
        await subscribe(api, EXCEPTION, url)
        for price in range(10):
            await sandbox.update_product(78, {"price": 10 + price}, STORE)
        await sandbox.wait_for_deliveries(100, STORE, outcome="failed", timeout=10)
        blocked = (await _admin(api))["data"]["blocked_domains"]
        await sandbox.update_product(78, {"price": 99}, STORE)
        deferred = await sandbox.wait_for_deliveries(10, STORE, outcome="deferred")
        await wait_until(lambda: sum(n["data"]["error_code"] == 90003 for n in notices()) == 10)
        sent_while_blocked = len(receiver.requests)

        async def unblocked() -> bool:
            return (await _admin(api))["data"]["blocked_domains"] == []

        await wait_until(unblocked, timeout=20)
        await sandbox.update_product(78, {"price": 100}, STORE)
        delivered = await sandbox.wait_for_deliveries(
            10, STORE, outcome="delivered", scope="store/product/updated"
        )
    [domain] = blocked
    assert domain["destination"] == receiver.url
    assert 0 < domain["time_left"] <= 180
    assert domain["reasons"] == [
        {
            "failure_description": "HTTP 500",
            "count": 100,
            "timestamp": domain["reasons"][0]["timestamp"],
        }
    ]
    assert sent_while_blocked == 100
    assert {d["hook_id"] for d in deferred} == {h["id"] for h in hooks}
    assert {d["hook_id"] for d in delivered} == {h["id"] for h in hooks}
    blocked_notice = next(n for n in notices() if n["data"]["error_code"] == 90003)
    assert "temporarily blocked" in blocked_notice["data"]["message"]


async def test_given_90_percent_success_over_100_requests_when_counted_then_no_block(
    make_sandbox, receiver, subscribe
):
    receiver.statuses = [500] * 10
    config = {"webhook_time_compression": 1, "blocklist_time_compression": 30}
    async with make_sandbox(**config) as sandbox, sandbox.api_client(STORE) as api:
        for n in range(10):
            await subscribe(api, "store/product/updated", f"{receiver.url}/h{n}")
        for price in range(10):
            await sandbox.update_product(78, {"price": 10 + price}, STORE)
        await sandbox.wait_for_deliveries(90, STORE, outcome="delivered", timeout=10)
        await sandbox.wait_for_deliveries(10, STORE, outcome="failed")
        blocked = (await _admin(api))["data"]["blocked_domains"]
    assert blocked == []

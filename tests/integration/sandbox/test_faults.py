"""Injected faults, set at run time through the admin API."""

from __future__ import annotations

import time

STORE = "abc123"


async def test_given_a_path_failure_with_a_count_when_calling_then_it_fails_that_many_times(
    sandbox, api
):
    failure = {"path": "/v3/catalog/products*", "method": "GET", "status": 503, "count": 2}
    await sandbox.set_faults(STORE, failures=[failure])
    statuses = [(await api.get("/v3/catalog/products")).status_code for _ in range(3)]
    other = await api.get("/v3/catalog/brands")
    assert statuses == [503, 503, 200]
    assert other.status_code == 200


async def test_given_a_v2_path_failure_when_calling_then_the_error_is_in_v2_shape(sandbox, api):
    await sandbox.set_faults(STORE, failures=[{"path": "/v2/orders", "status": 500}])
    response = await api.get("/v2/orders")
    assert response.status_code == 500
    assert response.json()[0]["status"] == 500
    assert "X-Rate-Limit-Requests-Left" in response.headers


async def test_given_an_error_rate_of_one_when_calling_then_every_call_gets_a_5xx(sandbox, api):
    await sandbox.set_faults(STORE, error_rate=1.0, error_statuses=[502])
    statuses = {(await api.get("/v3/catalog/brands")).status_code for _ in range(5)}
    await sandbox.set_faults(STORE)
    assert statuses == {502}
    assert (await api.get("/v3/catalog/brands")).status_code == 200


async def test_given_latency_when_calling_then_the_answer_is_delayed(sandbox, api):
    await sandbox.set_faults(STORE, latency_ms=150)
    started = time.monotonic()
    response = await api.get("/v3/catalog/brands")
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.15


async def test_given_a_timeout_when_calling_then_the_call_hangs_then_504(sandbox, api):
    await sandbox.set_faults(STORE, timeout_s=0.2)
    started = time.monotonic()
    response = await api.get("/v3/catalog/brands")
    assert response.status_code == 504
    assert time.monotonic() - started >= 0.2


async def test_given_an_invalid_fault_set_when_put_then_422(sandbox):
    response = await sandbox.admin.put(f"/_sandbox/stores/{STORE}/faults", json={"error_rate": 2})
    assert response.status_code == 422


async def test_given_dropped_deliveries_when_events_happen_then_the_next_ones_are_lost(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/product/updated", receiver.url)
    await sandbox.set_faults(STORE, webhook_drop_next=1)
    await api.put("/v3/catalog/products/78", json={"price": 1})
    await api.put("/v3/catalog/products/78", json={"price": 2})
    await sandbox.wait_for_deliveries(1, STORE, outcome="delivered")
    outcomes = [d["outcome"] for d in await sandbox.deliveries(STORE)]
    assert sorted(outcomes) == ["delivered", "dropped"]
    assert len(receiver.requests) == 1


async def test_given_delayed_deliveries_when_an_event_happens_then_it_arrives_late(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/product/updated", receiver.url)
    await sandbox.set_faults(STORE, webhook_delay_ms=200)
    started = time.monotonic()
    response = await api.put("/v3/catalog/products/78", json={"price": 1})
    answered = time.monotonic() - started
    await sandbox.wait_for_deliveries(1, STORE, outcome="delivered")
    assert answered < 0.2
    assert time.monotonic() - started >= 0.2
    assert response.status_code == 200

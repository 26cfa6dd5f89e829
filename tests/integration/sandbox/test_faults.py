"""Injected faults, set at run time through the admin API."""

from __future__ import annotations

import asyncio
import re
import time

import httpx
import pytest

from storebridge_sandbox.testing import wait_until

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
    await sandbox.set_faults(STORE, webhook_delay_ms=1000)
    started = time.monotonic()
    response = await api.put("/v3/catalog/products/78", json={"price": 1})
    assert response.status_code == 200
    assert receiver.requests == [], "the API answered before the delayed delivery"
    await sandbox.wait_for_deliveries(1, STORE, outcome="delivered")
    assert time.monotonic() - started >= 1.0
    assert len(receiver.requests) == 1


async def test_given_a_failure_with_headers_when_calling_then_they_override_the_quota_headers(
    sandbox, api
):
    headers = {"X-Retry-After": "7", "X-Rate-Limit-Time-Reset-Ms": "20"}
    failure = {"path": "/v3/catalog/brands", "status": 429, "count": 1, "headers": headers}
    await sandbox.set_faults(STORE, failures=[failure])
    response = await api.get("/v3/catalog/brands")
    assert response.status_code == 429
    assert response.headers["X-Retry-After"] == "7"
    assert response.headers["X-Rate-Limit-Time-Reset-Ms"] == "20"
    assert response.headers["X-Rate-Limit-Requests-Quota"] == "150"
    assert response.json()["status"] == 429


async def test_given_a_failure_without_rate_limit_headers_when_calling_then_none_are_sent(
    sandbox, api
):
    failure = {"path": "/v3/catalog/brands", "status": 429, "rate_limit_headers": False}
    await sandbox.set_faults(STORE, failures=[failure])
    response = await api.get("/v3/catalog/brands")
    assert response.status_code == 429
    assert not [name for name in response.headers if name.lower().startswith("x-rate-limit")]


async def test_given_a_failure_with_a_json_body_when_calling_then_that_body_is_answered(
    sandbox, api
):
    body = {"status": 503, "title": "Maintenance"}
    await sandbox.set_faults(STORE, failures=[{"path": "/v2/orders", "status": 503, "body": body}])
    response = await api.get("/v2/orders")
    assert (response.status_code, response.json()) == (503, body)


async def test_given_a_failure_with_an_html_page_when_calling_then_the_page_is_answered(
    sandbox, api
):
    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    failure = {"path": "/v3/*", "status": 502, "body": page, "content_type": "text/html"}
    await sandbox.set_faults(STORE, failures=[failure])
    response = await api.get("/v3/catalog/brands")
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text == page


async def test_given_a_delay_on_one_path_when_calling_then_only_it_is_slow_and_still_handled(
    sandbox, api
):
    delay = {"path": "/v3/catalog/brands", "method": "POST", "delay_ms": 2000, "count": 1}
    await sandbox.set_faults(STORE, delays=[delay])
    started = time.monotonic()
    creating = asyncio.create_task(api.post("/v3/catalog/brands", json={"name": "Slow Brand"}))
    other = await api.get("/v3/catalog/brands")
    assert other.status_code == 200 and not creating.done(), "only the delayed call waits"
    assert "Slow Brand" not in [b["name"] for b in other.json()["data"]], "held before handling"
    created = await creating
    assert (created.status_code, time.monotonic() - started >= 2.0) == (200, True)
    listed = await api.get("/v3/catalog/brands", params={"name": "Slow Brand"})
    assert [b["id"] for b in listed.json()["data"]] == [created.json()["data"]["id"]]
    assert (await sandbox.set_faults(STORE))["delays"] == []


async def test_given_a_partial_when_creating_then_207_with_errors_and_the_resource_exists(
    sandbox, api
):
    partial = {"path": "/v3/catalog/brands", "method": "POST", "count": 1, "errors": {"x": "y"}}
    await sandbox.set_faults(STORE, partials=[partial])
    response = await api.post("/v3/catalog/brands", json={"name": "Half Brand"})
    again = await api.post("/v3/catalog/brands", json={"name": "Whole Brand"})
    assert response.status_code == 207
    assert response.json()["errors"] == {"x": "y"}
    found = await api.get(f"/v3/catalog/brands/{response.json()['data']['id']}")
    assert found.json()["data"]["name"] == "Half Brand"
    assert again.status_code == 200


async def test_given_api_calls_when_reading_the_journal_then_each_request_is_there(sandbox, api):
    await api.get("/v3/catalog/products", params={"sku": "A+B/ü"})
    await api.put("/v2/orders/100", json={"status_id": 9}, headers={"X-Auth-Client": "c1"})
    journal = await sandbox.requests(STORE)
    put = await sandbox.requests(STORE, method="PUT", path="/v2/orders/100")
    await sandbox.clear_stats(STORE)
    assert [(r["method"], r["path"]) for r in journal] == [
        ("GET", "/v3/catalog/products"),
        ("PUT", "/v2/orders/100"),
    ]
    assert journal[0]["query"] == {"sku": "A+B/ü"}
    assert put[0]["body"] == {"status_id": 9}
    assert put[0]["headers"]["X-Auth-Client"] == "c1"
    assert await sandbox.requests(STORE) == []


async def test_given_concurrent_slow_calls_when_reading_stats_then_peak_concurrency_counts_them(
    sandbox, api
):
    await sandbox.set_faults(STORE, latency_ms=50)
    await asyncio.gather(*(api.get("/v3/catalog/brands") for _ in range(4)))
    assert (await sandbox.stats(STORE))["peak_concurrency"] == 4


async def test_given_a_short_window_when_limited_then_retry_after_keeps_milliseconds(
    make_sandbox,
):
    async with (
        make_sandbox(rate_limit_quota=2, rate_limit_window_ms=900) as sandbox,
        sandbox.api_client(STORE) as api,
    ):
        # Calls until the first 429: on a loaded machine a window may pass between two calls
        # (the exact values are unit-tested on a clock: tests/unit/sandbox/test_ratelimit.py).
        answers = [await api.get("/v3/catalog/brands")]
        while answers[-1].status_code != 429 and len(answers) < 30:
            answers.append(await api.get("/v3/catalog/brands"))
    limited = answers[-1]
    assert limited.status_code == 429
    assert {r.status_code for r in answers[:-1]} == {200}
    retry_after = limited.headers["X-Retry-After"]
    assert re.fullmatch(r"0\.\d{3}", retry_after) and 0 < float(retry_after) <= 0.9


async def test_given_hold_then_apply_when_the_client_gives_up_then_the_old_write_lands_last(
    sandbox, api
):
    hold = {"path": "/v3/catalog/products/78", "method": "PUT", "count": 1}
    timing = {"hold_ms": 300, "apply_after_ms": 1500}
    await sandbox.set_faults(STORE, hold_then_apply=[{**hold, **timing}])
    with pytest.raises(httpx.ReadTimeout):
        await api.put("/v3/catalog/products/78", json={"price": 11.0}, timeout=0.1)
    newer = await api.put("/v3/catalog/products/78", json={"price": 22.0})
    assert newer.json()["data"]["price"] == 22.0

    async def applied() -> bool:
        return len((await sandbox.stats(STORE))["late_writes"]) == 1

    await wait_until(applied)
    stats = await sandbox.stats(STORE)
    product = (await api.get("/v3/catalog/products/78")).json()["data"]
    assert product["price"] == 11.0
    assert stats["late_writes"][0]["path"] == "/v3/catalog/products/78"
    assert stats["late_writes"][0]["status"] == 200
    assert stats["pending_late_writes"] == 0


async def test_given_hold_then_apply_when_the_client_waits_then_the_connection_is_reset(
    sandbox, api
):
    hold = {"path": "/v3/catalog/brands", "method": "POST", "hold_ms": 50, "apply_after_ms": 0}
    await sandbox.set_faults(STORE, hold_then_apply=[hold])
    with pytest.raises(httpx.TransportError):
        await api.post("/v3/catalog/brands", json={"name": "Held Brand"})

    async def applied() -> bool:
        return len((await sandbox.stats(STORE))["late_writes"]) == 1

    await wait_until(applied)
    listed = await api.get("/v3/catalog/brands", params={"name": "Held Brand"})
    assert len(listed.json()["data"]) == 1

"""Slowing chosen calls: `pauses` hold a call until the test releases it, so data can change
*during* a client's poll; every per-path fault can also match on query values."""

from __future__ import annotations

import asyncio

STORE = "abc123"


async def _ids(api, **params):
    response = await api.get("/v2/orders", params=params)
    return [o["id"] for o in response.json()] if response.status_code == 200 else []


async def _poll_by_status(api, statuses):
    """A poll that lists the statuses one after another, as the backstop of issue 11 does."""
    return {status: await _ids(api, status_id=status) for status in statuses}


async def test_given_a_paused_listing_when_an_order_moves_meanwhile_then_the_poll_misses_it(
    sandbox, api
):
    pause = {"path": "/v2/orders", "method": "GET", "query": {"status_id": "11"}, "count": 1}
    await sandbox.set_faults(STORE, pauses=[pause])
    poll = asyncio.create_task(_poll_by_status(api, [7, 10, 11]))
    [held] = await sandbox.wait_for_paused(1, STORE)
    await sandbox.update_order_status(109, 10, STORE)
    assert await sandbox.release_paused(held["seq"], STORE) == 1
    seen = await poll
    assert held["query"] == {"status_id": "11"}
    assert 109 not in seen[10] + seen[11]
    assert 109 in await _ids(api, status_id=10)


async def test_given_a_paused_date_modified_page_when_an_order_changes_then_the_page_shifts(
    sandbox, api
):
    since = {"min_date_modified": "2025-01-01", "sort": "date_modified:asc", "limit": "3"}
    first = await _ids(api, **since, page=1)
    await sandbox.set_faults(STORE, pauses=[{"path": "/v2/orders", "query": {"page": "2"}}])
    second = asyncio.create_task(_ids(api, **since, page=2))
    await sandbox.wait_for_paused(1, STORE)
    await sandbox.update_order_status(first[0], 9, STORE)
    await sandbox.release_paused(store_hash=STORE)
    shifted = await second
    everything = await _ids(api, **{k: v for k, v in since.items() if k != "limit"})
    assert shifted == everything[3:6]
    assert everything[2] not in first + shifted
    assert everything[-1] == first[0]


async def test_given_a_pause_with_a_short_max_when_nobody_releases_then_the_call_goes_on(
    sandbox, api
):
    await sandbox.set_faults(STORE, pauses=[{"path": "/v3/catalog/brands", "max_ms": 50}])
    response = await api.get("/v3/catalog/brands")
    assert response.status_code == 200
    assert await sandbox.paused(STORE) == []


async def test_given_paused_calls_when_reset_then_they_are_released(sandbox, api):
    await sandbox.set_faults(STORE, pauses=[{"path": "/v3/catalog/brands"}])
    call = asyncio.create_task(api.get("/v3/catalog/brands"))
    await sandbox.wait_for_paused(1, STORE)
    await sandbox.reset(STORE)
    assert (await call).status_code == 200


async def test_given_a_failure_with_a_query_when_calling_then_only_matching_calls_fail(
    sandbox, api
):
    failure = {"path": "/v2/orders", "query": {"status_id": "7"}, "status": 503}
    await sandbox.set_faults(STORE, failures=[failure])
    failing = await api.get("/v2/orders", params={"status_id": 7})
    other = await api.get("/v2/orders", params={"status_id": 11})
    plain = await api.get("/v2/orders")
    assert (failing.status_code, other.status_code, plain.status_code) == (503, 200, 200)


async def test_given_a_bad_release_when_posted_then_422(sandbox):
    path = f"/_sandbox/stores/{STORE}/paused/release"
    response = await sandbox.admin.post(path, json={"seq": "first"})
    assert response.status_code == 422

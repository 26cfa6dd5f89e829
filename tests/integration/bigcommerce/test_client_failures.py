"""Retries, back-off and typed errors over real HTTP to the sandbox (injected or real faults)."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest

from storebridge_sandbox.errors import STATUS_DOCS
from storebridge_shared.bigcommerce import (
    BadRequest,
    BigCommerceClient,
    ClientConfig,
    Conflict,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    ServerError,
    TransientError,
    Unauthorized,
    ValidationFailed,
)
from storebridge_shared.testing.mongodb import free_port
from tests.integration.bigcommerce.conftest import FAST_RETRIES, store

HOOKS = "/v3/hooks"
HOOK = {"scope": "store/order/created", "destination": "https://h.example/a", "is_active": True}
MUG = {"name": "Mug", "type": "physical", "weight": 1, "price": 9.5}


def too_many(
    count: int, reset_ms: int | None = None, retry_after: str | None = None
) -> dict[str, Any]:
    """GET /v3/hooks answered 429 `count` times; without `reset_ms`, with no rate-limit headers
    at all (load across the platform)."""
    headers = {}
    if reset_ms is not None:
        headers = {"X-Rate-Limit-Requests-Left": "0", "X-Rate-Limit-Time-Reset-Ms": str(reset_ms)}
    if retry_after is not None:
        headers["X-Retry-After"] = retry_after
    return {
        "path": HOOKS,
        "method": "GET",
        "status": 429,
        "count": count,
        "headers": headers,
        "rate_limit_headers": reset_ms is not None,
    }


async def calls(sandbox: Any, method: str | None = None, path: str = HOOKS) -> int:
    """How many requests the sandbox received on `path`."""
    filters = {"path": path} | ({"method": method} if method else {})
    return len(await sandbox.requests(**filters))


async def test_given_a_429_with_reset_header_when_requested_then_waits_and_succeeds(
    sandbox, client_for
):
    async with sandbox.api_client() as raw:  # made before the client has heard of the quota
        hook = (await raw.post(HOOKS, json=HOOK)).json()["data"]
    await sandbox.set_faults(failures=[too_many(1, reset_ms=150)])
    async with client_for(sandbox) as bc:
        started = time.monotonic()
        assert [h["id"] for h in await bc.v3.get("/hooks")] == [hook["id"]]
        elapsed = time.monotonic() - started
        assert bc.stats.rate_limited == 1
    assert elapsed >= 0.15
    assert await calls(sandbox, "GET") == 2


async def test_given_a_429_with_a_longer_retry_after_when_requested_then_waits_the_longer(
    sandbox, client_for
):
    await sandbox.set_faults(failures=[too_many(1, reset_ms=20, retry_after="0.3")])
    async with client_for(sandbox) as bc:
        started = time.monotonic()
        await bc.v3.get("/hooks")
    assert time.monotonic() - started >= 0.3


async def test_given_a_429_without_headers_when_requested_then_backs_off_and_succeeds(
    sandbox, client_for
):
    await sandbox.set_faults(failures=[too_many(2)])
    async with client_for(sandbox) as bc:
        started = time.monotonic()
        await bc.v3.get("/hooks")
    assert time.monotonic() - started >= 0.02 + 0.04
    assert await calls(sandbox) == 3


async def test_given_a_storm_of_15_429s_with_short_windows_when_requested_then_waits_them_all_out(
    sandbox, client_for
):
    await sandbox.set_faults(failures=[too_many(15, reset_ms=5)])
    async with client_for(sandbox, retry=FAST_RETRIES) as bc:  # the default 300 s budget
        await bc.v3.get("/hooks")
        assert bc.stats.rate_limited == 15
    assert await calls(sandbox) == 16


async def test_given_only_429s_when_their_waits_pass_the_time_budget_then_raises_rate_limited(
    sandbox, client_for
):
    await sandbox.set_faults(failures=[too_many(4, reset_ms=300)])
    budget = replace(FAST_RETRIES, rate_limit_wait_s=0.45)  # one 0.3 s wait fits, two do not
    async with client_for(sandbox, retry=budget) as bc:
        with pytest.raises(RateLimited) as caught:
            await bc.v3.get("/hooks")
        assert bc.stats.rate_limited == 2
    assert caught.value.transient
    assert await calls(sandbox) == 2


@pytest.mark.parametrize("statuses", [[500], [502, 503], [504, 500, 503]])
async def test_given_5xx_then_success_when_getting_then_retries_and_succeeds(
    sandbox, client_for, statuses
):
    await sandbox.set_faults(
        failures=[{"path": HOOKS, "method": "GET", "status": s, "count": 1} for s in statuses]
    )
    async with client_for(sandbox) as bc:
        assert await bc.v3.get("/hooks") == []
        assert bc.stats.retries == len(statuses)


async def test_given_5xx_until_exhausted_when_getting_then_raises_a_transient_server_error(
    sandbox, client_for
):
    maintenance = {"path": HOOKS, "status": 503, "body": {"status": 503, "title": "Maintenance"}}
    await sandbox.set_faults(failures=[maintenance])
    async with client_for(sandbox) as bc:
        with pytest.raises(ServerError) as caught:
            await bc.v3.get("/hooks")
    error = caught.value
    assert (error.status, error.title, error.transient) == (503, "Maintenance", True)
    assert await calls(sandbox) == FAST_RETRIES.max_attempts


async def test_given_a_507_when_creating_then_raises_a_non_transient_server_error(
    sandbox, client_for
):
    products = "/v3/catalog/products"
    await sandbox.set_faults(failures=[{"path": products, "method": "POST", "status": 507}])
    async with client_for(sandbox) as bc:
        with pytest.raises(ServerError) as caught:
            await bc.v3.post("/catalog/products", MUG)
    assert not caught.value.transient
    assert await calls(sandbox, path=products) == 1


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, BadRequest),
        (401, Unauthorized),
        (403, Unauthorized),
        (404, NotFound),
        (409, Conflict),
        (413, PayloadTooLarge),
        (422, ValidationFailed),
    ],
)
async def test_given_a_4xx_when_requested_then_raises_its_type_without_retrying(
    sandbox, client_for, status, error_type
):
    path = "/v3/catalog/products/77"
    body = {"status": status, "title": "Nope", "type": "/api-docs", "errors": {"sku": "bad"}}
    await sandbox.set_faults(failures=[{"path": path, "status": status, "body": body}])
    async with client_for(sandbox) as bc:
        with pytest.raises(error_type) as caught:
            await bc.v3.put("/catalog/products/77", {"sku": "x"})
        assert bc.stats.retries == 0
    assert (caught.value.status, caught.value.errors, caught.value.transient) == (
        status,
        {"sku": "bad"},
        False,
    )
    assert await calls(sandbox, path=path) == 1


async def test_given_a_duplicate_sku_when_creating_then_raises_conflict_with_the_body(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        await bc.v3.post("/catalog/products", {**MUG, "sku": "SKU-1"})
        with pytest.raises(Conflict) as caught:
            await bc.v3.post("/catalog/products", {**MUG, "name": "Other", "sku": "SKU-1"})
    assert caught.value.title == "Sku SKU-1 is not unique"
    assert caught.value.errors == {"sku": "Sku SKU-1 is not unique"}
    assert caught.value.body == {
        "status": 409,
        "title": "Sku SKU-1 is not unique",
        "type": STATUS_DOCS,
        "errors": {"sku": "Sku SKU-1 is not unique"},
    }


async def test_given_missing_fields_when_creating_then_raises_validation_failed_with_fields(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        with pytest.raises(ValidationFailed) as caught:
            await bc.v3.post("/catalog/products", {"type": "physical", "weight": 1})
    assert set(caught.value.errors) == {"name", "price"}


async def test_given_a_v2_404_array_when_getting_an_order_then_raises_not_found(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        with pytest.raises(NotFound, match="not found") as caught:
            await bc.v2.get("/orders/9")
    assert isinstance(caught.value.body, list)
    assert caught.value.body[0]["status"] == 404


async def test_given_a_500_when_posting_then_does_not_retry(sandbox, client_for):
    await sandbox.set_faults(failures=[{"path": HOOKS, "method": "POST", "status": 500}])
    async with client_for(sandbox) as bc:
        with pytest.raises(ServerError):
            await bc.v3.post("/hooks", HOOK)
    assert await calls(sandbox) == 1


async def test_given_a_503_when_posting_then_retries_because_nothing_was_created(
    sandbox, client_for
):
    await sandbox.set_faults(
        failures=[{"path": HOOKS, "method": "POST", "status": 503, "count": 1}]
    )
    async with client_for(sandbox) as bc:
        created = await bc.v3.post("/hooks", HOOK)
        listed = await bc.v3.get("/hooks")
    assert created["scope"] == HOOK["scope"]
    assert [h["id"] for h in listed] == [created["id"]]
    assert await calls(sandbox, "POST") == 2


async def test_given_a_read_timeout_when_posting_then_raises_without_retrying(sandbox, client_for):
    await sandbox.set_faults(delays=[{"path": HOOKS, "method": "POST", "delay_ms": 300}])
    async with client_for(sandbox, read_timeout_s=0.05) as bc:
        with pytest.raises(TransientError, match="ReadTimeout"):
            await bc.v3.post("/hooks", HOOK)
    assert await calls(sandbox, "POST") == 1


async def test_given_a_read_timeout_when_getting_then_retries_and_succeeds(sandbox, client_for):
    await sandbox.set_faults(delays=[{"path": HOOKS, "method": "GET", "delay_ms": 300, "count": 1}])
    async with client_for(sandbox, read_timeout_s=0.05) as bc:
        hook = await bc.v3.post("/hooks", HOOK)
        assert [h["id"] for h in await bc.v3.get("/hooks")] == [hook["id"]]
    assert await calls(sandbox, "GET") == 2


async def test_given_a_500_then_404_when_deleting_then_treats_the_resource_as_gone(
    sandbox, client_for
):
    await sandbox.set_faults(failures=[{"path": "/v3/hooks/4", "status": 500, "count": 1}])
    async with client_for(sandbox) as bc:
        assert await bc.v3.delete("/hooks/4") is None
    assert await calls(sandbox, "DELETE", "/v3/hooks/4") == 2


async def test_given_nobody_listening_when_posting_then_retries_and_raises_transient():
    port = free_port()
    config = ClientConfig(retry=FAST_RETRIES)
    async with BigCommerceClient(store(), api_url=f"http://127.0.0.1:{port}", config=config) as bc:
        with pytest.raises(TransientError) as caught:
            await bc.v3.post("/hooks", {"scope": "s"})
        assert bc.stats.total == FAST_RETRIES.max_attempts
    assert caught.value.status == 0
    assert caught.value.transient

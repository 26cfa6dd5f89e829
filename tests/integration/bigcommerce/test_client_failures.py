"""Retries, back-off and typed errors over real HTTP."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest

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
from tests.integration.bigcommerce.conftest import FAST_RETRIES, store
from tests.integration.bigcommerce.fake_bigcommerce import Reply, ok

HOOKS = "/v3/hooks"
LIMIT_HEADERS = {
    "X-Rate-Limit-Requests-Left": "0",
    "X-Rate-Limit-Requests-Quota": "150",
    "X-Rate-Limit-Time-Window-Ms": "30000",
}


def too_many(reset_ms: int | None = None, retry_after: str | None = None) -> Reply:
    headers = dict(LIMIT_HEADERS) if reset_ms is not None else {}
    if reset_ms is not None:
        headers["X-Rate-Limit-Time-Reset-Ms"] = str(reset_ms)
    if retry_after is not None:
        headers["X-Retry-After"] = retry_after
    return Reply(429, {"status": 429, "title": "Too many requests"}, headers)


async def test_given_a_429_with_reset_header_when_requested_then_waits_and_succeeds(
    fake, client_for
):
    fake.script("GET", HOOKS, too_many(reset_ms=150), ok([{"id": 1}]))
    async with client_for(fake) as bc:
        started = time.monotonic()
        assert await bc.v3.get("/hooks") == [{"id": 1}]
        elapsed = time.monotonic() - started
        assert bc.stats.rate_limited == 1
    assert elapsed >= 0.15
    assert len(fake.calls()) == 2


async def test_given_a_429_with_a_longer_retry_after_when_requested_then_waits_the_longer(
    fake, client_for
):
    fake.script("GET", HOOKS, too_many(reset_ms=20, retry_after="0.3"), ok([]))
    async with client_for(fake) as bc:
        started = time.monotonic()
        await bc.v3.get("/hooks")
    assert time.monotonic() - started >= 0.3


async def test_given_a_429_without_headers_when_requested_then_backs_off_and_succeeds(
    fake, client_for
):
    fake.script("GET", HOOKS, too_many(), too_many(), ok([]))
    async with client_for(fake) as bc:
        started = time.monotonic()
        await bc.v3.get("/hooks")
    assert time.monotonic() - started >= 0.02 + 0.04
    assert len(fake.calls()) == 3


async def test_given_only_429s_when_requested_then_raises_rate_limited_after_the_bound(
    fake, client_for
):
    fake.script("GET", HOOKS, *[too_many(reset_ms=1)] * 4)
    async with client_for(fake, retry=replace(FAST_RETRIES, max_rate_limited=3)) as bc:
        with pytest.raises(RateLimited) as caught:
            await bc.v3.get("/hooks")
        assert bc.stats.rate_limited == 3
    assert caught.value.transient
    assert len(fake.calls()) == 3


@pytest.mark.parametrize("statuses", [[500], [502, 503], [504, 500, 503]])
async def test_given_5xx_then_success_when_getting_then_retries_and_succeeds(
    fake, client_for, statuses
):
    fake.script("GET", HOOKS, *[Reply(s, {"status": s, "title": "oops"}) for s in statuses], ok([]))
    async with client_for(fake) as bc:
        assert await bc.v3.get("/hooks") == []
        assert bc.stats.retries == len(statuses)


async def test_given_5xx_until_exhausted_when_getting_then_raises_a_transient_server_error(
    fake, client_for
):
    fake.script("GET", HOOKS, *[Reply(503, {"status": 503, "title": "Maintenance"})] * 10)
    async with client_for(fake) as bc:
        with pytest.raises(ServerError) as caught:
            await bc.v3.get("/hooks")
    error = caught.value
    assert (error.status, error.title, error.transient) == (503, "Maintenance", True)
    assert len(fake.calls()) == FAST_RETRIES.max_attempts


async def test_given_a_507_when_creating_then_raises_a_non_transient_server_error(fake, client_for):
    fake.script("POST", "/v3/catalog/products", Reply(507, {"status": 507, "title": "Plan limit"}))
    async with client_for(fake) as bc:
        with pytest.raises(ServerError) as caught:
            await bc.v3.post("/catalog/products", {"name": "x"})
    assert not caught.value.transient
    assert len(fake.calls()) == 1


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
    fake, client_for, status, error_type
):
    body = {"status": status, "title": "Nope", "type": "/api-docs", "errors": {"sku": "bad"}}
    fake.script("PUT", "/v3/catalog/products/1", Reply(status, body))
    async with client_for(fake) as bc:
        with pytest.raises(error_type) as caught:
            await bc.v3.put("/catalog/products/1", {"sku": "x"})
        assert bc.stats.retries == 0
    assert (caught.value.status, caught.value.errors, caught.value.transient) == (
        status,
        {"sku": "bad"},
        False,
    )
    assert len(fake.calls()) == 1


async def test_given_a_duplicate_sku_when_creating_then_raises_conflict_with_the_body(
    fake, client_for
):
    body = {
        "status": 409,
        "title": "The product sku is a duplicate",
        "type": "/t",
        "errors": {"sku": "Sku SKU-1 is not unique"},
    }
    fake.script("POST", "/v3/catalog/products", Reply(409, body))
    async with client_for(fake) as bc:
        with pytest.raises(Conflict) as caught:
            await bc.v3.post("/catalog/products", {"sku": "SKU-1"})
    assert caught.value.title == "The product sku is a duplicate"
    assert caught.value.errors == {"sku": "Sku SKU-1 is not unique"}
    assert caught.value.body == body


async def test_given_missing_fields_when_creating_then_raises_validation_failed_with_fields(
    fake, client_for
):
    body = {
        "status": 422,
        "title": "Missing Required Fields",
        "type": "/t",
        "errors": {"name": "Please provide a name.", "price": "Please provide a price."},
    }
    fake.script("POST", "/v3/catalog/products", Reply(422, body))
    async with client_for(fake) as bc:
        with pytest.raises(ValidationFailed) as caught:
            await bc.v3.post("/catalog/products", {})
    assert set(caught.value.errors) == {"name", "price"}


async def test_given_a_v2_404_array_when_getting_an_order_then_raises_not_found(fake, client_for):
    body = [{"status": 404, "message": "The requested resource was not found."}]
    fake.script("GET", "/v2/orders/9", Reply(404, body))
    async with client_for(fake) as bc:
        with pytest.raises(NotFound, match="requested resource was not found"):
            await bc.v2.get("/orders/9")


async def test_given_a_500_when_posting_then_does_not_retry(fake, client_for):
    fake.script("POST", "/v3/hooks", Reply(500), ok({"id": 1}))
    async with client_for(fake) as bc:
        with pytest.raises(ServerError):
            await bc.v3.post("/hooks", {"scope": "s"})
    assert len(fake.calls()) == 1


async def test_given_a_503_when_posting_then_retries_because_nothing_was_created(fake, client_for):
    fake.script("POST", "/v3/hooks", Reply(503), ok({"id": 1}))
    async with client_for(fake) as bc:
        assert await bc.v3.post("/hooks", {"scope": "s"}) == {"id": 1}
    assert len(fake.calls()) == 2


async def test_given_a_read_timeout_when_posting_then_raises_without_retrying(fake, client_for):
    fake.script("POST", "/v3/hooks", Reply(200, {"data": {}}, delay_s=0.3), ok({"id": 1}))
    async with client_for(fake, read_timeout_s=0.05) as bc:
        with pytest.raises(TransientError, match="ReadTimeout"):
            await bc.v3.post("/hooks", {"scope": "s"})
    assert len(fake.calls("POST")) == 1


async def test_given_a_read_timeout_when_getting_then_retries_and_succeeds(fake, client_for):
    fake.script("GET", HOOKS, Reply(200, {"data": []}, delay_s=0.3), ok([{"id": 2}]))
    async with client_for(fake, read_timeout_s=0.05) as bc:
        assert await bc.v3.get("/hooks") == [{"id": 2}]


async def test_given_a_500_then_404_when_deleting_then_treats_the_resource_as_gone(
    fake, client_for
):
    fake.script("DELETE", "/v3/hooks/4", Reply(500), Reply(404, {"status": 404, "title": "gone"}))
    async with client_for(fake) as bc:
        assert await bc.v3.delete("/hooks/4") is None


async def test_given_nobody_listening_when_posting_then_retries_and_raises_transient():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = ClientConfig(retry=FAST_RETRIES)
    async with BigCommerceClient(store(), api_url=f"http://127.0.0.1:{port}", config=config) as bc:
        with pytest.raises(TransientError) as caught:
            await bc.v3.post("/hooks", {"scope": "s"})
        assert bc.stats.total == FAST_RETRIES.max_attempts
    assert caught.value.status == 0
    assert caught.value.transient

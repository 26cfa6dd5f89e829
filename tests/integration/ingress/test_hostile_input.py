"""A client's input never produces a 5xx: 5xx means our own dependency is down (issue 14).

While MongoDB and the broker are up, every request, however hostile, is answered below 500; a
rejected one stores and publishes nothing; the ingress keeps serving afterwards. The fuzzed
requests go to /webhooks, the legacy paths and /webhooks/hooks/deliveryException.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings

from tests.support.fuzzing import FuzzedRequest, requests
from tests.support.hostile import HOSTILE_BODIES, HOSTILE_SECRETS
from tests.support.ingress import SECRET, RunningIngress
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

FUZZED_REQUESTS = 200


@dataclass
class Tally:
    """What the ingress answered so far, to check the event log and broker against."""

    stored: int = 0
    """Events and delivery-exception notices stored."""
    answers: dict[int, int] = field(default_factory=dict)


async def _send(ingress: RunningIngress, request: FuzzedRequest) -> int:
    response = await ingress.http.post(request.path, content=request.body, headers=request.headers)
    return response.status_code


def _shown(request: FuzzedRequest) -> str:
    return f"{request.path} {request.headers} {request.body[:300]!r}"


async def _check_one(ingress: RunningIngress, db, tally: Tally, request: FuzzedRequest) -> None:
    status = await _send(ingress, request)
    tally.answers[status] = tally.answers.get(status, 0) + 1
    assert status < 500, f"{status} for {_shown(request)}"
    stored = await db.events.count_documents({}) + await db.hook_notices.count_documents({})
    if status == 200:
        assert stored in (tally.stored, tally.stored + 1)  # new, or a redelivery
        tally.stored = stored
    else:
        assert stored == tally.stored, f"{status} stored something for {_shown(request)}"


async def _post_raw(ingress: RunningIngress, body: bytes, headers: dict[bytes, bytes]) -> int:
    sent = {b"content-type": b"application/json", b"x-storebridge-secret": SECRET.encode()}
    response = await ingress.http.post("/webhooks", content=body, headers=sent | headers)
    return response.status_code


async def _queued(ingress: RunningIngress) -> int:
    return await ingress.queued("catalog-sync") + await ingress.queued("order-replicator")


async def _still_serving(ingress: RunningIngress) -> bool:
    return (await ingress.http.get("/healthz")).status_code == 200


async def test_given_the_hostile_corpus_when_each_is_posted_then_a_4xx_and_nothing_stored_or_published(
    ingress, db
):
    for name, body in HOSTILE_BODIES.items():
        response = await ingress.post(body)

        assert 400 <= response.status_code < 500, name
        assert response.json()["reason"], name
    assert await db.events.count_documents({}) == 0
    assert await _queued(ingress) == 0
    assert await _still_serving(ingress)


async def test_given_a_secret_header_that_is_not_ascii_when_posted_then_401_before_anything_else(
    ingress, db
):
    for name, secret in HOSTILE_SECRETS.items():
        status = await _post_raw(ingress, b"{}", {b"x-storebridge-secret": secret})

        assert status == 401, name
    assert await db.events.count_documents({}) == 0


async def test_given_hostile_signature_headers_when_posted_then_401_and_nothing_stored(
    ingress_factory, db
):
    async with ingress_factory(webhook_signing_secret="client-secret") as ingress:
        for headers in (
            {b"webhook-id": b"\xff\xfe", b"webhook-timestamp": b"1", b"webhook-signature": b"v1,x"},
            {b"webhook-id": b"m", b"webhook-timestamp": b"9" * 5000, b"webhook-signature": b"v"},
            {b"webhook-id": b"m", b"webhook-timestamp": b"9" * 4000, b"webhook-signature": b"v"},
            {b"webhook-id": b"m", b"webhook-timestamp": b"1", b"webhook-signature": b"v1,\xe9"},
        ):
            assert await _post_raw(ingress, HOSTILE_BODIES["array_body"], headers) == 401
        assert await db.events.count_documents({}) == 0


async def test_given_fuzzed_requests_when_posted_then_never_a_5xx_nothing_stored_for_a_rejection_and_the_ingress_stays_up(
    ingress, db
):
    loop = asyncio.get_running_loop()
    tally = Tally()

    @settings(
        max_examples=FUZZED_REQUESTS,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(requests())
    def property_holds(request: FuzzedRequest) -> None:
        check = _check_one(ingress, db, tally, request)
        asyncio.run_coroutine_threadsafe(check, loop).result(timeout=60)

    await asyncio.to_thread(property_holds)  # hypothesis drives; the requests run on this loop

    assert await _still_serving(ingress)

    async def all_published() -> bool:
        return await _queued(ingress) == await db.events.count_documents({})

    await wait_until(all_published)
    assert sum(tally.answers.values()) >= FUZZED_REQUESTS

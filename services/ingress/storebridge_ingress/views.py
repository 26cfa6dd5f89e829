"""HTTP views: translate a request into an intake call and its outcome into an answer."""

from __future__ import annotations

import json
import time

import orjson
import structlog
from aiohttp import web

from storebridge_ingress.auth import AuthenticationFailed, check_secret, check_signature
from storebridge_ingress.intake import Accepted, StorageUnavailable, accept, parse_delivery
from storebridge_ingress.notices import parse_notice, take_notice
from storebridge_ingress.typedefs import (
    ALERTER,
    DATABASE,
    HOOK_NOTICES,
    INDEXES_READY,
    METRICS,
    PUBLISHER,
    RECORDER,
    RELAY,
    SETTINGS,
)
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.scopes import LEGACY_PATH_SCOPES
from storebridge_shared.events.webhooks import WebhookRejected
from storebridge_shared.ops.metrics import METRICS_CONTENT_TYPE
from storebridge_shared.store.client import ping

log = structlog.get_logger(__name__)


class _TimedPublisher:
    """Publisher port that observes confirm latency."""

    def __init__(self, request: web.Request) -> None:
        self._publisher = request.app[PUBLISHER]
        self._histogram = request.app[METRICS].publish_seconds

    async def publish(self, envelope: EventEnvelope) -> None:
        started = time.perf_counter()
        await self._publisher.publish(envelope)
        self._histogram.observe(time.perf_counter() - started)


def _json(body: dict[str, object], status: int = 200) -> web.Response:
    """A JSON answer rendered by orjson (aiohttp's json_response uses `json.dumps`); should a
    reason hold what orjson refuses (a lone surrogate), `json.dumps` escapes it: never a 500."""
    try:
        rendered = orjson.dumps(body)
    except TypeError:
        rendered = json.dumps(body).encode()
    return web.Response(body=rendered, status=status, content_type="application/json")


def _json_error(status: int, reason: str) -> web.Response:
    return _json({"status": status, "reason": reason}, status=status)


def _path_scope(request: web.Request) -> str | None:
    family = request.match_info.get("family")
    if family is None:
        return None
    scope = LEGACY_PATH_SCOPES.get((family, request.match_info["action"]))
    if scope is None:
        raise WebhookRejected(
            404, f"no webhook path /webhooks/{family}/{request.match_info['action']}"
        )
    return scope


async def _read_body(request: web.Request, limit: int) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise WebhookRejected(413, f"body over {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    while chunk := await request.content.read(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise WebhookRejected(413, f"body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _check_secret(request: web.Request) -> None:
    secret = request.app[SETTINGS].webhook_secret
    assert secret is not None  # required at start-up
    check_secret(request.headers, secret.get_secret_value())


async def _signed_body(request: web.Request) -> bytes:
    """The body of a JSON request, its signature checked when signatures are configured."""
    settings = request.app[SETTINGS]
    if request.content_type != "application/json":
        raise WebhookRejected(415, "Content-Type must be application/json")
    body = await _read_body(request, settings.webhook_max_body_bytes)
    if settings.webhook_signing_secret is not None:
        check_signature(
            request.headers,
            body,
            settings.webhook_signing_secret.get_secret_value(),
            tolerance_secs=settings.webhook_signature_tolerance_secs,
        )
    return body


def _storage_ready(request: web.Request) -> None:
    if not request.app[INDEXES_READY].is_set():
        raise StorageUnavailable("event log indexes not created yet")


async def _authenticate_and_parse(request: web.Request) -> Accepted:
    _check_secret(request)
    path_scope = _path_scope(request)
    delivery = parse_delivery(await _signed_body(request), path_scope)
    _storage_ready(request)
    return await accept(
        delivery,
        configured_stores=request.app[SETTINGS].store_hashes(),
        recorder=request.app[RECORDER],
        publisher=_TimedPublisher(request),
    )


async def receive_webhook(request: web.Request) -> web.Response:
    """Answer 200 only once the event is durable; 401/403/400/413/415/422/503 otherwise."""
    metrics = request.app[METRICS]
    try:
        accepted = await _authenticate_and_parse(request)
    except AuthenticationFailed as error:
        response, outcome = _json_error(401, str(error)), "unauthenticated"
    except WebhookRejected as error:
        response, outcome = _json_error(error.status, error.reason), "rejected"
    except StorageUnavailable as error:
        log.error("event_log_unavailable", error=str(error))
        response, outcome = _json_error(503, "event log unavailable, retry later"), "unavailable"
    else:
        outcome = "duplicate" if accepted.duplicate else "accepted"
        if not accepted.published:
            request.app[RELAY].wake()
        log.info(
            "webhook_accepted",
            event_id=accepted.event.event_id,
            scope=accepted.event.scope,
            store_hash=accepted.event.store_hash,
            duplicate=accepted.duplicate,
            published=accepted.published,
        )
        response = _json({"event_id": accepted.event.event_id, "duplicate": accepted.duplicate})
    metrics.requests.labels(str(response.status)).inc()
    metrics.events.labels(outcome).inc()
    return response


async def receive_hook_exception(request: web.Request) -> web.Response:
    """A `store/hook/deliveryException` notice: alert once per hook and error code, answer 200."""
    metrics = request.app[METRICS]
    try:
        _check_secret(request)
        notice = parse_notice(await _signed_body(request), request.app[SETTINGS].store_hashes())
        _storage_ready(request)
        alerted = await take_notice(
            notice, ledger=request.app[HOOK_NOTICES], alert=request.app[ALERTER].alert
        )
    except AuthenticationFailed as error:
        response = _json_error(401, str(error))
    except WebhookRejected as error:
        response = _json_error(error.status, error.reason)
    except StorageUnavailable as error:
        log.error("hook_notices_unavailable", error=str(error))
        response = _json_error(503, "event log unavailable, retry later")
    else:
        metrics.hook_exceptions.labels(str(notice.error_code)).inc()
        log.warning(
            "hook_delivery_exception",
            store_hash=notice.store_hash,
            hook_id=notice.hook_id,
            error_code=notice.error_code,
            alerted=alerted,
        )
        response = web.json_response({"hook_id": notice.hook_id, "alerted": alerted})
    metrics.requests.labels(str(response.status)).inc()
    return response


async def healthz(request: web.Request) -> web.Response:
    """The process is alive."""
    return _json({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """MongoDB and the broker are reachable."""
    mongodb = request.app[INDEXES_READY].is_set() and await ping(request.app[DATABASE])
    broker = request.app[PUBLISHER].ready
    status = 200 if mongodb and broker else 503
    return _json({"mongodb": mongodb, "broker": broker}, status=status)


async def metrics(request: web.Request) -> web.Response:
    """Prometheus exposition."""
    body = request.app[METRICS].exposition()
    return web.Response(body=body, headers={"Content-Type": METRICS_CONTENT_TYPE})

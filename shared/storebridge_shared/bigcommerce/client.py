"""One store's BigCommerce API client: auth, pooling, pacing, retries and typed errors.

    async with BigCommerceClient(store, api_url=settings.bigcommerce_api_url) as bc:
        product = await bc.v3.get("/catalog/products/42")
        async for order in bc.v2.paginate("/orders", {"min_id": 100}):
            ...

Every call waits for a concurrency slot (`max_concurrency`), then for the store's quota
(`pacing.py`), and is retried by `retries.RetryPolicy`. See docs/bigcommerce-client.md.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import time
from types import TracebackType
from typing import Any, Self

import httpx
import structlog
from prometheus_client import CollectorRegistry

from storebridge_shared.bigcommerce.api import V2Api, V3Api
from storebridge_shared.bigcommerce.config import DEFAULT_API_URL, ClientConfig, open_http_client
from storebridge_shared.bigcommerce.errors import RateLimited, TransientError, error_from_response
from storebridge_shared.bigcommerce.metrics import ApiMetrics
from storebridge_shared.bigcommerce.pacing import PacingGate, QuotaHeaders, QuotaTracker
from storebridge_shared.bigcommerce.params import Params, encode_params
from storebridge_shared.bigcommerce.stats import CallStats
from storebridge_shared.bigcommerce.uncertain import may_have_applied, note_uncertain
from storebridge_shared.settings import StoreCredentials

log = structlog.get_logger(__name__)


class BigCommerceClient:
    """One store's API; open it with `async with`, then use `.v3` and `.v2`."""

    def __init__(
        self,
        store: StoreCredentials,
        *,
        api_url: str = DEFAULT_API_URL,
        config: ClientConfig | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        metrics: ApiMetrics | None = None,
    ) -> None:
        self.store = store
        self._metrics = metrics or ApiMetrics.register(CollectorRegistry())
        self.config = config or ClientConfig()
        self.base_url = f"{api_url.rstrip('/')}/stores/{store.store_hash}"
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._slots = asyncio.Semaphore(self.config.max_concurrency)
        tracker = QuotaTracker(reserve=self.config.quota_reserve, share=self.config.quota_share)
        self._gate = PacingGate(tracker, store=store.name)
        self._stats = CallStats()
        self.v3 = V3Api(self)
        self.v2 = V2Api(self)

    async def __aenter__(self) -> Self:
        self._http = open_http_client(self.base_url, self.store, self.config, self._transport)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    @property
    def stats(self) -> CallStats:
        """Calls made so far (retries included), by method, with 429s and quota waits."""
        self._stats.quota_waits = self._gate.waits
        self._stats.quota_waited_s = self._gate.waited_s
        return self._stats

    def quota_budget_left(self) -> int | None:
        """Calls left this window under `ClientConfig.quota_share`; None: no share or not known."""
        return self._gate.budget_left()

    def quota_share_used(self) -> float | None:
        """What this client sent this window as a share of the store's quota (None: unknown)."""
        return self._gate.share_used()

    @property
    def quota(self) -> int | None:
        """The store's requests per window, as the last answer said (None before any)."""
        return self._gate.tracker.quota

    async def request(
        self, method: str, path: str, *, params: Params | None = None, json: Any = None
    ) -> Any:
        """Send one call under /v2 or /v3, paced and retried; the decoded body, None on 204.

        Raises a `BigCommerceError` subclass for any non-2xx answer that is not retried.
        """
        if self._http is None:
            raise RuntimeError("BigCommerceClient is not open; use `async with`")
        query = encode_params(params) or None
        request = self._http.build_request(method, path, params=query, json=json)
        async with self._slots:
            response, retried = await self._send(self._http, request)
        return self._decode(response, retried)

    async def _send(
        self, http: httpx.AsyncClient, request: httpx.Request
    ) -> tuple[httpx.Response, bool]:
        policy, method = self.config.retry, request.method
        failures = limited = 0
        first_limited_at = 0.0
        while True:
            try:
                response = await self._attempt(http, request)
            except httpx.TransportError as error:
                failures += 1
                self._note_if_uncertain(request, error)
                if failures >= policy.max_attempts or not policy.retries_exception(method, error):
                    self._stats.failures += 1
                    self._metrics.failed(self.store.store_hash, None)
                    raise self._transport_error(request, error) from error
                reason = type(error).__name__
                await self._back_off(request, policy.backoff(failures), reason, reason)
                continue
            status = response.status_code
            self._note_if_uncertain(request, None, status)
            if status == 429:
                now = time.monotonic()
                first_limited_at = first_limited_at if limited else now
                wait, explained = self._asked_wait(response, limited + 1)
                if not policy.waits_out_429(now - first_limited_at, wait):
                    raise self._rate_limit_exhausted(response, now - first_limited_at, limited + 1)
                limited += 1
                self._on_rate_limited(request, wait, explained, limited)
            elif policy.retries_status(method, status) and failures + 1 < policy.max_attempts:
                failures += 1
                delay = policy.backoff(failures)
                await self._back_off(request, delay, f"HTTP {status}", str(status))
            else:
                return response, failures > 0

    async def _attempt(self, http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
        store, waited_before = self.store.store_hash, self._gate.waited_s
        await self._gate.acquire()
        self._metrics.waited(store, self._gate.waited_s - waited_before)
        self._stats.record_call(request.method)
        headers: QuotaHeaders | None = None
        limited = False
        try:
            response = await http.send(request)
            headers = QuotaHeaders.parse(response.headers)
            limited = response.status_code == 429
            self._stats.rate_limited += limited
            self._metrics.answered(store, request.method, response.status_code, headers)
            return response
        except httpx.TransportError:
            self._metrics.unanswered(store, request.method)
            raise
        finally:
            self._gate.release(headers, limited=limited)

    def _note_if_uncertain(
        self, request: httpx.Request, error: httpx.TransportError | None, status: int = 0
    ) -> None:
        if may_have_applied(request.method, error, status):
            reason = type(error).__name__ if error is not None else f"HTTP {status}"
            path = request.url.path
            note_uncertain(self.store.store_hash, request.method, path, reason)

    def _asked_wait(self, response: httpx.Response, n: int) -> tuple[float, bool]:
        """The wait the `n`-th 429 of a call asks for, and whether its headers said it."""
        wait = QuotaHeaders.parse(response.headers).rate_limit_wait()
        if wait is None:
            return self.config.retry.unexplained_429_wait(n), False
        return wait, True

    def _on_rate_limited(
        self, request: httpx.Request, wait: float, explained: bool, n: int
    ) -> None:
        self._stats.retries += 1
        self._metrics.retried(self.store.store_hash, "429")
        if not explained:  # the gate already waits out a reset the headers gave
            self._gate.pause(wait)
        self._warn("bigcommerce.rate_limited", request, times=n, wait_s=round(wait, 3))

    def _rate_limit_exhausted(
        self, response: httpx.Response, limited_s: float, n: int
    ) -> RateLimited:
        """The error of a call still answered 429 when its wait budget is spent."""
        request, budget = response.request, self.config.retry.rate_limit_wait_s
        self._stats.failures += 1
        self._metrics.failed(self.store.store_hash, 429)
        self._warn(
            "bigcommerce.rate_limit_wait_exhausted",
            request,
            times=n,
            limited_s=round(limited_s, 3),
            budget_s=budget,
        )
        title = (
            f"still rate-limited (429) after {n} answer(s) over {limited_s:.1f} s; waits are"
            f" bounded by BIGCOMMERCE_RATE_LIMIT_WAIT_SECS={budget:g}"
        )
        return RateLimited(
            429, title, body=_body(response), method=request.method, path=request.url.path
        )

    async def _back_off(
        self, request: httpx.Request, delay: float, reason: str, label: str
    ) -> None:
        self._stats.retries += 1
        self._metrics.retried(self.store.store_hash, label)
        self._warn("bigcommerce.retry", request, reason=reason, delay_s=round(delay, 3))
        await asyncio.sleep(delay)

    def _warn(self, event: str, request: httpx.Request, **fields: object) -> None:
        """One warning about a call: its store, method and path, then `fields`."""
        store, method, path = self.store.name, request.method, request.url.path
        log.warning(event, store=store, method=method, path=path, **fields)

    def _decode(self, response: httpx.Response, retried: bool) -> Any:
        body = _body(response)
        request = response.request
        if response.is_success:
            if response.status_code == 207:
                log.warning(
                    "bigcommerce.partial_success",
                    store=self.store.name,
                    method=request.method,
                    path=request.url.path,
                    body=body,
                )
            return body
        if retried and request.method == "DELETE" and response.status_code == 404:
            return None
        self._stats.failures += 1
        self._metrics.failed(self.store.store_hash, response.status_code)
        raise error_from_response(
            response.status_code, body, method=request.method, path=request.url.path
        )

    def _transport_error(self, request: httpx.Request, error: Exception) -> TransientError:
        title = f"{type(error).__name__}: {error}".rstrip(": ")
        return TransientError(0, title, method=request.method, path=request.url.path)


def _body(response: httpx.Response) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return jsonlib.loads(response.content)
    except ValueError:
        return response.text

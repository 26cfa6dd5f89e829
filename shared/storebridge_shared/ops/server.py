"""The operations endpoints of a non-HTTP service: /healthz, /readyz and /metrics.

Consumers and the janitor serve these on their own ops port (`CATALOG_SYNC_OPS_PORT`,
`ORDER_REPLICATOR_OPS_PORT`, `JANITOR_OPS_PORT`; `OPS_PORT` and `JANITOR_PORT` are deprecated
aliases) so Kubernetes probes and Prometheus can reach them; the ingress serves the same paths on
its own port.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager

import structlog
from aiohttp import web
from prometheus_client import CollectorRegistry

from storebridge_shared.ops.metrics import METRICS_CONTENT_TYPE, render_metrics

log = structlog.get_logger(__name__)

ReadinessCheck = Callable[[], Awaitable[bool]]
BeforeScrape = Callable[[], Awaitable[None]]
"""Brings gauges up to date right before /metrics renders them (bounded, errors logged)."""

SCRAPE_REFRESH_SECS = 2.0


def create_ops_app(
    registry: CollectorRegistry,
    checks: Mapping[str, ReadinessCheck],
    before_scrape: BeforeScrape | None = None,
) -> web.Application:
    """An aiohttp app answering the probes from `checks` and exposing `registry`, refreshed by
    `before_scrape` first for at most SCRAPE_REFRESH_SECS (a slow source keeps its figures)."""

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        results = {name: await _safely(check) for name, check in checks.items()}
        return web.json_response(results, status=200 if all(results.values()) else 503)

    async def metrics(_: web.Request) -> web.Response:
        if before_scrape is not None:
            await _refresh(before_scrape)
        return web.Response(
            body=render_metrics(registry), headers={"Content-Type": METRICS_CONTENT_TYPE}
        )

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app


async def _refresh(before_scrape: BeforeScrape) -> None:
    try:
        await asyncio.wait_for(before_scrape(), timeout=SCRAPE_REFRESH_SECS)
    except Exception as error:  # the scrape still answers, with the last figures
        log.warning("metrics_refresh_failed", error=f"{type(error).__name__}: {error}")


async def _safely(check: ReadinessCheck) -> bool:
    try:
        return await asyncio.wait_for(check(), timeout=3)
    except Exception:
        return False


@asynccontextmanager
async def serving_ops(
    port: int,
    registry: CollectorRegistry,
    checks: Mapping[str, ReadinessCheck],
    host: str = "0.0.0.0",
    *,
    before_scrape: BeforeScrape | None = None,
) -> AsyncIterator[int]:
    """Serve the ops endpoints on `port` (0: any free port) while the block runs; yield the port."""
    app = create_ops_app(registry, checks, before_scrape)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = int(runner.addresses[0][1])
    log.info("ops_server_listening", port=bound)
    try:
        yield bound
    finally:
        await runner.cleanup()

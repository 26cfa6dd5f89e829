"""The composition root: `create_app(config)` and the blocking `run_sandbox(config)`."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from storebridge_sandbox import admin
from storebridge_sandbox.config import SandboxConfig
from storebridge_sandbox.dispatch import Dispatcher
from storebridge_sandbox.fixture import seed
from storebridge_sandbox.keys import DISPATCHER, SANDBOX
from storebridge_sandbox.middleware import api_gate
from storebridge_sandbox.persistence import persistence_ctx, restore
from storebridge_sandbox.prefixes import V2, V3
from storebridge_sandbox.store import Sandbox
from storebridge_sandbox.views import (
    assignments,
    channels,
    hooks,
    hooks_admin,
    media,
    metafields,
    modifiers,
    order_parts,
    orders,
    pricing,
    products,
    refunds,
    store_metafields,
    taxonomy,
    variants,
    videos,
)


def build_sandbox(config: SandboxConfig) -> Sandbox:
    """Every store, restored from the state file when there is one, else seeded."""
    sandbox = Sandbox.empty(config)
    restored = restore(sandbox, config.state_file) if config.state_file else set()
    for store in sandbox.stores.values():
        if store.store_hash not in restored:
            seed(store, config)
    return sandbox


async def _dispatcher_ctx(app: web.Application) -> AsyncIterator[None]:
    dispatcher = app[DISPATCHER]
    await dispatcher.start()
    yield
    await dispatcher.close()
    for store in app[SANDBOX].stores.values():
        store.pauses.release()
        await store.late_writes.cancel()


def _routes() -> list[web.RouteDef]:
    return [
        *assignments.routes(V3),
        *store_metafields.routes(V3),
        *products.routes(V3),
        *modifiers.routes(V3),
        *pricing.routes(V3),
        *videos.routes(V3),
        *metafields.routes(V3),
        *variants.routes(V3),
        *media.routes(V3),
        *taxonomy.routes(V3),
        *channels.routes(V3),
        *hooks_admin.routes(V3),
        *hooks.routes(V3),
        *refunds.routes(V3),
        *orders.routes(V2),
        *order_parts.routes(V2),
        *admin.routes(),
    ]


def create_app(config: SandboxConfig) -> web.Application:
    """The sandbox application: routes, the API gate, webhook dispatcher and persistence."""
    app = web.Application(middlewares=[api_gate], client_max_size=8 * 1024 * 1024)
    sandbox = build_sandbox(config)
    dispatcher = Dispatcher(config)
    for store in sandbox.stores.values():
        store.emitter = dispatcher.emit
    app[SANDBOX] = sandbox
    app[DISPATCHER] = dispatcher
    app.cleanup_ctx.append(_dispatcher_ctx)
    app.cleanup_ctx.append(persistence_ctx)
    app.add_routes(_routes())
    return app


def run_sandbox(config: SandboxConfig) -> None:
    """Serve the sandbox until interrupted (blocking)."""
    web.run_app(create_app(config), host=config.host, port=config.port)

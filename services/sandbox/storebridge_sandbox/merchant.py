"""Merchant actions under `/_sandbox/stores/{hash}/...`: the catalog and channel writes of the
API, made the way a merchant makes them in the control panel (no token, no quota), firing the
webhooks the same edit fires in BigCommerce and none where it fires none.

Paths mirror the API without `/v3/catalog` (`/v3/channels` loses `/v3`):
`PUT /_sandbox/stores/{hash}/products/77/modifiers/5` is `PUT /v3/catalog/products/77/modifiers/5`.
"""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.prefixes import STORE, V3
from storebridge_sandbox.views import (
    assignments,
    channels,
    media,
    modifiers,
    pricing,
    products,
    taxonomy,
    variants,
    videos,
)

# channel-assignments first: `/products/channel-assignments` must win over `/products/{id}`
_CATALOG = (assignments, products, variants, media, modifiers, pricing, videos, taxonomy)


def _mirror(route: web.RouteDef, api_prefix: str) -> web.RouteDef:
    return web.route(route.method, STORE + route.path.removeprefix(api_prefix), route.handler)


def routes() -> list[web.RouteDef]:
    """Every write route of the catalog and channels, mounted under the admin prefix."""
    catalog = [r for module in _CATALOG for r in module.routes(V3)]
    table = [_mirror(r, V3 + "/catalog") for r in catalog if r.method != "GET"]
    table += [_mirror(r, V3) for r in channels.routes(V3) if r.method != "GET"]
    return table

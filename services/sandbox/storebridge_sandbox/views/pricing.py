"""`/v3/catalog/products/{product_id}/bulk-pricing-rules`."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain import bulk_pricing as rules
from storebridge_sandbox.paging import many, one, paginate
from storebridge_sandbox.replies import body_of, ident, no_content, query_of, reply, store_of


def _ids(request: web.Request) -> tuple[int, int]:
    return ident(request, "product_id"), ident(request, "rule_id")


async def list_rules(request: web.Request) -> web.Response:
    """GET .../bulk-pricing-rules."""
    state, product_id = store_of(request).state, ident(request, "product_id")
    state.get("products", product_id, f"Product with id {product_id} not found")
    rows = [
        rules.public_rule(r) for r in state.children("bulk_pricing_rules", "product_id", product_id)
    ]
    page, meta = paginate(rows, query_of(request))
    return reply(many(page, meta))


async def get_rule(request: web.Request) -> web.Response:
    """GET .../bulk-pricing-rules/{rule_id}."""
    return reply(one(rules.public_rule(rules.get_rule(store_of(request).state, *_ids(request)))))


async def post_rule(request: web.Request) -> web.Response:
    """POST .../bulk-pricing-rules: 409 when the range overlaps another rule."""
    state = store_of(request).state
    rule = rules.add_rule(state, ident(request, "product_id"), await body_of(request))
    return reply(one(rules.public_rule(rule)))


async def put_rule(request: web.Request) -> web.Response:
    """PUT .../bulk-pricing-rules/{rule_id}."""
    state = store_of(request).state
    rule = rules.update_rule(state, *_ids(request), await body_of(request))
    return reply(one(rules.public_rule(rule)))


async def delete_rule(request: web.Request) -> web.Response:
    """DELETE .../bulk-pricing-rules/{rule_id}: 204."""
    rules.delete_rule(store_of(request).state, *_ids(request))
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """Bulk pricing routes under a store prefix."""
    base = f"{prefix}/catalog/products/{{product_id}}/bulk-pricing-rules"
    return [
        web.get(base, list_rules),
        web.post(base, post_rule),
        web.get(base + "/{rule_id}", get_rule),
        web.put(base + "/{rule_id}", put_rule),
        web.delete(base + "/{rule_id}", delete_rule),
    ]

"""Product images and custom fields."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain import media
from storebridge_sandbox.paging import many, one, paginate
from storebridge_sandbox.replies import body_of, ident, no_content, query_of, reply, store_of


def _ids(request: web.Request, child: str) -> tuple[int, int]:
    return ident(request, "product_id"), ident(request, child)


async def list_images(request: web.Request) -> web.Response:
    """GET .../images: 204 when the product has no images."""
    state, product_id = store_of(request).state, ident(request, "product_id")
    state.get("products", product_id, f"Product with id {product_id} not found")
    rows = state.children("images", "product_id", product_id)
    if not rows:
        return no_content()
    page, meta = paginate(rows, query_of(request))
    return reply(many(page, meta))


async def get_image(request: web.Request) -> web.Response:
    """GET .../images/{image_id}."""
    return reply(one(media.get_image(store_of(request).state, *_ids(request, "image_id"))))


async def post_image(request: web.Request) -> web.Response:
    """POST .../images from `image_url`."""
    store = store_of(request)
    image = media.create_image(store, ident(request, "product_id"), await body_of(request))
    return reply(one(image))


async def put_image(request: web.Request) -> web.Response:
    """PUT .../images/{image_id}."""
    store = store_of(request)
    image = media.update_image(store, *_ids(request, "image_id"), await body_of(request))
    return reply(one(image))


async def delete_image(request: web.Request) -> web.Response:
    """DELETE .../images/{image_id}: 204."""
    media.delete_image(store_of(request), *_ids(request, "image_id"))
    return no_content()


async def list_fields(request: web.Request) -> web.Response:
    """GET .../custom-fields."""
    state, product_id = store_of(request).state, ident(request, "product_id")
    state.get("products", product_id, f"Product with id {product_id} not found")
    rows = [
        media.public_custom_field(f)
        for f in state.children("custom_fields", "product_id", product_id)
    ]
    page, meta = paginate(rows, query_of(request))
    return reply(many(page, meta))


async def get_field(request: web.Request) -> web.Response:
    """GET .../custom-fields/{custom_field_id}."""
    record = media.get_custom_field(store_of(request).state, *_ids(request, "custom_field_id"))
    return reply(one(media.public_custom_field(record)))


async def post_field(request: web.Request) -> web.Response:
    """POST .../custom-fields."""
    state = store_of(request).state
    record = media.add_custom_field(state, ident(request, "product_id"), await body_of(request))
    return reply(one(media.public_custom_field(record)))


async def put_field(request: web.Request) -> web.Response:
    """PUT .../custom-fields/{custom_field_id}."""
    state = store_of(request).state
    ids = _ids(request, "custom_field_id")
    record = media.update_custom_field(state, *ids, await body_of(request))
    return reply(one(media.public_custom_field(record)))


async def delete_field(request: web.Request) -> web.Response:
    """DELETE .../custom-fields/{custom_field_id}: 204."""
    media.delete_custom_field(store_of(request).state, *_ids(request, "custom_field_id"))
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """Image and custom-field routes under a store prefix."""
    product = f"{prefix}/catalog/products/{{product_id}}"
    return [
        web.get(product + "/images", list_images),
        web.post(product + "/images", post_image),
        web.get(product + "/images/{image_id}", get_image),
        web.put(product + "/images/{image_id}", put_image),
        web.delete(product + "/images/{image_id}", delete_image),
        web.get(product + "/custom-fields", list_fields),
        web.post(product + "/custom-fields", post_field),
        web.get(product + "/custom-fields/{custom_field_id}", get_field),
        web.put(product + "/custom-fields/{custom_field_id}", put_field),
        web.delete(product + "/custom-fields/{custom_field_id}", delete_field),
    ]

"""`/v3/catalog/products/{product_id}/videos`."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain import videos
from storebridge_sandbox.filters import project
from storebridge_sandbox.paging import many, one, paginate
from storebridge_sandbox.replies import body_of, ident, no_content, query_of, reply, store_of


def _ids(request: web.Request) -> tuple[int, int]:
    return ident(request, "product_id"), ident(request, "video_id")


async def list_videos(request: web.Request) -> web.Response:
    """GET .../videos, in sort order."""
    state, query = store_of(request).state, query_of(request)
    product_id = ident(request, "product_id")
    state.get("products", product_id, f"Product with id {product_id} not found")
    page, meta = paginate(videos.product_videos(state, product_id), query)
    return reply(many([project(v, query) for v in page], meta))


async def get_video(request: web.Request) -> web.Response:
    """GET .../videos/{video_id}."""
    video = videos.get_video(store_of(request).state, *_ids(request))
    return reply(one(project(video, query_of(request))))


async def post_video(request: web.Request) -> web.Response:
    """POST .../videos: video_id (the YouTube id) required."""
    state = store_of(request).state
    return reply(one(videos.add_video(state, ident(request, "product_id"), await body_of(request))))


async def put_video(request: web.Request) -> web.Response:
    """PUT .../videos/{video_id}."""
    state = store_of(request).state
    return reply(one(videos.update_video(state, *_ids(request), await body_of(request))))


async def delete_video(request: web.Request) -> web.Response:
    """DELETE .../videos/{video_id}: 204."""
    videos.delete_video(store_of(request).state, *_ids(request))
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """Video routes under a store prefix (the real path names the id `{id}`)."""
    base = f"{prefix}/catalog/products/{{product_id}}/videos"
    return [
        web.get(base, list_videos),
        web.post(base, post_video),
        web.get(base + "/{video_id}", get_video),
        web.put(base + "/{video_id}", put_video),
        web.delete(base + "/{video_id}", delete_video),
    ]

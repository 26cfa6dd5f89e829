"""Product videos (YouTube ids): title, description, sort order; fire nothing."""

from __future__ import annotations

from storebridge_sandbox.domain.common import as_object, merge, one_of, require
from storebridge_sandbox.errors import conflict, invalid, not_found
from storebridge_sandbox.state import Record, StoreState

WRITABLE = ("title", "description", "sort_order", "type")


def get_video(state: StoreState, product_id: int, video_id: int) -> Record:
    """One video of a product, or 404."""
    state.get("products", product_id, f"Product with id {product_id} not found")
    video = state.table("videos").get(video_id)
    if video is None or video["product_id"] != product_id:
        raise not_found(f"Product video with id {video_id} not found")
    return video


def _validate(data: Record) -> None:
    one_of(data, "type", ("youtube",))
    if len(str(data.get("title", ""))) > 255:
        raise invalid("title", "title is longer than 255 characters")
    if "sort_order" in data and not isinstance(data["sort_order"], int):
        raise invalid("sort_order", "sort_order must be an integer")


def add_video(state: StoreState, product_id: int, body: object) -> Record:
    """Create a video (video_id required, at most 25 characters, once per product)."""
    data = as_object(body)
    require(data, ["video_id"])
    _validate(data)
    youtube_id = str(data["video_id"])
    if len(youtube_id) > 25:
        raise invalid("video_id", "video_id is longer than 25 characters")
    state.get("products", product_id, f"Product with id {product_id} not found")
    if any(v["video_id"] == youtube_id for v in state.children("videos", "product_id", product_id)):
        raise conflict(f"Video {youtube_id} is already on this product", "video_id")
    video: Record = {
        "id": state.next_id("videos"),
        "product_id": product_id,
        "video_id": youtube_id,
        "type": "youtube",
        "title": "",
        "description": "",
        "sort_order": 0,
        "length": "00:00",
    }
    merge(video, data, WRITABLE)
    state.table("videos")[video["id"]] = video
    return video


def update_video(state: StoreState, product_id: int, video_id: int, body: object) -> Record:
    """Partially update a video (`video_id` itself cannot change)."""
    data = as_object(body)
    video = get_video(state, product_id, video_id)
    _validate(data)
    merge(video, data, WRITABLE)
    return video


def delete_video(state: StoreState, product_id: int, video_id: int) -> None:
    """Delete a video."""
    get_video(state, product_id, video_id)
    del state.table("videos")[video_id]


def product_videos(state: StoreState, product_id: int) -> list[Record]:
    """A product's videos in `sort_order`, then id."""
    videos = state.children("videos", "product_id", product_id)
    return sorted(videos, key=lambda v: (v["sort_order"], v["id"]))

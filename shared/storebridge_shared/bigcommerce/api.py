"""The v3 and v2 APIs of one store: envelopes, pagination and batches over one requester."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any, Protocol

from storebridge_shared.bigcommerce.errors import UnexpectedResponse
from storebridge_shared.bigcommerce.params import Params

Resource = dict[str, Any]
CATALOG_PAGE_LIMIT = 250
V2_PAGE_LIMIT = 250


class Requester(Protocol):
    """Sends one call under a path that starts with /v2 or /v3; returns the decoded body."""

    async def request(
        self, method: str, path: str, *, params: Params | None = None, json: Any = None
    ) -> Any:
        """The decoded JSON body, or None for an empty answer (204)."""
        ...


def as_object(value: Any, what: str = "body") -> Resource:
    """`value` as a JSON object, or UnexpectedResponse."""
    if not isinstance(value, dict):
        raise UnexpectedResponse(200, f"expected an object as {what}", body=value)
    return value


def as_items(value: Any, what: str = "body") -> list[Resource]:
    """`value` as a list of JSON objects ([] for None, i.e. a 204), or UnexpectedResponse."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise UnexpectedResponse(200, f"expected a list of objects as {what}", body=value)
    return value


def unwrap(body: Any) -> Any:
    """The `data` of a v3 envelope; bodies without one are returned as they are."""
    if isinstance(body, dict) and "data" in body:
        return body["data"]
    return body


class V3Api:
    """v3 calls: `data` unwrapped, `meta.pagination` followed, batches chunked."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    async def call(
        self, method: str, path: str, *, params: Params | None = None, json: Any = None
    ) -> Any:
        """Any v3 call; returns the unwrapped `data` (None for a 204)."""
        body = await self._requester.request(method, "/v3" + path, params=params, json=json)
        return unwrap(body)

    async def get(self, path: str, params: Params | None = None) -> Any:
        """GET `path`, unwrapped."""
        return await self.call("GET", path, params=params)

    async def post(self, path: str, body: Any, params: Params | None = None) -> Any:
        """POST `body` to `path`, unwrapped."""
        return await self.call("POST", path, params=params, json=body)

    async def put(self, path: str, body: Any, params: Params | None = None) -> Any:
        """PUT `body` to `path`, unwrapped."""
        return await self.call("PUT", path, params=params, json=body)

    async def delete(self, path: str, params: Params | None = None) -> Any:
        """DELETE `path` (usually None: a 204)."""
        return await self.call("DELETE", path, params=params)

    async def paginate(
        self, path: str, params: Params | None = None, *, limit: int = CATALOG_PAGE_LIMIT
    ) -> AsyncIterator[Resource]:
        """Every item of a list, page by page until `current_page` reaches `total_pages`."""
        page = 1
        while True:
            body = await self._requester.request(
                "GET", "/v3" + path, params={**(params or {}), "page": page, "limit": limit}
            )
            if body is None:
                return
            envelope = as_object(body)
            items = as_items(envelope.get("data"), "data")
            for item in items:
                yield item
            pagination = (envelope.get("meta") or {}).get("pagination") or {}
            total_pages = pagination.get("total_pages")
            current = pagination.get("current_page", page)
            if not items or not isinstance(total_pages, int) or current >= total_pages:
                return
            page = current + 1

    async def collect(
        self, path: str, params: Params | None = None, *, limit: int = CATALOG_PAGE_LIMIT
    ) -> list[Resource]:
        """All items of `paginate` as a list."""
        return [item async for item in self.paginate(path, params, limit=limit)]

    async def batch(
        self, method: str, path: str, items: Sequence[Resource], *, chunk_size: int
    ) -> list[Resource]:
        """Send `items` in chunks of at most `chunk_size`, one after another; the joined data.

        A failing chunk raises; the chunks before it have been applied.
        """
        results: list[Resource] = []
        for start in range(0, len(items), chunk_size):
            data = await self.call(method, path, json=list(items[start : start + chunk_size]))
            results.extend(as_items(data, "data"))
        return results


class V2Api:
    """v2 calls: bare bodies, 204 as empty, pages followed until a short or empty page."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    async def call(
        self, method: str, path: str, *, params: Params | None = None, json: Any = None
    ) -> Any:
        """Any v2 call; returns the bare body (None for a 204)."""
        return await self._requester.request(method, "/v2" + path, params=params, json=json)

    async def get(self, path: str, params: Params | None = None) -> Any:
        """GET `path`."""
        return await self.call("GET", path, params=params)

    async def put(self, path: str, body: Any, params: Params | None = None) -> Any:
        """PUT `body` to `path`."""
        return await self.call("PUT", path, params=params, json=body)

    async def post(self, path: str, body: Any, params: Params | None = None) -> Any:
        """POST `body` to `path`."""
        return await self.call("POST", path, params=params, json=body)

    async def delete(self, path: str, params: Params | None = None) -> Any:
        """DELETE `path`."""
        return await self.call("DELETE", path, params=params)

    async def paginate(
        self, path: str, params: Params | None = None, *, limit: int = V2_PAGE_LIMIT
    ) -> AsyncIterator[Resource]:
        """Every item of a list: pages of `limit` until a short page, an empty list or a 204."""
        page = 1
        while True:
            body = await self.get(path, {**(params or {}), "page": page, "limit": limit})
            items = as_items(body)
            for item in items:
                yield item
            if len(items) < limit:
                return
            page += 1

    async def collect(
        self, path: str, params: Params | None = None, *, limit: int = V2_PAGE_LIMIT
    ) -> list[Resource]:
        """All items of `paginate` as a list."""
        return [item async for item in self.paginate(path, params, limit=limit)]

"""Typed BigCommerce errors, parsed from the v3 (object) and v2 (array) error bodies."""

from __future__ import annotations

from typing import Any

TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})


class BigCommerceError(Exception):
    """A BigCommerce call that failed; carries the status, title, field errors and raw body."""

    transient: bool = False

    def __init__(
        self,
        status: int,
        title: str,
        errors: dict[str, str] | None = None,
        body: Any = None,
        *,
        method: str = "",
        path: str = "",
    ) -> None:
        self.status = status
        self.title = title
        self.errors: dict[str, str] = dict(errors or {})
        self.body = body
        self.method = method
        self.path = path
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = f"{self.method} {self.path} " if self.method else ""
        fields = "; ".join(f"{key}: {value}" for key, value in self.errors.items())
        return f"{where}{self.status} {self.title}" + (f" ({fields})" if fields else "")


class BadRequest(BigCommerceError):
    """400, or another 4xx without a more specific type (405, 406, 415...)."""


class Unauthorized(BigCommerceError):
    """401 (bad token) or 403 (missing OAuth scope)."""


class NotFound(BigCommerceError):
    """404: the resource does not exist (or no longer does)."""


class Conflict(BigCommerceError):
    """409: a uniqueness rule was broken, e.g. a duplicate SKU, name or custom URL."""


class PayloadTooLarge(BigCommerceError):
    """413: a batch over its cap, or a page limit over its maximum."""


class ValidationFailed(BigCommerceError):
    """422: missing or invalid fields; `errors` maps field to message."""


class TransientError(BigCommerceError):
    """A failure that may pass on its own: timeouts and connection errors after the retries."""

    transient = True


class RateLimited(TransientError):
    """429 still answered after the rate-limit retries were spent."""


class ServerError(TransientError):
    """5xx after the retries; transient for 500/502/503/504, not for e.g. 507 (plan ceiling)."""

    def __init__(self, status: int, title: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(status, title, *args, **kwargs)
        self.transient = status in TRANSIENT_STATUSES


class UnexpectedResponse(BigCommerceError):
    """A 2xx whose body is not the shape the API documents."""


_BY_STATUS: dict[int, type[BigCommerceError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Unauthorized,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
    422: ValidationFailed,
    429: RateLimited,
}


def error_type_for(status: int) -> type[BigCommerceError]:
    """The error class for an HTTP status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, BadRequest)


def parse_error_body(status: int, body: Any) -> tuple[str, dict[str, str]]:
    """Title and field errors from a v3 object, a v3 batch body, a v2 array or plain text."""
    if isinstance(body, dict):
        if isinstance(body.get("batch_errors"), list):
            return _parse_batch(body["batch_errors"])
        nested = body.get("errors")
        if "title" not in body and isinstance(nested, list):  # a metafield batch's 422
            return _parse_batch(nested)
        if "title" not in body and isinstance(nested, dict) and "title" in nested:
            return parse_error_body(status, nested)
        return str(body.get("title") or f"HTTP {status}"), _string_map(nested)
    if isinstance(body, list) and body:
        return _parse_v2(body)
    if isinstance(body, str) and body.strip():
        return body.strip()[:200], {}
    return f"HTTP {status}", {}


def error_from_response(
    status: int, body: Any, *, method: str = "", path: str = ""
) -> BigCommerceError:
    """The typed error for a non-2xx answer."""
    title, errors = parse_error_body(status, body)
    return error_type_for(status)(status, title, errors, body, method=method, path=path)


def _parse_v2(items: list[Any]) -> tuple[str, dict[str, str]]:
    messages: list[str] = []
    errors: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        messages.append(str(item.get("message", "")))
        details = item.get("details")
        if isinstance(details, dict):
            errors.update(_string_map(details))
    return "; ".join(m for m in messages if m) or "error", errors


def _parse_batch(items: list[Any]) -> tuple[str, dict[str, str]]:
    errors: dict[str, str] = {}
    titles: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        titles.append(str(item.get("title", "")))
        for key, value in _string_map(item.get("errors")).items():
            errors[f"batch_errors[{index}].{key}"] = value
    return next((t for t in titles if t), "batch failed"), errors


def _string_map(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): v if isinstance(v, str) else str(v) for k, v in value.items()}
    if isinstance(value, list):
        return {str(i): v if isinstance(v, str) else str(v) for i, v in enumerate(value)}
    return {}

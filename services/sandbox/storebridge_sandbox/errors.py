"""API errors and their wire shapes: the v3 flat object and the v2 array of messages."""

from __future__ import annotations

from typing import Any

STATUS_DOCS = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"

_V2_MESSAGES = {
    400: "The request is malformed.",
    401: "You must be authenticated to access this resource.",
    404: "The requested resource was not found.",
    405: "The requested method is not allowed for this resource.",
    409: "The request conflicts with the current state of the resource.",
    429: "Too many requests.",
    500: "Internal server error.",
    502: "Bad gateway.",
    503: "Service unavailable.",
    504: "Gateway timeout.",
}


class ApiError(Exception):
    """An error answer; rendered in the v3 or v2 shape depending on the API version called."""

    def __init__(self, status: int, title: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.errors = errors


def not_found(title: str = "The requested resource was not found.") -> ApiError:
    """A 404 with the given title."""
    return ApiError(404, title)


def missing_fields(fields: list[str]) -> ApiError:
    """A 422 naming each missing required field."""
    errors = {f: f"Please provide a {f}." for f in fields}
    return ApiError(422, "Missing Required Fields", errors)


def invalid(field: str, message: str) -> ApiError:
    """A 422 for one invalid field."""
    return ApiError(422, "JSON data is missing or invalid", {field: message})


def conflict(title: str, field: str | None = None) -> ApiError:
    """A 409 with the given title."""
    return ApiError(409, title, {field: title} if field else {})


def v3_body(error: ApiError) -> dict[str, Any]:
    """The v3 flat error object."""
    body: dict[str, Any] = {"status": error.status, "title": error.title, "type": STATUS_DOCS}
    if error.errors is not None:
        body["errors"] = error.errors
    return body


def v2_body(error: ApiError) -> list[dict[str, Any]]:
    """The v2 array of `{status, message}` objects."""
    message = error.title or _V2_MESSAGES.get(error.status, "Error.")
    item: dict[str, Any] = {"status": error.status, "message": message}
    if error.errors:
        item["details"] = {"errors": error.errors}
    return [item]


def default_title(status: int) -> str:
    """A generic title for a status code."""
    return _V2_MESSAGES.get(status, "Error.")

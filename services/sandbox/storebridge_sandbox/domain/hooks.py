"""Webhook subscriptions (`/v3/hooks`), scoped to the calling token's client id."""

from __future__ import annotations

from urllib.parse import urlparse

from storebridge_sandbox.domain.common import as_object
from storebridge_sandbox.errors import ApiError, conflict, not_found
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.timefmt import unix

MAX_PER_SCOPE = 10
EXCEPTION_SCOPE = "store/hook/deliveryException"
_MISSING = "error.path.missing."


def _invalid(errors: dict[str, str]) -> ApiError:
    return ApiError(422, "JSON data is missing or invalid", errors)


def _validate(data: Record, enforce_https: bool, partial: bool) -> None:
    errors = {f: _MISSING for f in ("scope", "destination") if not partial and not data.get(f)}
    if "scope" in data and not (isinstance(data["scope"], str) and data["scope"]):
        errors["scope"] = "error.expected.jsstring"
    destination = data.get("destination")
    if destination is not None:
        url = urlparse(str(destination))
        if url.scheme not in ("http", "https") or not url.hostname:
            errors["destination"] = "error.url.invalid"
        elif enforce_https and (url.scheme != "https" or url.port not in (None, 443)):
            errors["destination"] = "Destination must be https on port 443"
    headers = data.get("headers")
    if headers is not None and not (
        isinstance(headers, dict) and all(isinstance(v, str) for v in headers.values())
    ):
        errors["headers"] = "error.expected.jsobject"
    if "is_active" in data and not isinstance(data["is_active"], bool):
        errors["is_active"] = "error.expected.jsboolean"
    if errors:
        raise _invalid(errors)


def _check_limits(state: StoreState, hook: Record, own_id: int | None) -> None:
    others = [
        h for h in state.rows("hooks") if h["client_id"] == hook["client_id"] and h["id"] != own_id
    ]
    same_scope = [h for h in others if h["scope"] == hook["scope"]]
    if any(h["destination"] == hook["destination"] for h in same_scope):
        raise conflict("A webhook with this scope and destination already exists", "destination")
    if len(same_scope) >= MAX_PER_SCOPE:
        raise _invalid({"scope": f"At most {MAX_PER_SCOPE} hooks per scope are allowed"})
    _check_exception_hook(hook, others)


def _check_exception_hook(hook: Record, others: list[Record]) -> None:
    """One deliveryException hook per client, at a destination no other hook of it uses."""
    exception_hooks = [h for h in others if h["scope"] == EXCEPTION_SCOPE]
    if hook["scope"] == EXCEPTION_SCOPE and exception_hooks:
        raise conflict(f"Only one {EXCEPTION_SCOPE} hook per store and client", "scope")
    watched = others if hook["scope"] == EXCEPTION_SCOPE else exception_hooks
    if any(h["destination"] == hook["destination"] for h in watched):
        message = f"The {EXCEPTION_SCOPE} destination must differ from every other hook's"
        raise _invalid({"destination": message})


def hook_status(state: StoreState, hook: Record) -> str:
    """`active`, `inactive` (switched off) or `deactivated` (by failed deliveries)."""
    if hook["is_active"]:
        return "active"
    return "deactivated" if hook["id"] in state.table("hook_deactivations") else "inactive"


def get_hook(state: StoreState, client_id: str, hook_id: int) -> Record:
    """A hook of this client, or 404."""
    hook = state.table("hooks").get(hook_id)
    if hook is None or hook["client_id"] != client_id:
        raise not_found(f"Webhook with id [{hook_id}] not found")
    return hook


def create_hook(state: StoreState, client_id: str, body: object, enforce_https: bool) -> Record:
    """Create one hook (scope and destination required; is_active defaults to true)."""
    data = as_object(body)
    _validate(data, enforce_https, partial=False)
    now = unix()
    hook: Record = {
        "id": 0,
        "client_id": client_id,
        "store_hash": state.store_hash,
        "scope": data["scope"],
        "destination": data["destination"],
        "is_active": data.get("is_active", True),
        "headers": data.get("headers"),
        "created_at": now,
        "updated_at": now,
    }
    _check_limits(state, hook, None)
    hook["id"] = state.next_id("hooks")
    state.table("hooks")[hook["id"]] = hook
    return hook


def update_hook(
    state: StoreState, client_id: str, hook_id: int, body: object, enforce_https: bool
) -> Record:
    """Partially update a hook (at least one field); used to re-activate it."""
    data = as_object(body)
    hook = get_hook(state, client_id, hook_id)
    fields = ("scope", "destination", "is_active", "headers")
    if not any(f in data for f in fields):
        raise _invalid({"body": "At least one of scope, destination, is_active, headers"})
    _validate(data, enforce_https, partial=True)
    candidate = {**hook, **{f: data[f] for f in fields if f in data}}
    _check_limits(state, candidate, hook_id)
    hook.update(candidate, updated_at=unix())
    if hook["is_active"]:
        state.table("hook_deactivations").pop(hook_id, None)
    return hook


def delete_hook(state: StoreState, client_id: str, hook_id: int) -> Record:
    """Delete a hook and return it."""
    hook = get_hook(state, client_id, hook_id)
    del state.table("hooks")[hook_id]
    state.table("hook_deactivations").pop(hook_id, None)
    return hook


def scope_matches(subscribed: str, scope: str) -> bool:
    """Exact scope; a trailing wildcard (`store/product/*`) covers everything below it; a `*`
    segment inside (`store/channel/*/product/assigned`) stands for any one channel id."""
    wanted, got = subscribed.split("/"), scope.split("/")
    if wanted[-1] == "*":
        wanted = wanted[:-1]
        if len(got) <= len(wanted):
            return False
        got = got[: len(wanted)]
    return len(wanted) == len(got) and all(w in ("*", g) for w, g in zip(wanted, got, strict=True))

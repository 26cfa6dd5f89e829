"""`/v3/hooks/admin`: a client's notification e-mails and the status of its hooks."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from storebridge_sandbox.domain.common import as_object
from storebridge_sandbox.domain.hooks import hook_status
from storebridge_sandbox.errors import ApiError
from storebridge_sandbox.state import Record, StoreState

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _key(client_id: str) -> int:
    return int(hashlib.sha1(client_id.encode()).hexdigest()[:12], 16)


def emails(state: StoreState, client_id: str) -> list[str]:
    """The addresses told about blocked domains and deactivated hooks."""
    record = state.table("hook_admin_emails").get(_key(client_id))
    return list(record["emails"]) if record else []


def set_emails(state: StoreState, client_id: str, body: Any) -> None:
    """Upsert the client's notification e-mails (`{"emails": [...]}`); 422 when invalid."""
    given = as_object(body).get("emails")
    if not isinstance(given, list) or not all(isinstance(e, str) for e in given):
        raise ApiError(422, "JSON data is missing or invalid", {"emails": "error.expected.jsarray"})
    wrong = [e for e in given if not _EMAIL.match(e)]
    if wrong:
        raise ApiError(422, "JSON data is missing or invalid", {"emails": f"invalid: {wrong[0]}"})
    key = _key(client_id)
    state.table("hook_admin_emails")[key] = {"id": key, "client_id": client_id, "emails": given}


def hooks_list(state: StoreState, client_id: str) -> list[Record]:
    """The client's hooks, each with its `status`."""
    return [
        {**hook, "status": hook_status(state, hook)}
        for hook in state.rows("hooks")
        if hook["client_id"] == client_id
    ]

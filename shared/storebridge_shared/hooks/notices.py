"""`store/hook/deliveryException` notices: which of our hooks BigCommerce says is in trouble.

Pure: no I/O. A notice's `data` is `{"type": "webhook", "id": <hook id>, "error_code", "message"}`:
90001 a delivery failed and will be retried, 90002 the last retry failed and the hook is disabled,
90003 a delivery was held back because the destination domain is blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR_MEANINGS = {
    90001: "deliveries fail; BigCommerce retries them",
    90002: "every retry failed; BigCommerce disabled the hook",
    90003: "the destination domain is temporarily blocked; deliveries wait",
}


class NotANotice(ValueError):
    """The body's `data` does not name a hook and an error code."""


@dataclass(frozen=True)
class HookNotice:
    """One delivery-exception notice about one hook of one store."""

    store_hash: str
    hook_id: int
    error_code: int
    message: str

    @property
    def key(self) -> str:
        """The notice's identity for alerting once: store, hook and error code."""
        return f"{self.store_hash}:{self.hook_id}:{self.error_code}"

    @property
    def meaning(self) -> str:
        """What the error code means, for people."""
        return ERROR_MEANINGS.get(self.error_code, f"error code {self.error_code}")

    @classmethod
    def of(cls, store_hash: str, data: dict[str, Any]) -> HookNotice:
        """Read a notice's `data`; raise NotANotice when the hook id or error code is missing."""
        hook_id, code = _integer(data.get("id")), _integer(data.get("error_code"))
        if hook_id is None or code is None:
            raise NotANotice("data must hold the hook's id and an error_code (integers)")
        message = data.get("message")
        return cls(store_hash, hook_id, code, str(message)[:500] if message else "")


def _integer(value: object) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63
    return value if ok and isinstance(value, int) else None

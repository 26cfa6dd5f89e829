"""What an operator sees of one dead letter, read from whatever body and headers it holds.

Pure: no I/O. A dead-letter queue holds anything a publisher sent: an envelope, JSON that is not
an object or lacks fields, bytes that are not JSON, megabytes. Reading one never raises, and every
dead letter gets an id an operator can pass to `--id`: its message id or its envelope's event id
when that is a plain token, else `body-` and a digest of its body.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from storebridge_shared.broker.consumer.retry import (
    ATTEMPTS_HEADER,
    FAILED_AT_HEADER,
    REASON_HEADER,
    ROUTING_KEY_HEADER,
)
from storebridge_shared.events.routing import routing_key as event_routing_key

DIGEST_ID_PREFIX = "body-"
"""Ids of dead letters that carry no usable id: `body-` and 16 hex digits of the body's SHA-256."""

_TOKEN = re.compile(r"[\x21-\x7e]{1,200}")
"""An id usable on a command line: printable ASCII, no spaces, at most 200 characters."""
_MAX_FIELD_CHARS = 500


class DeliveredMessage(Protocol):
    """The parts of a delivered AMQP message a dead letter is read from."""

    @property
    def headers(self) -> Mapping[str, Any] | None: ...
    @property
    def body(self) -> bytes: ...
    @property
    def message_id(self) -> str | None: ...
    @property
    def routing_key(self) -> str | None: ...


def _text(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _printable(text: str, limit: int = _MAX_FIELD_CHARS) -> str:
    """One line of at most `limit` characters (control characters escaped)."""
    escaped = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[: limit * 2])
    return escaped[:limit]


def json_object(body: bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None (not UTF-8, not JSON, too deep, not an object)."""
    try:
        decoded = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return decoded if isinstance(decoded, dict) else None


def _token(value: Any) -> str | None:
    return value if isinstance(value, str) and _TOKEN.fullmatch(value) else None


def digest_id(body: bytes) -> str:
    """The id of a dead letter without a usable one (identical bodies share it)."""
    return DIGEST_ID_PREFIX + hashlib.sha256(body).hexdigest()[:16]


def _dead_lettered_key(raw_headers: Mapping[str, Any]) -> str | None:
    """The first routing key RabbitMQ recorded in `x-death` when it dead-lettered the message."""
    deaths = raw_headers.get("x-death")
    if not isinstance(deaths, list) or not deaths or not isinstance(deaths[0], Mapping):
        return None
    keys = deaths[0].get("routing-keys")
    return _text(keys[0]) if isinstance(keys, list) and keys else None


def _routing_key(
    raw_headers: Mapping[str, Any], decoded: dict[str, Any] | None, delivered_key: str
) -> str:
    """The key the broker routed the original on: recorded by the runtime, else derived."""
    recorded = raw_headers.get(ROUTING_KEY_HEADER)
    if recorded is not None:
        return _text(recorded)
    store_hash, scope = (decoded or {}).get("store_hash"), (decoded or {}).get("scope")
    if isinstance(store_hash, str) and isinstance(scope, str):
        return event_routing_key(store_hash, scope)
    return _dead_lettered_key(raw_headers) or delivered_key


@dataclass(frozen=True)
class DeadMessage:
    """One dead letter as an operator sees it."""

    event_id: str
    reason: str
    attempts: str
    failed_at: str
    routing_key: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def of(cls, message: DeliveredMessage) -> DeadMessage:
        """Read the reason headers (ours, else RabbitMQ's) and ids of any delivered dead letter."""
        raw_headers = dict(message.headers or {})
        headers = {str(key): _text(value) for key, value in raw_headers.items()}
        decoded = json_object(message.body)
        event_id = (
            _token(message.message_id)
            or _token((decoded or {}).get("event_id"))
            or digest_id(message.body)
        )
        broker_reason = headers.get("x-first-death-reason")
        reason = headers.get(REASON_HEADER) or (f"broker: {broker_reason}" if broker_reason else "")
        return cls(
            event_id=event_id,
            reason=_printable(reason or "unknown"),
            attempts=_printable(headers.get(ATTEMPTS_HEADER, "?"), 20),
            failed_at=_printable(headers.get(FAILED_AT_HEADER, ""), 40),
            routing_key=_printable(
                _routing_key(raw_headers, decoded, message.routing_key or ""), 255
            ),
            headers=headers,
            body=message.body,
        )

    def shown(self) -> str:
        """Every header and the body (as JSON when it is JSON, else as text), as JSON text."""
        try:
            return json.dumps({"headers": self.headers, "body": json.loads(self.body)}, indent=2)
        except (ValueError, RecursionError):
            text = self.body.decode(errors="replace")
            return json.dumps({"headers": self.headers, "body": text}, indent=2)

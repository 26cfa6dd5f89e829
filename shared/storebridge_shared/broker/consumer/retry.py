"""Retry and dead-letter decisions of the consumer runtime, and the headers that carry them.

Pure: no I/O. The runtime asks `judge` what to do with a handled message and builds the headers of
the copy it forwards with `retry_headers` or `dead_headers`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from storebridge_shared.broker.failures import PermanentFailure, TransientFailure
from storebridge_shared.broker.topology import RETRY_JITTER

ATTEMPT_HEADER = "x-storebridge-attempt"
"""Which attempt the next delivery of this message is (absent on the first one)."""
FIRST_FAILED_AT_HEADER = "x-storebridge-first-failed-at"
LAST_ERROR_HEADER = "x-storebridge-last-error"
REASON_HEADER = "x-storebridge-reason"
ATTEMPTS_HEADER = "x-storebridge-attempts"
FAILED_AT_HEADER = "x-storebridge-failed-at"
SERVICE_HEADER = "x-storebridge-service"
ROUTING_KEY_HEADER = "x-storebridge-routing-key"
"""The routing key the dead letter was delivered with (before it went to the dead exchange)."""

FAILURE_HEADERS = (
    ATTEMPT_HEADER,
    FIRST_FAILED_AT_HEADER,
    LAST_ERROR_HEADER,
    REASON_HEADER,
    ATTEMPTS_HEADER,
    FAILED_AT_HEADER,
    SERVICE_HEADER,
    ROUTING_KEY_HEADER,
)
"""Every header the runtime sets on a retried or dead copy (dropped again when requeued)."""

BROKER_HEADER_PREFIXES = ("x-death", "x-first-death-", "x-last-death-", "x-delivery-count")
"""Headers RabbitMQ sets on delivery; dropped from a forwarded copy so they never pile up."""

MAX_ERROR_CHARS = 500


class Outcome(StrEnum):
    """What became of one delivery."""

    ACK = "ack"
    RETRY = "retry"
    DEAD = "dead"
    REQUEUE = "requeue"


class DeadCause(StrEnum):
    """Why a message was dead-lettered (the `cause` label of the dead-letter counter)."""

    PERMANENT = "permanent"
    EXHAUSTED = "exhausted"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class Verdict:
    """The runtime's decision for one delivery, with the reason recorded on the message."""

    outcome: Outcome
    reason: str = ""
    cause: DeadCause | None = None
    """Set on a dead-letter verdict."""


def attempt_of(headers: Mapping[str, Any]) -> int:
    """The attempt this delivery is: 1 when the header is absent or unreadable."""
    raw = headers.get(ATTEMPT_HEADER)
    if isinstance(raw, bytes):
        raw = raw.decode(errors="replace")
    try:
        attempt = int(raw) if isinstance(raw, int | str) else 1
    except ValueError:
        return 1
    return max(attempt, 1)


def describe(error: BaseException) -> str:
    """One line naming the error, short enough for a header."""
    text = f"{type(error).__name__}: {error}".replace("\n", " ")
    return text[:MAX_ERROR_CHARS]


def describe_malformed(error: ValidationError) -> str:
    """Why a body is not an `EventEnvelope`: the first problem and how many there are."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    return f"malformed body ({error.error_count()} error(s)): {where}: {first['msg']}"[
        :MAX_ERROR_CHARS
    ]


def expected(error: BaseException) -> bool:
    """True for the failures a handler raises on purpose (it knows why): no traceback needed."""
    return isinstance(error, PermanentFailure | TransientFailure)


def judge(error: Exception | None, *, attempt: int, max_attempts: int) -> Verdict:
    """Ack a success, dead-letter a permanent or last failure, retry anything else."""
    if error is None:
        return Verdict(Outcome.ACK)
    text = describe(error)
    if isinstance(error, PermanentFailure):
        return Verdict(Outcome.DEAD, f"permanent failure: {text}", DeadCause.PERMANENT)
    if attempt >= max_attempts:
        reason = f"gave up after {attempt} attempt(s): {text}"
        return Verdict(Outcome.DEAD, reason, DeadCause.EXHAUSTED)
    return Verdict(Outcome.RETRY, text)


def jittered(
    delay_secs: float, *, jitter: float = RETRY_JITTER, rng: Callable[[], float] = random.random
) -> float:
    """A per-message expiration inside the tier: delay * (1 - jitter * r), r in [0, 1)."""
    return delay_secs * (1.0 - jitter * rng())


def carried_headers(headers: Mapping[str, Any]) -> dict[str, Any]:
    """The original headers minus those RabbitMQ adds on delivery."""
    return {
        key: value for key, value in headers.items() if not key.startswith(BROKER_HEADER_PREFIXES)
    }


def retry_headers(
    headers: Mapping[str, Any], *, attempt: int, error: str, now: datetime
) -> dict[str, Any]:
    """Headers of the copy that waits in a retry queue after failed `attempt`."""
    carried = carried_headers(headers)
    carried.setdefault(FIRST_FAILED_AT_HEADER, now.isoformat())
    carried[ATTEMPT_HEADER] = attempt + 1
    carried[LAST_ERROR_HEADER] = error[:MAX_ERROR_CHARS]
    return carried


def dead_headers(
    headers: Mapping[str, Any],
    *,
    reason: str,
    attempts: int,
    service: str,
    routing_key: str,
    now: datetime,
) -> dict[str, Any]:
    """Headers of the copy sent to the dead-letter exchange."""
    carried = carried_headers(headers)
    carried.setdefault(FIRST_FAILED_AT_HEADER, now.isoformat())
    carried.update(
        {
            REASON_HEADER: reason[:MAX_ERROR_CHARS],
            ATTEMPTS_HEADER: attempts,
            FAILED_AT_HEADER: now.isoformat(),
            SERVICE_HEADER: service,
            ROUTING_KEY_HEADER: routing_key,
        }
    )
    return carried

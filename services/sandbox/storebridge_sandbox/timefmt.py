"""Time formats of the API: ISO-8601 on v3, RFC-2822 on v2, Unix seconds in webhooks."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime


def now() -> datetime:
    """Timezone-aware now, whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime | None = None) -> str:
    """`2018-08-15T14:48:46+00:00`."""
    return (moment or now()).isoformat(timespec="seconds")


def rfc2822(moment: datetime | None = None) -> str:
    """`Wed, 10 Jan 2018 21:05:30 +0000`."""
    return format_datetime(moment or now())


def unix() -> int:
    """Unix seconds."""
    return int(time.time())


def parse_date(text: str) -> datetime | None:
    """Parse RFC-2822, ISO-8601 or a bare date; None when it is none of them."""
    text = text.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_query_date(text: str) -> datetime | None:
    """A v3 date filter value: ISO-8601, RFC-2822, Unix seconds, or a bare date (which gets the
    current time of day, as the API documents for `date_modified:min`)."""
    text = text.strip()
    if text.isdigit():
        try:
            return datetime.fromtimestamp(int(text), UTC)
        except (OverflowError, OSError, ValueError):
            return None
    parsed = parse_date(text)
    if parsed is not None and len(text) == 10:
        return datetime.combine(parsed.date(), now().timetz())
    return parsed

"""Parts of a new order: v2 addresses, dates and a checked status."""

from __future__ import annotations

from typing import Any

from storebridge_sandbox.domain.order_status import STATUSES, status_name
from storebridge_sandbox.domain.order_values import whole
from storebridge_sandbox.errors import invalid
from storebridge_sandbox.state import Record
from storebridge_sandbox.timefmt import parse_date, rfc2822

ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "street_1",
    "street_2",
    "city",
    "state",
    "zip",
    "country",
    "country_iso2",
    "phone",
    "email",
)
DEFAULT_SHIPPING = 10.0


def address(data: Any) -> Record:
    """A v2 address with every field present."""
    given = data if isinstance(data, dict) else {}
    record: Record = {f: str(given.get(f, "")) for f in ADDRESS_FIELDS}
    record["form_fields"] = given.get("form_fields", [])
    return record


def order_dates(spec: Record) -> tuple[str, str]:
    """`date_created` and `date_modified` as RFC-2822, from the spec or now."""
    created = parse_date(str(spec["date_created"])) if spec.get("date_created") else None
    modified = parse_date(str(spec["date_modified"])) if spec.get("date_modified") else None
    return rfc2822(created), rfc2822(modified or created)


def status_of(spec: Record, default: int) -> tuple[int, str]:
    """A valid status id and its name."""
    status_id = whole(spec.get("status_id", default), "status_id")
    if status_id not in STATUSES:
        raise invalid("status_id", f"Unknown status_id {status_id}")
    return status_id, status_name(status_id)

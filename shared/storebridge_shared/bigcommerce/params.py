"""Query parameters as BigCommerce expects them; httpx does the percent-encoding."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

Scalar = str | int | float | bool | date | datetime
ParamValue = Scalar | Iterable[Scalar] | None
Params = Mapping[str, ParamValue]


def encode_params(params: Params | None) -> list[tuple[str, str | int | float | bool | None]]:
    """Pairs for httpx: None dropped, lists comma-joined (`id:in=1,2`), booleans as true/false."""
    if not params:
        return []
    return [(key, _encode(value)) for key, value in params.items() if value is not None]


def _encode(value: ParamValue) -> str:
    if isinstance(value, str | int | float | bool | date):
        return _scalar(value)
    assert value is not None
    return ",".join(_scalar(item) for item in value)


def _scalar(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)

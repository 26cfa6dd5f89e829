"""Values of order requests and answers: integers and amounts checked (422), v2 money text."""

from __future__ import annotations

import math
from typing import Any

from storebridge_sandbox.errors import invalid


def whole(value: Any, field: str) -> int:
    """An integer field of a request, or 422."""
    if isinstance(value, bool):
        raise invalid(field, f"{field} must be an integer")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise invalid(field, f"{field} must be an integer") from None


def decimal(value: Any, field: str) -> float:
    """A non-negative amount of a request (number or numeric text), or 422."""
    try:
        amount = float(value)
    except (TypeError, ValueError):
        raise invalid(field, f"{field} must be a number") from None
    if isinstance(value, bool) or not math.isfinite(amount) or amount < 0:
        raise invalid(field, f"{field} must be a non-negative number")
    return amount


def money(value: float) -> str:
    """v2 money: `"225.0000"`."""
    return f"{value:.4f}"

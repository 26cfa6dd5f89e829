"""The states an order's document goes through (pure names; the store moves them)."""

from __future__ import annotations

NEW, WAITING, STORED, MOVED, REPLICATED = "new", "waiting", "stored", "moved", "replicated"
STATES = (NEW, WAITING, STORED, MOVED, REPLICATED)
"""Every state, in the order an order goes through them."""

"""The states a replicated order's document goes through (pure names).

The order replicator moves an order through them (its `store/orders.py`); the console and the
CLI count and show them (`storebridge_shared.store.orders`).
"""

from __future__ import annotations

NEW, WAITING, STORED, MOVED, REPLICATED = "new", "waiting", "stored", "moved", "replicated"
STATES = (NEW, WAITING, STORED, MOVED, REPLICATED)
"""Every state, in the order an order goes through them."""

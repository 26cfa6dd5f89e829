"""The states an order's document goes through (pure names; the store moves them).

Defined in `storebridge_shared.records.order_states`, so the console reads them without
importing this service.
"""

from __future__ import annotations

from storebridge_shared.records.order_states import MOVED, NEW, REPLICATED, STATES, STORED, WAITING

__all__ = ["MOVED", "NEW", "REPLICATED", "STATES", "STORED", "WAITING"]

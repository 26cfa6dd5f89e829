"""Routing keys on the events exchange, derived from scopes in this one place.

Pure: no I/O.
"""

from __future__ import annotations


def routing_key(store_hash: str, scope: str) -> str:
    """`store/product/inventory/updated` of store `abc` -> `abc.product.inventory.updated`."""
    _, _, rest = scope.partition("/")
    return f"{store_hash}.{rest.replace('/', '.')}"


def order_replicated_key(store_hash: str) -> str:
    """Key of the `order.replicated` event on the events exchange: `{store}.replicated.order`.

    No service binding matches it (`*.order.#` needs `order` second), so merchants bind their own
    queue with `*.replicated.order` (or `{store}.replicated.order`) and nothing else receives it.
    """
    return f"{store_hash}.replicated.order"


def order_updated_key(store_hash: str) -> str:
    """Key of the `order.updated` event: `{store}.updated.order`, bound like `replicated`."""
    return f"{store_hash}.updated.order"

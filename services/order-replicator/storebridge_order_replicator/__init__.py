"""storebridge_order_replicator."""

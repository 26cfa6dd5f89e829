"""order-replicator's own MongoDB persistence: replicated orders and poll runs."""

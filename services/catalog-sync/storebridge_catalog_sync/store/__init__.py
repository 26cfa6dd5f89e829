"""catalog-sync's own MongoDB persistence: id links, sync state, backfill progress, the register."""

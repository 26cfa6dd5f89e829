"""storebridge_catalog_sync."""

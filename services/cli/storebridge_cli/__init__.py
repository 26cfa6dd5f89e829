"""storebridge_cli."""

"""storebridge_sandbox."""

"""storebridge_janitor."""

"""storebridge janitor: purges old processed events, re-drives, reports stuck events, metrics."""

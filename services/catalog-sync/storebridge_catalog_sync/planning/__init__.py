"""The catalog planner: snapshot -> plan -> apply. `snapshot`, `matching`, `steps` and `plan` are
pure (no I/O); reading snapshots and applying plans live in `storebridge_catalog_sync.reading` and
`storebridge_catalog_sync.apply`."""

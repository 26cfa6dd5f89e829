"""The reconcile pass: every SYNC_PERIOD_IN_SECS, what changed in store A with no webhook.

`decide` (pure) picks what to sync from A's listings and the checkpoint; `passes` runs one pass
(read, decide, sync each item through the coordinator, checkpoint); `loop` runs passes under a
lease, one at a time across replicas. See docs/catalog-sync.md, "Reconcile pass".
"""

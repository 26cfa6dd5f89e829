"""Backfill: copy the whole source catalog into one destination, restartably."""

from storebridge_catalog_sync.backfill.job import BackfillReport, DeepSync
from storebridge_catalog_sync.backfill.progress import ProgressBar
from storebridge_catalog_sync.backfill.runner import backfill_catalog

__all__ = ["BackfillReport", "DeepSync", "ProgressBar", "backfill_catalog"]

"""The hook notices already alerted (`hook_notices`): one document per store, hook and code.

Alerting once is one `insert_one` on a unique `_id` (right on MongoDB and the stand-in alike);
a repeated notice only counts. The janitor forgets a hook's notices when it re-activates the
hook, so the next episode alerts again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pymongo.errors import DuplicateKeyError

from storebridge_shared.hooks.notices import HookNotice
from storebridge_shared.store.client import Database
from storebridge_shared.store.collections import HOOK_NOTICES


class HookNotices:
    """Notices already seen, so each alerts once."""

    def __init__(self, db: Database) -> None:
        self._collection = db[HOOK_NOTICES]

    async def first_time(self, notice: HookNotice) -> bool:
        """Record the notice; True when it is the first of its store, hook and code."""
        document = {
            "_id": notice.key,
            "store_hash": notice.store_hash,
            "hook_id": notice.hook_id,
            "error_code": notice.error_code,
            "message": notice.message,
            "first_seen": datetime.now(UTC),
            "count": 1,
        }
        try:
            await self._collection.insert_one(document)
        except DuplicateKeyError:
            await self._collection.update_one({"_id": notice.key}, {"$inc": {"count": 1}})
            return False
        return True

    async def forget(self, store_hash: str, hook_id: int) -> int:
        """Drop a hook's notices (it was re-activated); return how many went."""
        result = await self._collection.delete_many({"store_hash": store_hash, "hook_id": hook_id})
        return result.deleted_count

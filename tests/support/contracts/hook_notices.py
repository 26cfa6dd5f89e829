"""What every store of hook notices already alerted does: the first notice of a store, hook and
error code is the one to alert on (once, even when two arrive at once), a repeat only counts, and
forgetting a hook's notices (it was re-activated) drops that hook's only, so its next episode
alerts again.

Subclass with a `hook_notices` fixture (the store) and a `stored_notice` fixture (a callable
`(key) -> document | None` reading what was written): `storebridge_shared.store.hook_notices.
HookNotices` on MongoDB passes it (integration).
"""

from __future__ import annotations

import asyncio
from typing import Any

from storebridge_shared.hooks.notices import HookNotice

FAILING = HookNotice("a1", 7, 90001, "deliveries to https://x.example fail")
DISABLED = HookNotice("a1", 7, 90002, "hook disabled")


class HookNoticesContract:
    """The behaviour suite of a hook notices store."""

    async def test_given_a_new_notice_then_it_is_the_first_and_written_with_its_fields(
        self, hook_notices: Any, stored_notice: Any
    ) -> None:
        assert await hook_notices.first_time(FAILING)

        document = await stored_notice(FAILING.key)
        assert document is not None
        assert (document["store_hash"], document["hook_id"], document["error_code"]) == (
            "a1",
            7,
            90001,
        )
        assert (document["message"], document["count"]) == (FAILING.message, 1)

    async def test_given_a_notice_seen_before_then_a_repeat_is_not_the_first_and_only_counts(
        self, hook_notices: Any, stored_notice: Any
    ) -> None:
        await hook_notices.first_time(FAILING)
        first = await stored_notice(FAILING.key)

        repeats = [
            await hook_notices.first_time(HookNotice("a1", 7, 90001, "a newer message")),
            await hook_notices.first_time(FAILING),
        ]

        document = await stored_notice(FAILING.key)
        assert repeats == [False, False]
        assert document["count"] == 3
        assert document["message"] == FAILING.message, "the first notice's message stays"
        assert document["first_seen"] == first["first_seen"]

    async def test_given_two_copies_of_a_notice_at_once_then_exactly_one_is_the_first(
        self, hook_notices: Any, stored_notice: Any
    ) -> None:
        outcomes = await asyncio.gather(
            hook_notices.first_time(FAILING), hook_notices.first_time(FAILING)
        )

        assert sorted(outcomes) == [False, True]
        assert (await stored_notice(FAILING.key))["count"] == 2

    async def test_given_another_code_store_or_hook_then_each_is_a_first_of_its_own(
        self, hook_notices: Any
    ) -> None:
        await hook_notices.first_time(FAILING)

        firsts = [
            await hook_notices.first_time(DISABLED),
            await hook_notices.first_time(HookNotice("b2", 7, 90001, "")),
            await hook_notices.first_time(HookNotice("a1", 8, 90001, "")),
        ]

        assert firsts == [True, True, True]

    async def test_given_a_hook_re_activated_when_its_notices_are_forgotten_then_only_its_own_go_and_the_next_one_alerts(
        self, hook_notices: Any, stored_notice: Any
    ) -> None:
        other_hook, other_store = HookNotice("a1", 8, 90001, ""), HookNotice("b2", 7, 90001, "")
        for notice in (FAILING, DISABLED, other_hook, other_store):
            await hook_notices.first_time(notice)

        gone = await hook_notices.forget("a1", 7)
        again = await hook_notices.forget("a1", 7)

        assert (gone, again) == (2, 0)
        assert await stored_notice(FAILING.key) is None
        assert await stored_notice(other_hook.key) is not None
        assert await stored_notice(other_store.key) is not None
        assert await hook_notices.first_time(FAILING), "the next episode alerts again"
        assert not await hook_notices.first_time(other_hook)

    async def test_given_no_notice_of_a_hook_when_forgotten_then_none_go(
        self, hook_notices: Any
    ) -> None:
        assert await hook_notices.forget("a1", 7) == 0

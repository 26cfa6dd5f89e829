"""What every store of failed console logins does: each failure counted at its time (to the
millisecond), a client's failures read newest first, only those after the window's start and no
more than asked, and a client's failures forgotten (it logged in) without touching another's.

Subclass with a `login_failures` fixture: `storebridge_shared.store.login_failures.
LoginFailures` on MongoDB passes it (integration).
"""

from __future__ import annotations

import time
from typing import Any


def now() -> float:
    """The start of a test in whole epoch seconds: failures are written near now, so none is
    past the TTL index `expire` (which removes an old failure at once on the stand-in and
    within a minute on MongoDB)."""
    return float(int(time.time()))


class LoginFailuresContract:
    """The behaviour suite of a failed-login store."""

    async def test_given_no_failure_then_a_client_has_none(self, login_failures: Any) -> None:
        assert await login_failures.recent("10.0.0.1", since=0.0, limit=10) == []

    async def test_given_failures_then_they_are_read_newest_first_to_the_millisecond(
        self, login_failures: Any
    ) -> None:
        t0 = now()
        for at in (t0 + 1.25, t0 + 3.5, t0 + 2.0009):
            await login_failures.add("10.0.0.1", at)

        assert await login_failures.recent("10.0.0.1", since=t0, limit=10) == [
            t0 + 3.5,
            t0 + 2.0,
            t0 + 1.25,
        ]

    async def test_given_failures_then_only_those_after_the_window_start_count_up_to_the_limit(
        self, login_failures: Any
    ) -> None:
        t0 = now()
        for second in range(5):
            await login_failures.add("10.0.0.1", t0 + second)

        after_start = await login_failures.recent("10.0.0.1", since=t0 + 1, limit=10)
        latest_two = await login_failures.recent("10.0.0.1", since=t0 - 1, limit=2)

        assert after_start == [t0 + 4, t0 + 3, t0 + 2], "a failure at the start itself is out"
        assert latest_two == [t0 + 4, t0 + 3]

    async def test_given_two_failures_at_the_same_moment_then_both_count(
        self, login_failures: Any
    ) -> None:
        t0 = now()
        await login_failures.add("10.0.0.1", t0)
        await login_failures.add("10.0.0.1", t0)

        assert await login_failures.recent("10.0.0.1", since=t0 - 1, limit=10) == [t0, t0]

    async def test_given_two_clients_then_each_reads_its_own_and_forgetting_one_keeps_the_other(
        self, login_failures: Any
    ) -> None:
        t0 = now()
        await login_failures.add("10.0.0.1", t0 + 1)
        await login_failures.add("10.0.0.1", t0 + 2)
        await login_failures.add("10.0.0.2", t0 + 3)

        assert await login_failures.recent("10.0.0.2", since=t0, limit=10) == [t0 + 3]
        await login_failures.forget("10.0.0.1")
        await login_failures.forget("10.0.0.1")  # twice: nothing more to forget

        assert await login_failures.recent("10.0.0.1", since=t0, limit=10) == []
        assert await login_failures.recent("10.0.0.2", since=t0, limit=10) == [t0 + 3]

    async def test_given_a_client_forgotten_when_it_fails_again_then_only_the_new_failure_counts(
        self, login_failures: Any
    ) -> None:
        t0 = now()
        await login_failures.add("10.0.0.1", t0 + 1)
        await login_failures.forget("10.0.0.1")

        await login_failures.add("10.0.0.1", t0 + 9)

        assert await login_failures.recent("10.0.0.1", since=t0, limit=10) == [t0 + 9]

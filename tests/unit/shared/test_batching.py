"""Group commit: concurrent submissions share round trips; each caller gets its own result."""

from __future__ import annotations

import asyncio

import pytest

from storebridge_shared.store.batching import Batcher


async def test_given_concurrent_submissions_then_they_are_flushed_together_in_order():
    calls: list[list[int]] = []

    async def flush(items):
        calls.append(list(items))
        await asyncio.sleep(0)
        return [i * 10 for i in items]

    batcher: Batcher[int, int] = Batcher(flush, max_batch=4)
    results = await asyncio.gather(*(batcher.submit(i) for i in range(10)))

    assert results == [i * 10 for i in range(10)]
    assert [len(c) for c in calls] == [4, 4, 2]


async def test_given_one_bad_item_then_only_its_caller_fails():
    async def flush(items):
        return [ValueError("bad") if i == 2 else i for i in items]

    batcher: Batcher[int, int] = Batcher(flush)
    results = await asyncio.gather(*(batcher.submit(i) for i in range(4)), return_exceptions=True)

    assert results[:2] == [0, 1] and results[3] == 3
    assert isinstance(results[2], ValueError)


async def test_given_the_round_trip_fails_then_every_caller_of_that_batch_learns_it():
    async def flush(items):
        raise ConnectionError("down")

    batcher: Batcher[int, int] = Batcher(flush)
    with pytest.raises(ConnectionError):
        await batcher.submit(1)
    results = await asyncio.gather(batcher.submit(2), batcher.submit(3), return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in results)


async def test_given_a_failing_round_trip_when_others_queue_behind_it_then_they_fail_with_it_without_another_flush():
    flushes: list[list[int]] = []
    started = asyncio.Event()
    release = asyncio.Event()

    async def flush(items):
        flushes.append(list(items))
        started.set()
        await release.wait()
        raise ConnectionError("server selection timed out")

    batcher: Batcher[int, int] = Batcher(flush)
    first = asyncio.ensure_future(batcher.submit(1))
    await started.wait()
    queued = [asyncio.ensure_future(batcher.submit(i)) for i in (2, 3, 4)]
    await asyncio.sleep(0)
    release.set()

    results = await asyncio.gather(first, *queued, return_exceptions=True)

    assert flushes == [[1]]
    assert all(isinstance(r, ConnectionError) for r in results)
    assert len({id(r) for r in results}) == 1  # one failure, learnt by all


async def test_given_a_failed_round_trip_when_the_database_returns_then_the_next_submission_is_flushed():
    healthy = False

    async def flush(items):
        if not healthy:
            raise ConnectionError("down")
        return list(items)

    batcher: Batcher[int, int] = Batcher(flush)
    with pytest.raises(ConnectionError):
        await batcher.submit(1)
    healthy = True
    assert await batcher.submit(2) == 2


async def test_given_an_observer_then_it_sees_the_size_of_every_round_trip():
    sizes: list[int] = []

    async def flush(items):
        await asyncio.sleep(0)
        return list(items)

    batcher: Batcher[int, int] = Batcher(flush, max_batch=3, on_flush=sizes.append)
    await asyncio.gather(*(batcher.submit(i) for i in range(5)))

    assert sizes == [3, 2]


async def test_given_a_max_delay_when_an_item_arrives_during_a_flush_then_it_waits_for_the_next_window():
    flushes: list[list[int]] = []
    started = asyncio.Event()
    release = asyncio.Event()

    async def flush(items):
        flushes.append(list(items))
        started.set()
        await release.wait()
        return [None] * len(items)

    batcher: Batcher[int, None] = Batcher(flush, max_delay=0.05)
    first = asyncio.create_task(batcher.submit(1))
    await started.wait()
    during = asyncio.create_task(batcher.submit(2))
    release.set()
    for _ in range(5):  # the first flush returns; without a new window, 2 would go out alone
        await asyncio.sleep(0)
    after = asyncio.create_task(batcher.submit(3))
    await asyncio.gather(first, during, after)

    assert flushes == [[1], [2, 3]]

"""Events stored before `subject` and `received_ms` existed, migrated on real MongoDB (or the
stand-in): by `storebridge events migrate` (idempotent, resumable) and by the janitor at
start-up, after which the resource page's lookup and every time window find them."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from storebridge_cli.commands.events import migrate
from storebridge_janitor.app import serve
from storebridge_janitor.event_keys import fill_event_keys
from storebridge_janitor.purge import Pacing
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.store.collections import EVENTS
from storebridge_shared.store.event_keys import EventKeys
from storebridge_shared.store.event_log import _document, lookup_keys
from storebridge_shared.store.event_maintenance import EventMaintenance
from storebridge_shared.testing.mongodb import free_port
from tests.integration.janitor.conftest import envelope
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

PRODUCT = "store/product/updated"


async def given_old_events(db) -> list[EventEnvelope]:
    """Five events stored before `subject` (neither field), two after it but before
    `received_ms`, and one stored today; all processed (as an old log holds them)."""
    events = [
        envelope(age=timedelta(hours=3, minutes=n), scope=PRODUCT, resource_id=str(70 + n))
        for n in range(8)
    ]
    documents = []
    for n, event in enumerate(events):
        document = _document(event) | {"status": EventStatus.PROCESSED.value}
        if n < 5:
            document.pop("subject")
        if n < 7:
            document.pop("received_ms")
        documents.append(document)
    await db[EVENTS].insert_many(documents)
    return events


def arguments(**overrides) -> argparse.Namespace:
    return argparse.Namespace(**({"dry_run": False, "duty_cycle": 1.0, "batch": 2} | overrides))


async def test_given_old_events_when_migrated_then_lookups_and_windows_find_them_and_a_rerun_changes_nothing(
    db, janitor_settings, capsys
):
    events = await given_old_events(db)
    maintenance = EventMaintenance(db)
    since = datetime.now(UTC) - timedelta(hours=4)
    assert [e async for e in maintenance.window("abc123", since, None)] == events[7:]

    assert await migrate(janitor_settings(), arguments(dry_run=True)) == 0
    assert "without subject: 5, without received_ms: 7" in capsys.readouterr().out
    assert await migrate(janitor_settings(), arguments()) == 0

    out = capsys.readouterr().out
    assert "filled 7 event(s)" in out
    for event in events:
        document = await db[EVENTS].find_one({"_id": event.event_id})
        assert {k: document[k] for k in ("subject", "received_ms")} == lookup_keys(event)
    assert [e.event_id async for e in maintenance.window("abc123", since, None)] == sorted(
        e.event_id for e in events
    )
    [(found, status)] = await maintenance.about("abc123:product:70", 10)
    assert found == events[0] and status is EventStatus.PROCESSED
    assert await migrate(janitor_settings(), arguments()) == 0
    assert "without subject: 0, without received_ms: 0" in (again := capsys.readouterr().out)
    assert "filled 0 event(s)" in again


async def test_given_a_migration_stopped_after_a_batch_when_run_again_then_it_finishes(db):
    await given_old_events(db)
    keys = EventKeys(db)
    asked: list[int] = []

    async def once() -> bool:
        asked.append(1)
        return len(asked) < 2

    stopped = await fill_event_keys(keys, Pacing(2, 1.0), once)
    assert not stopped.finished and stopped.filled == 4
    assert await keys.count_lacking() == {"subject": 1, "received_ms": 3}

    finished = await fill_event_keys(keys, Pacing(2, 1.0))
    assert finished.finished and finished.filled == 3
    assert await keys.count_lacking() == {"subject": 0, "received_ms": 0}


async def test_given_old_events_when_the_janitor_starts_then_it_fills_them_in_the_background(
    db, janitor_settings, declared_topology
):
    await given_old_events(db)
    keys = EventKeys(db)
    settings = janitor_settings(ops_port=free_port(), janitor_interval_secs=0.1)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop))

    async def none_lacking() -> bool:
        return await keys.count_lacking() == {"subject": 0, "received_ms": 0}

    try:
        await wait_until(none_lacking, timeout=30)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)

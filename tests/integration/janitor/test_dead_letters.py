"""Dead letters: seen with their reason without being consumed, sent back after a fix, dropped."""

from __future__ import annotations

import argparse

import pytest

from storebridge_cli.commands.dlq import act
from storebridge_shared.broker.dead_letters import dead_letter_queue
from storebridge_shared.broker.failures import PermanentFailure
from storebridge_shared.broker.topology import Topology
from tests.integration.janitor.conftest import envelope
from tests.integration.janitor.consumer import SERVICE, consuming, publishing
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


def command(action: str, event_id: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(
        action=action, service=SERVICE, event_id=event_id, limit=None, yes=True
    )


async def test_given_dead_letters_when_the_bug_is_fixed_and_they_are_requeued_then_the_service_processes_them(
    janitor_settings, declared_topology, capsys
):
    settings = janitor_settings()
    topology = Topology(settings.broker_namespace)
    fixed = False
    handled: list[str] = []

    async def replicate(event) -> None:
        if not fixed:
            raise PermanentFailure(f"order {event.resource_id} references a missing product")
        handled.append(event.event_id)

    good, poison = envelope(resource_id="1"), envelope(resource_id="2")
    async with (
        consuming(settings, replicate),
        publishing(settings) as publisher,
        dead_letter_queue(settings.amqp_url, topology, SERVICE) as dlq,
    ):
        await publisher.publish(good)
        await publisher.publish(poison)

        async def both_dead() -> bool:
            return await dlq.count() == 2

        await wait_until(both_dead)
        peeked = await dlq.peek()
        assert {m.event_id for m in peeked} == {good.event_id, poison.event_id}
        assert all(
            m.reason.startswith("permanent failure: PermanentFailure: order") for m in peeked
        )
        await wait_until(both_dead)  # peeking consumed nothing (requeues settle asynchronously)
        shown = await dlq.show(good.event_id)
        assert shown is not None and shown.headers["x-storebridge-service"] == SERVICE
        assert await act(settings, command("list")) == 0
        assert "references a missing product" in capsys.readouterr().out

        assert await dlq.purge(poison.event_id) == 1
        fixed = True
        assert await act(settings, command("requeue")) == 0
        assert "1 message(s) sent back" in capsys.readouterr().out

        async def processed() -> bool:
            return handled == [good.event_id]

        await wait_until(processed)
        assert await dlq.count() == 0
        assert await dlq.show(good.event_id) is None

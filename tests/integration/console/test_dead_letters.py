"""Dead letters in the console over HTTP, on the real RabbitMQ: listed with their reason and left
in the queue, shown with every header, one purged, the rest requeued after a fix and processed."""

from __future__ import annotations

import re

import pytest

from storebridge_shared.broker.dead_letters import dead_letter_queue
from storebridge_shared.broker.failures import PermanentFailure
from storebridge_shared.broker.topology import Topology
from tests.integration.janitor.conftest import envelope
from tests.integration.janitor.consumer import SERVICE, consuming, publishing
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


async def test_given_dead_letters_when_one_is_purged_and_the_rest_requeued_after_a_fix_then_processed(
    console, broker
):
    fixed, handled = False, []

    async def replicate(event) -> None:
        if not fixed:
            raise PermanentFailure(f"order {event.resource_id} references a missing product")
        handled.append(event.event_id)

    good, poison = envelope(resource_id="1"), envelope(resource_id="2")
    topology = Topology(broker.broker_namespace)
    async with (
        consuming(broker, replicate),
        publishing(broker) as publisher,
        dead_letter_queue(broker.amqp_url, topology, SERVICE) as dlq,
    ):
        await publisher.publish(good)
        await publisher.publish(poison)

        async def both_dead() -> bool:
            return await dlq.count() == 2

        await wait_until(both_dead)
        listed = (await console.http.get("/dead-letters")).text
        assert "2 waiting in" in listed
        assert listed.count("references a missing product") == 2
        assert f'href="/dead-letters/{SERVICE}/{good.event_id}"' in listed
        await wait_until(both_dead)  # listing consumed nothing

        shown = (await console.http.get(f"/dead-letters/{SERVICE}/{good.event_id}")).text
        assert "x-storebridge-service" in shown and good.event_id in shown
        assert "permanent failure: PermanentFailure: order 1" in shown

        ask = f"/dead-letters/{SERVICE}/purge?event_id={poison.event_id}"
        assert "Purge the dead letter" in (await console.http.get(ask)).text
        form = {"event_id": poison.event_id}
        assert (
            await console.http.post(f"/dead-letters/{SERVICE}/purge", data=form)
        ).status_code == 403
        token = await console.csrf(ask)
        purged = await console.http.post(
            f"/dead-letters/{SERVICE}/purge", data=form | {"csrf_token": token}
        )
        assert purged.status_code == 303 and "count=1" in purged.headers["location"]

        async def one_left() -> bool:  # the peeked ones are handed back asynchronously
            return await dlq.count() == 1

        await wait_until(one_left)
        fixed = True
        token = await console.csrf(f"/dead-letters/{SERVICE}/requeue")
        requeued = await console.http.post(
            f"/dead-letters/{SERVICE}/requeue", data={"event_id": "", "csrf_token": token}
        )
        assert requeued.status_code == 303
        page = (await console.http.get(requeued.headers["location"])).text
        assert f"{SERVICE}: 1 message(s) sent back" in page

        async def processed() -> bool:
            return handled == [good.event_id]

        await wait_until(processed)
        assert await dlq.count() == 0
        assert re.search(
            rf'id="dlq-{SERVICE}">.*?0 waiting in',
            (await console.http.get("/dead-letters")).text,
            re.S,
        )


async def test_given_unknown_services_ids_or_actions_then_404(console):
    assert (await console.http.get("/dead-letters/nobody/abc")).status_code == 404
    assert (await console.http.get(f"/dead-letters/{SERVICE}/not-there")).status_code == 404
    assert (await console.http.get(f"/dead-letters/{SERVICE}/explode")).status_code == 404

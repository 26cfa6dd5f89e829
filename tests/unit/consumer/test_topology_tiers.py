"""Retry tiers as topology data: configurable delays, backward-compatible defaults."""

from __future__ import annotations

import pytest

from storebridge_shared.broker.declaration import _retry_queue_arguments
from storebridge_shared.broker.topology import RETRY_DELAYS_SECS, SERVICE_BINDINGS, Topology


def test_given_the_default_topology_then_production_tiers_and_bindings_apply():
    topology = Topology(namespace="sb")

    queues = topology.queues("catalog-sync")

    assert topology.services == tuple(SERVICE_BINDINGS)
    assert queues.delays == RETRY_DELAYS_SECS
    assert queues.retries[0] == "sb.catalog-sync.retry.0"
    assert len(queues.retries) == len(RETRY_DELAYS_SECS)


@pytest.mark.parametrize(("attempt", "tier"), [(0, 0), (1, 0), (2, 1), (3, 2), (4, 2), (50, 2)])
def test_given_test_tiers_then_each_failed_attempt_waits_in_its_tier_capped_at_the_last(
    attempt, tier
):
    queues = Topology(
        namespace="t", bindings={"svc": ("*.product.#",)}, retry_delays=(0.05, 0.1, 0.2)
    ).queues("svc")

    assert queues.retry_queue(attempt) == (f"t.svc.retry.{tier}", (0.05, 0.1, 0.2)[tier])


def test_given_a_tier_then_its_queue_ttl_is_the_tier_in_ms_and_dead_letters_at_least_once():
    queues = Topology(namespace="t", bindings={"svc": ()}, retry_delays=(0.05,)).queues("svc")

    arguments = _retry_queue_arguments(queues, 0.05)

    assert arguments["x-message-ttl"] == 50
    assert arguments["x-dead-letter-exchange"] == ""
    assert arguments["x-dead-letter-routing-key"] == "t.svc"
    assert arguments["x-dead-letter-strategy"] == "at-least-once"


@pytest.mark.parametrize("delays", [(), (1.0, 0.0), (-1.0,)])
def test_given_no_or_non_positive_delays_then_the_topology_is_refused(delays):
    with pytest.raises(ValueError, match="retry_delays"):
        Topology(namespace="t", retry_delays=delays)

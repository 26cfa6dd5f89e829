"""Whether a lease's holder is a process of this host that is gone (pure, pids faked)."""

from __future__ import annotations

import pytest

from storebridge_shared.store.leases import holder_gone, owner_id

HOST, PID = "pod-7", 1
"""This process: host `pod-7` (hostnames carry dashes), pid 1."""
HERE = {"pod-7-1-abc123", "pod-7-1-fed321"}
"""The owner ids this process made (two replicas in one process)."""


@pytest.mark.parametrize(
    ("holder", "alive", "gone"),
    [
        ("pod-7-1-def456/1a2b3c4d", True, True),  # our pid, not ours: a previous run
        ("pod-7-42-def456/1a2b3c4d", False, True),  # a process of this host that died
        ("pod-7-42-def456/refresh-1a2b", True, False),  # alive on this host
        ("pod-7-1-abc123/1a2b3c4d", False, False),  # this process (another attempt)
        ("pod-7-1-fed321/1a2b3c4d", False, False),  # another replica in this process
        ("pod-8-1-def456/1a2b3c4d", False, False),  # another host: its lease expires
        ("crashed-replica", False, False),
        ("pod-7-x-def456", False, False),
    ],
)
def test_given_a_holder_then_it_is_gone_only_when_its_process_of_this_host_no_longer_runs(
    holder: str, alive: bool, gone: bool
):
    found = holder_gone(holder, host=HOST, pid=PID, here=HERE, pid_alive=lambda _: alive)
    assert found is gone


def test_given_an_owner_made_here_then_it_is_never_gone():
    assert holder_gone(owner_id() + "/attempt") is False

"""`make run` gives every process a port of its own and says why a process is not ready."""

from __future__ import annotations

import itertools

import pytest

from storebridge_cli.local_run.ports import OPS_PORT_VARIABLES, LocalRunError, assign_ports
from storebridge_cli.local_run.readiness import explain


def ports_for(user, busy=()):
    counter = itertools.count(40000)
    return assign_ports(user, free_port=lambda: next(counter), is_free=lambda p: p not in busy)


def test_given_nothing_set_when_assigning_then_documented_ports_and_one_ops_port_each():
    ports = ports_for({})

    assert (ports.ingress, ports.sandbox) == (8080, 8900)
    assert set(ports.ops) == set(OPS_PORT_VARIABLES)
    assert len(set(ports.ops.values())) == len(OPS_PORT_VARIABLES)
    assert ports.notices == ()


def test_given_the_documented_ports_busy_when_assigning_then_free_ones():
    ports = ports_for({}, busy={8080, 8900})

    assert 8080 not in (ports.ingress, ports.sandbox) and ports.ingress != ports.sandbox


def test_given_zero_when_assigning_then_any_free_port_even_if_the_documented_one_is_free():
    ports = ports_for({"PORT": "0", "SANDBOX_PORT": "0"})

    assert ports.ingress >= 40000 and ports.sandbox >= 40000


def test_given_the_old_shared_ops_port_in_env_when_assigning_then_each_its_own_and_a_notice():
    ports = ports_for({"OPS_PORT": "9100", "JANITOR_OPS_PORT": "9102", "PORT": "9000"})

    assert ports.ingress == 9000
    assert ports.ops["janitor"] == 9102
    assert ports.ops["catalog-sync"] != ports.ops["order-replicator"]
    assert 9100 not in ports.ops.values()
    assert len(ports.notices) == 1 and "OPS_PORT" in ports.notices[0]


def test_given_a_service_ops_port_in_env_when_assigning_then_that_service_uses_it():
    assert ports_for({"CATALOG_SYNC_OPS_PORT": "9200"}).ops["catalog-sync"] == 9200


@pytest.mark.parametrize("raw", ["abc", "70000", "-1"])
def test_given_a_port_that_is_not_a_number_when_assigning_then_one_line_naming_it(raw):
    with pytest.raises(LocalRunError, match="PORT: not a port number"):
        ports_for({"PORT": raw})


def test_given_a_readiness_answer_naming_checks_when_explained_then_the_failing_ones():
    assert explain(503, '{"mongodb": false, "broker": true}') == "mongodb not reachable (HTTP 503)"


def test_given_no_answer_when_explained_then_says_so():
    assert explain(None, "Connection refused") == "no answer (Connection refused)"
    assert explain(500, "oops") == "HTTP 500"

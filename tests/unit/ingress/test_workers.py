"""How many ingress workers run: INGRESS_WORKERS, else the CPUs the container may use."""

from __future__ import annotations

from storebridge_ingress.workers import cpu_quota, worker_count


def test_given_workers_set_then_that_many_whatever_the_cpus():
    assert worker_count(3, affinity=2, quota=1.0) == 3


def test_given_no_setting_and_no_quota_then_one_per_cpu_of_the_affinity():
    assert worker_count(0, affinity=2, quota=None) == 2


def test_given_a_quota_below_the_cpus_then_the_quota_rounded_down_but_at_least_one():
    assert worker_count(0, affinity=4, quota=2.5) == 2
    assert worker_count(0, affinity=4, quota=0.1) == 1


def test_given_cgroup_v2_cpu_max_then_quota_over_period_or_none_when_unlimited():
    assert cpu_quota("200000 100000", None, None) == 2.0
    assert cpu_quota("max 100000", None, None) is None


def test_given_cgroup_v1_then_quota_over_period_or_none_when_unlimited():
    assert cpu_quota(None, "150000", "100000") == 1.5
    assert cpu_quota(None, "-1", "100000") is None
    assert cpu_quota(None, None, None) is None

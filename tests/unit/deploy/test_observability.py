"""deploy/observability/: the dashboard and the alert rules name only metrics the services export.

The exported names are collected from the services' own registries, as their apps build them:
nothing here lists a metric by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import CollectorRegistry

from storebridge_catalog_sync.app import create_app as catalog_sync_app
from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_console.app import create_app as console_app
from storebridge_console.settings import ConsoleSettings
from storebridge_ingress.app import create_app as ingress_app
from storebridge_ingress.settings import IngressSettings
from storebridge_janitor.app import register_metrics as register_janitor_metrics
from storebridge_order_replicator.app import create_app as order_replicator_app
from storebridge_order_replicator.settings import OrderReplicatorSettings
from tests.support.settings import settings_of

ROOT = Path(__file__).resolve().parents[3]
OBSERVABILITY = ROOT / "deploy" / "observability"
OPERATIONS = ROOT / "docs" / "operations.md"
NAME = re.compile(r"\bstorebridge_[a-z0-9_]+")
SUFFIXES = {
    "counter": ("_total",),
    "histogram": ("_bucket", "_count", "_sum"),
    "summary": ("_count", "_sum"),
    "info": ("_info",),
}
VALUES = {
    "store_a_hash": "storea",
    "store_a_access_token": "token-a",
    "store_b_hash": "storeb",
    "store_b_access_token": "token-b",
    "webhook_secret": "a-webhook-secret-for-tests",
    "console_password": "a-console-password",
}


def service_registries() -> dict[str, CollectorRegistry]:
    """Each service's registry with everything its app registers (no connection opened)."""
    registries = {name: CollectorRegistry() for name in ("catalog-sync", "order-replicator")}
    catalog_sync_app(
        settings_of(CatalogSyncSettings, **VALUES), registry=registries["catalog-sync"]
    )
    order_replicator_app(
        settings_of(OrderReplicatorSettings, **VALUES), registry=registries["order-replicator"]
    )
    registries["ingress"] = CollectorRegistry()
    ingress_app(settings_of(IngressSettings, **VALUES), registry=registries["ingress"])
    registries["console"] = CollectorRegistry()
    console_app(settings_of(ConsoleSettings, **VALUES), registry=registries["console"])
    registries["janitor"] = CollectorRegistry()
    register_janitor_metrics(registries["janitor"])  # what open_janitor registers
    return registries


def exported_names() -> set[str]:
    """Every series name a scrape of any service can show (`_created` is off)."""
    names: set[str] = set()
    for registry in service_registries().values():
        for family in registry.collect():
            names.update(family.name + suffix for suffix in SUFFIXES.get(family.type, ("",)))
    return names


def dashboard_exprs() -> Iterator[str]:
    """Every query of the dashboard, its variables' included."""
    dashboard = json.loads((OBSERVABILITY / "dashboard.json").read_text())
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            yield target["expr"]
    for variable in dashboard["templating"]["list"]:
        if variable["type"] == "query":
            yield variable["definition"]


def alert_rules() -> list[dict[str, Any]]:
    """Every rule of alerts.yaml."""
    groups = yaml.safe_load((OBSERVABILITY / "alerts.yaml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def unknown_names(exprs: Iterator[str] | list[str], exported: set[str]) -> set[str]:
    """Metric names in `exprs` that no service exports."""
    return {name for expr in exprs for name in NAME.findall(expr)} - exported


@pytest.fixture(scope="module")
def exported() -> set[str]:
    return exported_names()


def test_given_the_services_registries_then_the_issue_16_metrics_are_among_the_names(exported):
    assert {
        "storebridge_bigcommerce_requests_total",
        "storebridge_catalog_sync_lag_seconds_bucket",
        "storebridge_order_moved_lag_seconds_bucket",
        "storebridge_consumer_retries_total",
        "storebridge_queue_messages",
    } <= exported
    assert not any(name.endswith("_created") for name in exported)


def test_given_the_dashboard_then_every_metric_it_queries_is_exported(exported):
    exprs = list(dashboard_exprs())
    assert len(exprs) > 20
    assert unknown_names(exprs, exported) == set()


def test_given_the_alert_rules_then_every_metric_they_use_is_exported(exported):
    assert unknown_names([rule["expr"] for rule in alert_rules()], exported) == set()


def test_given_a_name_no_service_exports_when_checked_then_it_is_reported(exported):
    exprs = ["rate(storebridge_consumer_messages_total[5m])", "storebridge_no_such_thing > 0"]
    assert unknown_names(exprs, exported) == {"storebridge_no_such_thing"}


def test_given_the_alert_rules_then_each_runbook_is_a_section_of_operations_md():
    headings = {
        "docs/operations.md#"
        + re.sub(r"[^a-z0-9 -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in OPERATIONS.read_text().splitlines()
        if line.startswith("#")
    }
    for rule in alert_rules():
        assert rule["annotations"]["runbook"] in headings, rule["alert"]


def test_given_the_dashboard_then_panel_ids_are_unique_and_every_panel_has_a_query():
    panels = json.loads((OBSERVABILITY / "dashboard.json").read_text())["panels"]
    assert len({p["id"] for p in panels}) == len(panels)
    assert all(p["targets"] for p in panels if p["type"] != "row")

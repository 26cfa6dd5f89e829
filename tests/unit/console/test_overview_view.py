"""The overview's hook classification, readiness reading, view model and settings (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storebridge_console.facts import Backlog, Overview, Section, ServiceHealth
from storebridge_console.health import health_of
from storebridge_console.hooks import store_hooks
from storebridge_console.settings import ConsoleSettings
from storebridge_console.view_models import overview_view
from storebridge_shared.bigcommerce.models.hooks import INSTANCE_HEADER, Hook
from storebridge_shared.events.scopes import (
    HOOK_EXCEPTION_SCOPE,
    HOOK_SCOPES,
    INVENTORY_HOOK_SCOPES,
    ORDER_HOOK_SCOPES,
)
from storebridge_shared.hooks.plan import desired_hooks, needed_scopes
from storebridge_shared.settings import ConfigurationError, load_settings
from tests.support.settings import settings_of

NOW = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


def hook(hook_id: int, scope: str, *, active: bool = True, instance: str = "prod") -> Hook:
    headers = {INSTANCE_HEADER: instance}
    return Hook(
        id=hook_id, scope=scope, destination="https://x/webhooks", is_active=active, headers=headers
    )


def test_given_hooks_then_scopes_are_active_inactive_or_missing_and_others_hooks_do_not_count():
    found = [
        hook(1, HOOK_SCOPES[0]),
        hook(2, HOOK_SCOPES[1], active=False),
        hook(3, HOOK_SCOPES[2], instance="staging"),
    ]
    hooks = store_hooks("A (abc)", found, "prod", HOOK_SCOPES)
    assert hooks.active == (HOOK_SCOPES[0],)
    assert hooks.inactive == (HOOK_SCOPES[1],)
    assert hooks.missing == HOOK_SCOPES[2:]


def test_given_each_store_role_then_the_needed_hooks_are_those_hooks_sync_registers():
    for source, inventory in ((True, False), (True, True), (False, False), (False, True)):
        needed = needed_scopes(catalog_source=source, inventory=inventory)
        desired = desired_hooks(
            "https://x", "s", "prod", catalog_source=source, inventory=inventory
        )
        assert needed == tuple(h.scope for h in desired)
        assert HOOK_EXCEPTION_SCOPE in needed
    destination = needed_scopes(catalog_source=False)
    assert set(destination) == {*ORDER_HOOK_SCOPES, HOOK_EXCEPTION_SCOPE}
    with_stock = needed_scopes(catalog_source=True, inventory=True)
    assert set(INVENTORY_HOOK_SCOPES) <= set(with_stock)
    assert not set(INVENTORY_HOOK_SCOPES) & set(needed_scopes(catalog_source=True))


@pytest.mark.parametrize(
    ("status", "body", "ready", "detail"),
    [
        (200, '{"mongodb": true}', True, "ready"),
        (503, '{"mongodb": true, "broker": false}', False, "not ready: broker"),
        (500, "oops", False, "not ready (HTTP 500)"),
        (None, "ClientConnectorError", False, "no answer: ClientConnectorError"),
    ],
)
def test_given_a_readiness_answer_then_the_health_says_why(status, body, ready, detail):
    health = health_of("ingress", "http://x", status, body)
    assert (health.ready, health.detail) == (ready, detail)


def test_given_facts_then_the_view_counts_and_ages_them_and_keeps_each_error_to_its_section():
    facts = Overview(
        services=[ServiceHealth("ingress", "http://x", True, "ready")],
        backlog=Section(
            Backlog(
                {"received": 1, "published": 2, "processed": 7},
                NOW - timedelta(minutes=3, seconds=5),
            )
        ),
        dead_letters=Section(error="AMQPConnectionError: refused"),
        hooks=Section([]),
        last_polls=Section(error="ServerSelectionTimeoutError: no server"),
    )
    view = overview_view(facts, NOW)
    assert view["backlog"]["oldest_age"] == "3m05s ago"
    assert view["backlog"]["by_status"]["processed"] == 7
    assert view["dead_letters"] is None
    assert view["dead_letters_error"] == "AMQPConnectionError: refused"
    assert view["hooks"] == []
    assert view["last_polls"] is None
    assert view["last_polls_error"] == "ServerSelectionTimeoutError: no server"


def test_given_no_password_or_a_short_one_then_the_console_does_not_start():
    with pytest.raises(ConfigurationError, match="CONSOLE_PASSWORD is required"):
        load_settings(ConsoleSettings, _env_file=None)
    with pytest.raises(ConfigurationError, match=r"CONSOLE_PASSWORD: .*at least 12"):
        load_settings(ConsoleSettings, _env_file=None, console_password="short")


def test_given_defaults_then_the_console_listens_on_this_machine_only():
    settings = settings_of(ConsoleSettings, console_password="x" * 12)
    assert settings.console_host == "127.0.0.1"


def test_given_service_urls_then_they_are_read_in_order_and_a_bad_pair_is_refused():
    settings = settings_of(
        ConsoleSettings,
        console_password="x" * 12,
        console_service_urls="ingress=http://a:8080/, janitor=http://b:9102",
    )
    assert settings.service_urls() == {"ingress": "http://a:8080", "janitor": "http://b:9102"}
    with pytest.raises(ConfigurationError, match="CONSOLE_SERVICE_URLS"):
        load_settings(
            ConsoleSettings,
            _env_file=None,
            console_password="x" * 12,
            console_service_urls="ingress",
        )

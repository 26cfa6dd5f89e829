"""The console's login, security and overview page, end to end over HTTP against the real
MongoDB (or stand-in), RabbitMQ and the sandbox's hooks API."""

from __future__ import annotations

import re

import pytest

from storebridge_ingress.settings import HooksSettings
from storebridge_shared.events.scopes import HOOK_EXCEPTION_SCOPE
from storebridge_shared.hooks.plan import needed_scopes
from storebridge_shared.hooks.sync import sync_all_hooks
from storebridge_shared.store.client import make_client
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.poll_runs import PollRun, PollRuns
from tests.integration.janitor.conftest import envelope
from tests.support.console import PASSWORD
from tests.support.settings import settings_of

pytestmark = pytest.mark.integration


async def test_given_no_session_when_a_page_is_asked_then_the_login_page_is_shown_first(
    console_factory,
):
    async with console_factory() as console:
        first = await console.http.get("/")
        assert first.status_code == 303
        assert first.headers["location"] == "/login?next=/"
        form = await console.http.get("/login")
        assert form.status_code == 200 and 'type="password"' in form.text
        assert (await console.http.post("/logout")).status_code == 401


async def test_given_a_wrong_password_then_401_without_a_hint_and_the_right_one_opens_the_pages(
    console_factory,
):
    async with console_factory() as console:
        wrong = await console.log_in("correct horse battery stapl")
        assert wrong.status_code == 401
        assert "Wrong password." in wrong.text
        assert "correct horse" not in wrong.text
        assert "storebridge_console" not in wrong.headers.get("set-cookie", "")

        right = await console.log_in()
        assert right.status_code == 303 and right.headers["location"] == "/"
        cookie = right.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        page = await console.http.get("/")
        assert page.status_code == 200 and "<h1>Overview</h1>" in page.text


async def test_given_repeated_wrong_passwords_then_the_client_is_refused_even_the_right_one(
    console_factory,
):
    async with console_factory() as console:
        for _ in range(5):
            assert (await console.log_in("not the password at all")).status_code == 401
        throttled = await console.log_in(PASSWORD)
        assert throttled.status_code == 429
        assert int(throttled.headers["retry-after"]) > 0
        assert (await console.http.get("/")).status_code == 303  # still not logged in


async def test_given_failures_spread_over_replicas_then_every_replica_and_a_restart_refuses(
    console_factory,
):
    async with console_factory() as first, console_factory() as second:
        for console in (first, second, first, second, first):
            wrong = await console.log_in("not the password at all")
            assert wrong.status_code == 401 and "Wrong password." in wrong.text
        for console in (first, second):
            assert (await console.log_in(PASSWORD)).status_code == 429
    async with console_factory() as restarted:
        refused = await restarted.log_in(PASSWORD)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0


async def test_given_a_few_failures_then_a_login_forgets_them_on_every_replica(console_factory):
    async with console_factory() as first, console_factory() as second:
        for _ in range(4):
            assert (await first.log_in("not the password at all")).status_code == 401
        assert (await second.log_in(PASSWORD)).status_code == 303
        for _ in range(4):
            assert (await first.log_in("not the password at all")).status_code == 401
        assert (await first.log_in(PASSWORD)).status_code == 303  # 4 failures, not 8


async def test_given_a_session_when_a_form_is_posted_without_its_csrf_token_then_403(console):
    assert (await console.http.post("/logout")).status_code == 403
    assert (await console.http.post("/logout", data={"csrf_token": "0" * 64})).status_code == 403
    token = await console.csrf()
    out = await console.http.post("/logout", data={"csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert (await console.http.get("/")).status_code == 303


async def test_given_any_answer_then_it_carries_the_security_headers(console):
    for path in ("/", "/login", "/healthz", "/static/console.css"):
        answer = await console.http.get(path)
        assert answer.status_code == 200, path
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "no-referrer"


async def test_given_the_ops_endpoints_then_they_answer_without_a_login(console_factory):
    async with console_factory() as console:
        assert (await console.http.get("/healthz")).json() == {"status": "ok"}
        await console.until_broker()
        assert (await console.http.get("/readyz")).json() == {"mongodb": True, "broker": True}
        await console.http.get("/")
        metrics = (await console.http.get("/metrics")).text
        assert 'storebridge_console_requests_total{route="/",status="303"} 1.0' in metrics


async def test_given_events_dead_letter_queues_and_hooks_then_the_overview_shows_each(
    console_factory, sandbox, declared_topology, mongodb_uri, database_name
):
    hooks = settings_of(
        HooksSettings,
        bigcommerce_api_url=sandbox.url,
        app_url="http://127.0.0.1:9",
        webhook_secret="hook-secret-never-shown",
        broker_namespace=declared_topology.namespace,
        store_a_hash="abc123",
        store_a_access_token="tok-a",
    )
    await sync_all_hooks(hooks)
    async with sandbox.api_client("abc123") as api:
        listed = (await api.get("/v3/hooks", params={"limit": 250})).json()["data"]
        product_created = next(h for h in listed if h["scope"] == "store/product/created")
        await api.put(f"/v3/hooks/{product_created['id']}", json={"is_active": False})
    client = make_client(mongodb_uri)
    try:
        log = EventLog(client[database_name])
        for _ in range(3):
            await log.record(envelope())
        await log.close()
        started = 1_700_000_000_000
        poll = PollRun("p1", "abc123", started, started + 1_000, started - 60_000)
        await PollRuns(client[database_name]).record(poll)
    finally:
        await client.close()

    async with console_factory() as console:
        await console.log_in()
        own = f"console={console.url},ingress=http://127.0.0.1:9"
        console.settings.console_service_urls = own
        page = (await console.http.get("/")).text

    assert "<td>console</td><td>ready</td>" in page
    assert "<td>ingress</td><td>no answer: " in page
    assert '<td class="num">3</td>' in page  # three events received
    assert "<td>catalog-sync</td>" in page and "<td>order-replicator</td>" in page
    a_needs = needed_scopes(catalog_source=True)
    assert f'<td>A (abc123)</td><td class="num">{len(a_needs) - 1}</td>' in page
    assert "<td>store/product/created</td>" in page  # inactive
    b_row = re.search(r'<td>B \(def456\)</td><td class="num">0</td>(.*?)</tr>', page, re.S)
    assert b_row, page  # store B: every hook missing, and only a destination's
    for scope in needed_scopes(catalog_source=False):
        assert scope in b_row[1]
    assert HOOK_EXCEPTION_SCOPE in b_row[1] and "store/product/" not in b_row[1]
    assert "hook-secret-never-shown" not in page and "tok-a" not in page
    assert '<meta http-equiv="refresh"' in page
    polls = re.search(r'id="last-polls">(.*?)</section>', page, re.S)
    assert polls, page
    assert "<td>A (abc123)</td><td>2023-11-14 22:13:20 UTC</td>" in polls[1]
    assert "<td>B (def456)</td><td>never</td>" in polls[1]

"""docs/contracts/console.openapi.yaml against the console: its machine endpoints (the open paths
but the login page) are served, and the document names exactly those."""

from __future__ import annotations

from pydantic import SecretStr

from storebridge_console.app import create_app
from storebridge_console.settings import ConsoleSettings
from storebridge_console.web import OPEN_PATHS
from tests.support.openapi import CONSOLE_OPENAPI, document, documented_routes, served_routes
from tests.support.settings import settings_of

OPENAPI = document(CONSOLE_OPENAPI)


def test_given_the_console_when_its_routes_are_listed_then_every_documented_one_is_served():
    settings = settings_of(
        ConsoleSettings,
        mongodb_uri="mongodb://127.0.0.1:1/storebridge",
        amqp_url="amqp://guest:guest@127.0.0.1:1/",
        console_password=SecretStr("a-password-for-tests"),
    )
    assert documented_routes(OPENAPI) <= served_routes(create_app(settings))


def test_given_the_document_when_read_then_it_names_the_open_paths_but_the_login_page():
    assert {path for _, path in documented_routes(OPENAPI)} == OPEN_PATHS - {"/login"}

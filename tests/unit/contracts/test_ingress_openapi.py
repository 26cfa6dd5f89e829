"""docs/contracts/ingress.openapi.yaml against the code: the routes the ingress serves, the scopes
and Node.js paths it takes (schemathesis against a running ingress: integration/contracts)."""

from __future__ import annotations

from storebridge_ingress.app import create_app
from storebridge_ingress.settings import IngressSettings
from storebridge_shared.events.scopes import (
    ACCEPTED_SCOPES,
    HOOK_EXCEPTION_SCOPE,
    LEGACY_PATH_SCOPES,
)
from storebridge_shared.events.webhooks import LATEST_TIMESTAMP, SECRET_HEADER, WebhookDelivery
from tests.support.openapi import INGRESS_OPENAPI, document, documented_routes, served_routes
from tests.support.settings import settings_of

OPENAPI = document(INGRESS_OPENAPI)
SCHEMAS = OPENAPI["components"]["schemas"]


def an_ingress():
    settings = settings_of(
        IngressSettings,
        mongodb_uri="mongodb://127.0.0.1:1/storebridge",
        amqp_url="amqp://guest:guest@127.0.0.1:1/",
        webhook_secret="s",
        store_a_hash="abc123",
        store_a_access_token="t",
    )
    return create_app(settings)


def test_given_the_ingress_when_its_routes_are_listed_then_they_are_the_documents_operations():
    assert served_routes(an_ingress()) == documented_routes(OPENAPI)


def test_given_the_document_when_read_then_its_scopes_are_the_ones_the_ingress_accepts():
    scopes = SCHEMAS["WebhookDelivery"]["properties"]["scope"]["enum"]
    assert sorted(scopes) == sorted(ACCEPTED_SCOPES)
    notice_scope = SCHEMAS["HookExceptionDelivery"]["properties"]["scope"]["const"]
    assert notice_scope == HOOK_EXCEPTION_SCOPE


def test_given_the_document_when_read_then_its_node_paths_name_every_family_and_action():
    parameters = OPENAPI["paths"]["/webhooks/{family}/{action}"]["post"]["parameters"]
    enums = {p["name"]: p["schema"]["enum"] for p in parameters if "name" in p}
    assert sorted(enums["family"]) == sorted({family for family, _ in LEGACY_PATH_SCOPES})
    assert sorted(enums["action"]) == sorted({action for _, action in LEGACY_PATH_SCOPES})


def test_given_the_document_when_read_then_the_webhook_body_is_the_models():
    documented = SCHEMAS["WebhookDelivery"]
    model = WebhookDelivery.model_json_schema()
    assert sorted(documented["required"]) == sorted(model["required"])
    assert set(documented["properties"]) == set(model["properties"])
    for name in ("hash", "created_at"):
        for bound in ("minLength", "maxLength", "pattern", "minimum"):
            assert documented["properties"][name].get(bound) == model["properties"][name].get(
                bound
            ), (name, bound)
    assert documented["properties"]["created_at"]["maximum"] == LATEST_TIMESTAMP


def test_given_the_document_when_read_then_its_security_is_the_secret_header():
    scheme = OPENAPI["components"]["securitySchemes"]["storebridgeSecret"]
    assert (scheme["in"], scheme["name"]) == ("header", SECRET_HEADER)

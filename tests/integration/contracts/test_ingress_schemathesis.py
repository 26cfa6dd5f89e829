"""schemathesis against a running ingress (real MongoDB and RabbitMQ): for any request its
OpenAPI document allows, and any it forbids, no answer is a 5xx, and every answer is one the
document lists, of its content type and schema. Bounded: EXAMPLES per operation and mode."""

from __future__ import annotations

import asyncio

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from storebridge_shared.events.webhooks import SECRET_HEADER
from tests.support.ingress import SECRET, RunningIngress
from tests.support.openapi import INGRESS_OPENAPI

pytestmark = pytest.mark.integration

EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def fuzz(base_url: str) -> int:
    """Run every operation in both modes (raise on the first failure); the requests sent."""
    schema = schemathesis.openapi.from_path(str(INGRESS_OPENAPI))
    sent = [0]
    session = requests.Session()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case: schemathesis.Case) -> None:
                try:
                    response = case.call(
                        base_url=base_url, session=session, headers={SECRET_HEADER: SECRET}
                    )
                except (requests.exceptions.InvalidHeader, ValueError):
                    return  # a header value requests refuses to send: never reaches the ingress
                sent[0] += 1
                case.validate_response(response, checks=CHECKS)  # raises schemathesis' report

            try:
                check()
            except Unsatisfiable:  # nothing to negate (GET /healthz has no input)
                assert mode is GenerationMode.NEGATIVE, operation.label
    return sent[0]


async def test_given_the_documented_ingress_when_schemathesis_sends_allowed_and_forbidden_requests_then_no_answer_is_a_5xx_or_undocumented(
    ingress: RunningIngress,
):
    base_url = str(ingress.http.base_url).rstrip("/")
    sent = await asyncio.to_thread(fuzz, base_url)
    assert sent > EXAMPLES * 6  # every operation was reached
    assert (await ingress.http.get("/healthz")).status_code == 200

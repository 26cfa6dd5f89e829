"""Authentication of deliveries: the secret header, and Standard Webhooks signatures."""

from __future__ import annotations

import base64

import pytest

from storebridge_ingress.auth import AuthenticationFailed, check_secret, check_signature, sign

BODY = b'{"scope":"store/product/updated"}'


def test_given_the_right_secret_header_then_the_delivery_is_authenticated():
    check_secret({"X-Storebridge-Secret": "s3cret"}, "s3cret")


@pytest.mark.parametrize(
    "headers", [{}, {"X-Storebridge-Secret": "s3cre"}, {"X-Storebridge-Secret": "s3cret "}]
)
def test_given_a_missing_or_different_secret_then_authentication_fails(headers):
    with pytest.raises(AuthenticationFailed):
        check_secret(headers, "s3cret")


@pytest.mark.parametrize("raw", [b"s\xe9cret", "sécret-✓".encode(), b"\xff\xfe"])
def test_given_a_secret_header_that_is_not_ascii_then_authentication_fails_without_crashing(raw):
    as_aiohttp_decodes_it = raw.decode("utf-8", "surrogateescape")
    with pytest.raises(AuthenticationFailed):
        check_secret({"X-Storebridge-Secret": as_aiohttp_decodes_it}, "s3cret")


def test_given_a_non_ascii_configured_secret_then_the_same_header_bytes_authenticate():
    check_secret({"X-Storebridge-Secret": "sécret"}, "sécret")


@pytest.mark.parametrize(
    "headers",
    [
        {"webhook-id": "\udcff", "webhook-timestamp": "1000", "webhook-signature": "v1,x"},
        {"webhook-id": "m1", "webhook-timestamp": "1000", "webhook-signature": "v1,\udcff"},
        {"webhook-id": "m1", "webhook-timestamp": "9" * 4000, "webhook-signature": "v1,x"},
        {"webhook-id": "m1", "webhook-timestamp": "9" * 5000, "webhook-signature": "v1,x"},
    ],
)
def test_given_hostile_signature_headers_then_authentication_fails_without_crashing(headers):
    with pytest.raises(AuthenticationFailed):
        check_signature(headers, BODY, "secret", tolerance_secs=300, now=1000)


def test_given_a_standard_webhooks_whsec_secret_then_its_base64_key_is_used():
    key = b"0123456789abcdef"
    secret = "whsec_" + base64.b64encode(key).decode()
    headers = {
        "webhook-id": "m1",
        "webhook-timestamp": "1000",
        "webhook-signature": sign(secret, "m1", 1000, BODY),
    }
    check_signature(headers, BODY, secret, tolerance_secs=300, now=1000)
    check_signature(
        headers | {"webhook-signature": sign(key.decode(), "m1", 1000, BODY)},
        BODY,
        secret,
        tolerance_secs=300,
        now=1000,
    )


def test_given_several_signatures_when_one_is_valid_then_the_delivery_is_authenticated():
    valid = sign("k", "m1", 1000, BODY)
    headers = {
        "webhook-id": "m1",
        "webhook-timestamp": "1000",
        "webhook-signature": f"v1,bm90LWl0 {valid}",
    }
    check_signature(headers, BODY, "k", tolerance_secs=300, now=1000)


@pytest.mark.parametrize(
    ("headers", "now"),
    [
        ({"webhook-id": "m1", "webhook-timestamp": "1000"}, 1000),
        ({"webhook-id": "m1", "webhook-timestamp": "soon", "webhook-signature": "v1,x"}, 1000),
        (
            {
                "webhook-id": "m1",
                "webhook-timestamp": "1000",
                "webhook-signature": sign("k", "m1", 1000, BODY),
            },
            1000 + 301,
        ),
        (
            {
                "webhook-id": "m2",
                "webhook-timestamp": "1000",
                "webhook-signature": sign("k", "m1", 1000, BODY),
            },
            1000,
        ),
    ],
)
def test_given_a_missing_stale_or_mismatched_signature_then_authentication_fails(headers, now):
    with pytest.raises(AuthenticationFailed):
        check_signature(headers, BODY, "k", tolerance_secs=300, now=now)

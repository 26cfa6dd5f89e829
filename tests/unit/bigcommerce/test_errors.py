"""BigCommerce error bodies become typed errors that say whether they are transient."""

from __future__ import annotations

import pytest

from storebridge_shared.bigcommerce.errors import (
    BadRequest,
    Conflict,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    ServerError,
    Unauthorized,
    ValidationFailed,
    error_from_response,
    parse_error_body,
)


@pytest.mark.parametrize(
    ("status", "kind", "transient"),
    [
        (400, BadRequest, False),
        (401, Unauthorized, False),
        (403, Unauthorized, False),
        (404, NotFound, False),
        (405, BadRequest, False),
        (409, Conflict, False),
        (413, PayloadTooLarge, False),
        (422, ValidationFailed, False),
        (429, RateLimited, True),
        (500, ServerError, True),
        (503, ServerError, True),
        (507, ServerError, False),
    ],
)
def test_given_a_status_when_typed_then_gets_its_class_and_transience(status, kind, transient):
    error = error_from_response(status, None)
    assert type(error) is kind
    assert error.transient is transient


def test_given_a_v3_422_when_parsed_then_title_and_field_errors_are_kept():
    body = {
        "status": 422,
        "title": "Missing Required Fields",
        "type": "/api-docs",
        "errors": {"name": "Please provide a name.", "price": "Please provide a price."},
    }
    error = error_from_response(422, body, method="POST", path="/v3/catalog/products")
    assert error.title == "Missing Required Fields"
    assert error.errors == {"name": "Please provide a name.", "price": "Please provide a price."}
    assert error.body is body
    assert str(error).startswith("POST /v3/catalog/products 422 Missing Required Fields (name:")


def test_given_a_v3_404_without_errors_when_parsed_then_errors_are_empty():
    assert parse_error_body(404, {"status": 404, "title": "Webhook with id [7] not found"}) == (
        "Webhook with id [7] not found",
        {},
    )


def test_given_a_v2_array_when_parsed_then_messages_make_the_title():
    body = [{"status": 400, "message": "The field 'item_total' cannot be written to."}]
    assert parse_error_body(400, body) == ("The field 'item_total' cannot be written to.", {})


def test_given_v2_details_when_parsed_then_they_become_field_errors():
    body = [
        {"status": 409, "message": "Out of stock", "details": {"errors": [{"type": "OutOfStock"}]}}
    ]
    title, errors = parse_error_body(409, body)
    assert title == "Out of stock"
    assert errors == {"errors": "[{'type': 'OutOfStock'}]"}


def test_given_variant_batch_errors_when_parsed_then_fields_are_prefixed_by_index():
    body = {
        "batch_errors": [
            {"status": 422, "title": "Invalid variant", "errors": {"sku": "dup"}},
            {"status": 422, "title": "Invalid", "errors": {"price": "< 0"}},
        ]
    }
    assert parse_error_body(422, body) == (
        "Invalid variant",
        {"batch_errors[0].sku": "dup", "batch_errors[1].price": "< 0"},
    )


def test_given_a_tree_error_wrapped_in_errors_when_parsed_then_the_inner_object_is_used():
    body = {
        "errors": {"status": 422, "title": "Duplicate name", "errors": {"name": "taken"}},
        "meta": {"total": 1, "success": 0, "failed": 1},
    }
    assert parse_error_body(422, body) == ("Duplicate name", {"name": "taken"})


def test_given_an_html_gateway_page_when_parsed_then_the_text_is_the_title():
    assert parse_error_body(502, "<html>Bad Gateway</html>") == ("<html>Bad Gateway</html>", {})


def test_given_no_body_when_parsed_then_the_status_is_the_title():
    assert parse_error_body(503, None) == ("HTTP 503", {})


def test_given_a_metafield_batch_partial_success_when_parsed_then_its_errors_are_named():
    body = {
        "data": [{"id": 7, "key": "fine"}],
        "errors": [
            {"status": 409, "title": "A metafield with that key exists", "errors": {"key": "dup"}},
            {"status": 404, "title": "Product with id 9 not found", "errors": {}},
        ],
        "meta": {"total": 3, "success": 1, "failed": 2},
    }

    error = error_from_response(422, body)

    assert isinstance(error, ValidationFailed)
    assert error.title == "A metafield with that key exists"
    assert error.errors == {"batch_errors[0].key": "dup"}

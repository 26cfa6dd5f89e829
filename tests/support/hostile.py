"""Hostile webhook bodies that once produced a 5xx (issue 14) or could: each must be a 4xx."""

from __future__ import annotations

import json
from typing import Any

STORE = "abc123"


def valid_body(**overrides: Any) -> dict[str, Any]:
    """A well-formed delivery for store `abc123`, with `overrides` applied."""
    return {
        "scope": "store/product/updated",
        "store_id": "1025646",
        "data": {"type": "product", "id": 205},
        "hash": "f" * 40,
        "created_at": 1561479233,
        "producer": f"stores/{STORE}",
    } | overrides


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


def _nested(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {"id": 1}
    for _ in range(levels):
        value = {"child": value}
    return value


HOSTILE_BODIES: dict[str, bytes] = {
    "deep_array_in_64k": b"[" * 30_000 + b"]" * 30_000,
    "deep_object_in_data": _json(valid_body()).replace(
        b'"data": {', b'"data": ' + b'{"a":' * 2_000 + b"{" + b"}" * 2_000 + b", "
    ),
    "int_over_4300_digits": _json(valid_body()).replace(b'"id": 205', b'"id": ' + b"9" * 5_000),
    "int_over_4300_digits_as_created_at": _json(valid_body()).replace(
        b"1561479233", b"1" + b"0" * 5_000
    ),
    "created_at_10e24": _json(valid_body(created_at=10**24)),
    "created_at_year_10000": _json(valid_body(created_at=253_402_300_800)),
    "created_at_negative": _json(valid_body(created_at=-1)),
    "int_beyond_64_bits_in_data": _json(valid_body(data={"type": "product", "id": 2**63})),
    "nested_past_mongodb_depth": _json(valid_body(data=_nested(120))),
    "nul_in_a_field_name": _json(valid_body(data={"type": "product", "id": 1, "a\x00b": 1})),
    "dollar_field_name": _json(valid_body(data={"type": "product", "$where": "1"})),
    "nul_in_hash": _json(valid_body(hash="abc\x00def")),
    "lone_surrogate": _json(valid_body()).replace(b'"1025646"', b'"\\ud800"'),
    "nan_literal": _json(valid_body()).replace(b'"id": 205', b'"id": NaN'),
    "infinite_number": _json(valid_body()).replace(b'"id": 205', b'"id": 1e400'),
    "not_utf8": b'{"scope": "\xff\xfe"}',
    "array_body": b"[1, 2, 3]",
    "data_not_an_object": _json(valid_body(data=[1, 2])),
    "producer_not_a_store": _json(valid_body(producer="stores/../../x")),
    "scope_unknown": _json(valid_body(scope="store/../product")),
}
"""Named bodies, each sent with the right secret and content type."""

HOSTILE_SECRETS: dict[str, bytes] = {
    "latin1_bytes": b"s\xe9cret",
    "utf8_non_ascii": "sécret-ü-✓".encode(),
    "invalid_utf8": b"\xff\xfe\xfd",
}
"""Raw `X-Storebridge-Secret` header values an unauthenticated client can send."""

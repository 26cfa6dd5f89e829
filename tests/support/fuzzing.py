"""Hypothesis strategies for requests to the ingress (webhooks, and delivery-exception notices at
/webhooks/hooks/deliveryException): mostly near-valid, sometimes anything."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from storebridge_shared.events.scopes import (
    ACCEPTED_SCOPES,
    HOOK_EXCEPTION_SCOPE,
    LEGACY_PATH_SCOPES,
)
from storebridge_shared.hooks.plan import EXCEPTION_PATH
from tests.support.hostile import HOSTILE_BODIES, HOSTILE_SECRETS
from tests.support.ingress import SECRET, STORE_A, STORE_B


@dataclass(frozen=True)
class FuzzedRequest:
    """One request: path, raw headers and raw body."""

    path: str
    headers: dict[bytes, bytes]
    body: bytes


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)

_header_bytes = st.binary(min_size=1, max_size=40).map(
    lambda raw: bytes(c for c in raw if c > 0x20 and c != 0x7F) or b"x"
)


def _field(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a valid value, sometimes any JSON value."""
    return st.one_of(valid, valid, valid, json_values)


_webhook_fields = st.fixed_dictionaries(
    {
        "scope": _field(st.sampled_from(sorted(ACCEPTED_SCOPES))),
        "store_id": _field(st.integers(min_value=0, max_value=10**12)),
        "data": _field(
            st.fixed_dictionaries({"type": st.just("product"), "id": json_values}, optional={})
            | st.dictionaries(st.text(max_size=10), json_values, max_size=5)
        ),
        "hash": _field(st.sampled_from(["dup-a", "dup-b"]) | st.text(min_size=1, max_size=60)),
        "created_at": _field(st.integers(min_value=0, max_value=2**34) | st.integers()),
        "producer": _field(
            st.sampled_from([f"stores/{STORE_A}", f"stores/{STORE_B}", "stores/zzz9"])
            | st.text(max_size=20).map(lambda t: f"stores/{t}")
        ),
    },
    optional={"extra": json_values},
)


def _webhook_json(fields: dict[str, Any], drop: list[str]) -> bytes:
    kept = {k: v for k, v in fields.items() if k not in drop}
    return json.dumps(kept, allow_nan=True).encode()


webhook_bodies = st.builds(
    _webhook_json, _webhook_fields, st.lists(st.sampled_from(["scope", "hash", "data"]), max_size=1)
)

_notice_fields = _webhook_fields.flatmap(
    lambda fields: st.fixed_dictionaries(
        {
            "scope": _field(st.just(HOOK_EXCEPTION_SCOPE)),
            "data": _field(
                st.fixed_dictionaries(
                    {
                        "type": st.just("webhook"),
                        "id": st.integers(min_value=0, max_value=10**9) | json_values,
                        "error_code": st.sampled_from([90001, 90002]) | json_values,
                        "message": st.text(max_size=40),
                    }
                )
            ),
        }
    ).map(lambda notice: fields | notice)
)
"""A `store/hook/deliveryException` notice, mostly well formed."""

notice_bodies = st.builds(
    _webhook_json, _notice_fields, st.lists(st.sampled_from(["scope", "hash", "data"]), max_size=1)
)

bodies = st.one_of(
    webhook_bodies,
    webhook_bodies,
    webhook_bodies,
    notice_bodies,
    st.sampled_from(sorted(HOSTILE_BODIES.values())),
    json_values.map(lambda v: json.dumps(v, allow_nan=True).encode()),
    st.binary(max_size=300),
    st.tuples(webhook_bodies, st.integers(min_value=0, max_value=200)).map(lambda t: t[0][: t[1]]),
)

paths = st.one_of(
    st.just("/webhooks"),
    st.just("/webhooks"),
    st.just(EXCEPTION_PATH),
    st.sampled_from(sorted(f"/webhooks/{f}/{a}" for f, a in LEGACY_PATH_SCOPES)),
    st.tuples(st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=12)).map(
        lambda t: f"/webhooks/{quote(t[0], safe='')}/{quote(t[1], safe='')}"
    ),
)

secrets = st.one_of(
    st.just(SECRET.encode()),
    st.just(SECRET.encode()),
    st.just(SECRET.encode()),
    st.sampled_from(sorted(HOSTILE_SECRETS.values())),
    _header_bytes,
)

content_types = st.one_of(
    st.just(b"application/json"),
    st.just(b"application/json"),
    st.sampled_from([b"application/json; charset=utf-8", b"text/plain", b"application/JSON"]),
    _header_bytes,
)


@st.composite
def requests(draw: st.DrawFn) -> FuzzedRequest:
    """A request to the ingress: any part may be wrong, most parts usually are not."""
    headers = {b"content-type": draw(content_types)}
    secret = draw(st.one_of(secrets, secrets, st.none()))
    if secret is not None:
        headers[b"x-storebridge-secret"] = secret
    path = draw(paths)
    body = st.one_of(notice_bodies, bodies) if path == EXCEPTION_PATH else bodies
    return FuzzedRequest(path, headers, draw(body))

"""URL prefixes: the API of one store (v2, v3) and the admin API."""

from __future__ import annotations

V3 = "/stores/{store_hash}/v3"
V2 = "/stores/{store_hash}/v2"
ADMIN = "/_sandbox"
STORE = ADMIN + "/stores/{store_hash}"

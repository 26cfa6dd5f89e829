"""A change of the destinations' rules, decided (pure): which destinations' rules moved since
the digests kept with the compare state, and the catalog-wide rules digest that goes into each
product's digest of A, so the full compare that follows plans every product again.

A destination without rules and without a kept digest has not changed (an upgrade from a
version without rules starts no compare); one added or removed changes the catalog digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from storebridge_catalog_sync.planning.rules.config import NO_RULES

UNRULED = NO_RULES.digest()


def changed(kept: Mapping[str, str], now: Mapping[str, str]) -> list[str]:
    """The destinations whose rules digest differs from the kept one, by name."""
    return sorted(name for name, digest in now.items() if kept.get(name, UNRULED) != digest)


def catalog_digest(now: Mapping[str, str]) -> str:
    """All destinations' rules as one digest; "" when none has rules (digests as before)."""
    ruled = {name: digest for name, digest in now.items() if digest != UNRULED}
    if not ruled:
        return ""
    text = ",".join(f"{name}={digest}" for name, digest in sorted(now.items()))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def reason(names: list[str]) -> str:
    """The note of the full compare a change starts."""
    return "rules changed: " + ", ".join(names)

"""The settings of a local run: local defaults, then `.env`, then the environment; empty = unset."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

LOCAL_DEFAULTS: dict[str, str] = {
    "WEBHOOK_SECRET": "local-development-secret",
    "LOG_FORMAT": "console",
    "INGRESS_WORKERS": "1",
    "STORE_A_HASH": "storea",
    "STORE_A_ACCESS_TOKEN": "sandbox-token-a",
    "STORE_B_HASH": "storeb",
    "STORE_B_ACCESS_TOKEN": "sandbox-token-b",
}
"""What `make run` uses where neither `.env` nor the environment sets a value."""


def local_namespace(root: Path, user: str) -> str:
    """The broker namespace of a local run: `local-{user}-{6 hex of the checkout's path}`.

    Stable across restarts of one checkout (its queues and the stand-in's data in `.run/` go
    together), different for another checkout or another user on a shared broker (pure).
    """
    who = re.sub(r"[^a-z0-9]+", "-", user.lower()).strip("-") or "user"
    where = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:6]
    return f"local-{who}-{where}"


LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})


def read_dotenv(path: Path) -> dict[str, str]:
    """The values a `.env` file sets (python-dotenv's parsing); `KEY=` and `KEY` mean unset."""
    if not path.is_file():
        return {}
    return {key: value for key, value in dotenv_values(path).items() if value}


def layered(*layers: Mapping[str, str | None]) -> dict[str, str]:
    """Merge `layers`, later ones winning, skipping empty values (empty means unset everywhere)."""
    merged: dict[str, str] = {}
    for layer in layers:
        merged |= {key: value for key, value in layer.items() if value}
    return merged


def is_local_url(url: str) -> bool:
    """True when `url` points at this machine."""
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS

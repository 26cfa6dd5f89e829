"""Which BigCommerce a local run talks to: the sandbox, unless real credentials were set on purpose.

Real BigCommerce needs both: store credentials that are not the local defaults (a hash and an
access token set in `.env` or the environment) and a `BIGCOMMERCE_API_URL` that is not on this
machine. Anything else runs against the sandbox, and an ignored setting is said in one line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storebridge_cli.local_run.environment import LOCAL_DEFAULTS, is_local_url

STORES = ("A", "B")


@dataclass(frozen=True)
class Target:
    """The BigCommerce of this run and the one line that explains the choice ("" when obvious)."""

    sandbox: bool
    api_url: str
    notice: str = ""


def real_stores(user: Mapping[str, str]) -> list[str]:
    """Hashes of the stores whose hash and token the user set to something not local."""
    found = []
    for name in STORES:
        store_hash = user.get(f"STORE_{name}_HASH", "")
        token = user.get(f"STORE_{name}_ACCESS_TOKEN", "")
        local = (LOCAL_DEFAULTS[f"STORE_{name}_HASH"], LOCAL_DEFAULTS[f"STORE_{name}_ACCESS_TOKEN"])
        if store_hash and token and (store_hash, token) != local:
            found.append(store_hash)
    return found


def decide_target(user: Mapping[str, str], sandbox_url: str) -> Target:
    """The sandbox at `sandbox_url`, or the real API when the user asked for it with credentials."""
    url = user.get("BIGCOMMERCE_API_URL", "")
    stores = real_stores(user)
    remote = bool(url) and not is_local_url(url)
    if remote and stores:
        notice = (
            f"run: this run talks to REAL BigCommerce at {url} (stores {', '.join(stores)}); "
            "the sandbox is not started"
        )
        return Target(sandbox=False, api_url=url, notice=notice)
    if remote:
        notice = (
            f"run: BIGCOMMERCE_API_URL={url} ignored: no real store credentials are set, "
            f"so this run uses the sandbox at {sandbox_url}"
        )
        return Target(sandbox=True, api_url=sandbox_url, notice=notice)
    if stores:
        notice = (
            f"run: stores {', '.join(stores)} are served by the sandbox at {sandbox_url}; set "
            "BIGCOMMERCE_API_URL=https://api.bigcommerce.com to use the real stores"
        )
        return Target(sandbox=True, api_url=sandbox_url, notice=notice)
    return Target(sandbox=True, api_url=sandbox_url)


def app_url(user: Mapping[str, str], port: int, target: Target) -> tuple[str, str]:
    """APP_URL of this run and a notice when the user's was replaced.

    Unset: derived from PORT. With the sandbox, hooks must deliver to this machine's ingress, so
    a public APP_URL (the example's https://sync.example.com) is not used.
    """
    local = f"http://127.0.0.1:{port}"
    url = user.get("APP_URL", "")
    if not url:
        return local, ""
    if target.sandbox and not is_local_url(url):
        return local, f"run: APP_URL={url} ignored: the sandbox delivers webhooks to {local}"
    return url, ""

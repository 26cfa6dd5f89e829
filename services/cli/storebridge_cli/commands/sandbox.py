"""`storebridge sandbox`: serve the BigCommerce sandbox (development and tests only)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storebridge_sandbox.config import SandboxConfig


def register(commands: Any) -> None:
    """Add the `sandbox` command."""
    parser = commands.add_parser(
        "sandbox",
        help="serve the BigCommerce sandbox stores (never in production)",
        description=(
            "An HTTP server that behaves like the BigCommerce API for several stores: catalog, "
            "channels, orders v2, hooks with webhook delivery, rate limits and fault injection. "
            "Admin endpoints live under /_sandbox/ (see docs/sandbox.md)."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument("--port", type=int, default=8700, help="TCP port")
    parser.add_argument(
        "--store",
        action="append",
        default=[],
        metavar="HASH:TOKEN[:CLIENT]",
        help="a store and its access token (repeatable)",
    )
    parser.add_argument("--seed", type=Path, default=None, help="seed fixture (JSON)")
    parser.add_argument(
        "--empty",
        action="append",
        default=[],
        metavar="HASH",
        help="start this store with no catalog and no orders (repeatable)",
    )
    parser.add_argument(
        "--state-file",
        type=Path,
        default=None,
        help="keep the stores' state in this file across restarts",
    )
    parser.add_argument(
        "--quota",
        type=int,
        default=None,
        help="requests per rate-limit window (default: a Standard plan's 150)",
    )
    parser.add_argument("--window-ms", type=int, default=None, help="rate-limit window length")
    parser.add_argument(
        "--webhook-time-compression",
        type=float,
        default=None,
        help="divide BigCommerce's webhook retry delays by this factor",
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from storebridge_sandbox.app import run_sandbox

    run_sandbox(sandbox_config(arguments))
    return 0


def sandbox_config(arguments: argparse.Namespace) -> SandboxConfig:
    """The sandbox's configuration from the command line (`--empty` stores seeded empty)."""
    from storebridge_sandbox.config import EMPTY_FIXTURE, SandboxConfig, StoreConfig

    values: dict[str, Any] = {"host": arguments.host, "port": arguments.port}
    if arguments.store:
        stores = [StoreConfig.from_spec(spec) for spec in arguments.store]
        values["stores"] = [
            store.model_copy(update={"fixture": EMPTY_FIXTURE})
            if store.store_hash in arguments.empty
            else store
            for store in stores
        ]
    optional = {
        "seed_fixture": arguments.seed,
        "state_file": arguments.state_file,
        "rate_limit_quota": arguments.quota,
        "rate_limit_window_ms": arguments.window_ms,
        "webhook_time_compression": arguments.webhook_time_compression,
    }
    values |= {key: value for key, value in optional.items() if value is not None}
    return SandboxConfig(**values)

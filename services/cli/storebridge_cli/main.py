"""The `storebridge` command: one subcommand per service or operator tool, imported lazily."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from storebridge_shared.settings import ConfigurationError, Settings, load_settings

Runner = Callable[[argparse.Namespace], int]

COMMON = (
    "mongodb_uri",
    "mongodb_timeout_ms",
    "amqp_url",
    "broker_namespace",
    "log_format",
    "log_level",
)
STORES = (
    "store_a_hash",
    "store_a_access_token",
    "store_a_client_id",
    "store_b_hash",
    "store_b_access_token",
    "store_b_client_id",
    "bigcommerce_api_url",
)
SERVICE_SETTINGS: dict[str, tuple[str, ...]] = {
    "ingress": (
        "port",
        "app_url",
        "webhook_secret",
        "webhook_signing_secret",
        "webhook_max_body_bytes",
        "webhook_signature_tolerance_secs",
        "relay_interval_secs",
        "register_hooks_on_start",
        "shutdown_grace_secs",
        "store_a_hash",
        "store_b_hash",
        *COMMON,
    ),
    "catalog-sync": (
        *STORES,
        "store_b_channel_on_store_a",
        "sync_period_in_secs",
        "consumer_prefetch",
        "consumer_max_attempts",
        "shutdown_grace_secs",
        *COMMON,
    ),
    "order-replicator": (
        *STORES,
        "consumer_prefetch",
        "consumer_max_attempts",
        "shutdown_grace_secs",
        *COMMON,
    ),
    "janitor": ("clean_period_in_hours", *COMMON),
}
PLANNED = {
    "catalog-sync": "issue #4",
    "order-replicator": "issue #5",
    "janitor": "issue #6",
}


def settings_help(names: Sequence[str]) -> str:
    """An epilog listing each environment variable with its default and meaning."""
    lines = ["settings (environment variables or a .env file in the working directory):"]
    for name in names:
        field = Settings.model_fields[name]
        default = "required" if field.is_required() else f"default {field.default!r}"
        if "secret" in name or "token" in name:
            default = "secret" if field.default is None else default
        lines.append(f"  {name.upper():34} {field.description or ''} ({default})")
    return "\n".join(lines)


def _run_ingress(_: argparse.Namespace) -> int:
    from storebridge_ingress.server import serve

    serve(load_settings())
    return 0


def _run_hooks_sync(arguments: argparse.Namespace) -> int:
    import asyncio

    from storebridge_ingress.hook_sync import sync_all_hooks

    reports = asyncio.run(sync_all_hooks(load_settings(), dry_run=arguments.dry_run))
    for report in reports:
        print(report.line(arguments.dry_run))
    return 1 if any(report.errors for report in reports) else 0


def _planned(service: str) -> Runner:
    def run(_: argparse.Namespace) -> int:
        load_settings()
        print(f"storebridge {service}: not implemented yet ({PLANNED[service]})", file=sys.stderr)
        return 2

    return run


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="storebridge",
        description="Keep BigCommerce stores in sync and feed their orders to back-office systems.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    runners: dict[str, Runner] = {"ingress": _run_ingress}
    for service, names in SERVICE_SETTINGS.items():
        planned = service not in runners
        sub = commands.add_parser(
            service,
            help=f"run the {service} service",
            description=f"not implemented yet ({PLANNED[service]})" if planned else None,
            epilog=settings_help(names),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(run=runners.get(service) or _planned(service))
    _add_hooks(commands)
    return parser


def _add_hooks(commands: Any) -> None:
    hooks = commands.add_parser("hooks", help="manage this storebridge's webhooks on the stores")
    actions = hooks.add_subparsers(dest="action", required=True, metavar="ACTION")
    sync = actions.add_parser(
        "sync",
        help="create, fix and remove our hooks; never touch hooks storebridge did not create",
        description=(
            "Reconcile every configured store's hooks with what storebridge needs: product, "
            "category, SKU, cart and order scopes, sent to APP_URL/webhooks with the secret "
            "header. Idempotent: a second run changes nothing and says so."
        ),
        epilog=settings_help(("app_url", "webhook_secret", "broker_namespace", *STORES)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sync.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")
    sync.set_defaults(run=_run_hooks_sync)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line, run the command, exit with its status."""
    arguments = build_parser().parse_args(argv)
    try:
        status = arguments.run(arguments)
    except ConfigurationError as error:
        print(f"storebridge: configuration error: {error}", file=sys.stderr)
        status = 2
    raise SystemExit(status)

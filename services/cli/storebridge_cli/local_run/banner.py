"""What a local run prints once it is up: every URL it serves."""

from __future__ import annotations

from collections.abc import Mapping

from storebridge_cli.local_run.plan import CONSOLE, LOCAL, SERVICES, RunPlan


def up_lines(plan: RunPlan, mongodb_uri: str, management: str | None) -> list[str]:
    """The "up" line, then one line per URL (console, ingress, sandbox, ops endpoints, backends)."""
    names = ["sandbox"] * plan.target.sandbox + ["ingress", *SERVICES, CONSOLE]
    rows = [
        (CONSOLE, f"{plan.console_url}  operator console; {plan.console_login}"),
        ("ingress", f"{plan.ingress_url}  webhooks at /webhooks; /healthz /readyz /metrics"),
    ]
    if plan.target.sandbox:
        rows.append(
            ("sandbox", f"{plan.target.api_url}  admin at /_sandbox/; API /stores/{{hash}}")
        )
    else:
        rows.append(("BigCommerce", f"{plan.target.api_url}  (real)"))
    rows += [(s, f"{LOCAL}:{plan.ports.ops[s]}/metrics  /healthz /readyz") for s in SERVICES]
    rows += _backends(plan.env, mongodb_uri, management)
    width = max(len(name) for name, _ in rows)
    lines = [f"run: up ({', '.join(names)} ready); Ctrl-C stops everything"]
    return lines + [f"  {name.ljust(width)}  {url}" for name, url in rows]


def _backends(
    env: Mapping[str, str], mongodb_uri: str, management: str | None
) -> list[tuple[str, str]]:
    amqp = env.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    namespace = env.get("BROKER_NAMESPACE", "storebridge")
    rows = [
        ("MongoDB", mongodb_uri),
        ("RabbitMQ", f"{amqp.rpartition('@')[2]}  namespace {namespace}"),
    ]
    if management:
        rows.append(("rabbitmq-ui", f"{management}  RabbitMQ management (guest/guest)"))
    return rows

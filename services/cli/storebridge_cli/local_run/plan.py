"""What a local run starts and with which settings, decided before anything starts."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass

from storebridge_cli.local_run.environment import LOCAL_DEFAULTS, layered
from storebridge_cli.local_run.ports import OPS_PORT_VARIABLES, Ports, assign_ports
from storebridge_cli.local_run.readiness import Probe
from storebridge_cli.local_run.target import Target, app_url, decide_target
from storebridge_shared.testing.mongodb import free_port

SERVICES = ("catalog-sync", "order-replicator", "janitor")
"""Started after the ingress, each as `storebridge <name>`."""

CONSOLE = "console"
"""Started last (`storebridge console`), on CONSOLE_PORT, with a generated password."""

LOCAL = "http://127.0.0.1"


@dataclass(frozen=True)
class RunPlan:
    """The settings every child gets, its ports, its BigCommerce and what to tell the user."""

    env: dict[str, str]
    ports: Ports
    target: Target
    notices: tuple[str, ...]
    console_login: str = ""
    """How to log in to the console: the generated password, or where the user's comes from."""

    @property
    def ingress_url(self) -> str:
        """Base URL of the ingress on this machine."""
        return f"{LOCAL}:{self.ports.ingress}"

    @property
    def console_url(self) -> str:
        """Base URL of the operator console on this machine."""
        return f"{LOCAL}:{self.ports.console}"

    def service_env(self, service: str, env: Mapping[str, str]) -> dict[str, str]:
        """The settings of one service: `env` plus its own ops port."""
        return dict(env) | {OPS_PORT_VARIABLES[service]: str(self.ports.ops[service])}

    def probes(self) -> list[Probe]:
        """Readiness URL of every process, in start order."""
        probes = [Probe("sandbox", f"{self.target.api_url}/_sandbox/stores")]
        probes = probes if self.target.sandbox else []
        probes.append(Probe("ingress", f"{self.ingress_url}/readyz"))
        return probes + [
            Probe(service, f"{LOCAL}:{self.ports.ops[service]}/readyz") for service in SERVICES
        ]

    def console_probe(self) -> Probe:
        """Readiness URL of the console."""
        return Probe(CONSOLE, f"{self.console_url}/readyz")


def port_free(port: int) -> bool:
    """True when nothing listens on `port` of 127.0.0.1."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def plan_run(user: Mapping[str, str], namespace: str = "storebridge") -> RunPlan:
    """Decide ports, BigCommerce and APP_URL from what the user set (`.env` and environment);
    `namespace` is the BROKER_NAMESPACE unless the user set one."""
    ports = assign_ports(user, free_port=free_port, is_free=port_free)
    target = decide_target(user, f"{LOCAL}:{ports.sandbox}")
    url, url_notice = app_url(user, ports.ingress, target)
    decided = {
        "PORT": str(ports.ingress),
        "APP_URL": url,
        "BIGCOMMERCE_API_URL": target.api_url,
        "SANDBOX_PORT": str(ports.sandbox),
        "CONSOLE_PORT": str(ports.console),
    }
    notices = (*ports.notices, target.notice, url_notice)
    env = layered(LOCAL_DEFAULTS, {"BROKER_NAMESPACE": namespace}, console_defaults(ports), user)
    env |= decided
    login = (
        "password from CONSOLE_PASSWORD"
        if user.get("CONSOLE_PASSWORD")
        else f"password {env['CONSOLE_PASSWORD']} (generated for this run)"
    )
    return RunPlan(env, ports, target, tuple(n for n in notices if n), login)


def console_defaults(ports: Ports) -> dict[str, str]:
    """A fresh password for this run's console, and the ops URLs of every service it shows."""
    urls = {"ingress": ports.ingress, **ports.ops}
    return {
        "CONSOLE_PASSWORD": secrets.token_urlsafe(18),
        "CONSOLE_SERVICE_URLS": ",".join(f"{n}={LOCAL}:{p}" for n, p in urls.items()),
    }

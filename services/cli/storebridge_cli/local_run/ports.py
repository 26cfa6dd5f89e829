"""Which port each process of a local run listens on: the user's, else a preferred one, else free.

Every service gets an ops port of its own (/healthz, /readyz, /metrics): its own variable when
set, else a free port. The consumers' former common OPS_PORT would make them collide: not used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

PREFERRED_PORTS: dict[str, int] = {"PORT": 8080, "SANDBOX_PORT": 8900, "CONSOLE_PORT": 8090}
"""Ports documented in the README, used when not set and free; 0 asks for any free port."""

OPS_PORT_VARIABLES: dict[str, str] = {
    "catalog-sync": "CATALOG_SYNC_OPS_PORT",
    "order-replicator": "ORDER_REPLICATOR_OPS_PORT",
    "janitor": "JANITOR_OPS_PORT",
}
"""The setting each non-HTTP service reads its ops port from."""

SHARED_OPS_PORT = "OPS_PORT"
"""The consumers' former common variable (still read by both, deprecated): never used here."""


class LocalRunError(Exception):
    """A local run cannot start; the message is one line for the terminal."""


@dataclass(frozen=True)
class Ports:
    """The ports of one local run."""

    ingress: int
    sandbox: int
    ops: dict[str, int]
    notices: tuple[str, ...] = ()
    console: int = 0


def port_value(name: str, raw: str) -> int:
    """A port number from a setting, or LocalRunError naming it."""
    if not raw.isdigit() or int(raw) > 65535:
        raise LocalRunError(f"{name}: not a port number (got {raw!r})")
    return int(raw)


def assign_ports(
    user: Mapping[str, str], *, free_port: Callable[[], int], is_free: Callable[[int], bool]
) -> Ports:
    """Ports for the ingress, the sandbox, the console and every service's ops server."""

    def listen(name: str) -> int:
        if name not in user:
            preferred = PREFERRED_PORTS[name]
            return preferred if is_free(preferred) else free_port()
        return port_value(name, user[name]) or free_port()

    ops, notices = _ops_ports(user, free_port)
    return Ports(listen("PORT"), listen("SANDBOX_PORT"), ops, notices, listen("CONSOLE_PORT"))


def _ops_ports(
    user: Mapping[str, str], free_port: Callable[[], int]
) -> tuple[dict[str, int], tuple[str, ...]]:
    ops = {
        service: port_value(variable, user.get(variable, "0")) or free_port()
        for service, variable in OPS_PORT_VARIABLES.items()
    }
    notices: tuple[str, ...] = ()
    if user.get(SHARED_OPS_PORT):
        notices = (
            f"run: {SHARED_OPS_PORT}={user[SHARED_OPS_PORT]} (deprecated) is not used: each "
            "consumer gets a port of its own (CATALOG_SYNC_OPS_PORT, ORDER_REPLICATOR_OPS_PORT)",
        )
    return ops, notices

"""`make run`: start everything in dependency order, say "up" only when all is ready, stop cleanly.

Order: RabbitMQ ensured, MongoDB (MONGODB_URI or the stand-in), the sandbox, the ingress (ready:
MongoDB and the broker reachable), `storebridge hooks sync`, then every other service and the
operator console; once all are ready, the run's settings go to `.run/local.env` for the
`storebridge` commands of this checkout. Stop: that file removed, the services, then the sandbox,
then the stand-in; each within the grace period, else killed.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from storebridge_cli.local_run.banner import up_lines
from storebridge_cli.local_run.children import Fleet
from storebridge_cli.local_run.environment import (
    is_local_url,
    layered,
    local_namespace,
    read_dotenv,
)
from storebridge_cli.local_run.plan import CONSOLE, SERVICES, RunPlan, plan_run, port_free
from storebridge_cli.local_run.ports import LocalRunError
from storebridge_cli.local_run.readiness import Probe, wait_ready
from storebridge_cli.local_run.settings_file import settings_text, write_settings
from storebridge_cli.local_run.signals import StopRequest
from storebridge_shared.settings import LOCAL_RUN_FILE
from storebridge_shared.settings.unknown import known_variables

STOREBRIDGE = str(Path(sys.executable).with_name("storebridge"))
SANDBOX_TIER, SERVICE_TIER = 1, 2
EXTRA_GRACE_SECS = 5.0
MANAGEMENT_URL = "http://127.0.0.1:15672"


@dataclass(frozen=True)
class Options:
    """Where the run's files are and how long it waits for readiness."""

    root: Path
    env_file: Path
    run_dir: Path
    mongodb_port: int | None
    ready_timeout: float


def say(line: str) -> None:
    """One line on the terminal, at once."""
    print(line, flush=True)


def parse_options(argv: Sequence[str], root: Path) -> Options:
    """The supervisor's command line (defaults: the checkout's .env and .run/)."""
    parser = argparse.ArgumentParser(prog="run_local", description="the whole system, locally")
    parser.add_argument("--env-file", type=Path, default=root / ".env")
    parser.add_argument("--run-dir", type=Path, default=root / ".run")
    parser.add_argument("--mongodb-port", type=int, default=None, help="stand-in port (0: any)")
    parser.add_argument("--ready-timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    return Options(root, args.env_file, args.run_dir, args.mongodb_port, args.ready_timeout)


def main(argv: Sequence[str], root: Path) -> int:
    """Run until Ctrl-C; 0 after a requested stop, 1 when something failed, 2 on bad settings."""
    options = parse_options(argv, root)
    stop = StopRequest().install()
    try:
        user = layered(read_dotenv(options.env_file), os.environ)
        plan = plan_run(user, local_namespace(options.root, getpass.getuser()))
    except LocalRunError as error:
        say(f"run: {error}")
        return 2
    for notice in plan.notices:
        say(notice)
    if not ensure_broker(plan.env, options.root):
        return 1
    with mongodb(plan.env, options) as uri:
        return supervise(plan, plan.env | {"MONGODB_URI": uri}, options, stop)


def ensure_broker(env: Mapping[str, str], root: Path) -> bool:
    """scripts/ensure_rabbitmq.sh: the broker answers (a stopped local one is started)."""
    script = root / "scripts" / "ensure_rabbitmq.sh"
    if subprocess.run([str(script)], env=dict(env), check=False).returncode == 0:
        return True
    say("run: no RabbitMQ to connect to (see above); nothing was started")
    return False


@contextlib.contextmanager
def mongodb(env: Mapping[str, str], options: Options) -> Iterator[str]:
    """MONGODB_URI, or a stand-in whose data persists in the run directory (stopped last)."""
    if env.get("MONGODB_URI"):
        yield env["MONGODB_URI"]
        return
    from storebridge_shared.testing.mongodb import stand_in

    port = options.mongodb_port
    if port is None:
        port = 27017 if port_free(27017) else 0
    data_dir = options.run_dir / "mongodb"
    data_dir.mkdir(parents=True, exist_ok=True)
    with stand_in(port=port or None, data_dir=str(data_dir)) as uri:
        say(f"run: MongoDB stand-in (nx-27017) at {uri}, data in {data_dir}")
        yield uri.replace("/?", "/storebridge?")
    say("run: MongoDB stand-in stopped")


def supervise(plan: RunPlan, env: dict[str, str], options: Options, stop: StopRequest) -> int:
    """Start the children, report readiness, wait for a stop or a death, then stop them all."""
    fleet = Fleet(cwd=options.env_file.parent)
    settings_file(options).unlink(missing_ok=True)  # left by a run that was killed
    try:
        status = start_everything(plan, env, options, fleet, stop)
        return watch(fleet, stop) if status == 0 and not stop() else status
    finally:
        say("run: stopping")
        settings_file(options).unlink(missing_ok=True)
        grace = float(env.get("SHUTDOWN_GRACE_SECS", "20")) + EXTRA_GRACE_SECS
        for line in fleet.stop(grace, stop.hurry):
            say(line)


def start_everything(
    plan: RunPlan, env: dict[str, str], options: Options, fleet: Fleet, stop: StopRequest
) -> int:
    """Start in dependency order, waiting for each layer; 0 once every process is ready."""
    if plan.target.sandbox:
        say("run: starting sandbox")
        fleet.start("sandbox", sandbox_command(env, options.run_dir), env, SANDBOX_TIER)
    say("run: starting ingress")
    fleet.start("ingress", [STOREBRIDGE, "ingress"], env, SERVICE_TIER)
    probes = plan.probes()
    if not ready(probes[: -len(SERVICES)], fleet, options, stop) or not sync_hooks(env, fleet):
        return 0 if stop() else 1
    for service in SERVICES:
        say(f"run: starting {service}")
        fleet.start(service, [STOREBRIDGE, service], plan.service_env(service, env), SERVICE_TIER)
    say(f"run: starting {CONSOLE}")
    fleet.start(CONSOLE, [STOREBRIDGE, CONSOLE], env, SERVICE_TIER)
    if not ready([*probes, plan.console_probe()], fleet, options, stop):
        return 0 if stop() else 1
    write_settings(settings_file(options), settings_text(env, known_variables(), os.getpid()))
    for line in up_lines(plan, env["MONGODB_URI"], management_url(env)):
        say(line)
    return 0


def settings_file(options: Options) -> Path:
    """Where the run's settings are for the `storebridge` commands (`.run/local.env`)."""
    return options.run_dir / Path(LOCAL_RUN_FILE).name


def ready(probes: list[Probe], fleet: Fleet, options: Options, stop: StopRequest) -> bool:
    """Wait for `probes`; say which process is not ready and why when one is not."""
    reasons = wait_ready(probes, fleet.children, options.ready_timeout, stop)
    if stop():
        return False
    for name, reason in reasons.items():
        say(f"run: not up: {name} is not ready: {reason}")
    return not reasons


def sync_hooks(env: Mapping[str, str], fleet: Fleet) -> bool:
    """`storebridge hooks sync`: the stores' webhooks point at this run's ingress."""
    command = [STOREBRIDGE, "hooks", "sync"]
    done = subprocess.run(command, env=dict(env), cwd=fleet.cwd, start_new_session=True)
    if done.returncode != 0:
        say(f"run: not up: storebridge hooks sync failed (exit {done.returncode})")
    return done.returncode == 0


def sandbox_command(env: Mapping[str, str], run_dir: Path) -> list[str]:
    """The sandbox with stores A and B; B starts with an empty catalog, so a first sync creates."""
    command = [STOREBRIDGE, "sandbox", "--port", env["SANDBOX_PORT"]]
    command += ["--state-file", str(run_dir / "sandbox.json")]
    for name in ("A", "B"):
        spec = f"{env[f'STORE_{name}_HASH']}:{env[f'STORE_{name}_ACCESS_TOKEN']}"
        client_id = env.get(f"STORE_{name}_CLIENT_ID")
        command += ["--store", f"{spec}:{client_id}" if client_id else spec]
    return [*command, "--empty", env["STORE_B_HASH"]]


def watch(fleet: Fleet, stop: StopRequest) -> int:
    """Wait for a stop request (0) or a child's exit (1)."""
    while not stop():
        exited = fleet.first_exited()
        if exited is not None:
            code = exited.process.returncode
            say(f"run: {exited.name} exited with code {code}; stopping everything")
            return 1
        time.sleep(0.2)
    return 0


def management_url(env: Mapping[str, str]) -> str | None:
    """The local RabbitMQ management console, when it answers."""
    amqp = env.get("AMQP_URL", "amqp://127.0.0.1")
    return MANAGEMENT_URL if is_local_url(amqp) and not port_free(15672) else None

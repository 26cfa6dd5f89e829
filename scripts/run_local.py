"""`make run`: the whole system on this machine with local defaults, until Ctrl-C.

- RabbitMQ: AMQP_URL, else the local broker (scripts/ensure_rabbitmq.sh starts it if installed).
- MongoDB: MONGODB_URI, else the nx-27017 stand-in, kept in .run/mongodb between runs.
- BigCommerce: the sandbox with stores A and B (when it is installed), hooks registered to the
  ingress by `storebridge hooks sync`.
- Every storebridge service that exists, each as its own process, logs to the console.
Values in .env win over these defaults.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".run"
STOREBRIDGE = str(Path(sys.executable).with_name("storebridge"))

LOCAL_DEFAULTS = {
    "PORT": "8080",
    "APP_URL": "http://127.0.0.1:8080",
    "WEBHOOK_SECRET": "local-development-secret",
    "LOG_FORMAT": "console",
    "SANDBOX_PORT": "8900",
    "STORE_A_HASH": "storea",
    "STORE_A_ACCESS_TOKEN": "sandbox-token-a",
    "STORE_B_HASH": "storeb",
    "STORE_B_ACCESS_TOKEN": "sandbox-token-b",
}


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a .env file (comments and blanks ignored)."""
    if not path.exists():
        return {}
    values = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and not key.startswith("#"):
            values[key.strip()] = value.strip().strip("'\"")
    return values


def available(command: str) -> bool:
    """True when `storebridge COMMAND --help` exists and is implemented."""
    result = subprocess.run([STOREBRIDGE, command, "--help"], capture_output=True, check=False)
    return result.returncode == 0 and b"not implemented" not in result.stdout


@contextlib.contextmanager
def mongodb(env: dict[str, str]) -> Iterator[str]:
    """MONGODB_URI, or a stand-in whose data persists in .run/mongodb."""
    if env.get("MONGODB_URI"):
        yield env["MONGODB_URI"]
        return
    from storebridge_shared.testing.mongodb import stand_in

    data_dir = RUN_DIR / "mongodb"
    data_dir.mkdir(parents=True, exist_ok=True)
    with stand_in(port=27017 if _port_free(27017) else None, data_dir=str(data_dir)) as uri:
        print(f"run: MongoDB stand-in (nx-27017) at {uri}, data in {data_dir}", flush=True)
        yield uri.replace("/?", "/storebridge?")


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def start(name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start one process of the system."""
    print(f"run: starting {name}: storebridge {' '.join(args)}", flush=True)
    return subprocess.Popen([STOREBRIDGE, *args], env=env)


def wait_for_http(url: str, timeout: float = 30) -> bool:
    """Poll `url` until it answers 200."""
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=1) as response:
            if response.status == 200:
                return True
        time.sleep(0.2)
    return False


def run() -> int:
    """Start everything, then wait until Ctrl-C or a process dies."""
    env = os.environ | LOCAL_DEFAULTS | read_dotenv(ROOT / ".env")
    with mongodb(env) as uri:
        env["MONGODB_URI"] = uri
        processes: dict[str, subprocess.Popen[bytes]] = {}
        if available("sandbox"):
            port = env["SANDBOX_PORT"]
            env.setdefault("BIGCOMMERCE_API_URL", f"http://127.0.0.1:{port}")
            stores = [f"{env[f'STORE_{n}_HASH']}:{env[f'STORE_{n}_ACCESS_TOKEN']}" for n in "AB"]
            args = ["sandbox", "--port", port, "--state-file", str(RUN_DIR / "sandbox.json")]
            args += [option for store in stores for option in ("--store", store)]
            processes["sandbox"] = start("sandbox", args, env)
            wait_for_http(f"http://127.0.0.1:{port}/_sandbox/stores")
        processes["ingress"] = start("ingress", ["ingress"], env)
        wait_for_http(f"http://127.0.0.1:{env['PORT']}/healthz")
        if available("hooks"):
            subprocess.run([STOREBRIDGE, "hooks", "sync"], env=env, check=False)
        for service in ("catalog-sync", "order-replicator", "janitor"):
            if available(service):
                processes[service] = start(service, [service], env)
        print(
            f"run: up ({', '.join(processes)}); webhooks at {env['APP_URL']}/webhooks; "
            "Ctrl-C stops everything",
            flush=True,
        )
        return supervise(processes)


def supervise(processes: dict[str, subprocess.Popen[bytes]]) -> int:
    """Wait for Ctrl-C (or a process exiting), then stop every process gracefully."""
    status = 0
    try:
        while all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
        status = 1
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"run: {name} exited with {process.returncode}", flush=True)
    except KeyboardInterrupt:
        print("run: stopping", flush=True)
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
    return status


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    raise SystemExit(run())

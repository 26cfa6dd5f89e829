"""Start the nx-27017 MongoDB stand-in (tests, benchmarks and `make run` without MONGODB_URI).

The stand-in speaks MongoDB's wire protocol on SQLite; its known gaps are listed in
docs/mongodb-stand-in.md. Never used in production.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from storebridge_shared.store.client import answers_ping

STOP_GRACE_SECS = 5.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _executable() -> str:
    beside_python = Path(sys.executable).with_name("nx-27017")
    found = str(beside_python) if beside_python.exists() else shutil.which("nx-27017")
    if not found:
        raise RuntimeError("nx-27017 is not installed: pip install nx-27017, or set MONGODB_URI")
    return found


def _wait_for_ping(uri: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not answers_ping(uri):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the nx-27017 stand-in did not start")
        time.sleep(0.1)


@contextlib.contextmanager
def stand_in(*, port: int | None = None, data_dir: str = "memory") -> Iterator[str]:
    """Run an nx-27017 server (in memory by default); yield its URI; stop it on exit."""
    port = port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="nx-27017-"))
    command = [
        _executable(),
        "--data-dir",
        data_dir,
        "-p",
        str(port),
        "--pid-file",
        str(workdir / "nx.pid"),
        "--log-file",
        str(workdir / "nx.log"),
    ]
    # A session of its own: the terminal's Ctrl-C reaches its owner, which stops it last.
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=workdir,
        start_new_session=True,
    )
    uri = f"mongodb://127.0.0.1:{port}/?directConnection=true"
    try:
        _wait_for_ping(uri, process, timeout=20)
        yield uri
    finally:
        stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def stop(process: subprocess.Popen[bytes], grace_secs: float = STOP_GRACE_SECS) -> None:
    """SIGTERM, wait up to `grace_secs`, then SIGKILL: the stand-in never outlives its owner."""
    process.terminate()
    try:
        process.wait(timeout=grace_secs)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

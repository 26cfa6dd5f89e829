"""`.run/local.env`: the settings of a running `make run`, for `storebridge` commands beside it.

Written once the run is up (only storebridge settings, readable by the owner only) and removed
when it stops. Its first line names the supervisor's process, so a file a killed run left
behind is recognised and reported (`stale_notice`).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path

HEADER = "# Written by `make run` (pid {pid}); removed when it stops. Do not edit.\n"
PID = re.compile(r"^# Written by `make run` \(pid (\d+)\)")


def dotenv_line(name: str, value: str) -> str:
    """`NAME='value'` as python-dotenv reads it back (single quotes: only \\ and ' escaped)."""
    quoted = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"{name}='{quoted}'\n"


def settings_text(env: Mapping[str, str], known: Collection[str], pid: int) -> str:
    """The file's text: the header, then every storebridge setting of `env`, sorted (pure)."""
    lines = [dotenv_line(name, env[name]) for name in sorted(env) if name in known]
    return HEADER.format(pid=pid) + "".join(lines)


def write_settings(path: Path, text: str) -> None:
    """Replace `path` with `text` at once, readable by the owner only (it holds tokens)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
    partial.replace(path)


def writer_pid(path: Path) -> int | None:
    """The supervisor that wrote `path`, or None when there is no such file (or no header)."""
    with contextlib.suppress(OSError):
        with path.open() as file:
            found = PID.match(file.readline())
        return int(found[1]) if found else None
    return None


def stale_notice(path: Path) -> str:
    """One warning line when `path` was left by a run that no longer runs, else ""."""
    pid = writer_pid(path)
    if pid is None or _alive(pid):
        return ""
    return (
        f"storebridge: warning: {path} is left from a `make run` that is no longer running "
        f"(pid {pid}); its settings are still read: delete it"
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

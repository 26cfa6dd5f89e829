"""`make run`: the whole system on this machine with local defaults, until Ctrl-C.

Thin entry point; the supervisor is `storebridge_cli.local_run` (see its modules and the README).
Options: --env-file (default .env), --run-dir (default .run/), --mongodb-port, --ready-timeout.
"""

from __future__ import annotations

import sys
from pathlib import Path

from storebridge_cli.local_run.supervisor import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:], root=Path(__file__).resolve().parent.parent))

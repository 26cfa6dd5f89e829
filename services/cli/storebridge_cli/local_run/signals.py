"""Ctrl-C, SIGTERM and SIGHUP ask a local run to stop; a second one asks it to hurry (kill)."""

from __future__ import annotations

import signal
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class StopRequest:
    """Set by the signal handlers; polled by the supervisor (no exception, so no traceback)."""

    def __init__(self) -> None:
        self.requested = False
        self.hurried = False

    def install(self) -> StopRequest:
        """Handle the stop signals in this process."""
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._on_signal)
        return self

    def __call__(self) -> bool:
        """True once a stop was asked for."""
        return self.requested

    def hurry(self) -> bool:
        """True once a second stop was asked for: stop waiting, kill."""
        return self.hurried

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            self.hurried = True
            print("run: stop asked again: killing what is left", flush=True)
        self.requested = True

"""A one-line progress bar on stderr (redrawn at most 10 times a second; plain lines off a tty).

With the rate and the time left: items per second since the phase started, and the items still
to do at that rate. Our own few lines rather than rich's bar: rich is no runtime dependency of
the image (only of a dev tool), and a pipe gets plain lines either way.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

WIDTH = 30
REDRAW_S = 0.1


class ProgressBar:
    """`products [###########.........]  312/500  62%  4.1/s  0:46 left  created 290 failed 2`."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream or sys.stderr
        self._clock = clock
        self._started = 0.0
        self._enabled = enabled
        self._tty = bool(getattr(self._stream, "isatty", lambda: False)())
        self._phase = ""
        self._total = 0
        self._done = 0
        self._note = ""
        self._drawn_at = 0.0

    def phase(self, name: str, total: int) -> None:
        """Start a new bar for `total` items."""
        self._end_line()
        self._phase, self._total, self._done, self._note = name, total, 0, ""
        self._started = self._clock()
        self._draw(force=True)

    def advance(self, n: int = 1, note: str = "") -> None:
        """Count `n` items done."""
        self._done += n
        self._note = note or self._note
        self._draw(force=self._done >= self._total)

    def close(self) -> None:
        """Finish the current line."""
        self._end_line()

    def _line(self) -> str:
        share = self._done / self._total if self._total else 1.0
        filled = int(WIDTH * share)
        bar = "#" * filled + "." * (WIDTH - filled)
        count = f"{self._done}/{self._total}"
        pace = speed(self._done, self._clock() - self._started, self._total)
        return f"{self._phase:<10} [{bar}] {count:>11} {share:4.0%}  {pace}{self._note}".rstrip()

    def _draw(self, *, force: bool = False) -> None:
        if not self._enabled:
            return
        now = self._clock()
        if not force and now - self._drawn_at < REDRAW_S:
            return
        self._drawn_at = now
        if self._tty:
            self._stream.write("\r" + self._line() + "\x1b[K")
        elif force:
            self._stream.write(self._line() + "\n")
        self._stream.flush()

    def _end_line(self) -> None:
        if self._enabled and self._tty and self._phase:
            self._stream.write("\n")
            self._stream.flush()
        self._phase = ""


def speed(done: int, elapsed_s: float, total: int) -> str:
    """`4.1/s  0:46 left  ` once something is done (then `in 2:03` at the end), else ""."""
    if done <= 0 or elapsed_s <= 0:
        return ""
    rate = done / elapsed_s
    if done >= total:
        return f"{rate:.1f}/s  in {clock_time(elapsed_s)}  "
    return f"{rate:.1f}/s  {clock_time((total - done) / rate)} left  "


def clock_time(seconds: float) -> str:
    """`0:46`, `12:03`, `1:02:03`."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

"""How every `storebridge` command ends: one line on stderr and a documented exit status.

A command raises `CommandError` for what it refuses (a bad argument, an answer of no); errors of
MongoDB, RabbitMQ and BigCommerce and anything unexpected are turned into one line here, so no
command prints a traceback (`storebridge --traceback ...` shows it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

OK, FAILED, USAGE, UNAVAILABLE, NOT_CONFIRMED, INTERNAL, INTERRUPTED = 0, 1, 2, 3, 4, 70, 130

EXIT_CODES: dict[int, str] = {
    OK: "done",
    FAILED: "the work failed in part or could not be done (items failed, not found, busy)",
    USAGE: "bad command line or setting; nothing was done",
    UNAVAILABLE: "MongoDB, RabbitMQ or BigCommerce could not be reached",
    NOT_CONFIRMED: "a question was answered no (or not at all); nothing was done",
    INTERNAL: "an unexpected error (a bug: --traceback shows where)",
    INTERRUPTED: "interrupted (Ctrl-C)",
}
"""Every exit status of every command, for `--help` and the README."""


class CommandError(Exception):
    """A command refuses or cannot go on; the message is one line, `code` the exit status."""

    def __init__(self, message: str, code: int = USAGE) -> None:
        super().__init__(message)
        self.code = code


def exit_codes_help() -> str:
    """The epilog of `storebridge --help`: every exit status and its meaning."""
    return "exit status:\n" + "\n".join(f"  {c:<4} {text}" for c, text in EXIT_CODES.items())


def first_line(error: BaseException, limit: int = 200) -> str:
    """The error's first line, at most `limit` characters (its type when it says nothing)."""
    text = str(error).strip().splitlines()
    return text[0][:limit] if text else type(error).__name__


def explain(error: BaseException) -> tuple[int, str]:
    """The exit status and the one line for an error a command raised."""
    from storebridge_shared.bigcommerce import BigCommerceError
    from storebridge_shared.broker.errors import BrokerError, BrokerUnavailable
    from storebridge_shared.settings import ConfigurationError
    from storebridge_shared.store.client import StoreError, StoreUnavailable

    rows: list[tuple[type[BaseException], int, str]] = [
        (CommandError, USAGE, ""),
        (ConfigurationError, USAGE, "configuration error: "),
        (StoreUnavailable, UNAVAILABLE, "MongoDB unreachable: "),
        (StoreError, FAILED, "MongoDB: "),
        (BrokerUnavailable, UNAVAILABLE, "RabbitMQ unreachable: "),
        (BrokerError, FAILED, "RabbitMQ: "),
        (KeyboardInterrupt, INTERRUPTED, "interrupted"),
    ]
    if isinstance(error, CommandError):
        return error.code, first_line(error)
    if isinstance(error, BigCommerceError):
        return (UNAVAILABLE if error.transient else FAILED), f"BigCommerce: {first_line(error)}"
    for kind, code, prefix in rows:
        if isinstance(error, kind):
            return code, prefix if kind is KeyboardInterrupt else prefix + first_line(error)
    where = "(--traceback shows where)"
    return INTERNAL, f"unexpected error: {type(error).__name__}: {first_line(error)} {where}"


def run_politely(
    command: str, run: Callable[[], int], *, traceback: bool, err: TextIO | None = None
) -> int:
    """`run()`'s exit status; an error is one line on stderr, `storebridge COMMAND: ...`."""
    try:
        return run()
    except (Exception, KeyboardInterrupt) as error:
        if traceback:
            raise
        code, line = explain(error)
        print(f"storebridge {command}: {line}", file=err or sys.stderr, flush=True)
        return code


def confirm(question: str, yes: bool, *, ask: Callable[[str], str] | None = None) -> None:
    """Go on when `yes` or the answer is y/yes; else CommandError (NOT_CONFIRMED).

    The question goes to stderr, so standard output stays the command's result; no answer
    (standard input closed, as in a script) is a no.
    """
    if yes:
        return
    answer = (ask or _ask_stderr)(f"{question} [y/N] ")
    if answer.strip().lower() not in {"y", "yes"}:
        raise CommandError(
            "not confirmed; nothing was done (--yes skips the question)", NOT_CONFIRMED
        )


def _ask_stderr(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline()

"""CLI manners: one line on stderr and a documented exit status, never a traceback; --version;
replay refuses what cannot be meant before touching anything; questions before destroying."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from storebridge_cli.main import build_parser, main
from storebridge_cli.manners import (
    EXIT_CODES,
    INTERNAL,
    NOT_CONFIRMED,
    UNAVAILABLE,
    USAGE,
    CommandError,
    confirm,
    run_politely,
)
from storebridge_shared import __version__
from storebridge_shared.testing.mongodb import free_port

STOREBRIDGE = str(Path(sys.executable).with_name("storebridge"))
REPLAY = ["replay", "--store", "storea", "--scope", "store/product/*"]


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """No `.env` nor `.run/local.env`; MongoDB and RabbitMQ on ports nothing listens on."""
    monkeypatch.chdir(tmp_path)
    closed = free_port()
    monkeypatch.setenv(
        "MONGODB_URI", f"mongodb://127.0.0.1:{closed}/x?serverSelectionTimeoutMS=300"
    )
    monkeypatch.setenv("MONGODB_TIMEOUT_MS", "300")
    monkeypatch.setenv("AMQP_URL", f"amqp://guest:guest@127.0.0.1:{closed}/")
    return tmp_path


def exit_of(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as done:
        main(argv)
    return int(done.value.code or 0)


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("window", "said"),
    [
        (["--since", "yesterday"], "storebridge replay: not a time: 'yesterday'"),
        (["--since", "1h", "--until", "2h"], "storebridge replay: empty window: --since"),
        (["--since", "2030-01-01T00:00:00"], "storebridge replay: empty window: --since"),
    ],
)
def test_given_a_window_that_cannot_be_meant_when_replaying_then_one_line_and_exit_2(
    nowhere, capsys, window, said
):
    assert exit_of([*REPLAY, *window, "--yes"]) == USAGE

    captured = capsys.readouterr()
    assert one_line(captured.err).startswith(said)
    assert captured.out == ""


def test_given_a_scope_pattern_matching_no_scope_when_replaying_then_refused_before_mongodb(
    nowhere, capsys
):
    argv = ["replay", "--store", "storea", "--scope", "store/produkt/*", "--since", "1h"]

    assert exit_of(argv) == USAGE
    assert "--scope 'store/produkt/*' matches no webhook scope" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("argv", "backend"),
    [
        (["dlq", "list", "--service", "catalog-sync"], "RabbitMQ unreachable"),
        (["status"], "MongoDB unreachable"),
        ([*REPLAY, "--since", "1h", "--dry-run"], "MongoDB unreachable"),
    ],
)
def test_given_a_backend_down_when_a_command_needs_it_then_one_line_and_exit_3(
    nowhere, capsys, argv, backend
):
    assert exit_of(argv) == UNAVAILABLE

    assert one_line(capsys.readouterr().err).startswith(f"storebridge {argv[0]}: {backend}: ")


def test_given_mongodb_down_when_backfilling_then_one_line_and_exit_3(nowhere, monkeypatch):
    stores = {"STORE_A_HASH": "a", "STORE_A_ACCESS_TOKEN": "t", "STORE_B_HASH": "b"}
    env = {"STORE_B_ACCESS_TOKEN": "t", "BIGCOMMERCE_API_URL": f"http://127.0.0.1:{free_port()}"}
    for name, value in (stores | env).items():
        monkeypatch.setenv(name, value)

    done = subprocess.run(
        [STOREBRIDGE, "backfill", "catalog", "--dry-run", "--no-progress"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == UNAVAILABLE, done.stderr
    assert one_line(done.stderr).startswith("storebridge backfill: MongoDB unreachable: ")


def test_given_version_when_asked_then_the_package_version(capsys):
    assert exit_of(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"storebridge {__version__}"


def test_given_the_help_then_every_exit_status_is_documented(capsys):
    build_parser().print_help()

    text = capsys.readouterr().out
    assert all(f"  {code:<4} {meaning}" in text for code, meaning in EXIT_CODES.items())


def test_given_a_bug_when_a_command_fails_then_one_line_exit_70_and_traceback_on_request():
    def broken() -> int:
        raise KeyError("lost")

    err = io.StringIO()

    assert run_politely("status", broken, traceback=False, err=err) == INTERNAL
    assert err.getvalue().startswith("storebridge status: unexpected error: KeyError: 'lost'")
    with pytest.raises(KeyError):
        run_politely("status", broken, traceback=True)


@pytest.mark.parametrize(
    ("answer", "goes_on"),
    [("y\n", True), ("YES\n", True), ("\n", False), ("", False), ("n\n", False)],
)
def test_given_a_question_when_answered_then_only_yes_goes_on(answer, goes_on):
    if goes_on:
        confirm("drop 3?", yes=False, ask=lambda prompt: answer)
        return
    with pytest.raises(CommandError) as refused:
        confirm("drop 3?", yes=False, ask=lambda prompt: answer)
    assert refused.value.code == NOT_CONFIRMED


def test_given_yes_when_confirming_then_nobody_is_asked():
    def never(prompt: str) -> str:
        raise AssertionError("asked")

    confirm("drop 3?", yes=True, ask=never)

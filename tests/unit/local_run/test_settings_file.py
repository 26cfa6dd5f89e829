"""`.run/local.env`: what `make run` writes for the commands beside it, read back as written."""

from __future__ import annotations

import io
import os
import stat

from dotenv import dotenv_values
from hypothesis import given
from hypothesis import strategies as st

from storebridge_cli.local_run.settings_file import (
    settings_text,
    stale_notice,
    write_settings,
    writer_pid,
)
from storebridge_shared.settings import MongoSettings

KNOWN = {"MONGODB_URI", "WEBHOOK_SECRET", "STORE_A_HASH"}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_given_any_value_when_written_then_python_dotenv_reads_it_back_unchanged(value):
    text = settings_text({"WEBHOOK_SECRET": value}, KNOWN, pid=1)

    assert dotenv_values(stream=io.StringIO(text)) == {"WEBHOOK_SECRET": value}


def test_given_the_run_environment_when_written_then_only_our_settings_and_owner_only(tmp_path):
    env = {"PATH": "/usr/bin", "HOME": "/root", "STORE_A_HASH": "storea", "WEBHOOK_SECRET": "s"}
    path = tmp_path / ".run" / "local.env"

    write_settings(path, settings_text(env, KNOWN, pid=os.getpid()))

    assert dotenv_values(path) == {"STORE_A_HASH": "storea", "WEBHOOK_SECRET": "s"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert writer_pid(path) == os.getpid()


def test_given_the_file_in_the_working_directory_when_settings_load_then_it_wins_over_env(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MONGODB_URI", raising=False)
    (tmp_path / ".env").write_text("MONGODB_URI=mongodb://127.0.0.1:27017/fromdotenv\n")
    run_uri = "mongodb://127.0.0.1:40001/storebridge?directConnection=true"
    write_settings(
        tmp_path / ".run" / "local.env", settings_text({"MONGODB_URI": run_uri}, KNOWN, 1)
    )

    assert MongoSettings().mongodb_uri == run_uri
    monkeypatch.setenv("MONGODB_URI", "mongodb://127.0.0.1:1/exported")
    assert MongoSettings().mongodb_uri == "mongodb://127.0.0.1:1/exported"


def test_given_a_file_of_a_live_run_then_no_notice_and_of_a_dead_one_then_one_line(tmp_path):
    path = tmp_path / "local.env"
    assert stale_notice(path) == ""
    write_settings(path, settings_text({}, KNOWN, pid=os.getpid()))
    assert stale_notice(path) == ""

    dead = _exited_pid()
    write_settings(path, settings_text({}, KNOWN, pid=dead))

    assert stale_notice(path).startswith(f"storebridge: warning: {path} is left from a `make run`")
    assert f"(pid {dead})" in stale_notice(path)


def _exited_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid

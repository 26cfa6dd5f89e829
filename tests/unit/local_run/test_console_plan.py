"""`make run` starts the console with a password of its own and prints how to log in."""

from __future__ import annotations

from storebridge_cli.local_run.banner import up_lines
from storebridge_cli.local_run.plan import plan_run
from tests.unit.local_run.test_ports_and_readiness import ports_for


def test_given_nothing_set_then_the_console_prefers_8090():
    assert ports_for({}).console == 8090
    assert ports_for({}, busy={8090}).console != 8090


def test_given_no_console_password_then_each_run_generates_one_and_the_banner_prints_it():
    first, second = plan_run({"CONSOLE_PORT": "0"}), plan_run({"CONSOLE_PORT": "0"})
    password = first.env["CONSOLE_PASSWORD"]
    assert len(password) >= 12 and password != second.env["CONSOLE_PASSWORD"]
    banner = "\n".join(up_lines(first, "mongodb://m/storebridge", None))
    assert f"operator console; password {password} (generated for this run)" in banner
    assert "ingress=http://127.0.0.1:" in first.env["CONSOLE_SERVICE_URLS"]
    assert "janitor=http://127.0.0.1:" in first.env["CONSOLE_SERVICE_URLS"]


def test_given_the_users_console_password_then_it_is_used_and_never_printed():
    plan = plan_run({"CONSOLE_PORT": "0", "CONSOLE_PASSWORD": "my own password here"})
    assert plan.env["CONSOLE_PASSWORD"] == "my own password here"
    banner = "\n".join(up_lines(plan, "mongodb://m/storebridge", None))
    assert "password from CONSOLE_PASSWORD" in banner
    assert "my own password here" not in banner

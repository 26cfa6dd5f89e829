"""`make run`'s settings: defaults < .env < environment, empty means unset, BigCommerce is the
sandbox unless real credentials and a real API URL were both set, APP_URL follows PORT."""

from __future__ import annotations

from pathlib import Path

from storebridge_cli.local_run.environment import LOCAL_DEFAULTS, layered, read_dotenv
from storebridge_cli.local_run.target import app_url, decide_target, real_stores
from storebridge_ingress.settings import HooksSettings, IngressSettings

EXAMPLE = Path(__file__).resolve().parents[3] / ".env.example"
SANDBOX = "http://127.0.0.1:8900"
REAL = {
    "STORE_A_HASH": "abc123",
    "STORE_A_ACCESS_TOKEN": "real-token",
    "BIGCOMMERCE_API_URL": "https://api.bigcommerce.com",
}


def test_given_the_example_copied_to_env_when_read_then_no_empty_value_overrides_a_default(
    tmp_path,
):
    env_file = tmp_path / ".env"
    env_file.write_text(EXAMPLE.read_text())

    merged = layered(LOCAL_DEFAULTS, read_dotenv(env_file))

    assert all(merged[key] == value for key, value in LOCAL_DEFAULTS.items())
    assert "" not in merged.values()


def test_given_quotes_comments_and_export_when_read_then_parsed_as_dotenv_does(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "export PORT=9001\nAPP_URL='http://127.0.0.1:9001' # local\n"
        'WEBHOOK_SECRET="a b#c"\nSTORE_A_HASH=\nLONELY\n# STORE_B_HASH=nope\n'
    )

    assert read_dotenv(env_file) == {
        "PORT": "9001",
        "APP_URL": "http://127.0.0.1:9001",
        "WEBHOOK_SECRET": "a b#c",
    }


def test_given_layers_when_merged_then_later_wins_and_empty_never_does():
    assert layered({"A": "1", "B": "1"}, {"A": "2", "B": ""}, {"A": None}) == {"A": "2", "B": "1"}


def test_given_no_settings_when_deciding_then_the_sandbox_and_nothing_to_say():
    target = decide_target({}, SANDBOX)

    assert (target.sandbox, target.api_url, target.notice) == (True, SANDBOX, "")


def test_given_the_real_api_url_but_local_credentials_when_deciding_then_the_sandbox_and_one_line():
    user = {"BIGCOMMERCE_API_URL": "https://api.bigcommerce.com", **LOCAL_DEFAULTS}

    target = decide_target(user, SANDBOX)

    assert (target.sandbox, target.api_url) == (True, SANDBOX)
    assert "ignored" in target.notice and "\n" not in target.notice


def test_given_real_credentials_without_an_api_url_when_deciding_then_still_the_sandbox():
    target = decide_target({k: v for k, v in REAL.items() if k != "BIGCOMMERCE_API_URL"}, SANDBOX)

    assert target.sandbox
    assert "BIGCOMMERCE_API_URL" in target.notice


def test_given_real_credentials_and_the_real_api_url_when_deciding_then_real_and_said_clearly():
    target = decide_target(REAL, SANDBOX)

    assert (target.sandbox, target.api_url) == (False, "https://api.bigcommerce.com")
    assert "REAL BigCommerce" in target.notice and "abc123" in target.notice


def test_given_a_hash_without_a_token_when_judging_then_not_real_credentials():
    assert real_stores({"STORE_A_HASH": "abc123"}) == []


def test_given_no_app_url_when_deciding_then_derived_from_the_port():
    assert app_url({}, 9005, decide_target({}, SANDBOX)) == ("http://127.0.0.1:9005", "")


def test_given_a_public_app_url_with_the_sandbox_when_deciding_then_local_and_said():
    url, notice = app_url({"APP_URL": "https://sync.example.com"}, 9005, decide_target({}, SANDBOX))

    assert url == "http://127.0.0.1:9005"
    assert "https://sync.example.com" in notice


def test_given_a_public_app_url_with_real_bigcommerce_when_deciding_then_kept():
    user = {**REAL, "APP_URL": "https://sync.example.com"}

    assert app_url(user, 9005, decide_target(user, SANDBOX)) == ("https://sync.example.com", "")


REQUIRED = {"webhook_secret": "s", "store_a_hash": "storea", "store_a_access_token": "t"}


def test_given_port_but_no_app_url_when_settings_load_then_app_url_follows_the_port():
    ingress = IngressSettings(_env_file=None, port=9123, **REQUIRED)  # type: ignore[call-arg]
    hooks = HooksSettings(_env_file=None, port=9124, **REQUIRED)  # type: ignore[call-arg]
    explicit = IngressSettings(_env_file=None, app_url="https://sync.example.com", **REQUIRED)  # type: ignore[call-arg]

    assert (ingress.app_url, hooks.app_url) == ("http://127.0.0.1:9123", "http://127.0.0.1:9124")
    assert explicit.app_url == "https://sync.example.com"


def test_given_two_checkouts_or_two_users_then_each_run_has_a_namespace_of_its_own(tmp_path):
    from storebridge_cli.local_run.environment import local_namespace
    from storebridge_shared.settings import NamespaceSettings

    one, two = tmp_path / "one", tmp_path / "two"
    names = {
        local_namespace(one, "alice"),
        local_namespace(two, "alice"),
        local_namespace(one, "Bob K"),
    }

    assert len(names) == 3
    assert local_namespace(one, "alice") == local_namespace(one, "alice")  # across restarts
    assert all(NamespaceSettings(_env_file=None, broker_namespace=name) for name in names)
    assert local_namespace(one, "Bob K").startswith("local-bob-k-")


def test_given_a_namespace_set_by_the_user_then_the_run_uses_it_else_its_own():
    from storebridge_cli.local_run.plan import plan_run

    assert plan_run({}, "local-alice-abc123").env["BROKER_NAMESPACE"] == "local-alice-abc123"
    chosen = plan_run({"BROKER_NAMESPACE": "mine"}, "local-alice-abc123")
    assert chosen.env["BROKER_NAMESPACE"] == "mine"

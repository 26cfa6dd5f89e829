"""Variables that look like ours but name no setting are reported at start-up, one line each."""

from __future__ import annotations

import pytest

from storebridge_ingress.settings import IngressSettings
from storebridge_shared.settings import load_settings
from storebridge_shared.settings.unknown import known_variables, unknown_variables

KNOWN = ["ORDER_DROP_FIELDS", "ORDER_MASK_FIELDS", "STORE_A_ACCESS_TOKEN", "STORE_B_ACCESS_TOKEN"]


def test_given_a_typo_of_a_setting_then_it_is_reported_with_the_closest_known_name():
    [found] = unknown_variables(["ORDER_PII_FIELDS"], KNOWN)
    assert (found.name, found.closest) == ("ORDER_PII_FIELDS", "ORDER_DROP_FIELDS")
    assert found.warning() == (
        "storebridge: warning: ORDER_PII_FIELDS is not a storebridge setting (ignored); "
        "did you mean ORDER_DROP_FIELDS?"
    )


def test_given_two_equally_close_names_then_the_one_sharing_the_longer_beginning_is_named():
    [found] = unknown_variables(["STORE_A_TOKEN"], KNOWN)
    assert found.closest == "STORE_A_ACCESS_TOKEN"


@pytest.mark.parametrize(
    "name",
    ["ORDER_DROP_FIELDS", "order_mask_fields", "PATH", "HOME", "RABBITMQ_USER", "SANDBOX_PORT"],
)
def test_given_a_known_setting_or_a_variable_not_like_ours_then_nothing_is_reported(name):
    assert unknown_variables([name], KNOWN) == []


def test_given_a_name_like_nothing_known_then_it_is_reported_without_a_suggestion():
    [found] = unknown_variables(["SMTP_XYZZY"], KNOWN)
    assert found.closest is None and found.warning().endswith("(ignored)")


def test_given_every_service_then_every_setting_and_deprecated_name_is_known():
    known = known_variables()
    assert {
        "ORDER_DROP_FIELDS",
        "CATALOG_DELETE_POLICY",
        "WEBHOOK_SECRET",
        "JANITOR_OPS_PORT",
    } <= known
    assert {"OPS_PORT", "JANITOR_PORT"} <= known  # deprecated names are still read


def test_given_a_typo_in_the_environment_and_the_env_file_when_a_service_loads_then_each_is_warned_once(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("WEBHOOK_SECRET=s\nSTORE_A_HASH=a\nORDER_MASK_FEILDS=x\n")
    monkeypatch.setenv("ORDER_PII_FIELDS", "billing_address.email")
    monkeypatch.setenv("ORDER_DROP_FIELDS", "billing_address.phone")  # another service's setting
    lines: list[str] = []

    settings = load_settings(IngressSettings, warn=lines.append)

    assert settings.webhook_secret is not None
    assert lines == [
        "storebridge: warning: ORDER_MASK_FEILDS is not a storebridge setting (ignored); "
        "did you mean ORDER_MASK_FIELDS?",
        "storebridge: warning: ORDER_PII_FIELDS is not a storebridge setting (ignored); "
        "did you mean ORDER_DROP_FIELDS?",
    ]


def test_given_a_typo_when_a_service_loads_then_the_warning_goes_to_stderr(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WEBHOOK_SECRET", "s")
    monkeypatch.setenv("STORE_A_HASH", "a")
    monkeypatch.setenv("WEBHOOK_SECRETS", "s")

    load_settings(IngressSettings)

    assert "WEBHOOK_SECRETS is not a storebridge setting" in capsys.readouterr().err

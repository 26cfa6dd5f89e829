"""`.env.example` documents every setting and holds no credentials."""

from __future__ import annotations

from pathlib import Path

from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_cli.commands import settings_classes
from storebridge_cli.settings_help import every_setting
from storebridge_ingress.settings import IngressSettings
from storebridge_shared.settings import StoresSettings

EXAMPLE = Path(__file__).resolve().parents[3] / ".env.example"


def entries() -> dict[str, str]:
    pairs = (line.partition("=") for line in EXAMPLE.read_text().splitlines())
    return {
        key.strip(): value.strip() for key, sep, value in pairs if sep and not key.startswith("#")
    }


def test_given_the_example_env_file_then_every_setting_is_in_it():
    assert every_setting(settings_classes()) <= set(entries())


def test_given_the_example_env_file_then_no_secret_or_token_has_a_value():
    secrets = {
        k: v for k, v in entries().items() if any(w in k for w in ("TOKEN", "SECRET", "CLIENT_ID"))
    }
    assert secrets
    assert all(value == "" for value in secrets.values()), secrets


def test_given_the_example_env_file_then_every_variable_is_explained_by_a_comment():
    lines = EXAMPLE.read_text().splitlines()
    for index, line in enumerate(lines):
        if "=" in line and not line.startswith("#"):
            previous = [entry for entry in lines[:index] if entry.strip()]
            assert previous[-1].startswith("#") or "=" in previous[-1], line


def test_given_the_example_copied_to_env_then_it_loads_and_blank_values_mean_unset(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(EXAMPLE.read_text())

    stores = StoresSettings()
    required = {"webhook_secret": "s", "store_a_hash": "a", "store_a_access_token": "t"}
    ingress = IngressSettings(**required)  # blank in the example: required, so given here
    catalog = CatalogSyncSettings(**required, store_b_hash="b", store_b_access_token="t")

    assert ingress.webhook_signing_secret is None
    assert catalog.store_b_channel_on_store_a is None
    assert catalog.sync_period_in_secs == 15  # empty means unset: the default
    assert stores.stores() == []

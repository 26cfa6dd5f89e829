"""`storebridge catalog-sync rules`: refuses what cannot be meant, and a bad rule stops it with
one line naming the destination and the rule (exit 2), before any store is called."""

from __future__ import annotations

import pytest

from storebridge_cli.main import main
from storebridge_cli.manners import USAGE


@pytest.fixture
def stores(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "STORE_A_HASH": "a",
        "STORE_A_ACCESS_TOKEN": "t",
        "STORE_B_HASH": "b",
        "STORE_B_ACCESS_TOKEN": "t",
    }.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def exit_of(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as done:
        main(argv)
    return int(done.value.code or 0)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--explain"], "--explain needs --sku SKU"),
        (["--sku", "KTL"], "--sku goes with --explain"),
    ],
)
def test_given_half_a_question_when_explaining_then_one_line_and_exit_2(stores, capsys, argv, said):
    assert exit_of(["catalog-sync", "rules", *argv]) == USAGE

    assert said in capsys.readouterr().err


def test_given_a_bad_rule_of_b_when_explaining_then_the_rule_is_named_and_exit_2(stores, capsys):
    stores.setenv("STORE_B_RULES", '{"prices": {"round": "0.95"}}')

    assert exit_of(["catalog-sync", "rules", "--explain", "--sku", "KTL"]) == USAGE

    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "STORE_B_RULES: destination B, rule prices.round: Input should be" in err

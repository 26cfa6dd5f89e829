"""`storebridge status` as a command group another module can add actions to."""

from __future__ import annotations

import argparse

import pytest

from storebridge_cli.commands import status


def parser_with_orders(orders_first: bool) -> argparse.ArgumentParser:
    def register_orders(commands):
        orders = status.add_status_action(commands, "orders", help="orders status")
        orders.add_argument("--order", type=int)
        orders.set_defaults(run="orders-run")

    parser = argparse.ArgumentParser(prog="storebridge")
    commands = parser.add_subparsers(dest="command", required=True)
    for register in (
        (register_orders, status.register)
        if orders_first
        else (
            status.register,
            register_orders,
        )
    ):
        register(commands)
    return parser


@pytest.mark.parametrize("orders_first", [False, True])
def test_given_an_orders_action_registered_in_any_order_then_both_status_forms_parse(orders_first):
    parser = parser_with_orders(orders_first)

    bare = parser.parse_args(["status"])
    catalog = parser.parse_args(["status", "catalog", "--sku", "MUG-1"])
    orders = parser.parse_args(["status", "orders", "--order", "100"])

    assert bare.run is status.run_catalog and bare.sku is None and bare.limit == 19
    assert catalog.run is status.run_catalog and catalog.sku == "MUG-1"
    assert orders.run == "orders-run" and orders.order == 100


def test_given_two_resource_options_then_the_parser_refuses():
    parser = parser_with_orders(False)

    with pytest.raises(SystemExit):
        parser.parse_args(["status", "--sku", "A", "--product", "1"])

"""`storebridge completion bash|zsh`: Tab completes commands, actions, options and fixed values."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from storebridge_cli.commands.completion import completion_script
from storebridge_cli.main import build_parser

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def completions(*words: str) -> list[str]:
    """What Tab offers after `storebridge WORDS...` (the last word is the one being typed)."""
    script = completion_script(build_parser(), "bash")
    quoted = " ".join(f"'{word}'" for word in ("storebridge", *words))
    probe = f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words)}; _storebridge\n"
    probe += 'printf "%s\\n" "${COMPREPLY[@]}"'
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_given_nothing_typed_then_every_command_is_offered():
    offered = completions("")

    assert {"replay", "dlq", "status", "hooks", "backfill", "completion", "--version"} <= set(
        offered
    )


def test_given_a_group_then_its_actions_and_given_an_action_then_its_options():
    assert completions("dlq", "pu") == ["purge"]
    assert set(completions("dlq", "purge", "--")) >= {"--service", "--id", "--yes"}
    assert {"catalog", "orders", "--sku"} <= set(completions("status", ""))


def test_given_an_option_with_fixed_values_then_its_values():
    assert completions("dlq", "list", "--service", "") == ["catalog-sync", "order-replicator"]


def test_given_zsh_then_the_same_script_behind_bashcompinit():
    script = completion_script(build_parser(), "zsh")

    assert script.startswith("autoload -U +X bashcompinit && bashcompinit\n")
    assert script.endswith("complete -F _storebridge storebridge\n")

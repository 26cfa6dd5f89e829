"""`storebridge completion bash|zsh`: a shell completion script, derived from the parser.

The script is static (no Python runs on Tab): commands, actions and options at each level, and
the values of options with a fixed set of them (`dlq --service`).
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterator
from typing import Any

ZSH_PRELUDE = "autoload -U +X bashcompinit && bashcompinit\n"

BASH_TEMPLATE = """\
# storebridge completion: eval "$(storebridge completion {shell})" (in ~/.{shell}rc)
_storebridge_commands() {{
  case "$1" in
{commands}
  esac
}}
_storebridge_words() {{
  case "$1" in
{words}
  esac
}}
_storebridge_values() {{
  case "$1" in
{values}
  esac
}}
_storebridge() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}" path="" i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${{COMP_WORDS[i]}}"
    case " $(_storebridge_commands "$path") " in *" $w "*) path="$path $w" ;; esac
  done
  local values
  values="$(_storebridge_values "$path $prev")"
  if [ -n "$values" ]; then
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_storebridge_words "$path")" -- "$cur"))
  fi
}}
complete -F _storebridge storebridge
"""


def register(commands: Any) -> None:
    """Add the `completion` command."""
    parser = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh)",
        description='Print the completion script: eval "$(storebridge completion bash)" in '
        '~/.bashrc, or eval "$(storebridge completion zsh)" in ~/.zshrc.',
    )
    parser.add_argument("shell", choices=("bash", "zsh"))
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Print the script for the shell asked for."""
    from storebridge_cli.main import build_parser

    print(completion_script(build_parser(), arguments.shell), end="")
    return 0


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of `parser` for `shell` (bash, or zsh through bashcompinit)."""
    levels = list(_levels(parser, ""))
    commands = [_case(path, subcommands) for path, subcommands, _, _ in levels]
    words = [_case(path, subcommands + options) for path, subcommands, options, _ in levels]
    values = [
        _case(f"{path} {option}", choices)
        for path, _, _, valued in levels
        for option, choices in valued.items()
    ]
    script = BASH_TEMPLATE.format(
        shell=shell, commands="\n".join(commands), words="\n".join(words), values="\n".join(values)
    )
    return (ZSH_PRELUDE if shell == "zsh" else "") + script


Level = tuple[str, list[str], list[str], dict[str, list[str]]]


def _levels(parser: argparse.ArgumentParser, path: str) -> Iterator[Level]:
    """Each command path with its subcommands, options, and the options' fixed values."""
    subcommands: dict[str, argparse.ArgumentParser] = {}
    options: list[str] = []
    valued: dict[str, list[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            subcommands |= action.choices
        for option in action.option_strings:
            options.append(option)
            if action.choices is not None:
                valued[option] = [str(choice) for choice in action.choices]
    yield path, list(subcommands), options, valued
    for name, sub in subcommands.items():
        yield from _levels(sub, f"{path} {name}")


def _case(pattern: str, words: list[str]) -> str:
    return f"    {shlex.quote(pattern)}) echo {shlex.quote(' '.join(words))} ;;"

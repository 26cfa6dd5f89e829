"""What every settings class shares: where values come from, required settings, one-line errors.

Each service (and each CLI command family) has its own class composed from the pieces in this
package; `loading.load_settings(TheClass)` reads the environment and a `.env` file once at
start-up and turns any problem into one `ConfigurationError` line naming the variable.
"""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import AliasChoices, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCAL_RUN_FILE = ".run/local.env"
"""The settings of the `make run` of this checkout, written while it is up (it wins over `.env`)."""


class ConfigurationError(Exception):
    """A missing or malformed setting; the message is one line naming the variable."""


class SettingsBase(BaseSettings):
    """The common source of every settings class: the environment, then `.run/local.env` (while
    a `make run` of this directory is up), then `.env`; names as upper case.

    A subclass lists the settings it cannot run without in `required_settings`, or overrides
    `required_now` when a requirement depends on other values.
    """

    model_config = SettingsConfigDict(
        env_file=(".env", LOCAL_RUN_FILE),  # the later file wins
        env_file_encoding="utf-8",
        env_ignore_empty=True,  # `KEY=` in a copied .env.example means "not set"
        extra="ignore",
        case_sensitive=False,
        populate_by_name=True,  # a field with its own variable name is also set by field name
    )

    required_settings: ClassVar[tuple[str, ...]] = ()
    requirement_notes: ClassVar[dict[str, str]] = {}
    """For `--help`: when a conditionally required field is required (field name -> text)."""

    def required_now(self) -> tuple[str, ...]:
        """Field names that must be set, given the other values (default: `required_settings`)."""
        return self.required_settings

    @model_validator(mode="after")
    def _required_are_set(self) -> Self:
        for name in self.required_now():
            value = getattr(self, name)
            if value is None or value == "":
                raise ValueError(f"{env_name(type(self), name)} is required but not set")
        return self


def env_names(field_name: str, field: FieldInfo) -> tuple[str, ...]:
    """The variables that set a field: its own name first, then deprecated aliases."""
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return tuple(str(choice).upper() for choice in alias.choices if isinstance(choice, str))
    if isinstance(alias, str):
        return (alias.upper(),)
    return (field_name.upper(),)


def env_name(settings_class: type[SettingsBase], field_name: str) -> str:
    """The variable that sets `field_name` in `settings_class`."""
    return env_names(field_name, settings_class.model_fields[field_name])[0]

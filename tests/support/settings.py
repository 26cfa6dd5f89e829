"""Settings of a test: a service's own class from explicit values, never from a `.env` file."""

from __future__ import annotations

from typing import Any, TypeVar

from storebridge_shared.settings import SettingsBase

S = TypeVar("S", bound=SettingsBase)


def settings_of(settings_class: type[S], **values: Any) -> S:
    """`settings_class` built from `values` (and the environment), ignoring any `.env` file."""
    return settings_class(_env_file=None, **values)  # type: ignore[call-arg]


def values_of(settings: SettingsBase) -> dict[str, Any]:
    """The values of a settings object, to build another service's settings from them."""
    return settings.model_dump()

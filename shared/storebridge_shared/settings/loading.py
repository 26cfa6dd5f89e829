"""Loading a settings class at start-up: one line for a bad setting, warnings for typos."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import ValidationError

from storebridge_shared.settings.base import ConfigurationError, SettingsBase
from storebridge_shared.settings.unknown import warn_unknown

VALUE_ERROR_PREFIX = "Value error, "

S = TypeVar("S", bound=SettingsBase)


def load_settings(
    settings_class: type[S], *, warn: Callable[[str], None] | None = None, **overrides: object
) -> S:
    """Read `settings_class`, turning a validation failure into one ConfigurationError line;
    warn (stderr, or `warn`) about variables that look like ours but name no setting."""
    try:
        settings = settings_class(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ConfigurationError(_one_line(error)) from None
    warn_unknown(overrides.get("_env_file", settings_class.model_config.get("env_file")), warn)
    return settings


def _one_line(error: ValidationError) -> str:
    first = error.errors()[0]
    if not first["loc"]:  # a model-level rule such as a required setting
        return first["msg"].removeprefix(VALUE_ERROR_PREFIX)
    variable = ".".join(str(part) for part in first["loc"]).upper()
    raw = first.get("input")
    secret = any(word in variable for word in ("TOKEN", "SECRET", "PASSWORD"))
    shown = "" if raw is None or secret or isinstance(raw, dict) else f" (got {raw!r})"
    return f"{variable}: {first['msg']}{shown}"

"""Describe the settings a command reads, derived from the command's settings class."""

from __future__ import annotations

from storebridge_shared.settings import SettingsBase, env_names


def settings_help(*settings_classes: type[SettingsBase]) -> str:
    """An epilog listing each environment variable with its meaning and default."""
    lines = [
        "settings (environment variables, else .run/local.env while `make run` is up, "
        "else .env; both files in the working directory):"
    ]
    for variable, text in _described(settings_classes).values():
        lines.append(f"  {variable:34} {text}")
    return "\n".join(lines)


def _described(settings_classes: tuple[type[SettingsBase], ...]) -> dict[str, tuple[str, str]]:
    described: dict[str, tuple[str, str]] = {}
    for settings_class in settings_classes:
        for name in _own_fields_first(settings_class):
            field = settings_class.model_fields[name]
            variable, *deprecated = env_names(name, field)
            also = f" Also read from {', '.join(deprecated)} (deprecated)." if deprecated else ""
            text = f"{field.description or ''}{also} ({_default(settings_class, name)})"
            described.setdefault(name, (variable, text))
    return described


def _own_fields_first(settings_class: type[SettingsBase]) -> list[str]:
    """Field names: those the class declares first, then those of its pieces, nearest first."""
    names = (
        name
        for klass in settings_class.__mro__
        for name in vars(klass).get("__annotations__", {})
        if name in settings_class.model_fields
    )
    return list(dict.fromkeys(names))


def _default(settings_class: type[SettingsBase], name: str) -> str:
    if name in settings_class.required_settings:
        return "required"
    if name in settings_class.requirement_notes:
        return settings_class.requirement_notes[name]
    field = settings_class.model_fields[name]
    if field.default is None and any(word in name for word in ("secret", "token", "password")):
        return "secret, unset by default"
    return f"default {field.default!r}"


def every_setting(settings_classes: list[type[SettingsBase]]) -> set[str]:
    """The variable names of every field of these classes (deprecated aliases left out)."""
    return {
        env_names(name, field)[0]
        for settings_class in settings_classes
        for name, field in settings_class.model_fields.items()
    }

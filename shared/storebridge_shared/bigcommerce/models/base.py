"""What every BigCommerce record shares: frozen, parsed once, unknown fields kept."""

from __future__ import annotations

from typing import Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    ValidatorFunctionWrapHandler,
    model_validator,
)

_CONTAINERS = (dict, list, tuple)


def _copied(value: Any) -> Any:
    """A deep copy of decoded JSON (dicts, lists and tuples rebuilt, scalars shared): several
    times faster than `copy.deepcopy`, which the planner paid on every `sent()`."""
    kind = type(value)
    if kind is dict:
        return {k: _copied(v) if type(v) in _CONTAINERS else v for k, v in value.items()}
    if kind is list:
        return [_copied(v) if type(v) in _CONTAINERS else v for v in value]
    if kind is tuple:
        return tuple(_copied(v) if type(v) in _CONTAINERS else v for v in value)
    return value


class ApiRecord(BaseModel):
    """A BigCommerce resource as answered: declared fields typed, any other field kept as is.

    Frozen: a record read from a store is a fact of that moment, never edited in place. Fields
    the API adds later, or that no code here needs typed, stay reachable through `get`.
    """

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)

    _sent: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_what_was_sent(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        record = handler(value)
        if isinstance(value, dict) and isinstance(record, ApiRecord):
            record._sent = value
        return record

    @classmethod
    def parse(cls, body: Any) -> Self:
        """One record from a decoded JSON object."""
        return cls.model_validate(body)

    @classmethod
    def parse_all(cls, items: list[dict[str, Any]]) -> list[Self]:
        """Records from a list of decoded JSON objects."""
        return [cls.model_validate(item) for item in items]

    def get(self, name: str, default: Any = None) -> Any:
        """A declared or an extra field by name (`default` when the answer had neither)."""
        if name in type(self).model_fields:
            return getattr(self, name)
        return (self.model_extra or {}).get(name, default)

    def has(self, name: str) -> bool:
        """True when the answer carried this field (declared fields count when they were set)."""
        return name in self.model_fields_set or name in (self.model_extra or {})

    def data(self) -> dict[str, Any]:
        """The record as plain JSON-like data, extra fields included."""
        return self.model_dump(mode="json")

    def sent(self) -> dict[str, Any]:
        """A copy of the object exactly as BigCommerce answered it (no defaults, no coercion), for
        callers that still work on dicts (catalog-sync until its planner) or store whole bodies."""
        copied: dict[str, Any] = _copied(self._sent)
        return copied

"""What every BigCommerce record shares: frozen, parsed once, unknown fields kept."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ApiRecord(BaseModel):
    """A BigCommerce resource as answered: declared fields typed, any other field kept as is.

    Frozen: a record read from a store is a fact of that moment, never edited in place. Fields
    the API adds later, or that no code here needs typed, stay reachable through `get`.
    """

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)

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

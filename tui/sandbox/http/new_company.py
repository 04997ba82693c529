"""The vendor's rules for a company POST beyond name and identifier: an address, field lengths.

The Company schema limits `addressLine1/2`, `city` and `state` to 50 characters, `zip` to
12, `phoneNumber` to 30 and `website` to 255, and says "at least one address field is
required". The tenant checks name, identifier, status and types (`SandboxTenant`); these
are the rest, so a POST psamap would get wrong is refused here as the PSA would refuse it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Field -> the most characters the vendor accepts.
LIMITS = {
    "addressLine1": 50,
    "addressLine2": 50,
    "city": 50,
    "state": 50,
    "zip": 12,
    "phoneNumber": 30,
    "website": 255,
}
ADDRESS_FIELDS = ("addressLine1", "addressLine2", "city", "state", "zip", "country")


def field_problems(body: Mapping[str, Any]) -> list[dict[str, str]]:
    """The vendor's `ValidationError`s for these fields of a new company ([] when fine)."""
    errors: list[dict[str, str]] = []
    if not any(_given(body.get(name)) for name in ADDRESS_FIELDS):
        errors.append(
            _error(
                "MissingRequiredField", "At least one address field is required.", "addressLine1"
            )
        )
    for name, limit in LIMITS.items():
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            errors.append(_error("InvalidField", f"The field {name} must be a string.", name))
        elif isinstance(value, str) and len(value) > limit:
            message = f"The field {name} must be a string with a maximum length of {limit}."
            errors.append(_error("MaxLengthField", message, name))
    return errors


def _given(value: Any) -> bool:
    if isinstance(value, dict):  # country is a reference: {"id": ...} or {"name": ...}
        return any(v not in (None, "") for v in value.values())
    return isinstance(value, str) and bool(value.strip())


def _error(code: str, message: str, field: str) -> dict[str, str]:
    return {"code": code, "message": message, "resource": "company", "field": field}

"""Which fields conditions and orderBy may name, their kinds, and how to read them from a row.

Field names are case-insensitive, as on the vendor's server. The fields filters use most
read the compact row directly; any other documented field is read from the derived JSON
record (slower, still correct).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

from tui.sandbox.data.records import COMPANY_KEYS, RecordBuilder
from tui.sandbox.data.rows import CompanyRow
from tui.sandbox.data.words import word_list
from tui.sandbox.query.conditions import ConditionError
from tui.sandbox.query.predicates import ChildArray, Field, FieldKind, Resolver


class CompanySource(Protocol):
    """What the resolvers read companies from (a `SandboxTenant`): named by shape, so the
    query engine does not import the tenant that uses it."""

    builder: RecordBuilder

    def record(
        self, row: CompanyRow, *, base: str | None = None, keys: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """The vendor JSON of one row; `keys` limits the work to those top-level keys."""
        ...


_STRING_KEYS = word_list(
    """addressLine1 addressLine2 city state zip phoneNumber faxNumber website accountNumber
    leadSource vendorIdentifier taxIdentifier invoiceToEmailAddress invoiceCCEmailAddress deletedBy
    facebookUrl twitterUrl linkedInUrl resellerIdentifier mobileGuid identifier name"""
)
_SCALAR_KINDS: dict[str, FieldKind] = {k: "string" for k in _STRING_KEYS}
_SCALAR_KINDS.update({f"userDefinedField{i}": "string" for i in range(1, 11)})
_SCALAR_KINDS.update(
    {
        "id": "int",
        "numberOfEmployees": "int",
        "yearEstablished": "int",
        "revenueYear": "int",
        "annualRevenue": "number",
        "creditLimit": "number",
        "additionalDebt": "number",
        "leadFlag": "bool",
        "unsubscribeFlag": "bool",
        "deletedFlag": "bool",
        "isVendorFlag": "bool",
        "dateAcquired": "datetime",
        "dateDeleted": "datetime",
    }
)
_REFERENCE_KEYS = word_list(
    """status country territory market defaultContact sicCode parentCompany ownershipType
    timeZoneSetup calendar taxCode billingTerms invoiceTemplate pricingSchedule companyEntityType
    billToCompany billingSite billingContact invoiceDeliveryMethod currency territoryManager
    site"""
)
_ARRAY_KEYS = {"types", "customfields", "integratortags"}
_SCHEMA_KEYS = {k.lower(): k for k in [*_SCALAR_KINDS, *_REFERENCE_KEYS, "_info"]}
_INFO_DATES = {"lastupdated": "lastUpdated", "dateentered": "dateEntered"}


def _epoch(text: Any) -> float | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def unknown_field(path: str) -> ConditionError:
    """The 400 for a field the resource does not have."""
    return ConditionError(f"Unknown field '{path}'.")


def company_resolver(tenant: CompanySource) -> Resolver:
    """Resolve a company field path (case-insensitive) to a `Field` reading a `CompanyRow`."""
    b = tenant.builder
    status_names = b.status_names
    hot: dict[str, Field] = {
        "id": Field("id", "int", lambda r: r.id),
        "identifier": Field("identifier", "string", lambda r: r.identifier),
        "name": Field("name", "string", lambda r: r.name),
        "status/id": Field("status/id", "int", lambda r: r.status_id),
        "status/name": Field("status/name", "string", lambda r: status_names.get(r.status_id)),
        "deletedflag": Field("deletedFlag", "bool", lambda r: r.deleted),
        "website": Field("website", "string", b.website),
        "phonenumber": Field("phoneNumber", "string", b.phone),
        "dateacquired": Field("dateAcquired", "datetime", b.date_acquired),
        "_info/lastupdated": Field("_info/lastUpdated", "datetime", b.last_updated),
        "lastupdated": Field("_info/lastUpdated", "datetime", b.last_updated),
        "_info/dateentered": Field("_info/dateEntered", "datetime", b.date_acquired),
        "dateentered": Field("_info/dateEntered", "datetime", b.date_acquired),
    }

    def resolve(path: str) -> Field:
        low = path.lower()
        if low in hot:
            return hot[low]
        top_low, _, sub = low.partition("/")
        if top_low in _ARRAY_KEYS:
            raise ConditionError(
                f"'{path}' is in an array; search arrays with childConditions or "
                "customFieldConditions."
            )
        top = _SCHEMA_KEYS.get(top_low) or COMPANY_KEYS.get(top_low)
        if top is None:
            raise unknown_field(path)
        if not sub:
            kind = _SCALAR_KINDS.get(top)
            if kind is None:
                raise ConditionError(f"'{path}' is an object; compare one of its fields.")
            return _slow_field(tenant, top, None, kind)
        if "/" in sub:
            raise unknown_field(path)
        if top == "_info":
            canon = _INFO_DATES.get(sub, path.split("/", 1)[1])
            return _slow_field(tenant, top, canon, "datetime" if sub in _INFO_DATES else "string")
        if top not in _REFERENCE_KEYS:
            raise unknown_field(path)
        canon = path.split("/", 1)[1]
        return _slow_field(tenant, top, canon, "int" if sub == "id" else "string", sub)

    return resolve


def _slow_field(
    tenant: CompanySource, top: str, sub: str | None, kind: FieldKind, sub_low: str | None = None
) -> Field:
    """A field read from the derived record (only its top-level key is built)."""
    keys = [top] if top in COMPANY_KEYS.values() else []

    def get(row: Any) -> Any:
        if not keys:
            extra = row.extra or {}
            value = extra.get(top)
        else:
            value = tenant.record(row, keys=keys).get(top)
        if sub is not None:
            if not isinstance(value, dict):
                return None
            want = (sub_low or sub).lower()
            value = next((v for k, v in value.items() if k.lower() == want), None)
        return _epoch(value) if kind == "datetime" else value

    return Field(top if sub is None else f"{top}/{sub}", kind, get)


def company_child_arrays(tenant: CompanySource) -> dict[str, ChildArray]:
    """The arrays `childConditions` can search on companies: `types` (items are type ids)."""
    names = tenant.builder.type_names
    type_fields = {
        "id": Field("types/id", "int", lambda t: t),
        "name": Field("types/name", "string", lambda t: names.get(t)),
    }

    def resolve_type(path: str) -> Field:
        try:
            return type_fields[path.lower()]
        except KeyError:
            raise unknown_field(f"types/{path}") from None

    return {"types": ChildArray("types", lambda r: r.type_ids, resolve_type)}


_CUSTOM_FIELD_KINDS: dict[str, tuple[str, FieldKind]] = {
    "id": ("id", "int"),
    "caption": ("caption", "string"),
    "type": ("type", "string"),
    "entrymethod": ("entryMethod", "string"),
    "numberofdecimals": ("numberOfDecimals", "int"),
    "value": ("value", "any"),
}


def custom_field_resolver(path: str) -> Field:
    """Fields of one `CustomFieldValue` item, for `customFieldConditions`."""
    try:
        key, kind = _CUSTOM_FIELD_KINDS[path.lower()]
    except KeyError:
        raise unknown_field(path) from None
    getter: Callable[[dict], Any] = lambda item: item.get(key)  # noqa: E731
    return Field(key, kind, getter)


_SETUP_KINDS: dict[str, FieldKind] = {
    "id": "int",
    "name": "string",
    "track/id": "int",
    "track/name": "string",
    "connectwiseid": "string",
    "notificationmessage": "string",
    "servicealertmessage": "string",
    "_info/lastupdated": "datetime",
}


def setup_resolver(path: str) -> Field:
    """Fields of a status or type record (plain dicts): ids, names and `...Flag` booleans."""
    low = path.lower()
    kind = _SETUP_KINDS.get(low) or ("bool" if low.endswith("flag") and "/" not in low else None)
    if kind is None:
        raise unknown_field(path)
    parts = low.split("/")

    def get(item: dict) -> Any:
        value: Any = item
        for part in parts:
            if not isinstance(value, dict):
                return None
            value = next((v for k, v in value.items() if k.lower() == part), None)
        return _epoch(value) if kind == "datetime" else value

    return Field(path, kind, get)

"""Pydantic models for the ConnectWise JSON that psamap reads (the API edge).

The vendor's schema marks flags, references and many strings nullable, and real tenants
send explicit `null`s (`"deletedFlag": null`, `"types": null`, `"status": {"id": 1,
"name": null}`): each reads as its empty value instead of failing the load.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, NotRequired, Protocol

from pydantic import (
    AfterValidator,
    AliasPath,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    with_config,
)
from pydantic_core import core_schema
from typing_extensions import TypedDict


def _empty_if_null(value: Any) -> Any:
    return "" if value is None else value


def _false_if_null(value: Any) -> Any:
    return False if value is None else value


def _no_items_if_null(value: Any) -> Any:
    return () if value is None else value


#: A nullable string read as "" and a nullable flag read as False.
Text = Annotated[str, BeforeValidator(_empty_if_null)]
Flag = Annotated[bool, BeforeValidator(_false_if_null)]


class _Model(BaseModel):
    """Vendor JSON: camelCase on the wire, unknown fields ignored, immutable once read."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore", frozen=True)


class Reference(_Model):
    """A `{id, name}` reference as embedded in a company (status, each type)."""

    id: int
    name: Text = ""


def _known(value: Any) -> Any:
    """A reference whose id is null names nothing psamap can filter on: read it as absent."""
    if isinstance(value, dict) and value.get("id") is None:
        return None
    return value


def _known_items(value: Any) -> Any:
    if value is None:
        return ()
    if isinstance(value, list):
        return [item for item in value if _known(item) is not None]
    return value


#: One shared `Reference` per (id, name): 50,000 companies name a handful of statuses and
#: types, and a pydantic instance each would cost ~45 MB (and slow parsing with GC work).
_REFERENCES: dict[tuple[int, str], Reference] = {}


def _shared(reference: Reference | None) -> Reference | None:
    """The canonical instance equal to `reference` (references are frozen, so sharing is safe)."""
    if reference is None:
        return None
    return _REFERENCES.setdefault((reference.id, reference.name), reference)


_TYPE_LISTS: dict[tuple[tuple[int, str], ...], tuple[Reference, ...]] = {}


def _shared_all(references: tuple[Reference, ...]) -> tuple[Reference, ...]:
    """The canonical tuple of canonical references (most companies share a few type lists)."""
    key = tuple((r.id, r.name) for r in references)
    found = _TYPE_LISTS.get(key)
    if found is None:
        found = _TYPE_LISTS.setdefault(
            key, tuple(_REFERENCES.setdefault(k, r) for k, r in zip(key, references, strict=True))
        )
    return found


class CompanyStatus(_Model):
    """One of the tenant's company statuses (ids differ per tenant)."""

    id: int
    name: Text
    inactive_flag: Flag = Field(False, alias="inactiveFlag")
    default_flag: Flag = Field(False, alias="defaultFlag")


class CompanyType(_Model):
    """One of the tenant's company types (ids differ per tenant)."""

    id: int
    name: Text
    vendor_flag: Flag = Field(False, alias="vendorFlag")
    default_flag: Flag = Field(False, alias="defaultFlag")


class Company(_Model):
    """A PSA company trimmed to what psamap uses (see `COMPANY_FIELDS`)."""

    id: int
    identifier: Text = ""
    name: Text = ""
    status: Annotated[Reference | None, BeforeValidator(_known), AfterValidator(_shared)] = None
    types: Annotated[
        tuple[Reference, ...], BeforeValidator(_known_items), AfterValidator(_shared_all)
    ] = ()
    website: str | None = None
    phone_number: str | None = Field(None, alias="phoneNumber")
    deleted_flag: Flag = Field(False, alias="deletedFlag")
    #: `_info/lastUpdated` as the PSA wrote it (`2026-11-30T10:00:00Z`): the company cache's
    #: incremental refresh asks for what changed after the newest one it holds.
    last_updated: str | None = Field(
        None, validation_alias=AliasPath("_info", "lastUpdated"), repr=False
    )
    city: str | None = None
    state: str | None = None
    zip: str | None = None


def _interned(value: str | None) -> str | None:
    """One string object per distinct city or state: 200,000 companies name a few hundred."""
    return None if value is None else sys.intern(value)


#: A city or state: shared, as a few hundred of them cover a whole tenant.
Place = Annotated[str | None, AfterValidator(_interned)]


class _WireReference(TypedDict):
    """A `{id, name}` reference as a page holds it (its `_info` links are dropped unread)."""

    id: NotRequired[int | None]
    name: NotRequired[str | None]


def _status_of(wire: _WireReference | None) -> Reference | None:
    """The shared `Reference` a status names (None when it names none)."""
    number = wire.get("id") if wire else None
    if number is None:
        return None
    key = (number, wire.get("name") or "") if wire else (number, "")
    found = _REFERENCES.get(key)
    if found is None:
        found = _REFERENCES.setdefault(key, Reference(id=key[0], name=key[1]))
    return found


def _types_of(wire: list[_WireReference] | None) -> tuple[Reference, ...]:
    """The shared tuple of shared `Reference`s a type list names (unknown ones left out)."""
    if not wire:
        return ()
    key = tuple(
        [(number, t.get("name") or "") for t in wire if (number := t.get("id")) is not None]
    )
    found = _TYPE_LISTS.get(key)
    if found is None:
        known = [_status_of(t) for t in wire]
        found = _TYPE_LISTS.setdefault(key, tuple(r for r in known if r is not None))
    return found


@dataclass(frozen=True)
class _ReadAs:
    """Field metadata: validate the JSON as `wire`, then `convert` it to the field's type.

    A page's statuses and types validated as `Reference` models cost a model each, only
    to be swapped for the shared one (`_shared`): with a dict-shaped `wire` type checked
    in pydantic's own code and one look-up after it, decoding a page takes ~40% less CPU.
    """

    wire: Any
    convert: Callable[[Any], Any]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            self.convert, handler.generate_schema(self.wire)
        )


_Status = Annotated[Reference | None, _ReadAs(_WireReference | None, _status_of)]
_Types = Annotated[tuple[Reference, ...], _ReadAs(list[_WireReference] | None, _types_of)]


@with_config(ConfigDict(populate_by_name=True, extra="ignore"))
@dataclass(frozen=True, slots=True)
class PsaCompany:
    """A company as psamap holds it: the same fields as `Company`, validated by pydantic
    straight from a page's JSON into a slotted dataclass (no per-company dict, no
    `model_fields_set`): ~0.5 KB a company with its strings instead of ~1.7 KB.

    Statuses, type lists, cities and states are shared objects, not copies. The client's
    company lists, the cache and the mapping screen all hold this form; `Company` (the
    pydantic model) stays for single answers such as a company just created.
    """

    id: int
    identifier: Text = ""
    name: Text = ""
    status: _Status = None
    types: _Types = ()
    website: str | None = None
    phone_number: Annotated[str | None, Field(alias="phoneNumber")] = None
    deleted_flag: Annotated[Flag, Field(alias="deletedFlag")] = False
    #: Where the company is: tells same-name companies apart for the matcher.
    city: Place = None
    state: Place = None
    zip: str | None = None
    #: `_info/lastUpdated`, as in `Company` (None when read back from the cache).
    last_updated: Annotated[
        str | None, Field(validation_alias=AliasPath("_info", "lastUpdated"))
    ] = None

    @classmethod
    def of(cls, company: Company | PsaCompany) -> PsaCompany:
        """The compact form of a company (itself when it already is one)."""
        if isinstance(company, PsaCompany):
            return company
        return cls(
            company.id,
            company.identifier,
            company.name,
            company.status,
            company.types,
            company.website,
            company.phone_number,
            company.deleted_flag,
            _interned(company.city),
            _interned(company.state),
            company.zip,
            company.last_updated,
        )


#: A company as any part of psamap may hold it: the API model or its compact form. Here,
#: beside both, so that code which only passes companies along (the cache, the CLI's
#: output) does not import the session and the matcher for the name.
AnyCompany = Company | PsaCompany


class CompanyLike(Protocol):
    """What matching and drift read from a company: the API model or a compact copy of it."""

    @property
    def id(self) -> int: ...
    @property
    def identifier(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def status(self) -> Reference | None: ...
    @property
    def types(self) -> tuple[Reference, ...]: ...
    @property
    def website(self) -> str | None: ...
    @property
    def phone_number(self) -> str | None: ...
    @property
    def deleted_flag(self) -> bool: ...


class CompanySite(_Model):
    """One of a company's sites (`company/companies/{id}/sites`), trimmed to what the
    preview shows: its name and city (see `SITE_FIELDS`)."""

    id: int
    name: Text = ""
    city: str | None = None
    inactive_flag: Flag = Field(False, alias="inactiveFlag")


class CompanyInfo(_Model):
    """The unauthenticated `/login/companyinfo/{company}` answer used to find the codebase."""

    company_name: str | None = Field(None, alias="CompanyName")
    codebase: Text = Field(alias="Codebase")
    version_code: str | None = Field(None, alias="VersionCode")
    version_number: str | None = Field(None, alias="VersionNumber")
    company_id: str | None = Field(None, alias="CompanyID")
    is_cloud: bool | str | None = Field(None, alias="IsCloud")
    site_url: str | None = Field(None, alias="SiteUrl")


class Count(_Model):
    """The `{"count": n}` answer of every `/count` endpoint."""

    count: int


#: The `fields=` projection psamap asks for: everything `Company` reads, nothing more.
#: `status/id,status/name` (a documented nested path) drops the reference's `_info` links;
#: `types` stays whole because trimming inside an array is not documented by the vendor;
#: `_info/lastUpdated` (not the whole `_info` with its links) feeds the incremental cache;
#: city, state and zip tell same-name companies apart (and show where a company is).
COMPANY_FIELDS = (
    "id,identifier,name,status/id,status/name,types,website,phoneNumber,deletedFlag,"
    "city,state,zip,_info/lastUpdated"
)

#: The `fields=` projection of a company's sites: what `CompanySite` reads, nothing more.
SITE_FIELDS = "id,name,city,inactiveFlag"

"""Pydantic models for the ConnectWise JSON that psamap reads (the API edge)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    """Vendor JSON: camelCase on the wire, unknown fields ignored, immutable once read."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore", frozen=True)


class Reference(_Model):
    """A `{id, name}` reference as embedded in a company (status, each type)."""

    id: int
    name: str = ""


class CompanyStatus(_Model):
    """One of the tenant's company statuses (ids differ per tenant)."""

    id: int
    name: str
    inactive_flag: bool = Field(False, alias="inactiveFlag")
    default_flag: bool = Field(False, alias="defaultFlag")


class CompanyType(_Model):
    """One of the tenant's company types (ids differ per tenant)."""

    id: int
    name: str
    vendor_flag: bool = Field(False, alias="vendorFlag")
    default_flag: bool = Field(False, alias="defaultFlag")


class Company(_Model):
    """A PSA company trimmed to what psamap uses (see `COMPANY_FIELDS`)."""

    id: int
    identifier: str = ""
    name: str = ""
    status: Reference | None = None
    types: tuple[Reference, ...] = ()
    website: str | None = None
    phone_number: str | None = Field(None, alias="phoneNumber")
    deleted_flag: bool = Field(False, alias="deletedFlag")


class CompanyInfo(_Model):
    """The unauthenticated `/login/companyinfo/{company}` answer used to find the codebase."""

    company_name: str | None = Field(None, alias="CompanyName")
    codebase: str = Field(alias="Codebase")
    version_code: str | None = Field(None, alias="VersionCode")
    company_id: str | None = Field(None, alias="CompanyID")
    is_cloud: bool | str | None = Field(None, alias="IsCloud")
    site_url: str | None = Field(None, alias="SiteUrl")


class Count(_Model):
    """The `{"count": n}` answer of every `/count` endpoint."""

    count: int


#: The `fields=` projection psamap asks for: everything `Company` reads, nothing more.
#: `status/id,status/name` (a documented nested path) drops the reference's `_info` links;
#: `types` stays whole because trimming inside an array is not documented by the vendor.
COMPANY_FIELDS = "id,identifier,name,status/id,status/name,types,website,phoneNumber,deletedFlag"

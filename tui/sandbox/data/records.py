"""Vendor-shaped company JSON, derived on demand from a compact row (only the keys asked for).

Every derived value (address, phone, dates, contacts...) is a pure function of the tenant's
seed and the row, so a record reads the same on every request without being stored; only
country, website and phone, which filters and trimmed pages read most, are cached on the row
(`contact_details.py`). Like the vendor, keys whose value is null are left out of the JSON.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from tui.sandbox.data import words
from tui.sandbox.data.contact_details import ContactDeriver, mix
from tui.sandbox.data.profiles import TenantProfile
from tui.sandbox.data.rows import CompanyRow

#: "Now" of every generated tenant: dates are spread over the twelve years before it.
REFERENCE_NOW = int(datetime(2025, 11, 20, 12, 0, tzinfo=UTC).timestamp())
_YEAR = 365 * 86400
_PLANS_MAX = 64
_MEMBERS = (
    ("jsmith", "John Smith"),
    ("akhan", "Aisha Khan"),
    ("mlopez", "Maria Lopez"),
    ("tnguyen", "Tuan Nguyen"),
    ("ZAdmin", "Admin Account"),
)
_FIRST_NAMES = (
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Morgan",
    "Casey",
    "Riley",
    "Jamie",
    "Chris",
    "Pat",
    "Dana",
    "Robin",
    "Lee",
    "Kim",
    "Noor",
    "Ana",
    "Lars",
    "Jürgen",
)
_TERRITORIES = ((1, "Main"), (3, "East"), (4, "West"), (7, "Remote"))
_MARKETS = (
    (1, "Healthcare"),
    (2, "Legal"),
    (4, "Manufacturing"),
    (6, "Finance"),
    (9, "Education"),
    (12, "Retail"),
)
_TIME_ZONES = (
    (1, "US Eastern"),
    (2, "US Central"),
    (3, "US Mountain"),
    (4, "US Pacific"),
    (7, "GMT Standard Time"),
    (9, "W. Europe Standard Time"),
)


def iso(epoch: float) -> str:
    """The vendor's datetime format: `2019-03-14T17:02:21Z`."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


class RecordBuilder:
    """Builds company JSON for one tenant; holds its names and the seed of derived values."""

    def __init__(
        self,
        profile: TenantProfile,
        salt: int,
        status_names: dict[int, str],
        type_names: dict[int, str],
        vendor_type_ids: frozenset[int],
    ) -> None:
        self.profile = profile
        self.salt = salt
        self.status_names = status_names
        self.type_names = type_names
        self.vendor_type_ids = vendor_type_ids
        self.contact = ContactDeriver(salt, profile.suffixes, profile.home_country)
        # Which builders a `keys` selection runs: pages ask for the same keys on every row.
        self._plans: dict[tuple[str, ...], list[tuple[str, Builder]]] = {}

    # -- derived values that conditions also read (kept cheap) ------------------------------

    def h(self, row: CompanyRow, field: int) -> int:
        """The derived-value hash of one field of one company."""
        return mix(self.salt ^ (row.id * 1_000_003 + field))

    def country_code(self, row: CompanyRow) -> str:
        """Country of the legal form the company was created with, else mostly the home one."""
        return self.contact.details(row)[1]

    def website(self, row: CompanyRow) -> str | None:
        """About one company in eight has none; the others use one of three common forms."""
        extra = row.extra
        if extra and "website" in extra:
            return extra["website"]
        return self.contact.details(row)[2]

    def phone(self, row: CompanyRow) -> str | None:
        """Digits only, as the vendor stores them; a few companies have none."""
        extra = row.extra
        if extra and "phoneNumber" in extra:
            return extra["phoneNumber"]
        return self.contact.details(row)[3]

    def date_acquired(self, row: CompanyRow) -> int:
        """Epoch seconds the company was acquired (its `dateEntered` too)."""
        return REFERENCE_NOW - 30 * 86400 - self.h(row, 4) % (12 * _YEAR)

    def last_updated(self, row: CompanyRow) -> int:
        """Epoch seconds of the last change: after acquisition, before "now"."""
        if row.updated_at:
            return row.updated_at
        acquired = self.date_acquired(row)
        return acquired + self.h(row, 5) % (REFERENCE_NOW - acquired)

    def custom_fields(self, row: CompanyRow) -> list[dict[str, Any]]:
        """Two custom fields, as `CustomFieldValue` items (value omitted when null)."""
        h = self.h(row, 6)
        tier = ("Gold", "Silver", "Bronze", None)[h % 4]
        first: dict[str, Any] = {
            "id": 3,
            "caption": "Customer Tier",
            "type": "Text",
            "entryMethod": "List",
            "numberOfDecimals": 0,
        }
        if tier:
            first["value"] = tier
        second = {
            "id": 7,
            "caption": "Sync to RMM",
            "type": "Checkbox",
            "entryMethod": "EntryField",
            "numberOfDecimals": 0,
            "value": bool(h & 16),
        }
        return [first, second]

    # -- the record --------------------------------------------------------------------------

    def build(self, row: CompanyRow, base: str, keys: Iterable[str] | None = None) -> dict:
        """The company JSON; `keys` (canonical top-level names) limits what is computed."""
        if keys is None:
            plan = _BUILDERS
        else:
            wanted = tuple(keys)
            found = self._plans.get(wanted)
            if found is None:
                if len(self._plans) >= _PLANS_MAX:
                    self._plans.clear()
                found = self._plans[wanted] = [(k, _BUILDER_BY_KEY[k]) for k in wanted]
            plan = found
        out: dict[str, Any] = {}
        extra = row.extra
        if not extra:
            for key, make in plan:
                value = make(self, row, base)
                if value is not None:
                    out[key] = value
            return out
        for key, make in plan:
            value = extra[key] if key in extra else make(self, row, base)
            if value is not None:
                out[key] = value
        if keys is None:
            out.update((k, v) for k, v in extra.items() if k not in out and v is not None)
        return out


def _ref(kind: str, path: str, pair: tuple[int, str], base: str) -> dict[str, Any]:
    return {"id": pair[0], "name": pair[1], "_info": {f"{kind}_href": f"{base}/{path}/{pair[0]}"}}


def _status(b: RecordBuilder, row: CompanyRow, base: str) -> dict[str, Any]:
    sid = row.status_id
    href = f"{base}/company/companies/statuses/{sid}"
    return {"id": sid, "name": b.status_names.get(sid, ""), "_info": {"status_href": href}}


def _types(b: RecordBuilder, row: CompanyRow, base: str) -> list[dict[str, Any]]:
    names = b.type_names
    return [
        {
            "id": t,
            "name": names.get(t, ""),
            "_info": {"type_href": f"{base}/company/companies/types/{t}"},
        }
        for t in row.type_ids
    ]


def _guid(b: RecordBuilder, row: CompanyRow, base: str) -> str:
    x = f"{b.h(row, 27):016x}{b.h(row, 28):016x}"
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def _address1(b: RecordBuilder, row: CompanyRow, base: str) -> str:
    h = b.h(row, 10)
    street = words.STREET_NAMES[h % len(words.STREET_NAMES)]
    kind = words.STREET_KINDS[(h >> 8) % len(words.STREET_KINDS)]
    return f"{(h >> 16) % 9800 + 100} {street} {kind}"


def _address2(b: RecordBuilder, row: CompanyRow, base: str) -> str | None:
    h = b.h(row, 11)
    return f"Suite {(h >> 4) % 900 + 100}" if h % 10 < 3 else None


def _city_entry(b: RecordBuilder, row: CompanyRow) -> tuple[str, str, str]:
    cities = words.COUNTRIES[b.country_code(row)][2]
    return cities[b.h(row, 12) % len(cities)]


def _zip(b: RecordBuilder, row: CompanyRow, base: str) -> str:
    prefix = _city_entry(b, row)[2]
    return f"{prefix}{b.h(row, 13) % 100:02d}"


def _country(b: RecordBuilder, row: CompanyRow, base: str) -> dict[str, Any]:
    code = b.country_code(row)
    country_id, name, _ = words.COUNTRIES[code]
    return {
        "id": country_id,
        "identifier": code,
        "name": name,
        "_info": {"country_href": f"{base}/company/countries/{country_id}"},
    }


def _fax(b: RecordBuilder, row: CompanyRow, base: str) -> str | None:
    phone = b.phone(row)
    return phone[:-1] + "9" if phone and b.h(row, 14) % 4 == 0 else None


def _contact(b: RecordBuilder, row: CompanyRow, base: str) -> dict[str, Any] | None:
    h = b.h(row, 15)
    if h % 6 == 0:
        return None
    first = _FIRST_NAMES[(h >> 3) % len(_FIRST_NAMES)]
    last = words.SURNAMES[(h >> 9) % len(words.SURNAMES)]
    contact_id = row.id * 3 + 11
    return {
        "id": contact_id,
        "name": f"{first} {last}",
        "_info": {"contact_href": f"{base}/company/contacts/{contact_id}"},
    }


def _site(b: RecordBuilder, row: CompanyRow, base: str) -> dict[str, Any]:
    site_id = row.id * 2 + 1
    return {
        "id": site_id,
        "name": "Main",
        "_info": {"site_href": f"{base}/company/companies/{row.id}/sites/{site_id}"},
    }


def _currency(b: RecordBuilder, row: CompanyRow, base: str) -> dict[str, Any]:
    return {
        "id": 7,
        "symbol": "$",
        "currencyCode": "USD",
        "name": "US Dollars",
        "_info": {"currency_href": f"{base}/finance/currencies/7"},
    }


def _manager(b: RecordBuilder, row: CompanyRow, base: str) -> dict[str, Any]:
    login, name = _MEMBERS[b.h(row, 16) % 4]
    member_id = 100 + b.h(row, 16) % 4
    return {
        "id": member_id,
        "identifier": login,
        "name": name,
        "_info": {"member_href": f"{base}/system/members/{member_id}"},
    }


def _info(b: RecordBuilder, row: CompanyRow, base: str) -> dict[str, str]:
    c, i = f"{base}/company/companies/{row.id}", row.id
    by = _MEMBERS[b.h(row, 17) % len(_MEMBERS)][0]
    return {
        "lastUpdated": iso(b.last_updated(row)),
        "updatedBy": by,
        "dateEntered": iso(b.date_acquired(row)),
        "enteredBy": _MEMBERS[b.h(row, 18) % len(_MEMBERS)][0],
        "contacts_href": f"{base}/company/contacts?conditions=company/id={i}",
        "agreements_href": f"{base}/finance/agreements?conditions=company/id={i}",
        "tickets_href": f"{base}/service/tickets?conditions=company/id={i}",
        "sites_href": f"{c}/sites",
    }


Builder = Callable[[RecordBuilder, CompanyRow, str], Any]

#: Canonical top-level keys in the vendor's order, with how each value is derived.
_BUILDERS: list[tuple[str, Builder]] = [
    ("id", lambda b, r, base: r.id),
    ("identifier", lambda b, r, base: r.identifier),
    ("name", lambda b, r, base: r.name),
    ("status", _status),
    ("addressLine1", _address1),
    ("addressLine2", _address2),
    ("city", lambda b, r, base: _city_entry(b, r)[0]),
    ("state", lambda b, r, base: _city_entry(b, r)[1]),
    ("zip", _zip),
    ("country", _country),
    ("phoneNumber", lambda b, r, base: b.phone(r)),
    ("faxNumber", _fax),
    ("website", lambda b, r, base: b.website(r)),
    (
        "territory",
        lambda b, r, base: _ref("location", "system/locations", _TERRITORIES[b.h(r, 20) % 4], base),
    ),
    (
        "market",
        lambda b, r, base: _ref(
            "Market", "company/marketDescriptions", _MARKETS[b.h(r, 21) % 6], base
        ),
    ),
    ("accountNumber", lambda b, r, base: f"AC{r.id:06d}" if b.h(r, 22) % 3 == 0 else None),
    ("defaultContact", _contact),
    ("dateAcquired", lambda b, r, base: iso(b.date_acquired(r))),
    ("annualRevenue", lambda b, r, base: float(b.h(r, 23) % 500) * 10000.0),
    ("numberOfEmployees", lambda b, r, base: 1 + b.h(r, 24) % 400),
    ("leadFlag", lambda b, r, base: False),
    ("unsubscribeFlag", lambda b, r, base: False),
    ("userDefinedField1", lambda b, r, base: f"RMM-{r.id}" if b.h(r, 26) % 4 == 0 else None),
    ("deletedFlag", lambda b, r, base: r.deleted),
    ("dateDeleted", lambda b, r, base: iso(b.last_updated(r)) if r.deleted else None),
    ("deletedBy", lambda b, r, base: _MEMBERS[b.h(r, 17) % 5][0] if r.deleted else None),
    ("mobileGuid", _guid),
    ("currency", _currency),
    ("territoryManager", _manager),
    ("isVendorFlag", lambda b, r, base: any(t in b.vendor_type_ids for t in r.type_ids)),
    ("types", _types),
    ("site", _site),
    ("integratorTags", lambda b, r, base: []),
    ("_info", _info),
    ("customFields", lambda b, r, base: b.custom_fields(r)),
]
_BUILDER_BY_KEY: dict[str, Builder] = dict(_BUILDERS)
#: Lower-cased top-level key -> canonical key, for case-insensitive `fields=` and conditions.
COMPANY_KEYS: dict[str, str] = {k.lower(): k for k, _ in _BUILDERS}

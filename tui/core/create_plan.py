"""The plan for `create`: which records become PSA companies, as what, and which are refused.

Everything the vendor would refuse is refused here first, before any request, so that a
plan that says "create" is one the PSA accepts: a name of at most 50 characters (never
cut), an identifier of at most 30 that no company holds, at least one address field, a
status. A record that already exists in the tenant, in any status and deleted included,
by normalised name, identifier or website domain, is refused with that company named,
so that `create` never makes a duplicate (the user links it instead).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from tui.core.normalize import is_generic_domain, normalize_domain, normalize_name
from tui.core.records import LocalRecord, PostalAddress
from tui.psa.models import Company, PsaCompany

#: The vendor's limits on a new company (connectwise-company-schema.json).
IDENTIFIER_MAX = 30
NAME_MAX = 50
PHONE_MAX = 30
WEBSITE_MAX = 255
#: Address parts psamap sends, as (PostalAddress attribute, vendor field, max length). The
#: country is not sent: the PSA holds it as a reference to one of its own countries.
ADDRESS_FIELDS = (
    ("line1", "addressLine1", 50),
    ("line2", "addressLine2", 50),
    ("city", "city", 50),
    ("state", "state", 50),
    ("zip", "zip", 12),
)
#: Characters a record's own identifier may hold: it is looked up with a quoted condition
#: (`identifier = "..."`), for which the vendor documents no escape.
_SAFE_IDENTIFIER = re.compile(r"[A-Za-z0-9 _.&'()+/-]+")
_WORDS = re.compile(r"[A-Za-z0-9]+")
# Letters NFKD leaves whole, spelled in ASCII with their case kept.
_ASCII_LETTERS = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l",
     "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"}
)  # fmt: skip

Action = Literal["create", "link", "refuse"]


class Named(Protocol):
    """A status or type as chosen: its id and its name."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Choice:
    """A status or type the new company gets, by id (what the PSA takes) and name (for people)."""

    id: int
    name: str

    @classmethod
    def of(cls, item: Named) -> Choice:
        return cls(item.id, item.name)


@dataclass(frozen=True, slots=True)
class ExistingCompany:
    """The company of the tenant that a record would duplicate, as the plan names it."""

    id: int
    identifier: str
    name: str
    status: str
    deleted: bool

    @classmethod
    def of(cls, company: Company | PsaCompany) -> ExistingCompany:
        status = company.status.name if company.status is not None else ""
        return cls(company.id, company.identifier, company.name, status, company.deleted_flag)

    def __str__(self) -> str:
        state = "deleted" if self.deleted else (self.status or "no status")
        return f"#{self.id} {self.name!r} ({self.identifier}, {state})"


@dataclass(frozen=True, slots=True)
class NewCompany:
    """What one POST asks the PSA to create."""

    identifier: str
    name: str
    status: Choice
    types: tuple[Choice, ...]
    address: PostalAddress
    website: str | None = None
    phone: str | None = None

    def body(self) -> dict[str, Any]:
        """The JSON body of the POST (the vendor's field names; only what is set)."""
        out: dict[str, Any] = {
            "identifier": self.identifier,
            "name": self.name,
            "status": {"id": self.status.id},
            "types": [{"id": t.id} for t in self.types],
        }
        for attribute, vendor_field, _ in ADDRESS_FIELDS:
            value = getattr(self.address, attribute)
            if value:
                out[vendor_field] = value
        if self.website:
            out["website"] = self.website
        if self.phone:
            out["phoneNumber"] = self.phone
        return out

    def address_text(self) -> str:
        """The address on one line, as the plan shows it."""
        parts = (getattr(self.address, a) for a, _, _ in ADDRESS_FIELDS)
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One record's line in the plan.

    `create`: `company` is what will be POSTed. `link`: psamap already created `existing`
    for this record in an earlier run (its audit log says so) that never reached the
    mapping; the run records it without a request. `refuse`: `reasons` say why, and
    `existing` names the company it would duplicate, if that is the reason.
    """

    record_id: str
    record_name: str
    action: Action
    company: NewCompany | None = None
    existing: ExistingCompany | None = None
    reasons: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """The reasons as one line."""
        return "; ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class CreatePlan:
    """The whole plan, in records-file order."""

    items: tuple[PlanItem, ...]
    status: Choice
    types: tuple[Choice, ...] = field(default=())

    @property
    def to_create(self) -> list[PlanItem]:
        return [i for i in self.items if i.action == "create"]

    @property
    def to_link(self) -> list[PlanItem]:
        return [i for i in self.items if i.action == "link"]

    @property
    def refused(self) -> list[PlanItem]:
        return [i for i in self.items if i.action == "refuse"]

    def summary(self) -> str:
        """ "3 to create, 1 to link, 2 refused"."""
        parts = [f"{len(self.to_create)} to create"]
        if self.to_link:
            parts.append(f"{len(self.to_link)} to link (created earlier)")
        parts.append(f"{len(self.refused)} refused")
        return ", ".join(parts)


def ascii_words(name: str) -> list[str]:
    """The ASCII letter and digit runs of a name, accents removed, case kept."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORDS.findall(plain)


def derive_identifier(name: str, taken: Container[str], *, fallback: str = "") -> str:
    """An identifier for a new company: its name's words joined in CamelCase, at most 30.

    "Contoso, Ltd." -> "ContosoLtd". Deterministic: the same name and the same taken set
    give the same answer. One already `taken` (which holds casefolded identifiers) gets the
    lowest free number on the end ("ContosoLtd2"), cutting the base so the whole stays
    within 30. A name without a Latin letter or digit is spelled from `fallback` (the
    record id).
    """
    words = ascii_words(name) or ascii_words(fallback) or ["Company"]
    base = "".join(w[:1].upper() + w[1:] for w in words)[:IDENTIFIER_MAX]
    candidate, number = base, 2
    while candidate.casefold() in taken:
        suffix = str(number)
        candidate = base[: IDENTIFIER_MAX - len(suffix)] + suffix
        number += 1
    return candidate


class _TenantIndex:
    """The tenant's companies (every status, deleted included) by the keys a duplicate shares."""

    def __init__(self, companies: Iterable[Company | PsaCompany]) -> None:
        self.by_name: dict[str, Company | PsaCompany] = {}
        self.by_identifier: dict[str, Company | PsaCompany] = {}
        self.by_domain: dict[str, Company | PsaCompany] = {}
        # Live companies first, then by id: when several share a key, the plan names the one
        # a person would link to.
        for company in sorted(companies, key=lambda c: (c.deleted_flag, c.id)):
            if company.name.strip():
                self.by_name.setdefault(normalize_name(company.name), company)
            if company.identifier.strip():
                self.by_identifier.setdefault(company.identifier.strip().casefold(), company)
            domain = _useful_domain(company.website)
            if domain:
                self.by_domain.setdefault(domain, company)

    def identifiers(self) -> set[str]:
        return set(self.by_identifier)


def _useful_domain(value: str | None) -> str | None:
    """A website's domain when it tells companies apart (not a mailbox provider's)."""
    domain = normalize_domain(value)
    return None if domain is None or is_generic_domain(domain) else domain


def build_plan(
    records: Sequence[LocalRecord],
    companies: Iterable[Company | PsaCompany],
    status: Named,
    types: Sequence[Named] = (),
    *,
    earlier: Mapping[str, str] | None = None,
) -> CreatePlan:
    """Plan a company for each record, checked against every company of the tenant.

    `companies` must be all of them, in any status, deleted included: a duplicate of a
    deleted company is still a duplicate. `earlier` maps a record id to the identifier an
    earlier run sent for it (from the audit log): if a company with that identifier and
    the record's name exists, it is that run's, and the record is linked, not created again.
    """
    index = _TenantIndex(companies)
    taken = index.identifiers()
    chosen_status = Choice.of(status)
    chosen_types = tuple(Choice.of(t) for t in types)
    planned_names: dict[str, str] = {}
    planned_identifiers: dict[str, str] = {}
    planned_domains: dict[str, str] = {}
    items: list[PlanItem] = []
    for record in records:
        name_key = normalize_name(record.name)
        recovered = _created_earlier(record, name_key, index, (earlier or {}).get(record.id))
        if recovered is not None:
            items.append(
                PlanItem(record.id, record.name, "link", existing=ExistingCompany.of(recovered))
            )
            continue
        reasons: list[str] = []
        existing = _duplicate_of(record, name_key, index, reasons)
        if existing is None:
            _same_as_planned(record, name_key, planned_names, planned_domains, reasons)
        _check_lengths(record, reasons)
        identifier = _identifier(record, taken, planned_identifiers, reasons)
        if reasons:
            refused = ExistingCompany.of(existing) if existing is not None else None
            items.append(PlanItem(record.id, record.name, "refuse", None, refused, tuple(reasons)))
            continue
        assert identifier is not None  # no reason given means an identifier was found
        taken.add(identifier.casefold())
        planned_identifiers[identifier.casefold()] = record.id
        planned_names[name_key] = record.id
        domain = _useful_domain(record.domain)
        if domain:
            planned_domains[domain] = record.id
        company = NewCompany(
            identifier=identifier,
            name=record.name,
            status=chosen_status,
            types=chosen_types,
            address=record.address or PostalAddress(),
            website=record.domain,
            phone=record.phone,
        )
        items.append(PlanItem(record.id, record.name, "create", company))
    return CreatePlan(tuple(items), chosen_status, chosen_types)


def _created_earlier(
    record: LocalRecord, name_key: str, index: _TenantIndex, identifier: str | None
) -> Company | PsaCompany | None:
    """The company an earlier run created for this record, if the audit log and the PSA agree."""
    if not identifier:
        return None
    company = index.by_identifier.get(identifier.casefold())
    if company is None or company.deleted_flag or normalize_name(company.name) != name_key:
        return None
    return company


def _duplicate_of(
    record: LocalRecord, name_key: str, index: _TenantIndex, reasons: list[str]
) -> Company | PsaCompany | None:
    """The existing company this record would duplicate (adding the reason), or None."""
    checks = (
        ("name", index.by_name.get(name_key)),
        ("identifier", index.by_identifier.get((record.identifier or "").strip().casefold())),
        ("website domain", index.by_domain.get(_useful_domain(record.domain) or "")),
    )
    for what, company in checks:
        if company is not None:
            reasons.append(
                f"already in the PSA: same {what} as {ExistingCompany.of(company)}; "
                "link the record to it instead"
            )
            return company
    return None


def _same_as_planned(
    record: LocalRecord,
    name_key: str,
    names: Mapping[str, str],
    domains: Mapping[str, str],
    reasons: list[str],
) -> None:
    """Two records of one plan that would make one company twice: the later one is refused."""
    other = names.get(name_key)
    if other is None:
        domain = _useful_domain(record.domain)
        other = domains.get(domain) if domain else None
        what = "website domain"
    else:
        what = "name"
    if other is not None:
        reasons.append(f"same {what} as record {other!r}, which this plan creates")


def _check_lengths(record: LocalRecord, reasons: list[str]) -> None:
    """The vendor's length limits, and its rule that a company needs an address field."""
    if len(record.name) > NAME_MAX:
        reasons.append(
            f"name is {len(record.name)} characters; the PSA allows {NAME_MAX} "
            "(shorten it in the records file)"
        )
    address = record.address or PostalAddress()
    sent = [(a, f, m) for a, f, m in ADDRESS_FIELDS if getattr(address, a)]
    if not sent:
        reasons.append(
            "no address: the PSA needs at least one of address, city, state or zip "
            "(add those columns to the records file)"
        )
    for attribute, vendor_field, limit in sent:
        value = getattr(address, attribute)
        if len(value) > limit:
            reasons.append(f"{vendor_field} is {len(value)} characters; the PSA allows {limit}")
    if record.phone and len(record.phone) > PHONE_MAX:
        reasons.append(f"phone is {len(record.phone)} characters; the PSA allows {PHONE_MAX}")
    if record.domain and len(record.domain) > WEBSITE_MAX:
        reasons.append(f"website is {len(record.domain)} characters; the PSA allows {WEBSITE_MAX}")


def _identifier(
    record: LocalRecord, taken: set[str], planned: Mapping[str, str], reasons: list[str]
) -> str | None:
    """The record's own identifier when it has one (checked), else one derived from the name."""
    own = (record.identifier or "").strip()
    if not own:
        return derive_identifier(record.name, taken, fallback=record.id)
    if len(own) > IDENTIFIER_MAX:
        reasons.append(
            f"identifier {own!r} is {len(own)} characters; the PSA allows {IDENTIFIER_MAX}"
        )
        return None
    if not _SAFE_IDENTIFIER.fullmatch(own):
        reasons.append(f"identifier {own!r} holds characters psamap cannot look up safely")
        return None
    other = planned.get(own.casefold())
    if other is not None:
        reasons.append(f"identifier {own!r} is also record {other!r}'s in this plan")
        return None
    if own.casefold() in taken:
        if not reasons:  # else `_duplicate_of` has named the company that holds it
            reasons.append(f"identifier {own!r} is already in use in the PSA")
        return None
    return own

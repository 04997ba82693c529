"""`SandboxTenant`: one PSA tenant's statuses, types and companies, and its query engine.

Filtered, ordered results are cached per (conditions, childConditions,
customFieldConditions, orderBy) in a small LRU stamped with a data version, so fifty
concurrent pages of one query cost one evaluation and any change invalidates them.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, overload

from tui.sandbox.constants import DEMO_CODEBASE, DEMO_SITE
from tui.sandbox.data.profiles import TenantProfile
from tui.sandbox.data.records import REFERENCE_NOW, RecordBuilder, iso
from tui.sandbox.data.rows import IDENTIFIER_MAX, NAME_MAX, CompanyRow, identifier_for, stable_seed
from tui.sandbox.query.fields import company_child_arrays, company_resolver, custom_field_resolver
from tui.sandbox.query.predicates import (
    always,
    compile_child_conditions,
    compile_conditions,
    compile_element_conditions,
    compile_order_by,
    sort_rows,
)

_CACHE_SIZE = 32
_PROTECTED_KEYS = {"id", "identifier", "name", "status", "types", "deletedFlag", "_info"}


class CompanyInvalid(ValueError):
    """A company the vendor would refuse to create; `errors` are `ValidationError` dicts."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(e["message"] for e in errors))
        self.errors = errors


def _error(code: str, message: str, field: str) -> dict[str, str]:
    return {"code": code, "message": message, "resource": "company", "field": field}


class CompanyRecords(Sequence[dict]):
    """The tenant's companies as full vendor JSON, built lazily per index (ordered by id)."""

    def __init__(self, tenant: SandboxTenant) -> None:
        self._tenant = tenant

    def __len__(self) -> int:
        return len(self._tenant.rows)

    @overload
    def __getitem__(self, index: int) -> dict: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict]: ...
    def __getitem__(self, index: int | slice) -> dict | list[dict]:
        if isinstance(index, slice):
            return [self._tenant.record(r) for r in self._tenant.rows[index]]
        return self._tenant.record(self._tenant.rows[index])


class SandboxTenant:
    """A tenant: credentials, statuses, types and companies; the API's data and query engine."""

    def __init__(
        self,
        *,
        company_id: str,
        profile: TenantProfile,
        rows: Iterable[CompanyRow],
        seed: int,
        public_key: str,
        private_key: str,
        client_id: str,
        codebase: str = DEMO_CODEBASE,
        company_name: str | None = None,
        status_names: Mapping[int, str] | Sequence[str] | None = None,
        type_names: Mapping[int, str] | Sequence[str] | None = None,
    ) -> None:
        self.company_id = company_id
        self.public_key = public_key
        self.private_key = private_key
        self.client_id = client_id
        self.codebase = codebase
        self.company_name = company_name or profile.company_name
        self.profile = profile
        self.seed = seed
        self.statuses: list[dict[str, Any]] = [
            _status_json(s, name)
            for s, name in zip(
                profile.statuses, _names(profile.statuses, status_names), strict=True
            )
        ]
        self.types: list[dict[str, Any]] = [
            _type_json(t, name)
            for t, name in zip(profile.types, _names(profile.types, type_names), strict=True)
        ]
        self.builder = RecordBuilder(
            profile,
            stable_seed("records", profile.key, seed),
            {s["id"]: s["name"] for s in self.statuses},
            {t["id"]: t["name"] for t in self.types},
            frozenset(t["id"] for t in self.types if t["vendorFlag"]),
        )
        self.rows: list[CompanyRow] = list(rows)
        self.version = 0
        self._idle = 0  # seconds the clock moved with no change (see `pass_time`)
        self.href_base = f"{DEMO_SITE}/{codebase}apis/3.0"
        self._lock = threading.RLock()
        self._cache: OrderedDict[tuple[str, str, str, str], tuple[int, list[CompanyRow]]] = (
            OrderedDict()
        )
        self._resolve = company_resolver(self)
        self._child_arrays = company_child_arrays(self)
        self._identifiers: set[str] | None = None

    def __repr__(self) -> str:
        return f"SandboxTenant(company_id={self.company_id!r}, companies={len(self.rows)})"

    @property
    def companies(self) -> CompanyRecords:
        """Every company as full vendor JSON (a lazy sequence; index it, slice it, iterate it)."""
        return CompanyRecords(self)

    def record(
        self, row: CompanyRow, *, base: str | None = None, keys: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """The vendor JSON of one row; `keys` (canonical top-level names) limits the work."""
        return self.builder.build(row, base or self.href_base, keys)

    def find_row(self, company_id: int) -> CompanyRow | None:
        """The row with this id (rows stay ordered by id, so this is a bisection)."""
        rows = self.rows
        i = bisect_left(rows, company_id, key=lambda r: r.id)
        return rows[i] if i < len(rows) and rows[i].id == company_id else None

    def company(self, company_id: int) -> dict[str, Any] | None:
        """One company's full JSON, or None."""
        row = self.find_row(company_id)
        return None if row is None else self.record(row)

    # -- queries ---------------------------------------------------------------------------

    def query(
        self,
        conditions: str = "",
        child_conditions: str = "",
        custom_field_conditions: str = "",
        order_by: str = "",
    ) -> list[CompanyRow]:
        """Matching rows in order (cached); raises `ConditionError` for input the vendor refuses.

        The returned list is shared with the cache: do not modify it.
        """
        key = (conditions, child_conditions, custom_field_conditions, order_by)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == self.version:
                self._cache.move_to_end(key)
                return hit[1]
            rows = self._evaluate(*key)
            self._cache[key] = (self.version, rows)
            self._cache.move_to_end(key)
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
            return rows

    def _evaluate(
        self, conditions: str, child_conditions: str, custom: str, order_by: str
    ) -> list[CompanyRow]:
        tests = [
            compile_conditions(conditions, self._resolve),
            compile_child_conditions(child_conditions, self._child_arrays),
        ]
        custom_test = compile_element_conditions(custom, custom_field_resolver)
        if custom_test is not always:
            fields_of = self.builder.custom_fields
            tests.append(lambda r: any(custom_test(item) for item in fields_of(r)))
        order = compile_order_by(order_by, self._resolve) if order_by.strip() else []
        rows = list(self.rows)
        for test in tests:
            if test is not always:  # each pass narrows the next one's work
                rows = [r for r in rows if test(r)]
        return sort_rows(rows, order) if order else rows

    def select(self, conditions: str = "", child_conditions: str = "") -> list[dict[str, Any]]:
        """Full JSON of the matching companies, ordered by id: what the sandbox's data says."""
        return [self.record(r) for r in self.query(conditions, child_conditions)]

    def count(self, conditions: str = "", child_conditions: str = "") -> int:
        """How many companies match (what `/company/companies/count` answers)."""
        return len(self.query(conditions, child_conditions))

    # -- changes ---------------------------------------------------------------------------

    @property
    def now(self) -> int:
        """The tenant's clock (epoch seconds): it moves only with changes, each stamped a
        minute after the one before, so the `Date` it answers with and the `lastUpdated`
        of its companies are on one clock, as a real PSA's are. `pass_time` moves it on
        with no change (a re-open hours later)."""
        return REFERENCE_NOW + 60 * self.version + self._idle

    def _touch(self) -> int:
        """Bump the data version (invalidating cached queries); returns the new "now"."""
        self.version += 1
        return self.now

    def pass_time(self, seconds: int) -> None:
        """Let the tenant's clock run on with nothing changed (its data version stays)."""
        with self._lock:
            self._idle += seconds

    def add_company(
        self,
        name: str,
        status_id: int | None = None,
        type_ids: Iterable[int] | None = None,
        *,
        identifier: str | None = None,
        deleted: bool = False,
        **fields: Any,
    ) -> dict[str, Any]:
        """Create a company (next id) and return its JSON; raises `CompanyInvalid`.

        Without `identifier` one is made from the name; without status or types the
        tenant's defaults are used (the vendor defaults what a POST leaves out).
        """
        with self._lock:
            if self._identifiers is None:
                self._identifiers = {r.identifier.lower() for r in self.rows}
            errors = self._check(name, status_id, type_ids, identifier)
            if errors:
                raise CompanyInvalid(errors)
            if status_id is None:
                status_id = next(s["id"] for s in self.statuses if s["defaultFlag"])
            if type_ids is None:
                type_ids = [t["id"] for t in self.types if t["defaultFlag"]]
            if identifier is None:
                identifier = identifier_for(name, self._identifiers)
            else:
                self._identifiers.add(identifier.lower())
            extra = {k: v for k, v in fields.items() if k not in _PROTECTED_KEYS} or None
            now = self._touch()
            new_id = (self.rows[-1].id + 1) if self.rows else self.profile.first_id
            row = CompanyRow(
                new_id,
                identifier,
                name,
                status_id,
                tuple(sorted(set(type_ids))),
                deleted,
                extra,
                now,
            )
            self.rows.append(row)
            return self.record(row)

    def check_new(
        self,
        name: str,
        status_id: int | None,
        type_ids: Iterable[int] | None,
        identifier: str | None,
    ) -> list[dict[str, str]]:
        """The vendor's errors for this new company, without creating it ([] when fine)."""
        with self._lock:
            if self._identifiers is None:
                self._identifiers = {r.identifier.lower() for r in self.rows}
            return self._check(name, status_id, type_ids, identifier)

    def _check(
        self,
        name: str,
        status_id: int | None,
        type_ids: Iterable[int] | None,
        identifier: str | None,
    ) -> list[dict[str, str]]:
        errors: list[dict[str, str]] = []
        if not isinstance(name, str) or not name.strip():
            errors.append(_error("MissingRequiredField", "The name field is required.", "name"))
        elif len(name) > NAME_MAX:
            msg = f"The field name must be a string with a maximum length of {NAME_MAX}."
            errors.append(_error("MaxLengthField", msg, "name"))
        if identifier is not None:
            if not isinstance(identifier, str) or not identifier.strip():
                msg = "The identifier field is required."
                errors.append(_error("MissingRequiredField", msg, "identifier"))
            elif len(identifier) > IDENTIFIER_MAX:
                msg = (
                    "The field identifier must be a string with a maximum length of "
                    f"{IDENTIFIER_MAX}."
                )
                errors.append(_error("MaxLengthField", msg, "identifier"))
            elif self._identifiers is not None and identifier.lower() in self._identifiers:
                errors.append(_error("ObjectExists", "Company ID already in use.", "identifier"))
        if status_id is not None and status_id not in self.builder.status_names:
            errors.append(_error("NotFound", f"Status {status_id} not found.", "status/id"))
        for type_id in type_ids or ():
            if type_id not in self.builder.type_names:
                errors.append(_error("NotFound", f"Company Type {type_id} not found.", "types"))
        return errors

    def update_company(
        self,
        company_id: int,
        *,
        name: str | None = None,
        status_id: int | None = None,
        type_ids: Iterable[int] | None = None,
        deleted: bool | None = None,
    ) -> dict[str, Any]:
        """Change a company as an admin would (tests: drift, mid-load edits); KeyError if absent."""
        with self._lock:
            i = self._index(company_id)
            row = self.rows[i]
            changes: dict[str, Any] = {"updated_at": self._touch()}
            if name is not None:
                changes["name"] = name
            if status_id is not None:
                changes["status_id"] = status_id
            if type_ids is not None:
                changes["type_ids"] = tuple(sorted(set(type_ids)))
            if deleted is not None:
                changes["deleted"] = deleted
            self.rows[i] = replace(row, **changes)
            return self.record(self.rows[i])

    def delete_company(self, company_id: int) -> None:
        """Soft-delete like the vendor (`deletedFlag`, `dateDeleted` set); KeyError if absent."""
        self.update_company(company_id, deleted=True)

    def rename_status(self, status_id: int, name: str) -> None:
        """Rename a status as an admin would: its companies show the new name at once,
        although none of their `lastUpdated` moves; KeyError if absent."""
        with self._lock:
            status = next((s for s in self.statuses if s["id"] == status_id), None)
            if status is None:
                raise KeyError(status_id)
            status["name"] = name
            self.builder.status_names[status_id] = name  # company JSON reads it live
            self._touch()

    def purge_company(self, company_id: int) -> None:
        """Remove a company outright, as a merge into another does: no row, no `lastUpdated`
        left behind (tests: a cache must notice by count); KeyError if absent."""
        with self._lock:
            del self.rows[self._index(company_id)]
            self._touch()

    def _index(self, company_id: int) -> int:
        i = bisect_left(self.rows, company_id, key=lambda r: r.id)
        if i >= len(self.rows) or self.rows[i].id != company_id:
            raise KeyError(company_id)
        return i


def _names(specs: Sequence[Any], names: Mapping[int, str] | Sequence[str] | None) -> list[str]:
    """Spec names with overrides: a mapping renames by id, a sequence renames positionally."""
    out = [s.name for s in specs]
    if isinstance(names, Mapping):
        out = [names.get(s.id, s.name) for s in specs]
    elif names is not None:
        out[: len(names)] = list(names)[: len(out)]
    return out


_SETUP_INFO = {"lastUpdated": iso(REFERENCE_NOW - 900 * 86400), "updatedBy": "ZAdmin"}


def _status_json(spec: Any, name: str) -> dict[str, Any]:
    notify = "hold" in spec.name.lower()
    out: dict[str, Any] = {
        "id": spec.id,
        "name": name,
        "defaultFlag": spec.default,
        "inactiveFlag": spec.inactive,
        "notifyFlag": notify,
        "disallowSavingFlag": False,
        "customNoteFlag": False,
        "cancelOpenTracksFlag": spec.inactive,
        "_info": dict(_SETUP_INFO),
    }
    if notify:
        out["notificationMessage"] = "This company is on hold: contact accounting first."
    return out


def _type_json(spec: Any, name: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": spec.id,
        "name": name,
        "defaultFlag": spec.default,
        "vendorFlag": spec.vendor,
        "serviceAlertFlag": spec.service_alert is not None,
        "_info": dict(_SETUP_INFO),
    }
    if spec.service_alert:
        out["serviceAlertMessage"] = spec.service_alert
    return out

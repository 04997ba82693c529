"""Companies to SQLite rows and back, and a `CompanyFilter` as a SQL `WHERE` clause.

A row keeps what a full fetch returns (`COMPANY_FIELDS`); status and type names are read
back from the tenant's current status and type tables, as the PSA itself would name them
(renaming a status does not touch its companies' `lastUpdated`, so the names stored with
a company can be stale; the ids cannot).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from tui.psa.filter import CompanyFilter
from tui.psa.models import AnyCompany, PsaCompany, Reference

#: The `companies` columns, in the order `company_row` produces them.
COLUMNS = (
    "id",
    "identifier",
    "name",
    "status_id",
    "status_name",
    "types",
    "website",
    "phone",
    "deleted",
    "updated",
    "city",
    "state",
    "zip",
)
#: What a compact company is read from: every column but `updated`.
READ_COLUMNS = (*COLUMNS[:9], *COLUMNS[10:])

#: A row as sqlite3 returns it: untyped (`Any`), its columns known only by `COLUMNS`.
Row = tuple[Any, ...]


def epoch(stamp: str | None) -> int | None:
    """`2026-11-30T10:00:00Z` as epoch seconds; None when absent or not a datetime."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def stamp(seconds: int) -> str:
    """Epoch seconds in the vendor's condition datetime form, `2026-11-30T10:00:00Z`."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def company_row(company: AnyCompany) -> Row:
    """One company as a `companies` row (types as compact JSON `[[id, name], ...]`)."""
    status = company.status
    types = json.dumps([[t.id, t.name] for t in company.types], ensure_ascii=False)
    return (
        company.id,
        company.identifier,
        company.name,
        None if status is None else status.id,
        None if status is None else status.name,
        types,
        company.website,
        company.phone_number,
        int(company.deleted_flag),
        epoch(company.last_updated),
        company.city,
        company.state,
        company.zip,
    )


class RowReader:
    """Turns rows into compact companies, sharing one `Reference` per status, type and list.

    200,000 companies name a handful of statuses and type lists: each is decoded once.
    """

    def __init__(self, status_names: Mapping[int, str], type_names: Mapping[int, str]) -> None:
        self._status_names = status_names
        self._type_names = type_names
        self._statuses: dict[tuple[int, str | None], Reference] = {}
        self._type_lists: dict[str, tuple[Reference, ...]] = {}
        self._types: dict[tuple[int, str], Reference] = {}

    def company(self, row: Row) -> PsaCompany:
        """The compact company of a row selected with `READ_COLUMNS`."""
        cid, identifier, name, status_id, status_name, types, website, phone, deleted = row[:9]
        city, state, postal = row[9:12]
        return PsaCompany(
            cid,
            identifier,
            name,
            self._status(status_id, status_name),
            self._type_list(types),
            website,
            phone,
            bool(deleted),
            city,
            state,
            postal,
        )

    def _status(self, status_id: int | None, stored: str | None) -> Reference | None:
        if status_id is None:
            return None
        key = (status_id, stored)
        found = self._statuses.get(key)
        if found is None:
            name = self._status_names.get(status_id, stored or "")
            found = self._statuses[key] = Reference.model_construct(id=status_id, name=name)
        return found

    def _type_list(self, text: str) -> tuple[Reference, ...]:
        found = self._type_lists.get(text)
        if found is None:
            refs = []
            for type_id, stored in json.loads(text):
                name = self._type_names.get(type_id, stored)
                ref = self._types.get((type_id, name))
                if ref is None:
                    ref = self._types[(type_id, name)] = Reference.model_construct(
                        id=type_id, name=name
                    )
                refs.append(ref)
            found = self._type_lists[text] = tuple(refs)
        return found


def type_ids(company: AnyCompany) -> Iterable[tuple[int, int]]:
    """The `company_types` rows of a company: (company id, type id)."""
    return ((company.id, t.id) for t in company.types)


def where(flt: CompanyFilter) -> tuple[str, list[object]]:
    """The filter as `WHERE ...` over `companies` (aliased `c`) and its parameters.

    Same meaning as the PSA's: no status or type ids means no condition on them; a
    company matches a type filter when any of its types is listed; deleted companies
    only with `include_deleted`. `changed_since` has no meaning for the cache.
    """
    parts: list[str] = []
    params: list[object] = []
    if not flt.include_deleted:
        parts.append("c.deleted = 0")
    if flt.status_ids:
        parts.append(f"c.status_id IN ({','.join('?' * len(flt.status_ids))})")
        params.extend(sorted(flt.status_ids))
    if flt.type_ids:
        marks = ",".join("?" * len(flt.type_ids))
        parts.append(
            "EXISTS (SELECT 1 FROM company_types t "
            f"WHERE t.company_id = c.id AND t.type_id IN ({marks}))"
        )
        params.extend(sorted(flt.type_ids))
    return (f"WHERE {' AND '.join(parts)}" if parts else ""), params


#: What `apply` compares a stored company by (names of statuses and types are not its own).
HELD = "id, identifier, name, status_id, types, website, phone, deleted, updated, city, state, zip"


class Sameness:
    """Whether a stored company (`HELD` minus id) and a fresh row show the same company.

    Status and type *names* are left out: they are the status's and type's, read back
    from their own tables, and a rename there is not a change to the company.
    """

    def __init__(self) -> None:
        self._type_ids: dict[str, tuple[int, ...]] = {}

    def __call__(self, held: Row, row: Row) -> bool:
        identifier, name, status_id, types, website, phone, deleted, _updated, *place = held
        return (
            place == list(row[10:13])
            and identifier == row[1]
            and name == row[2]
            and status_id == row[3]
            and website == row[6]
            and phone == row[7]
            and deleted == row[8]
            and self._ids(types) == self._ids(row[5])
        )

    def _ids(self, types: str) -> tuple[int, ...]:
        found = self._type_ids.get(types)
        if found is None:
            found = self._type_ids[types] = tuple(t[0] for t in json.loads(types))
        return found


def chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    """`ids` in runs short enough for one `IN (...)` (SQLite allows 999 parameters)."""
    for i in range(0, len(ids), size):
        yield ids[i : i + size]

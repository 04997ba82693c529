"""Drift: saved mappings whose PSA company has since gone, moved outside the filter or been renamed.

Drift is only reported, never fixed silently: an entry stays in the mapping file until
the user decides. What the caller knows decides how precise the report can be:

- `companies_by_id` holds the companies it loaded (usually the filtered ones);
- `existing_ids`, when given, holds every id that still exists in the PSA (for example
  from a look-up of the mapped ids without the filter); with it a mapped id missing
  from `companies_by_id` is told apart as "gone" or "outside_filter", without it the
  report says "missing" (gone, or outside the filter: the caller cannot tell).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from tui.core.mapping_file import MappingDocument, natural_sorted
from tui.psa.filter import CompanyFilter
from tui.psa.models import CompanyLike

DriftKind = Literal["gone", "outside_filter", "missing", "renamed"]


@dataclass(frozen=True, slots=True)
class Drift:
    """One mapping entry that no longer matches the PSA, and a sentence saying how."""

    local_id: str
    psa_id: int
    kind: DriftKind
    detail: str


def matches_filter(flt: CompanyFilter) -> Callable[[CompanyLike], bool]:
    """A predicate that is true for the companies `flt` selects (same rules as its conditions)."""

    def selected(company: CompanyLike) -> bool:
        if company.deleted_flag and not flt.include_deleted:
            return False
        if flt.status_ids and (company.status is None or company.status.id not in flt.status_ids):
            return False
        return not flt.type_ids or any(t.id in flt.type_ids for t in company.types)

    return selected


def unknown_psa_ids(doc: MappingDocument, companies_by_id: Mapping[int, CompanyLike]) -> list[int]:
    """Mapped PSA ids not among the loaded companies: the ones worth looking up by id."""
    return sorted({e.psa_id for e in doc.mappings.values()} - companies_by_id.keys())


def find_drift(
    doc: MappingDocument,
    companies_by_id: Mapping[int, CompanyLike],
    in_filter: Callable[[CompanyLike], bool] | CompanyFilter | None = None,
    *,
    existing_ids: Collection[int] | None = None,
) -> list[Drift]:
    """Every mapping entry that drifted, in natural order of local id.

    `in_filter` marks a loaded company as "outside_filter" when it returns False (pass
    `matches_filter(flt)` when `companies_by_id` also holds companies beyond the filter).
    A deleted company (`deleted_flag`) counts as gone. A company both outside the filter
    and renamed gets two entries. A `CompanyFilter` may be passed for `in_filter`.
    """
    if isinstance(in_filter, CompanyFilter):
        in_filter = matches_filter(in_filter)
    drifts: list[Drift] = []
    for local_id in natural_sorted(doc.mappings):
        entry = doc.mappings[local_id]
        company = companies_by_id.get(entry.psa_id)
        name = f"{entry.psa_name!r} (#{entry.psa_id})"
        if company is None:
            if existing_ids is None:
                drifts.append(
                    Drift(
                        local_id,
                        entry.psa_id,
                        "missing",
                        f"{name} is not among the loaded companies: deleted or outside the filter",
                    )
                )
            elif entry.psa_id in existing_ids:
                drifts.append(
                    Drift(local_id, entry.psa_id, "outside_filter", f"{name} is outside the filter")
                )
            else:
                drifts.append(Drift(local_id, entry.psa_id, "gone", f"{name} no longer exists"))
            continue
        if company.deleted_flag:
            drifts.append(Drift(local_id, entry.psa_id, "gone", f"{name} was deleted"))
            continue
        if in_filter is not None and not in_filter(company):
            drifts.append(
                Drift(local_id, entry.psa_id, "outside_filter", f"{name} is outside the filter")
            )
        if (changes := _renames(entry.psa_name, entry.psa_identifier, company)) is not None:
            drifts.append(Drift(local_id, entry.psa_id, "renamed", changes))
    return drifts


def _renames(psa_name: str, psa_identifier: str, company: CompanyLike) -> str | None:
    """What changed in the company's name or identifier, or None."""
    changes = []
    if company.name != psa_name:
        changes.append(f"name {psa_name!r} is now {company.name!r}")
    if company.identifier != psa_identifier:
        changes.append(f"identifier {psa_identifier!r} is now {company.identifier!r}")
    return f"#{company.id}: " + "; ".join(changes) if changes else None


def apply_renames(
    doc: MappingDocument, drifts: Iterable[Drift], companies_by_id: Mapping[int, CompanyLike]
) -> int:
    """Accept "renamed" drift: copy the PSA's current name and identifier into the entries."""
    updated = 0
    for drift in drifts:
        entry = doc.mappings.get(drift.local_id)
        company = companies_by_id.get(drift.psa_id)
        if drift.kind != "renamed" or entry is None or company is None:
            continue
        doc.mappings[drift.local_id] = entry.model_copy(
            update={"psa_name": company.name, "psa_identifier": company.identifier}
        )
        updated += 1
    return updated

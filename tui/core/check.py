"""`check`: how a saved mapping stands against the tenant as it is now, and its records file.

The one drift report: `psamap check` prints it (exit 3 when it needs attention) and the
mapping screen's drift view shows the same kinds and words. Drift is computed against
every company of the tenant (deleted ones included: the company cache holds them all),
so each kind is certain: `deleted` (flagged deleted in the PSA), `missing` (no such
company any more: merged or purged), `left_filter` (exists, outside the mapping's
filter) and `renamed` (name or identifier changed). A company both outside the filter
and renamed gets two entries. On the records' side, orphans and renamed records follow
`tui.core.record_drift`, the mapping screen's rule; renamed records are reported but,
as the contract's JSON shape and exit codes have no place for them, only in the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tui.core.drift import find_drift, matches_filter
from tui.core.mapping_file import MappingDocument
from tui.core.record_drift import RenamedRecord, orphans, renamed
from tui.core.records import LocalRecord
from tui.psa.filter import CompanyFilter
from tui.psa.models import AnyCompany

CheckKind = Literal["deleted", "renamed", "left_filter", "missing"]


@dataclass(frozen=True, slots=True)
class CheckDrift:
    """One mapping entry that no longer matches the PSA."""

    local_id: str
    psa_id: int
    kind: CheckKind
    detail: str


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Counts, drift and orphans of one mapping; `to_json` is the contract's shape."""

    tenant: str
    mapped: int
    ignored: int
    unmapped: int
    drift: tuple[CheckDrift, ...]
    orphans: tuple[str, ...]
    #: Mapped records whose name changed since: shown, not counted as needing attention.
    renamed: tuple[RenamedRecord, ...] = ()

    def needs_attention(self, max_unmapped: int | None = None) -> bool:
        """Drift, an orphan, or more unmapped records than allowed (None: no limit)."""
        too_many = max_unmapped is not None and self.unmapped > max_unmapped
        return bool(self.drift or self.orphans or too_many)

    def to_json(self) -> dict[str, Any]:
        """`{"tenant", "mapped", "ignored", "unmapped", "drift": [...], "orphans": [...]}`."""
        return {
            "tenant": self.tenant,
            "mapped": self.mapped,
            "ignored": self.ignored,
            "unmapped": self.unmapped,
            "drift": [
                {"local_id": d.local_id, "psa_id": d.psa_id, "kind": d.kind, "detail": d.detail}
                for d in self.drift
            ],
            "orphans": list(self.orphans),
        }


def check_drift(
    document: MappingDocument,
    everything: Mapping[int, AnyCompany],
    flt: CompanyFilter | None = None,
) -> list[CheckDrift]:
    """Each entry that drifted, in natural order of local id.

    `everything` holds the tenant's companies by id, deleted ones included (at least the
    mapped ones: an id it lacks no longer exists). `flt` is the filter to hold them to,
    the mapping's own by default.
    """
    in_filter = matches_filter(flt if flt is not None else document.filter.to_filter())
    drifts = find_drift(
        document,
        everything,
        in_filter,
        existing_ids=everything.keys(),
    )
    out: list[CheckDrift] = []
    for d in drifts:
        if d.kind == "gone":
            company = everything.get(d.psa_id)
            kind: CheckKind = "deleted" if company is not None else "missing"
        elif d.kind == "outside_filter":
            kind = "left_filter"
        elif d.kind == "renamed":
            kind = "renamed"
        else:
            kind = "missing"
        out.append(CheckDrift(d.local_id, d.psa_id, kind, d.detail))
    return out


def check_mapping(
    tenant: str,
    document: MappingDocument,
    everything: Iterable[AnyCompany],
    records: Iterable[LocalRecord] | None,
) -> CheckReport:
    """The whole report; without records there are no orphans and no unmapped count."""
    by_id = {c.id: c for c in everything}
    left: list[str] = []
    changed: list[RenamedRecord] = []
    unmapped = 0
    if records is not None:
        listed = list(records)
        record_by_id = {r.id: r for r in listed}
        left = orphans(document.mappings, record_by_id)
        changed = renamed(document.mappings, listed)
        decided = document.mappings.keys() | document.ignored.keys()
        unmapped = len(record_by_id.keys() - decided)
    return CheckReport(
        tenant=tenant,
        mapped=len(document.mappings),
        ignored=len(document.ignored),
        unmapped=unmapped,
        drift=tuple(check_drift(document, by_id)),
        orphans=tuple(left),
        renamed=tuple(changed),
    )

"""`psamap automap`: match a records file against filtered PSA companies, merge the sure ones.

A workflow (records -> companies -> matcher -> mapping file), not argument handling, so
it lives in core and the CLI command only parses and prints. Only confident matches
(unambiguous, score >= min) are written, and the merge never overwrites a person's manual
entry or ignored record. A mapping file of another tenant is refused by the same rule
the TUI applies (`tui.core.opening.check_tenant`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.mapping_file import FilterSpec, MappingDocument, MappingEntry
from tui.core.mapping_store import MappingStore, MergeResult, merge_automatic
from tui.core.match_results import RecordMatches
from tui.core.matching import Matcher
from tui.core.opening import check_tenant
from tui.core.records import LocalRecord, load_records
from tui.errors import BadInput
from tui.psa.models import AnyCompany

if TYPE_CHECKING:
    from tui.core.cache import CompanySource
    from tui.core.config import TenantConfig
    from tui.psa.client import ConnectWiseClient
    from tui.psa.models import CompanyStatus, CompanyType


@dataclass(frozen=True, slots=True)
class AutomapSummary:
    """What one run found and what it wrote."""

    records: int
    matched: int
    ambiguous: int
    unmatched: int
    merge: MergeResult
    path: Path
    outside_filter: int = 0  # entries whose company the filter no longer selects

    def __str__(self) -> str:
        m = self.merge
        text = (
            f"records: {self.records}, matched: {self.matched}, ambiguous: {self.ambiguous}, "
            f"unmatched: {self.unmatched}\n"
            f"{self.path}: {m.added} added, {m.updated} updated, {m.unchanged} unchanged, "
            f"{m.kept_manual} manual kept, {m.skipped_ignored} ignored"
        )
        if m.kept_existing:
            text += f", {m.kept_existing} kept (a new match differs; not re-pointed)"
        if self.outside_filter:
            text += f"\ndrift: {self.outside_filter} entries map companies outside the filter"
        return text


async def automap(
    client: ConnectWiseClient | CompanySource,
    tenant: TenantConfig,
    statuses: Sequence[CompanyStatus],
    types: Sequence[CompanyType],
    *,
    records_path: Path,
    out: Path,
    min_score: float,
    id_column: str | None = None,
    name_column: str | None = None,
    refilter: bool = False,
) -> AutomapSummary:
    """Read records (before any request, so bad input costs nothing), load, match, merge, save."""
    records = load_records(records_path, id_column=id_column, name_column=name_column)
    store = MappingStore(out)
    spec = FilterSpec.of(statuses, types)
    # Before any request, so bad input costs nothing:
    _check_file(store.load(), tenant, out, spec, refilter)
    companies = await client.companies(spec.to_filter())
    ranked = Matcher(companies).rank_all(records)
    entries, ambiguous = _confident(records, ranked, companies, min_score)
    loaded_ids = {c.id for c in companies}
    merged: list[tuple[MergeResult, int]] = []

    def merge(doc: MappingDocument | None) -> MappingDocument:
        # Runs under the file lock on what is on disk *now*: another writer's entries,
        # saved while the companies loaded, are merged with, never overwritten.
        _check_file(doc, tenant, out, spec, refilter)
        if doc is None:
            doc = MappingDocument(tenant=tenant.name, company_id=tenant.company_id)
        doc.filter = spec
        doc.records = str(records_path)
        # An existing entry is never pointed at another company: a person may have
        # checked it, and a new filter is no reason to change what it maps.
        result = merge_automatic(doc, entries, repoint=False)
        outside = sum(1 for e in doc.mappings.values() if e.psa_id not in loaded_ids)
        merged.append((result, outside))
        return doc

    store.update(merge)
    result, outside = merged[-1]
    unmatched = len(records) - len(entries) - ambiguous
    return AutomapSummary(
        len(records), len(entries), ambiguous, unmatched, result, out, outside_filter=outside
    )


class FilterChanged(BadInput):
    """The mapping file was made with another filter; switching needs `--refilter`."""


def _check_file(
    doc: MappingDocument | None,
    tenant: TenantConfig,
    out: Path,
    spec: FilterSpec,
    refilter: bool,
) -> None:
    """The one tenant rule, and: the same filter as the file's, unless asked to change it."""
    _check_tenant(doc, tenant, out)
    if doc is None or refilter or not _has_filter(doc.filter):
        return
    if _filter_ids(doc.filter) != _filter_ids(spec):
        raise FilterChanged(
            f"{out} was made with the filter {describe_filter(doc.filter)}, not "
            f"{describe_filter(spec)}; add --refilter to switch it (no entry is re-pointed; "
            "entries outside the new filter are reported as drift)"
        )


def _has_filter(spec: FilterSpec) -> bool:
    return bool(spec.statuses or spec.types or spec.conditions)


def _filter_ids(spec: FilterSpec) -> tuple[frozenset[int], frozenset[int]]:
    return frozenset(s.id for s in spec.statuses), frozenset(t.id for t in spec.types)


def describe_filter(spec: FilterSpec) -> str:
    """`[statuses Active (1), Hold (3); every type]`, for messages."""
    statuses = ", ".join(f"{s.name} ({s.id})" for s in spec.statuses)
    types = ", ".join(f"{t.name} ({t.id})" for t in spec.types)
    statuses = f"statuses {statuses}" if statuses else "every status"
    types = f"types {types}" if types else "every type"
    return f"[{statuses}; {types}]"


def _check_tenant(doc: MappingDocument | None, tenant: TenantConfig, out: Path) -> None:
    """The one tenant rule (`check_tenant`), for a file that exists."""
    if doc is not None:
        check_tenant(
            out, doc, tenant=tenant.name, company_id=tenant.company_id,
            hint="choose another --out",
        )  # fmt: skip


def _confident(
    records: Sequence[LocalRecord],
    ranked: dict[str, RecordMatches],
    companies: Sequence[AnyCompany],
    min_score: float,
) -> tuple[list[MappingEntry], int]:
    """Mapping entries for the sure matches, and how many records were ambiguous."""
    by_id = {c.id: c for c in companies}
    entries: list[MappingEntry] = []
    ambiguous = 0
    for record in records:
        matches = ranked[record.id]
        best = matches.confident(min_score)
        if best is None:
            ambiguous += matches.ambiguous
            continue
        company = by_id[best.psa_id]
        entries.append(
            MappingEntry(
                local_id=record.id,
                local_name=record.name,
                psa_id=company.id,
                psa_identifier=company.identifier,
                psa_name=company.name,
                method=best.method,
                score=best.score,
            )
        )
    return entries, ambiguous

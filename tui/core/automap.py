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
from tui.core.matching import Matcher, RecordMatches
from tui.core.opening import check_tenant
from tui.core.records import LocalRecord, load_records
from tui.core.session import AnyCompany

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

    def __str__(self) -> str:
        m = self.merge
        return (
            f"records: {self.records}, matched: {self.matched}, ambiguous: {self.ambiguous}, "
            f"unmatched: {self.unmatched}\n"
            f"{self.path}: {m.added} added, {m.updated} updated, {m.unchanged} unchanged, "
            f"{m.kept_manual} manual kept, {m.skipped_ignored} ignored"
        )


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
) -> AutomapSummary:
    """Read records (before any request, so bad input costs nothing), load, match, merge, save."""
    records = load_records(records_path, id_column=id_column, name_column=name_column)
    store = MappingStore(out)
    _check_tenant(store.load(), tenant, out)  # before any request: bad input costs nothing
    spec = FilterSpec.of(statuses, types)
    companies = await client.companies(spec.to_filter())
    ranked = Matcher(companies).rank_all(records)
    entries, ambiguous = _confident(records, ranked, companies, min_score)
    merged: list[MergeResult] = []

    def merge(doc: MappingDocument | None) -> MappingDocument:
        # Runs under the file lock on what is on disk *now*: another writer's entries,
        # saved while the companies loaded, are merged with, never overwritten.
        _check_tenant(doc, tenant, out)
        if doc is None:
            doc = MappingDocument(tenant=tenant.name, company_id=tenant.company_id)
        doc.filter = spec
        doc.records = str(records_path)
        merged.append(merge_automatic(doc, entries))
        return doc

    store.update(merge)
    unmatched = len(records) - len(entries) - ambiguous
    return AutomapSummary(len(records), len(entries), ambiguous, unmatched, merged[-1], out)


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

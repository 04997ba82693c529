"""`create` and "export unmapped companies": which records and companies, into the mapping.

Shared by `psamap create`, `psamap unmapped` and the TUI actions, so both front ends plan
from the same records (neither mapped nor ignored), check against the same companies
(every company of the tenant, any status, deleted included) and write the same mapping
entries (`method = "created"`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.create_plan import CreatePlan, ExistingCompany, Named, PlanItem, build_plan
from tui.core.mapping_file import MappingDocument, MappingEntry
from tui.core.records import LocalRecord
from tui.core.safe_text import formula_safe, inert
from tui.psa.filter import CompanyFilter
from tui.psa.models import Company, PsaCompany

if TYPE_CHECKING:
    from tui.psa.client import ConnectWiseClient

#: Every company of the tenant: the set a new company must not duplicate.
EVERY_COMPANY = CompanyFilter(include_deleted=True)
#: The columns of an exported company, as a records file names them.
UNMAPPED_COLUMNS = ("id", "name", "identifier", "website", "phone", "city", "zip")


async def every_company(client: ConnectWiseClient) -> list[PsaCompany]:
    """All companies of the tenant, in any status, deleted included."""
    return await client.companies(EVERY_COMPANY)


def plan_creation(
    records: Sequence[LocalRecord],
    document: MappingDocument | None,
    companies: Iterable[Company | PsaCompany],
    status: Named,
    types: Sequence[Named] = (),
    *,
    only: Collection[str] = (),
    earlier: Mapping[str, str] | None = None,
) -> CreatePlan:
    """The plan for the records neither mapped nor ignored (or just `only` of them).

    A record named in `only` that is mapped or ignored is refused with what it is mapped
    to or why it was ignored, so that every record asked for is accounted for.
    """
    mapped = document.mappings if document is not None else {}
    ignored = document.ignored if document is not None else {}
    wanted = [r for r in records if not only or r.id in only]
    open_records = [r for r in wanted if r.id not in mapped and r.id not in ignored]
    plan = build_plan(open_records, companies, status, types, earlier=earlier)
    settled = {
        r.id: _already_settled(r, mapped.get(r.id), ignored.get(r.id)) if only else None
        for r in wanted
    }
    planned = {item.record_id: item for item in plan.items}
    items = tuple(planned.get(r.id) or settled[r.id] for r in wanted)
    return CreatePlan(tuple(i for i in items if i is not None), plan.status, plan.types)


def _already_settled(
    record: LocalRecord, entry: MappingEntry | None, ignored: str | None
) -> PlanItem | None:
    if entry is not None:
        return PlanItem(
            record.id,
            record.name,
            "refuse",
            reasons=(f"already mapped to #{entry.psa_id} {entry.psa_name!r}",),
        )
    if ignored is not None:
        return PlanItem(record.id, record.name, "refuse", reasons=(f"ignored: {ignored}",))
    return None


def created_entry(record_id: str, record_name: str, company: ExistingCompany) -> MappingEntry:
    """The mapping entry of a company `create` made (or an earlier run made) for a record."""
    return MappingEntry(
        local_id=record_id,
        local_name=record_name,
        psa_id=company.id,
        psa_identifier=company.identifier,
        psa_name=company.name,
        method="created",
        score=100.0,
    )


@dataclass(frozen=True, slots=True)
class UnmappedCompany:
    """A PSA company no mapping entry points to, in the columns of a records file."""

    id: int
    name: str
    identifier: str
    website: str
    phone: str
    city: str
    zip: str

    @classmethod
    def of(cls, company: Company | PsaCompany) -> UnmappedCompany:
        return cls(
            company.id,
            company.name,
            company.identifier,
            company.website or "",
            company.phone_number or "",
            company.city or "",
            company.zip or "",
        )

    def row(self) -> tuple[object, ...]:
        """The values in `UNMAPPED_COLUMNS` order."""
        return (self.id, self.name, self.identifier, self.website, self.phone, self.city,
                self.zip)  # fmt: skip


def unmapped_companies(
    companies: Iterable[Company | PsaCompany], document: MappingDocument | None
) -> list[UnmappedCompany]:
    """The companies (ordered by id) that no entry of the mapping points to."""
    used = {e.psa_id for e in document.mappings.values()} if document is not None else set()
    chosen = sorted((c for c in companies if c.id not in used), key=lambda c: c.id)
    return [UnmappedCompany.of(c) for c in chosen]


def unmapped_csv(companies: Iterable[UnmappedCompany]) -> str:
    """The companies as a records file (CSV): inert text, no cell a spreadsheet would run."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UNMAPPED_COLUMNS)
    writer.writerows([formula_safe(inert(str(v))) for v in c.row()] for c in companies)
    return out.getvalue()

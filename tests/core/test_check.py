"""The drift report: `psamap check` and the mapping screen's drift view say the same things."""

from __future__ import annotations

from pathlib import Path

from tui.core.cache import CompanyCache
from tui.core.check import check_mapping
from tui.core.mapping_file import FilterSpec, MappingDocument, MappingEntry, NamedId, dumps
from tui.core.opening import open_mapping
from tui.core.records import LocalRecord
from tui.psa.filter import CompanyFilter
from tui.psa.models import Company, Reference

ACTIVE, FORMER = Reference(id=1, name="Active"), Reference(id=44, name="Former")


def company(cid: int, name: str, status: Reference = ACTIVE, *, deleted: bool = False) -> Company:
    return Company(id=cid, identifier=f"Id{cid}", name=name, status=status, deleted_flag=deleted)


def entry(local_id: str, psa_id: int, name: str) -> MappingEntry:
    return MappingEntry(
        local_id=local_id, local_name=name, psa_id=psa_id, psa_identifier=f"Id{psa_id}",
        psa_name=name, method="exact", score=100.0,
    )  # fmt: skip


def test_check_and_the_drift_view_report_the_same_kinds(tmp_path: Path) -> None:
    cache = CompanyCache.open("psa.example", "acme", tmp_path / "cache")
    cache.apply(
        [
            company(1, "Kept Ltd"),
            company(2, "Now Deleted Ltd", deleted=True),
            company(3, "Moved Ltd", FORMER),
            company(4, "Renamed Since Ltd"),
        ],
        complete=True,
    )
    doc = MappingDocument(
        tenant="acme",
        company_id="acme",
        filter=FilterSpec(statuses=[NamedId(id=1, name="Active")]),
        mappings={
            "C-1": entry("C-1", 1, "Kept Ltd"),
            "C-2": entry("C-2", 2, "Now Deleted Ltd"),
            "C-3": entry("C-3", 3, "Moved Ltd"),
            "C-4": entry("C-4", 4, "Renamed Ltd"),
            "C-5": entry("C-5", 5, "Purged Ltd"),
        },
    )
    path = tmp_path / "acme.mapping.toml"
    path.write_text(dumps(doc), encoding="utf-8")
    records = [LocalRecord(f"C-{i}", f"r{i}") for i in range(1, 6)]

    report = check_mapping("acme", doc, cache.companies_by_id({1, 2, 3, 4, 5}).values(), records)
    opened = open_mapping(
        path, tenant="acme", company_id="acme", records=Path("r.csv"), spec=doc.filter,
        companies=[], flt=CompanyFilter.of([1], []), lookup=cache.companies_by_id,
    )  # fmt: skip

    kinds = {d.local_id: d.kind for d in report.drift}
    assert kinds == {"C-2": "deleted", "C-3": "left_filter", "C-4": "renamed", "C-5": "missing"}
    assert {k: v.split(":")[0] for k, v in opened.drift.items()} == {
        "C-2": "deleted", "C-3": "left filter", "C-4": "renamed", "C-5": "missing",
    }  # fmt: skip
    for d in report.drift:
        assert opened.drift[d.local_id].endswith(d.detail)

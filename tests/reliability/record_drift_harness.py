"""Records that moved on since they were mapped: some left the records file, some renamed.

A mapping of every record is saved; then the records file loses some records and renames
others, and the mapping is opened again, worked on (one record unmapped) and saved. What
counts: the removed records' entries are still in the saved file (never dropped), the
mapping screen's orphans view and `psamap check` list the same ids, the renamed records
are flagged, and confirming them saves the new names. The test and `bench/reliability.py`
both run `run_record_drift`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from tui.core.check import check_mapping
from tui.core.mapping_file import MappingDocument, MappingEntry
from tui.core.mapping_store import MappingStore
from tui.core.records import LocalRecord
from tui.core.session import MappingSession, PsaCompany


@dataclass(frozen=True, slots=True)
class RecordDriftReport:
    """What one run kept, showed and flagged."""

    mapped: int
    removed: int
    renamed: int
    #: Entries of removed records still in the file after saving other work.
    kept: int
    #: Ids in the orphans view, and in `check`'s report; whether they are the same ids.
    shown: int
    checked: int
    same_ids: bool
    #: Renamed records flagged, and saved with their new name once confirmed.
    flagged: int
    confirmed: int


def run_record_drift(
    folder: Path, *, records: int = 300, removed: int = 4, renamed: int = 3, seed: int = 1
) -> RecordDriftReport:
    """One run (see the module docstring)."""
    companies = [
        PsaCompany(id=n, identifier=f"Co{n}", name=f"Company {n} Ltd", status=None, types=())
        for n in range(1, records + 1)
    ]
    before = [LocalRecord(f"R-{n}", f"Company {n} Ltd") for n in range(1, records + 1)]
    path = folder / "drift.mapping.toml"
    MappingStore(path).save(
        MappingDocument(
            tenant="lab", company_id="lab",
            mappings={r.id: _entry(r, c) for r, c in zip(before, companies, strict=True)},
        )
    )  # fmt: skip
    rng = random.Random(seed)
    gone = set(rng.sample([r.id for r in before], removed))
    changed = set(rng.sample([r.id for r in before if r.id not in gone], renamed))
    now = [
        LocalRecord(r.id, f"{r.name} (renamed)" if r.id in changed else r.name)
        for r in before
        if r.id not in gone
    ]
    store = MappingStore(path)
    document = store.load()
    assert document is not None
    session = MappingSession(now, companies, document, {})
    untouched = next(r.id for r in now if r.id not in changed)
    session.unmap([untouched])  # other work, then a save
    session.mark_saved(store.save(session.to_document()))
    saved = MappingStore(path).load()
    assert saved is not None
    shown = session.view_ids("orphans")
    report = check_mapping("lab", saved, companies, now)
    flagged = session.view_ids("renamed")
    session.confirm_names(flagged)
    store.save(session.to_document())
    after = MappingStore(path).load()
    assert after is not None
    names = {r.id: r.name for r in now}
    return RecordDriftReport(
        mapped=records,
        removed=removed,
        renamed=renamed,
        kept=sum(1 for rid in gone if rid in saved.mappings),
        shown=len(shown),
        checked=len(report.orphans),
        same_ids=sorted(shown) == sorted(report.orphans) == sorted(gone),
        flagged=len(flagged),
        confirmed=sum(1 for rid in changed if after.mappings[rid].local_name == names[rid]),
    )


def _entry(record: LocalRecord, company: PsaCompany) -> MappingEntry:
    return MappingEntry(
        local_id=record.id, local_name=record.name, psa_id=company.id,
        psa_identifier=company.identifier, psa_name=company.name, method="exact", score=100.0,
    )  # fmt: skip

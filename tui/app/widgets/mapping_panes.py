"""The mapping screen's two tables: local records (left) and filtered PSA companies (right)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType

from tui.app.widgets.mapping_status import score_text
from tui.app.widgets.virtual_table import Cell, Column, SortValue, Tone, VirtualTable
from tui.core.mapping_file import natural_key
from tui.core.scores import DEFAULT_MIN_SCORE
from tui.core.session import Ignored, MappingSession

K = TypeVar("K")

#: The longest company name the PSA stores; the name columns grow to it before the others grow.
NAME_WIDTH = 50

RECORD_COLUMNS = (
    Column("Id", 8),
    Column("Record", 12, flex=3, wants=NAME_WIDTH),
    Column("PSA company / suggestion", 12, flex=3, wants=NAME_WIDTH + 2),  # "~ " before it
    Column("Score", 7, align="right"),  # "manual", and "Score ▼" when sorted by it
    Column("How", 9, flex=1),
)

#: The records pane's Score column (the review queue sorts by it, best first).
SCORE_COLUMN = 3

COMPANY_COLUMNS = (
    Column("Id", 6, align="right"),
    Column("Identifier", 10, flex=1),
    Column("Company", 14, flex=3, wants=NAME_WIDTH),
    Column("Status", 8, flex=1),
    Column("Types", 8, flex=1),
    Column("Mapped by", 8, flex=1),
)


#: Row keys and their casefolded search texts, ready for `VirtualTable.set_rows`.
SearchRows = tuple[list[K], list[str]]


def record_rows(session: MappingSession) -> SearchRows[str]:
    """Records searchable by id, name and domain (safe to build in a worker thread), then
    the orphans' entries by id and saved name (only the orphans view shows those)."""
    records = session.records
    texts = [f"{r.id} {r.name} {r.domain or ''}".casefold() for r in records]
    keys = [r.id for r in records]
    for rid in session.orphan_rows:
        entry = session.entry(rid)
        keys.append(rid)
        texts.append(f"{rid} {entry.local_name if entry else ''}".casefold())
    return keys, texts


def company_rows(session: MappingSession) -> SearchRows[int]:
    """Companies searchable by id, identifier and name (safe to build in a worker thread)."""
    companies = session.companies
    texts = [f"{c.id} {c.identifier} {c.name}".casefold() for c in companies]
    return [c.id for c in companies], texts


class RecordsTable(VirtualTable[str]):
    """Local records with their mapping, or the best suggestion and why."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Accept suggestion", show=False, id="records.accept"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            RECORD_COLUMNS, self._record_cells, sort_values=self._sort_values, noun="records", id=id
        )
        self.session: MappingSession | None = None
        self.threshold = DEFAULT_MIN_SCORE

    def fill(self, session: MappingSession, rows: SearchRows[str] | None = None) -> None:
        """Fill the table from a session; `rows` from `record_rows` when already computed."""
        self.session = session
        keys, texts = rows if rows is not None else record_rows(session)
        self.set_rows(keys, texts, folded=True)

    def count_text(self) -> str:
        """Rows shown of the file's records, and the orphans' entries apart (not records)."""
        orphans = len(self.session.orphan_rows) if self.session is not None else 0
        if not orphans:
            return super().count_text()
        shown, records = len(self.visible_keys), self.row_count - orphans
        return f"{shown:,} of {records:,} records + {orphans:,} orphan{'s' if orphans > 1 else ''}"

    def _sort_values(self, column: int, record_ids: Sequence[str]) -> list[SortValue]:
        """What a column sorts by, as it shows: the id naturally (C-9 before C-10), names
        and reasons as words, the score as a number (a link by hand has none)."""
        session = self.session
        assert session is not None
        if column == 0:
            return [natural_key(rid) for rid in record_ids]
        if column == 1:
            by_id = session.record_by_id
            return [
                record.name.casefold() if (record := by_id.get(rid)) else _orphan_name(session, rid)
                for rid in record_ids
            ]
        return [self._decision_value(session, column, rid) for rid in record_ids]

    @staticmethod
    def _decision_value(session: MappingSession, column: int, record_id: str) -> SortValue:
        """Suggestion, score or how: the record's decision when it has one, else its best."""
        state = session.state(record_id)
        if isinstance(state, Ignored):
            return None if column != 4 else ("ignored: " + state.reason).casefold()
        if state is not None:
            if column == 2:
                return state.psa_name.casefold()
            if column == 3:
                return None if state.method == "manual" and not state.score else state.score
            return state.method
        found = session.matches.get(record_id)
        best = None if found is None else found.best
        if best is None:
            return None
        if column == 2:
            company = session.company_by_id.get(best.psa_id)
            return None if company is None else company.name.casefold()
        if column == 3:
            return best.score
        return (best.reason or best.method).casefold()

    def _record_cells(self, record_id: str) -> Sequence[Cell]:
        session = self.session
        assert session is not None
        if record_id not in session.record_by_id:
            return _orphan_cells(session, record_id)
        cells = self._file_record_cells(session, record_id)
        if session.is_renamed(record_id):
            # The name changed since it was mapped: flagged until confirmed (or re-linked).
            name = session.record_by_id[record_id].name
            return (cells[0], ("✎ " + name, "warn"), *cells[2:])
        return cells

    def _file_record_cells(self, session: MappingSession, record_id: str) -> Sequence[Cell]:
        record = session.record_by_id[record_id]
        state = session.state(record_id)
        if isinstance(state, Ignored):
            return (record_id, record.name, ("—", "dim"), "", ("ignored: " + state.reason, "dim"))
        if state is not None:
            # A link made by hand has no score of its own: say so rather than show 0.
            manual = state.method == "manual" and not state.score
            score = "manual" if manual else score_text(state.score)
            drift = session.drift_reason(record_id)
            if drift is not None:
                return (
                    record_id,
                    record.name,
                    ("⚠ " + state.psa_name, "bad"),
                    score,
                    (drift, "bad"),
                )
            if session.is_conflict(record_id):
                shared = f"shared: {state.method}"
                return (
                    record_id,
                    record.name,
                    ("⚠ " + state.psa_name, "warn"),
                    score,
                    (shared, "warn"),
                )
            return (record_id, record.name, (state.psa_name, "good"), score, state.method)
        found = session.matches.get(record_id)
        best = None if found is None else found.best
        if found is None or best is None:
            return (record_id, record.name, ("no suggestion", "dim"), "", "")
        company = session.company_by_id.get(best.psa_id)
        name = company.name if company is not None else f"#{best.psa_id}"
        score = score_text(best.score)
        if found.ambiguous:
            return (
                record_id,
                record.name,
                ("~ " + name, "warn"),
                (score, "warn"),
                ("ambiguous", "warn"),
            )
        if found.held:
            return (record_id, record.name, ("~ " + name, "warn"), (score, "warn"),
                    (f"review: {found.held}", "warn"))  # fmt: skip
        tone: Tone = "accent" if best.score >= self.threshold else "dim"
        how = best.reason or best.method
        return (record_id, record.name, ("~ " + name, tone), (score, tone), (how, "dim"))


def _orphan_name(session: MappingSession, record_id: str) -> str | None:
    """An orphan's name as its entry saved it (it sorts among the records by it)."""
    entry = session.entry(record_id)
    return None if entry is None else entry.local_name.casefold()


def _orphan_cells(session: MappingSession, record_id: str) -> Sequence[Cell]:
    """An orphan's row: its entry as saved, flagged (the records file no longer has it)."""
    entry = session.entry(record_id)
    if entry is None:  # removed just now: the row goes when the view refilters
        return (record_id, "", ("entry removed", "dim"), "", "")
    return (record_id, (entry.local_name, "dim"), ("⚠ " + entry.psa_name, "warn"),
            score_text(entry.score), ("orphan: not in the file", "warn"))  # fmt: skip


class CompaniesTable(VirtualTable[int]):
    """The filtered PSA companies and which local record maps to each."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Link record(s) to this company", show=False,
                id="companies.link"),
    ]  # fmt: skip

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            COMPANY_COLUMNS,
            self._company_cells,
            sort_values=self._sort_values,
            noun="companies",
            id=id,
        )
        self.session: MappingSession | None = None

    def fill(self, session: MappingSession, rows: SearchRows[int] | None = None) -> None:
        """Fill the table from a session; `rows` from `company_rows` when already computed."""
        self.session = session
        keys, texts = rows if rows is not None else company_rows(session)
        self.set_rows(keys, texts, folded=True)

    def _sort_values(self, column: int, psa_ids: Sequence[int]) -> list[SortValue]:
        """What a column sorts by: the id as a number, the rest as words; "Mapped by" by
        its first record (companies nobody maps go last). One pass over 50,000 companies."""
        session = self.session
        assert session is not None
        by_id = session.company_by_id
        if column == 0:
            return list(psa_ids)
        if column == 1:
            return [by_id[k].identifier.casefold() for k in psa_ids]
        if column == 2:
            return [by_id[k].name.casefold() for k in psa_ids]
        if column == 3:
            statuses = [by_id[k].status for k in psa_ids]
            return [None if s is None else s.name.casefold() for s in statuses]
        if column == 4:
            return [", ".join(t.name for t in by_id[k].types).casefold() or None for k in psa_ids]
        mapped_by = session.mapped_by
        firsts = [min(h, key=natural_key) if (h := mapped_by(k)) else None for k in psa_ids]
        return [None if first is None else natural_key(first) for first in firsts]

    def _company_cells(self, psa_id: int) -> Sequence[Cell]:
        session = self.session
        assert session is not None
        company = session.company_by_id[psa_id]
        status = company.status.name if company.status is not None else ""
        types = ", ".join(t.name for t in company.types)
        holders = session.mapped_by(psa_id)
        if not holders:
            mapped: Cell = ""
        elif len(holders) == 1:
            mapped = (next(iter(holders)), "good")
        else:
            first = min(holders)
            mapped = (f"⚠ {first} +{len(holders) - 1}", "warn")
        return (str(psa_id), company.identifier, company.name, status, types, mapped)

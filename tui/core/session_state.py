"""`SessionState`: what the mapping screen's session holds and how it is read.

Each record is mapped, ignored or undecided; the indexes kept beside that (which records
map to each company, the conflicts, orphans, renames, drift) change only through `_set`,
so every reading method answers from them at once. The actions, undo and saving are
`tui.core.session.MappingSession`, built on this.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.mapping_file import MappingDocument, MappingEntry
from tui.core.match_results import MatchSuggestion, RecordMatches
from tui.core.record_drift import is_renamed, orphans
from tui.core.records import LocalRecord
from tui.psa.models import AnyCompany as AnyCompany
from tui.psa.models import PsaCompany as PsaCompany

View = Literal["all", "unmapped", "conflicts", "drift", "renamed", "orphans"]
VIEWS: tuple[View, ...] = ("all", "unmapped", "conflicts", "drift", "renamed", "orphans")


@dataclass(frozen=True, slots=True)
class Ignored:
    """A record deliberately left unmapped, with the user's reason."""

    reason: str


#: What one record is: mapped to a PSA company, ignored, or neither (None).
State = MappingEntry | Ignored | None


@dataclass(frozen=True, slots=True)
class Counts:
    """The numbers the screen keeps visible."""

    records: int
    mapped: int
    ignored: int
    unmapped: int
    conflicts: int
    drift: int
    #: Mapping entries kept for records that left the file (not in `mapped`).
    orphans: int = 0
    #: Mapped records whose name changed since they were mapped.
    renamed: int = 0


class SessionState:
    """Records, companies, suggestions and each record's state, with the indexes that read it."""

    def __init__(
        self,
        records: Sequence[LocalRecord],
        companies: Sequence[AnyCompany],
        document: MappingDocument,
        matches: Mapping[str, RecordMatches],
        drift: Mapping[str, str] | None = None,
    ) -> None:
        self.records = list(records)
        self.companies = list(companies)
        self.document = document
        self.matches = dict(matches)
        self.record_by_id = {r.id: r for r in self.records}
        self.company_by_id = {c.id: c for c in self.companies}
        self._mappings: dict[str, MappingEntry] = dict(document.mappings)
        self._ignored: dict[str, str] = dict(document.ignored)
        # Entries for ids the records file no longer has are kept (never dropped) and counted
        # apart, as orphans (`tui.core.record_drift`), until the user removes them.
        #: The orphans as loaded, in natural order: the orphans view's rows (a removed one
        #: comes back with undo).
        self.orphan_rows: list[str] = orphans(self._mappings, self.record_by_id)
        self._orphans: set[str] = set(self.orphan_rows)
        self._renamed: set[str] = set()
        self._orphan_ignored = sum(
            1 for rid in self._ignored if rid not in self.record_by_id and rid not in self._mappings
        )
        self._by_psa: dict[int, set[str]] = {}
        self._conflicted: set[int] = set()
        for rid, entry in self._mappings.items():
            record = self.record_by_id.get(rid)
            if record is not None:
                self._index_add(rid, entry.psa_id)
                if is_renamed(entry, record):
                    self._renamed.add(rid)
        # A drift stays flagged while the record keeps the very entry that drifted.
        self._drift = {
            rid: reason for rid, reason in (drift or {}).items() if rid in self._mappings
        }
        self._drift_entry = {rid: self._mappings[rid] for rid in self._drift}

    # -- reading ------------------------------------------------------------------------------

    def state(self, record_id: str) -> State:
        """The record's mapping entry, its `Ignored` reason, or None when it is undecided."""
        entry = self._mappings.get(record_id)
        if entry is not None:
            return entry
        reason = self._ignored.get(record_id)
        return None if reason is None else Ignored(reason)

    def entry(self, record_id: str) -> MappingEntry | None:
        """The record's mapping entry, if it is mapped."""
        return self._mappings.get(record_id)

    def is_unmapped(self, record_id: str) -> bool:
        """Neither mapped nor ignored: still needs a decision."""
        return record_id not in self._mappings and record_id not in self._ignored

    def is_conflict(self, record_id: str) -> bool:
        """Mapped to a PSA company that another record also maps to."""
        entry = self._mappings.get(record_id)
        return entry is not None and entry.psa_id in self._conflicted

    def is_orphan(self, record_id: str) -> bool:
        """A mapping entry kept for a record that is no longer in the records file."""
        return record_id in self._orphans

    def is_renamed(self, record_id: str) -> bool:
        """Mapped under a name the record no longer has (`confirm_names` refreshes it)."""
        return record_id in self._renamed

    def drift_reason(self, record_id: str) -> str | None:
        """Why the loaded mapping of this record no longer fits the PSA, while it still holds."""
        reason = self._drift.get(record_id)
        if reason is None or self._mappings.get(record_id) is not self._drift_entry[record_id]:
            return None
        return reason

    def mapped_by(self, psa_id: int) -> set[str]:
        """Ids of the records mapped to this PSA company."""
        return self._by_psa.get(psa_id, set())

    def best(self, record_id: str) -> MatchSuggestion | None:
        """The top suggestion for the record, if any."""
        found = self.matches.get(record_id)
        return None if found is None else found.best

    def counts(self) -> Counts:
        """Mapped, ignored, unmapped, conflicts and drift, over the records of the file."""
        mapped = len(self._mappings) - len(self._orphans)
        ignored = (
            sum(1 for rid in self._ignored if rid not in self._mappings) - self._orphan_ignored
        )
        drift = sum(1 for rid in self._drift if self.drift_reason(rid) is not None)
        return Counts(
            records=len(self.records),
            mapped=mapped,
            ignored=ignored,
            unmapped=len(self.records) - mapped - ignored,
            conflicts=len(self._conflicted),
            drift=drift,
            orphans=len(self._orphans),
            renamed=len(self._renamed),
        )

    def in_view(self, view: View, record_id: str) -> bool:
        """Whether a record belongs to a view; an orphan's id belongs to the orphans view
        only (while its entry is kept), every record of the file to the others."""
        if record_id not in self.record_by_id:
            return view == "orphans" and record_id in self._orphans
        if view == "orphans":
            return False
        if view == "renamed":
            return record_id in self._renamed
        if view == "unmapped":
            return self.is_unmapped(record_id)
        if view == "conflicts":
            return self.is_conflict(record_id)
        if view == "drift":
            return self.drift_reason(record_id) is not None
        return True

    def view_ids(self, view: View) -> list[str]:
        """Record ids in a view, in file order (orphans: in natural order)."""
        if view == "orphans":
            return [rid for rid in self.orphan_rows if rid in self._orphans]
        return [r.id for r in self.records if self.in_view(view, r.id)]

    def next_unmapped(self, after_id: str | None, order: Sequence[str] | None = None) -> str | None:
        """The next undecided record after `after_id` in `order` (file order), wrapping around."""
        ids = order if order is not None else [r.id for r in self.records]
        if not ids:
            return None
        start = 0
        if after_id is not None:
            try:
                start = ids.index(after_id) + 1
            except ValueError:
                start = 0
        count = len(ids)
        for step in range(count):
            rid = ids[(start + step) % count]
            if self.is_unmapped(rid):
                return rid
        return None

    def acceptable(self, record_id: str, threshold: float) -> MatchSuggestion | None:
        """The suggestion `accept_all` would take for this record, or None.

        Only undecided records with a clear (not ambiguous, not held for a person: a
        placeholder, a person's name, another branch) best suggestion at or above the
        threshold qualify: a suggestion never replaces a decision the user made.
        """
        if not self.is_unmapped(record_id):
            return None
        found = self.matches.get(record_id)
        if found is None or found.ambiguous or found.held or found.best is None:
            return None
        best = found.best
        return best if best.score >= threshold else None

    def would_accept(self, threshold: float, record_ids: Iterable[str]) -> int:
        """How many of `record_ids` `accept_all(threshold, ...)` would map.

        `acceptable`'s test, inlined: the screen counts its 10,000 records on the event
        loop after every change, and two method calls a record made that ~5 ms.
        """
        mappings, ignored, matches = self._mappings, self._ignored, self.matches
        count = 0
        for rid in record_ids:
            if rid in mappings or rid in ignored:
                continue
            found = matches.get(rid)
            if found is None or found.ambiguous or found.held or not found.suggestions:
                continue
            count += found.suggestions[0].score >= threshold
        return count

    # -- the one way a state changes ----------------------------------------------------------

    def _set(self, rid: str, state: State) -> None:
        record = self.record_by_id.get(rid)
        old = self._mappings.pop(rid, None)
        if old is not None and record is not None:
            self._index_remove(rid, old.psa_id)
        self._ignored.pop(rid, None)
        self._orphans.discard(rid)
        self._renamed.discard(rid)
        if isinstance(state, Ignored):
            self._ignored[rid] = state.reason
        elif state is not None:
            self._mappings[rid] = state
            if record is None:  # only an orphan's entry, restored by undo, comes here
                self._orphans.add(rid)
            else:
                self._index_add(rid, state.psa_id)
                if is_renamed(state, record):
                    self._renamed.add(rid)

    def _index_add(self, rid: str, psa_id: int) -> None:
        holders = self._by_psa.setdefault(psa_id, set())
        holders.add(rid)
        if len(holders) > 1:
            self._conflicted.add(psa_id)

    def _index_remove(self, rid: str, psa_id: int) -> None:
        holders = self._by_psa.get(psa_id)
        if holders is None:
            return
        holders.discard(rid)
        if len(holders) < 2:
            self._conflicted.discard(psa_id)
        if not holders:
            del self._by_psa[psa_id]

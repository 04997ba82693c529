"""`MappingSession`: the mapping screen's state and actions without any UI, with undo and redo.

Every action is recorded as the small set of per-record states it changed (before and
after), so undo and redo are exact, cheap, and the same for every action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core import session_history
from tui.core.mapping_file import MappingDocument, MappingEntry, Method
from tui.core.matching import MatchSuggestion, RecordMatches
from tui.core.record_drift import is_renamed, orphans
from tui.core.records import LocalRecord
from tui.psa.models import Company
from tui.psa.models import PsaCompany as PsaCompany

View = Literal["all", "unmapped", "conflicts", "drift", "renamed", "orphans"]
VIEWS: tuple[View, ...] = ("all", "unmapped", "conflicts", "drift", "renamed", "orphans")


#: Whatever the session is given: API models or their compact form (`PsaCompany`, which
#: this module re-exports for the screens and the cache).
AnyCompany = Company | PsaCompany


@dataclass(frozen=True, slots=True)
class Ignored:
    """A record deliberately left unmapped, with the user's reason."""

    reason: str


#: What one record is: mapped to a PSA company, ignored, or neither (None).
State = MappingEntry | Ignored | None


#: One undoable action on records' states (see `session_history`).
Change = session_history.Change[State]


class _Now:
    """Marker for `mark_saved`: the save point as it stands now."""


_NOW = _Now()


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


class MappingSession:
    """Records, companies, suggestions and the mapping being edited; the screen is a view of it."""

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
        self._history: session_history.History[State] = session_history.History()

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

    # -- actions ------------------------------------------------------------------------------

    def associate(self, record_ids: Iterable[str], psa_id: int) -> int:
        """Map the records to one PSA company by hand (method "manual"); returns records changed."""
        company = self._company(psa_id)
        after: dict[str, State] = {}
        for rid in self._known(record_ids):
            score = next(
                (s.score for s in self._suggestions(rid) if s.psa_id == psa_id),
                0.0,
            )
            after[rid] = self._entry(rid, company, "manual", score)
        return self._apply(f"Mapped {_plural(len(after), 'record')} to {company.name}", after)

    def accept_best(self, record_ids: Iterable[str]) -> int:
        """Map each undecided record to its best suggestion unless it is ambiguous."""
        after: dict[str, State] = {}
        for rid in self._known(record_ids):
            found = self.matches.get(rid)
            if not self.is_unmapped(rid) or found is None or found.ambiguous or not found.best:
                continue
            after[rid] = self._suggested_entry(rid, found.best)
        return self._apply(f"Accepted {_plural(len(after), 'suggestion')}", after)

    def accept_candidate(self, record_id: str, number: int) -> int:
        """Map one undecided record to its `number`th suggestion (1 = the best), as the
        suggestion says (method and score): a person chose it among those shown."""
        found = self.matches.get(record_id)
        if not self.is_unmapped(record_id) or found is None:
            return 0
        if not 1 <= number <= len(found.suggestions):
            return 0
        suggestion = found.suggestions[number - 1]
        after: dict[str, State] = {record_id: self._suggested_entry(record_id, suggestion)}
        return self._apply(f"Linked {record_id} to candidate {number}", after)

    def accept_all(self, threshold: float, record_ids_in_view: Iterable[str]) -> int:
        """Accept every clear suggestion at or above `threshold` among the given records."""
        after: dict[str, State] = {}
        for rid in self._known(record_ids_in_view):
            best = self.acceptable(rid, threshold)
            if best is not None:
                after[rid] = self._suggested_entry(rid, best)
        label = f"Accepted {_plural(len(after), 'suggestion')} scoring {threshold:g} or more"
        return self._apply(label, after)

    def unmap(self, record_ids: Iterable[str]) -> int:
        """Take the records back to undecided (clears a mapping or an ignore)."""
        after: dict[str, State] = dict.fromkeys(self._known(record_ids))
        return self._apply(f"Unmapped {_plural(len(after), 'record')}", after)

    def ignore(self, record_ids: Iterable[str], reason: str) -> int:
        """Leave the records deliberately unmapped, with a reason saved in the file."""
        state = Ignored(reason.strip() or "ignored")
        after: dict[str, State] = dict.fromkeys(self._known(record_ids), state)
        return self._apply(f"Ignored {_plural(len(after), 'record')}", after)

    def remove_orphans(self, record_ids: Iterable[str]) -> int:
        """Drop the entries of these orphans (ids that are not orphans are left alone)."""
        after: dict[str, State] = dict.fromkeys(
            rid for rid in dict.fromkeys(record_ids) if rid in self._orphans
        )
        count = len(after)
        label = f"Removed {count:,} orphan {'entry' if count == 1 else 'entries'}"
        return self._apply(label, after)

    def confirm_names(self, record_ids: Iterable[str]) -> int:
        """Save the current name of these renamed records in their entries (others are
        left alone): the mapping file then says what the records file says."""
        after: dict[str, State] = {}
        for rid in self._known(record_ids):
            entry = self._mappings.get(rid)
            if entry is not None and rid in self._renamed:
                after[rid] = entry.model_copy(update={"local_name": self.record_by_id[rid].name})
        return self._apply(f"Confirmed {_plural(len(after), 'new name')}", after)

    def add_created(self, created: Sequence[tuple[str, AnyCompany]]) -> int:
        """Map records to the PSA companies `create` just made for them (method "created").

        The companies join the session's list. Undoing this unlinks the records only: the
        companies stay in the PSA, and the undo label says so.
        """
        after: dict[str, State] = {}
        for rid, company in created:
            if company.id not in self.company_by_id:
                self.companies.append(company)
                self.company_by_id[company.id] = company
            after[rid] = self._entry(rid, company, "created", 100.0)
        count = len(self._known(after))
        label = f"Linked {_plural(count, 'record')} to companies created in the PSA"
        return self._apply(label, after, undo_note="unlinked only: the companies stay in the PSA")

    def undo(self) -> str | None:
        """Revert the last action; returns its label, or None when there is nothing to undo."""
        change = self._history.undo()
        if change is None:
            return None
        for rid, state in change.before.items():
            self._set(rid, state)
        return f"{change.label}; {change.undo_note}" if change.undo_note else change.label

    def redo(self) -> str | None:
        """Re-apply the last undone action; returns its label, or None."""
        change = self._history.redo()
        if change is None:
            return None
        for rid, state in change.after.items():
            self._set(rid, state)
        return change.label

    @property
    def can_undo(self) -> bool:
        """Whether `undo()` would do something."""
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        """Whether `redo()` would do something."""
        return self._history.can_redo

    # -- saving -------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Whether the mapping differs from what was loaded or last saved."""
        return self._history.dirty

    def to_document(self, **fields: object) -> MappingDocument:
        """The document to save: the loaded one with today's mappings (plus any `fields`)."""
        ignored = {
            rid: reason for rid, reason in self._ignored.items() if rid not in self._mappings
        }
        update = {"mappings": dict(self._mappings), "ignored": ignored, **fields}
        return self.document.model_copy(update=update)

    def unsaved_changes(self) -> dict[str, tuple[str, str] | MappingEntry | None]:
        """Each record whose state differs from the loaded (or last saved) document: its
        entry, `("ignored", reason)`, or None (cleared). What the recovery journal keeps."""
        saved_mapped, saved_ignored = self.document.mappings, self.document.ignored
        out: dict[str, tuple[str, str] | MappingEntry | None] = {}
        for rid in {*self._mappings, *self._ignored, *saved_mapped, *saved_ignored}:
            now = self.state(rid)
            entry = saved_mapped.get(rid)
            before: State = (
                entry
                if entry is not None
                else (Ignored(saved_ignored[rid]) if rid in saved_ignored else None)
            )
            if now != before:
                out[rid] = ("ignored", now.reason) if isinstance(now, Ignored) else now
        return out

    def restore(self, changes: Mapping[str, tuple[str, str] | MappingEntry | None]) -> int:
        """Apply journaled record states as one undoable action; records the file no longer
        has are skipped. Returns how many records changed."""
        after: dict[str, State] = {}
        for rid, state in changes.items():
            if rid not in self.record_by_id:
                if state is None and rid in self._orphans:  # an orphan's entry was removed
                    after[rid] = None
                continue
            after[rid] = Ignored(state[1]) if isinstance(state, tuple) else state
        return self._apply(f"Restored unsaved work on {_plural(len(after), 'record')}", after)

    def save_point(self) -> Change | None:
        """Where the history stands now: take it with `to_document()`, give it to `mark_saved`."""
        return self._history.point

    def mark_saved(
        self, document: MappingDocument | None = None, *, at: Change | _Now | None = _NOW
    ) -> None:
        """Record that the state at save point `at` (default: now) is on disk.

        Passing the point taken before a slow save keeps actions made during it unsaved.
        """
        self._history.saved(self.save_point() if isinstance(at, _Now) else at)
        if document is not None:
            self.document = document

    # -- internals ----------------------------------------------------------------------------

    def _known(self, record_ids: Iterable[str]) -> list[str]:
        ids = list(dict.fromkeys(record_ids))
        unknown = [rid for rid in ids if rid not in self.record_by_id]
        if unknown:
            raise KeyError(f"unknown record id {unknown[0]!r}")
        return ids

    def _company(self, psa_id: int) -> AnyCompany:
        try:
            return self.company_by_id[psa_id]
        except KeyError:
            raise KeyError(f"unknown PSA company id {psa_id}") from None

    def _suggestions(self, record_id: str) -> tuple[MatchSuggestion, ...]:
        found = self.matches.get(record_id)
        return () if found is None else found.suggestions

    def _entry(self, rid: str, company: AnyCompany, method: Method, score: float) -> MappingEntry:
        return MappingEntry(
            local_id=rid,
            local_name=self.record_by_id[rid].name,
            psa_id=company.id,
            psa_identifier=company.identifier,
            psa_name=company.name,
            method=method,
            score=round(float(score), 1),
        )

    def _suggested_entry(self, rid: str, suggestion: MatchSuggestion) -> MappingEntry:
        company = self._company(suggestion.psa_id)
        return self._entry(rid, company, suggestion.method, suggestion.score)

    def _apply(self, label: str, after: dict[str, State], *, undo_note: str = "") -> int:
        before = {rid: self.state(rid) for rid in after}
        changed = {rid: state for rid, state in after.items() if state != before[rid]}
        if not changed:
            return 0
        for rid, state in changed.items():
            self._set(rid, state)
        before_changed = {rid: before[rid] for rid in changed}
        self._history.record(Change(label, before_changed, changed, undo_note))
        return len(changed)

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


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"

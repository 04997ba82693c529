"""`MappingSession`: the mapping screen's state and actions without any UI, with undo and redo.

Every action is recorded as the small set of per-record states it changed (before and
after), so undo and redo are exact, cheap, and the same for every action. What the
session holds and how it is read is `tui.core.session_state`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence

from tui.core import session_history
from tui.core.mapping_file import MappingDocument, MappingEntry, Method
from tui.core.match_results import MatchSuggestion
from tui.core.session_state import (
    VIEWS,
    AnyCompany,
    Counts,
    Ignored,
    PsaCompany,
    SessionState,
    State,
    View,
)

__all__ = [
    "VIEWS",
    "AnyCompany",
    "Change",
    "Counts",
    "Ignored",
    "MappingSession",
    "PsaCompany",
    "State",
    "View",
]

#: One undoable action on records' states (see `session_history`).
Change = session_history.Change[State]


class _Now:
    """Marker for `mark_saved`: the save point as it stands now."""


_NOW = _Now()


class MappingSession(SessionState):
    """Records, companies, suggestions and the mapping being edited; the screen is a view of it."""

    @functools.cached_property
    def _history(self) -> session_history.History[State]:
        """Undo, redo and the save point (made on first use: the state needs none)."""
        return session_history.History()

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


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"

"""Undo, redo and the save point of a mapping session, kept apart from what it records.

An action is recorded as the states it changed, before and after (`Change`), so undoing
and redoing are the same for every action. The save point is the change the file on disk
reflects: the session is dirty whenever the newest change applied is not that one, which
also makes "undo back to what was saved" clean again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

S = TypeVar("S")


@dataclass(frozen=True)  # not slotted: slots and Generic clash in a frozen dataclass
class Change(Generic[S]):
    """One undoable action: each touched record's state before and after."""

    label: str
    before: Mapping[str, S]
    after: Mapping[str, S]
    #: Said when the change is undone, when undoing it cannot undo everything it did.
    undo_note: str = ""


class History(Generic[S]):
    """The changes that can be undone and redone, and which one is saved."""

    def __init__(self) -> None:
        self._undo: list[Change[S]] = []
        self._redo: list[Change[S]] = []
        self._saved_at: Change[S] | None = None

    def record(self, change: Change[S]) -> None:
        """A new action: it can be undone, and what was undone before can no longer be redone."""
        self._undo.append(change)
        self._redo.clear()

    def undo(self) -> Change[S] | None:
        """The change to revert (moved to the redo side), or None when there is none."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._redo.append(change)
        return change

    def redo(self) -> Change[S] | None:
        """The change to apply again (moved back to the undo side), or None."""
        if not self._redo:
            return None
        change = self._redo.pop()
        self._undo.append(change)
        return change

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def point(self) -> Change[S] | None:
        """Where the history stands now: the newest change applied (None: none)."""
        return self._undo[-1] if self._undo else None

    @property
    def dirty(self) -> bool:
        """Whether the state differs from the one at the save point."""
        return self.point is not self._saved_at

    def saved(self, at: Change[S] | None) -> None:
        """The state at `at` (a `point` taken earlier) is the one on disk."""
        self._saved_at = at

"""The filter screen's rules, apart from its widgets: defaults, the filter the ticks make, counts.

Kept free of screen state so each rule reads (and is tested) on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Coroutine
from typing import Any, Literal, TypeVar

from tui.app.widgets.checklist import ChecklistItem
from tui.core.state import FilterChoice, StateStore
from tui.psa.filter import CompanyFilter
from tui.psa.models import CompanyStatus, CompanyType

A = TypeVar("A")
B = TypeVar("B")

#: Which list an item belongs to.
Kind = Literal["status", "type"]


async def both(a: Coroutine[Any, Any, A], b: Coroutine[Any, Any, B]) -> tuple[A, B]:
    """Run two requests at once; the first failure cancels the other and is raised as itself."""
    try:
        async with asyncio.TaskGroup() as group:
            first, second = group.create_task(a), group.create_task(b)
    except BaseExceptionGroup as grouped:
        raise grouped.exceptions[0] from None
    return first.result(), second.result()


def status_items(
    statuses: list[CompanyStatus], remembered: FilterChoice | None
) -> list[ChecklistItem]:
    """One row per status: the remembered tick, else ticked unless flagged inactive."""
    return [
        ChecklistItem(
            id=s.id,
            name=s.name,
            note="inactive" if s.inactive_flag else "",
            checked=(
                remembered.status_ticked(s.id, not s.inactive_flag)
                if remembered
                else not s.inactive_flag
            ),
        )
        for s in statuses
    ]


def type_items(types: list[CompanyType], remembered: FilterChoice | None) -> list[ChecklistItem]:
    """One row per type: the remembered tick, else ticked (every type)."""
    return [
        ChecklistItem(
            id=t.id,
            name=t.name,
            checked=remembered.type_ticked(t.id, True) if remembered else True,
        )
        for t in types
    ]


def choice_filter(
    status_ids: Collection[int],
    every_status: Collection[int],
    type_ids: Collection[int],
    every_type: Collection[int],
) -> CompanyFilter | None:
    """The filter the ticks make; None when a list has nothing ticked (nothing can match).

    A fully ticked list adds no condition at all, which is what "every status/type" means
    (and it keeps companies with no type, which a type condition would drop).
    """
    if not status_ids or not type_ids:
        return None
    return CompanyFilter(
        status_ids=frozenset() if set(status_ids) == set(every_status) else frozenset(status_ids),
        type_ids=frozenset() if set(type_ids) == set(every_type) else frozenset(type_ids),
    )


def item_filter(kind: Kind, item_id: int) -> CompanyFilter:
    """The filter behind one item's count: that status (any type) or that type (any status)."""
    if kind == "status":
        return CompanyFilter(status_ids=frozenset({item_id}))
    return CompanyFilter(type_ids=frozenset({item_id}))


def copy_text(flt: CompanyFilter) -> str:
    """What the copy key puts on the clipboard: one `name=value` line per non-empty string."""
    lines = [f"conditions={flt.conditions()}"]
    if flt.child_conditions():
        lines.append(f"childConditions={flt.child_conditions()}")
    return "\n".join(lines)


class ChoiceMemory:
    """Remembers one tenant's latest choice in the state file, written off the event loop."""

    def __init__(self, state: StateStore, key: str) -> None:
        self.state = state
        self.key = key
        self._pending: FilterChoice | None = None

    def recall(self) -> FilterChoice | None:
        """The choice remembered from last time, if any."""
        return self.state.filter_choice(self.key)

    def note(self, choice: FilterChoice) -> None:
        """Hold `choice` as the one to write next."""
        self._pending = choice

    async def write_pending(self) -> None:
        """Write the held choice in a thread (a burst of toggles ends with the latest)."""
        choice, self._pending = self._pending, None
        if choice is not None:
            await asyncio.to_thread(self.state.remember_filter_choice, self.key, choice)

    def write_now(self) -> None:
        """Write the held choice straight away (leaving the screen)."""
        choice, self._pending = self._pending, None
        if choice is not None:
            self.state.remember_filter_choice(self.key, choice)

"""`CompanyFilter`: which statuses and types select companies, and the conditions strings for it.

Filters are built from ids only: the vendor documents no escape for a quote inside a
condition string, and `in` is not part of the `childConditions` grammar, so types are
joined with `or`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CompanyFilter:
    """Statuses and types that matter; empty means "every" (no condition at all)."""

    status_ids: frozenset[int] = frozenset()
    type_ids: frozenset[int] = frozenset()
    include_deleted: bool = False
    #: Only companies whose `_info/lastUpdated` is at or after this UTC moment
    #: (`2026-11-30T10:00:00Z`): the company cache's incremental refresh.
    changed_since: str | None = None

    @classmethod
    def of(
        cls, statuses: Iterable[int] = (), types: Iterable[int] = (), include_deleted: bool = False
    ) -> CompanyFilter:
        """Build from any iterables of ids."""
        return cls(frozenset(statuses), frozenset(types), include_deleted)

    def conditions(self) -> str:
        """The `conditions=` value; empty string when nothing is filtered."""
        parts: list[str] = []
        if not self.include_deleted:
            parts.append("deletedFlag = false")
        if self.status_ids:
            ids = sorted(self.status_ids)
            if len(ids) == 1:
                parts.append(f"status/id = {ids[0]}")
            else:
                parts.append(f"status/id in ({','.join(map(str, ids))})")
        if self.changed_since:
            parts.append(f"_info/lastUpdated >= [{self.changed_since}]")
        return " and ".join(parts)

    def child_conditions(self) -> str:
        """The `childConditions=` value on the `types` array; empty string for every type."""
        return " or ".join(f"types/id = {i}" for i in sorted(self.type_ids))

    def params(self) -> dict[str, str]:
        """Query parameters for this filter, leaving out the empty ones."""
        out = {"conditions": self.conditions(), "childConditions": self.child_conditions()}
        return {k: v for k, v in out.items() if v}

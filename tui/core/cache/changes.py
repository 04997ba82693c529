"""`ChangeSet`: companies added, changed and deleted by a refresh, or since the last `sync`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: What happened to one company: new to the cache, changed, or deleted (flagged or gone).
Kind = Literal["added", "changed", "deleted"]


@dataclass(slots=True)
class ChangeSet:
    """Company ids by what happened to them, each list ascending."""

    added: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.added) + len(self.changed) + len(self.deleted)

    def to_json(self) -> dict[str, list[int]]:
        """The `sync --json` shape: `{"added": [...], "changed": [...], "deleted": [...]}`."""
        return {"added": self.added, "changed": self.changed, "deleted": self.deleted}

    @classmethod
    def of(cls, kinds: dict[int, Kind]) -> ChangeSet:
        """Group `{id: kind}` into the three sorted lists."""
        out = cls()
        for company_id in sorted(kinds):
            getattr(out, kinds[company_id]).append(company_id)
        return out


def net_kind(first: Kind, last: Kind) -> Kind | None:
    """What a run of changes to one company amounts to, from its first and latest kind.

    Added then deleted is nothing at all; added then changed is still added; anything
    that ends deleted is deleted; a company deleted and then back is changed.
    """
    if first == "added":
        return None if last == "deleted" else "added"
    return "deleted" if last == "deleted" else "changed"

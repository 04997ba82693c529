"""Key -> positions of the companies that have it, built for 50,000 companies at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class KeyIndex:
    """Key -> positions of the companies that have it. A key most often has one company, kept
    as a bare int: 150,000 one-item lists would cost time to build and to garbage-collect."""

    __slots__ = ("_map",)

    def __init__(self, pairs: Iterable[tuple[str | None, int]]) -> None:
        held_by: dict[str, int | list[int]] = {}
        for key, position in pairs:
            if not key:
                continue
            held = held_by.setdefault(key, position)
            if held != position:  # positions are unique: equal means just stored
                if isinstance(held, int):
                    held_by[key] = [held, position]
                elif held[-1] != position:
                    held.append(position)
        self._map = held_by

    def get(self, key: str) -> Sequence[int]:
        """Positions of the companies with `key` (empty when none)."""
        held = self._map.get(key)
        if held is None:
            return ()
        return (held,) if isinstance(held, int) else held

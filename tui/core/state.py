"""What psamap remembers between runs (the last filter choice per tenant), in a small JSON file.

The file lives in the user state dir (`$PSAMAP_STATE_DIR` overrides it, which tests use),
is created 0600 and replaced atomically, and never holds a credential: only tenant keys
and status/type ids. A missing or damaged file means "nothing remembered", never an error
the user has to deal with.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from tui.core.atomic import write_atomic

STATE_DIR_ENV = "PSAMAP_STATE_DIR"
STATE_FILE_NAME = "state.json"
FORMAT = 1


def state_dir() -> Path:
    """The folder for psamap's state: `$PSAMAP_STATE_DIR`, else the platform's user state dir."""
    override = os.environ.get(STATE_DIR_ENV)
    return Path(override) if override else platformdirs.user_state_path("psamap")


def tenant_key(site: str, company_id: str) -> str:
    """Key a tenant by what identifies the PSA (ids are per PSA tenant), not by its config alias."""
    return f"{company_id.strip().casefold()}@{site.strip().casefold().rstrip('/')}"


@dataclass(frozen=True, slots=True)
class FilterChoice:
    """The ticked statuses and types, plus every id the lists held when the choice was made.

    Keeping the known ids lets a status or type created since then get its default
    (rather than silently staying unticked).
    """

    status_ids: frozenset[int]
    type_ids: frozenset[int]
    known_status_ids: frozenset[int]
    known_type_ids: frozenset[int]

    def status_ticked(self, status_id: int, default: bool) -> bool:
        """Whether to tick a status now: as remembered if it was known, else its default."""
        return status_id in self.status_ids if status_id in self.known_status_ids else default

    def type_ticked(self, type_id: int, default: bool) -> bool:
        """Whether to tick a type now: as remembered if it was known, else its default."""
        return type_id in self.type_ids if type_id in self.known_type_ids else default

    def to_json(self) -> dict[str, list[int]]:
        """Plain sorted lists, so the file diffs cleanly."""
        return {
            "statuses": sorted(self.status_ids),
            "types": sorted(self.type_ids),
            "known_statuses": sorted(self.known_status_ids),
            "known_types": sorted(self.known_type_ids),
        }

    @classmethod
    def from_json(cls, data: object) -> FilterChoice | None:
        """Read one entry; anything malformed reads as "nothing remembered"."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                _ids(data["statuses"]),
                _ids(data["types"]),
                _ids(data.get("known_statuses", data["statuses"])),
                _ids(data.get("known_types", data["types"])),
            )
        except (KeyError, TypeError, ValueError):
            return None


def _ids(values: object) -> frozenset[int]:
    """Ids as ints from a JSON list; a bool or a non-integer is a damaged file, not an id."""
    if not isinstance(values, list):
        raise ValueError(f"not a list of ids: {values!r}")
    out: set[int] = set()
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError(f"not an id: {v!r}")
        out.add(v)
    return frozenset(out)


class StateStore:
    """Reads and writes psamap's state file; each write replaces the file atomically."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else state_dir() / STATE_FILE_NAME

    def filter_choice(self, key: str) -> FilterChoice | None:
        """The remembered filter choice for a tenant key, or None."""
        filters = self._read().get("filters")
        return FilterChoice.from_json(filters.get(key) if isinstance(filters, dict) else None)

    def remember_filter_choice(self, key: str, choice: FilterChoice) -> None:
        """Remember a tenant's filter choice (other tenants' entries are kept)."""
        data = self._read()
        filters = data.get("filters")
        if not isinstance(filters, dict):
            filters = {}
        filters[key] = choice.to_json()
        data["format"] = FORMAT
        data["filters"] = filters
        self._write(data)

    def _read(self) -> dict[str, object]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, object]) -> None:
        """Replace the file atomically (new files are 0600) in a private folder."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = json.dumps(data, indent=2, sort_keys=True) + "\n"
        write_atomic(self.path, text.encode("utf-8"), backup=False)

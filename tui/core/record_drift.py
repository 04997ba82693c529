"""How the records file has moved on since a mapping was made: orphans and renamed records.

One rule for `psamap check` and the mapping screen alike. An orphan is a mapping entry
whose local id is no longer in the records file: it is kept (never dropped) until the
user removes it, because the record may come back or the file may be a partial export.
A renamed record is one still in the file whose name differs from the `local_name` its
entry saved; confirming it (or re-linking the record) writes the current name.
Ignored ids that left the file are not orphans: they map to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tui.core.mapping_file import MappingEntry, natural_sorted
from tui.core.records import LocalRecord


@dataclass(frozen=True, slots=True)
class RenamedRecord:
    """A mapped record whose name changed since it was mapped."""

    local_id: str
    saved_name: str
    current_name: str


def is_orphan(local_id: str, records: Mapping[str, LocalRecord]) -> bool:
    """Whether a mapping entry's record has left the records file."""
    return local_id not in records


def is_renamed(entry: MappingEntry, record: LocalRecord) -> bool:
    """Whether the record's name is no longer the one its entry saved (exact text)."""
    return entry.local_name != record.name


def orphans(mappings: Mapping[str, MappingEntry], records: Mapping[str, LocalRecord]) -> list[str]:
    """The local ids of entries whose record has left the file, in natural order."""
    return natural_sorted(rid for rid in mappings if is_orphan(rid, records))


def renamed(
    mappings: Mapping[str, MappingEntry], records: Iterable[LocalRecord]
) -> list[RenamedRecord]:
    """The mapped records whose name changed since, in records-file order."""
    out: list[RenamedRecord] = []
    for record in records:
        entry = mappings.get(record.id)
        if entry is not None and is_renamed(entry, record):
            out.append(RenamedRecord(record.id, entry.local_name, record.name))
    return out

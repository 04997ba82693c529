"""A full read of the tenant's companies, staged in SQLite as its pages arrive.

A full read (the first fill, or the re-read after a count mismatch) is the whole tenant:
200,000 companies held in memory until the paging proves the list complete cost ~450 MB.
Instead each page goes into two TEMP tables (`staged`, `staged_types`: private to the
connection, never in the cache file) as it arrives; only when the list is proven
complete does one transaction compare them with the cache, report what changed, and make
them the cache. A read that fails leaves the cache as it was; the next one starts afresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from tui.core.cache.changes import Kind
from tui.core.cache.rows import COLUMNS, HELD, Row, Sameness, chunks, company_row, type_ids
from tui.psa.models import AnyCompany

_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS staged (id INTEGER PRIMARY KEY, identifier TEXT NOT NULL, "
    "name TEXT NOT NULL, status_id INTEGER, status_name TEXT, types TEXT NOT NULL, "
    "website TEXT, phone TEXT, deleted INTEGER NOT NULL, updated INTEGER, "
    "city TEXT, state TEXT, zip TEXT)",
    "CREATE TEMP TABLE IF NOT EXISTS staged_types (company_id INTEGER NOT NULL, "
    "type_id INTEGER NOT NULL, PRIMARY KEY (company_id, type_id)) WITHOUT ROWID",
)
#: A stored company (`HELD` minus id) beside a staged row (`COLUMNS`), for `Sameness`.
_BOTH = ", ".join(f"c.{c.strip()}" for c in HELD.split(",")[1:])
_ROWS = ", ".join(f"s.{c}" for c in COLUMNS)


def begin(db: sqlite3.Connection) -> None:
    """Start a full read: the staging tables exist and are empty."""
    for statement in _TABLES:
        db.execute(statement)
    db.execute("DELETE FROM staged")
    db.execute("DELETE FROM staged_types")


def add(db: sqlite3.Connection, companies: Iterable[AnyCompany]) -> None:
    """Stage a page; a company staged before (offset pages can repeat one) is replaced."""
    rows: list[Row] = []
    links: list[tuple[int, int]] = []
    for company in companies:
        rows.append(company_row(company))
        links.extend(type_ids(company))
    for chunk in chunks([row[0] for row in rows]):
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM staged_types WHERE company_id IN ({marks})", chunk)
    marks = ",".join("?" * len(COLUMNS))
    db.executemany(f"INSERT OR REPLACE INTO staged VALUES ({marks})", rows)
    db.executemany("INSERT OR IGNORE INTO staged_types VALUES (?, ?)", links)


def land(db: sqlite3.Connection) -> dict[int, Kind]:
    """Make the staged read the cache's companies (inside the caller's transaction) and
    return what that changed: added, changed, deleted (flagged, or gone from the PSA)."""
    kinds: dict[int, Kind] = {}
    added = db.execute(
        "SELECT s.id FROM staged s WHERE NOT EXISTS (SELECT 1 FROM companies c WHERE c.id = s.id)"
    )
    kinds.update((cid, "added") for (cid,) in added)
    same = Sameness()
    both = db.execute(f"SELECT {_BOTH}, {_ROWS} FROM staged s JOIN companies c ON c.id = s.id")
    held_width = len(HELD.split(",")) - 1
    while found := both.fetchmany(2000):
        for joined in found:
            held, row = joined[:held_width], joined[held_width:]
            if not same(held, row):
                was_deleted, now_deleted = held[6], row[8]
                kinds[row[0]] = "deleted" if now_deleted and not was_deleted else "changed"
    gone = db.execute(
        "SELECT c.id FROM companies c WHERE NOT EXISTS (SELECT 1 FROM staged s WHERE s.id = c.id)"
    )
    kinds.update((cid, "deleted") for (cid,) in gone)
    db.execute("DELETE FROM company_types")
    db.execute("DELETE FROM companies")
    db.execute("INSERT INTO companies SELECT * FROM staged")
    db.execute("INSERT INTO company_types SELECT * FROM staged_types")
    db.execute("DELETE FROM staged")
    db.execute("DELETE FROM staged_types")
    return kinds

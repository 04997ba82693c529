"""Rows written to SQLite a few thousand at a time (companies and their type links)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tui.core.cache.rows import COLUMNS, Row, chunks

T = TypeVar("T")


class Batch:
    """Rows of an incremental refresh written a few thousand at a time, so a large one
    never holds all of them as tuples on top of the companies being read."""

    SIZE = 5000

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._rows: list[tuple[object, ...]] = []
        self._links: list[tuple[int, int]] = []
        self._replaced: list[int] = []

    def add(self, row: Row, links: Iterable[tuple[int, int]], *, replacing: bool) -> None:
        self._rows.append(row)
        self._links.extend(links)
        if replacing:
            self._replaced.append(row[0])  # the id column
        if len(self._rows) >= self.SIZE:
            self.flush()

    def flush(self) -> None:
        db = self._db
        for chunk in chunks(self._replaced):  # its types are written anew
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM company_types WHERE company_id IN ({marks})", chunk)
        marks = ",".join("?" * len(COLUMNS))
        db.executemany(f"INSERT OR REPLACE INTO companies VALUES ({marks})", self._rows)
        db.executemany("INSERT OR IGNORE INTO company_types VALUES (?, ?)", self._links)
        self._rows, self._links, self._replaced = [], [], []


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last one shorter), read lazily."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch

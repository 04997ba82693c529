"""`CompanyCache`: one tenant's statuses, types and companies in a private SQLite file.

One file per tenant (keyed by site and company id, like the state file) in the user
cache dir, mode 0600, WAL journal. It never holds a credential: only what the PSA
returned for companies, statuses and types, plus the refresh bookkeeping. Every write is
one transaction, so a crash mid-write leaves the previous refresh intact. A file that is
not a readable cache of this format and tenant is deleted and rebuilt, with a notice:
it is a cache, never trusted over the PSA.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from tui.core.cache import staging
from tui.core.cache.batches import Batch, batched
from tui.core.cache.cache_file import (
    CacheUnusable,
    cache_path,
    connect,
    get_meta,
    remove,
    set_meta,
)
from tui.core.cache.changes import ChangeSet, Kind, net_kind
from tui.core.cache.rows import (
    HELD,
    READ_COLUMNS,
    RowReader,
    Sameness,
    chunks,
    company_row,
    type_ids,
    where,
)
from tui.core.state import tenant_key
from tui.psa.filter import CompanyFilter
from tui.psa.models import AnyCompany, CompanyStatus, CompanyType, PsaCompany


class CompanyCache:
    """One tenant's cache file, open. Thread-safe: refreshes write from a worker thread."""

    def __init__(self, path: Path, key: str, connection: sqlite3.Connection) -> None:
        self.path = path
        self.key = key
        #: Set when the file had to be rebuilt: say so once, to the user.
        self.notice: str | None = None
        self._db = connection
        self._lock = threading.RLock()

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, site: str, company_id: str, folder: Path | None = None) -> CompanyCache:
        """Open (or create) the tenant's cache; an unusable file is rebuilt with a notice."""
        path = cache_path(site, company_id, folder)
        key = tenant_key(site, company_id)
        notice = None
        try:
            db = connect(path, key)
        except CacheUnusable as exc:
            notice = f"company cache {path} {exc}; rebuilt it from the PSA"
            remove(path)
            db = connect(path, key)
        cache = cls(path, key, db)
        cache.notice = notice
        return cache

    def rebuilt(self, why: BaseException) -> CompanyCache:
        """An empty cache in this one's place, for a file found damaged while in use (the
        next refresh reads every company again); its notice says why."""
        with contextlib.suppress(sqlite3.Error):
            self.close()
        remove(self.path)
        cache = CompanyCache(self.path, self.key, connect(self.path, self.key))
        cache.notice = f"company cache {self.path} was damaged ({why}); rebuilt it from the PSA"
        return cache

    def close(self) -> None:
        """Close the file (a checkpoint folds the WAL back into it)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> CompanyCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- bookkeeping ------------------------------------------------------------------------

    def _get(self, key: str) -> str | None:
        return get_meta(self._db, key)

    def _set(self, key: str, value: str | None) -> None:
        set_meta(self._db, key, value)

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One transaction: all of it lands, or (exception, crash) none of it."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @property
    def complete(self) -> bool:
        """Whether the cache holds every company of the tenant (a full read has landed)."""
        with self._lock:
            return self._get("complete") == "1"

    def watermark(self) -> int | None:
        """The newest `lastUpdated` held (epoch seconds); None before the first full read."""
        with self._lock:
            if self._get("complete") != "1":
                return None
            row = self._db.execute("SELECT max(updated) FROM companies").fetchone()
            newest: int | None = row[0]  # sqlite3 rows are untyped
            return newest

    def proven_at(self) -> int | None:
        """The PSA's clock (epoch seconds, its `Date`) when the cache was last proven exact:
        a change it has not seen was stamped after about then (see `refresh`)."""
        with self._lock:
            value = self._get("proven_at")
            return None if value is None else int(value)

    def prove(self, psa_time: float | None) -> None:
        """Keep when (on the PSA's clock) the cache was just proven exact; None forgets it."""
        with self._write():
            self._set("proven_at", None if psa_time is None else str(int(psa_time)))

    def stamp_of(self, company_id: int) -> int | None:
        """The `lastUpdated` held for one company (epoch seconds), None when not held."""
        with self._lock:
            row = self._db.execute(
                "SELECT updated FROM companies WHERE id = ?", (company_id,)
            ).fetchone()
            return None if row is None else row[0]

    def first_is_newest(self) -> bool:
        """Whether the lowest id held also bears the newest stamp: a PSA that ignored
        `orderBy` would then answer "newest first" with a company that only looks newest."""
        with self._lock:
            row = self._db.execute(
                "SELECT (SELECT updated FROM companies ORDER BY id LIMIT 1) = max(updated) "
                "FROM companies"
            ).fetchone()
            return bool(row[0])

    @property
    def newest_unusable(self) -> bool:
        """Whether this PSA's answer to the newest-first question proved useless (see
        `tui.psa.newest`): refused, in another order, or with no total."""
        with self._lock:
            return self._get("newest_unusable") == "1"

    def note_newest_unusable(self) -> None:
        """Remember that the newest-first question is useless here: never asked again."""
        with self._write():
            self._set("newest_unusable", "1")

    def codebase(self) -> str | None:
        """The codebase companyinfo last named for this tenant (see `cache.codebase`)."""
        with self._lock:
            return self._get("codebase")

    def remember_codebase(self, codebase: str) -> None:
        """Keep what companyinfo named, so the next process need not ask it again."""
        with self._write():
            self._set("codebase", codebase)

    @property
    def sends_links(self) -> bool:
        """Whether this tenant's PSA was seen to send a `rel="next"` Link header when a next
        page existed: then a page without any Link header is the only one (see `paging`)."""
        with self._lock:
            return self._get("sends_links") == "1"

    def note_links(self) -> None:
        """Remember that the PSA sends Link headers (see `sends_links`)."""
        with self._write():
            self._set("sends_links", "1")

    def refreshed_at(self) -> str | None:
        """When the last refresh landed (ISO 8601 UTC), or None."""
        with self._lock:
            return self._get("refreshed_at")

    def total(self) -> int:
        """Every company held, deleted ones included."""
        with self._lock:
            held: int = self._db.execute("SELECT count(*) FROM companies").fetchone()[0]
            return held

    # -- reading ----------------------------------------------------------------------------

    def statuses(self) -> list[CompanyStatus]:
        """The statuses as last read, by id."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM statuses ORDER BY id").fetchall()
        return [
            CompanyStatus(id=i, name=n, inactive_flag=bool(a), default_flag=bool(d))
            for i, n, a, d in rows
        ]

    def types(self) -> list[CompanyType]:
        """The types as last read, by id."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM types ORDER BY id").fetchall()
        return [
            CompanyType(id=i, name=n, vendor_flag=bool(v), default_flag=bool(d))
            for i, n, v, d in rows
        ]

    def companies(self, flt: CompanyFilter) -> list[PsaCompany]:
        """The companies the filter selects, by id, as a full fetch would return them."""
        return list(self.iter_companies(flt))

    def iter_companies(self, flt: CompanyFilter, batch: int = 2000) -> Iterator[PsaCompany]:
        """The same, streamed in batches (a 200,000-company export never holds them all)."""
        with self._lock:
            reader = RowReader(
                dict(self._db.execute("SELECT id, name FROM statuses").fetchall()),
                dict(self._db.execute("SELECT id, name FROM types").fetchall()),
            )
        clause, params = where(flt)
        columns = ", ".join(f"c.{c}" for c in READ_COLUMNS)
        keyset = f"{clause} AND c.id > ?" if clause else "WHERE c.id > ?"
        sql = f"SELECT {columns} FROM companies c {keyset} ORDER BY c.id LIMIT ?"
        after = -(2**63)
        while True:
            with self._lock:
                rows = self._db.execute(sql, [*params, after, batch]).fetchall()
            yield from map(reader.company, rows)
            if len(rows) < batch:
                return
            after = rows[-1][0]

    def companies_by_id(self, ids: Iterable[int]) -> dict[int, PsaCompany]:
        """The companies held with these ids, deleted ones included (absent: no such company)."""
        with self._lock:
            reader = RowReader(
                dict(self._db.execute("SELECT id, name FROM statuses").fetchall()),
                dict(self._db.execute("SELECT id, name FROM types").fetchall()),
            )
            columns = ", ".join(READ_COLUMNS)
            found: dict[int, PsaCompany] = {}
            for chunk in chunks(sorted(set(ids))):
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT {columns} FROM companies WHERE id IN ({marks})", chunk
                ).fetchall()
                found.update((row[0], reader.company(row)) for row in rows)
        return found

    def count(self, flt: CompanyFilter) -> int:
        """How many companies the filter selects."""
        clause, params = where(flt)
        with self._lock:
            found = self._db.execute(f"SELECT count(*) FROM companies c {clause}", params)
            selected: int = found.fetchone()[0]
            return selected

    def status_counts(self) -> dict[int, int]:
        """Companies (not deleted, any type) per status id."""
        with self._lock:
            rows = self._db.execute(
                "SELECT status_id, count(*) FROM companies "
                "WHERE deleted = 0 AND status_id IS NOT NULL GROUP BY status_id"
            ).fetchall()
        return dict(rows)

    def type_counts(self) -> dict[int, int]:
        """Companies (not deleted, any status) per type id."""
        with self._lock:
            rows = self._db.execute(
                "SELECT t.type_id, count(*) FROM company_types t "
                "JOIN companies c ON c.id = t.company_id WHERE c.deleted = 0 GROUP BY t.type_id"
            ).fetchall()
        return dict(rows)

    # -- writing ----------------------------------------------------------------------------

    def store_lookups(
        self, statuses: Sequence[CompanyStatus], types: Sequence[CompanyType]
    ) -> None:
        """Replace the statuses and types with the ones just read."""
        with self._write():
            self._replace_lookups(statuses, types)

    def _replace_lookups(
        self, statuses: Sequence[CompanyStatus], types: Sequence[CompanyType]
    ) -> None:
        db = self._db
        db.execute("DELETE FROM statuses")
        db.executemany(
            "INSERT INTO statuses VALUES (?, ?, ?, ?)",
            [(s.id, s.name, int(s.inactive_flag), int(s.default_flag)) for s in statuses],
        )
        db.execute("DELETE FROM types")
        db.executemany(
            "INSERT INTO types VALUES (?, ?, ?, ?)",
            [(t.id, t.name, int(t.vendor_flag), int(t.default_flag)) for t in types],
        )

    def apply(
        self,
        companies: Iterable[AnyCompany],
        *,
        complete: bool,
        lookups: tuple[Sequence[CompanyStatus], Sequence[CompanyType]] | None = None,
        refreshed_at: str | None = None,
    ) -> ChangeSet:
        """Store companies just read, in one transaction; returns what they changed.

        `complete` means `companies` is every company of the tenant: any other company
        held is gone from the PSA (merged or purged) and is dropped as deleted. Such a
        list is staged as it is read (see `staging`), never held whole.
        """
        if complete:
            with self._write():
                staging.begin(self._db)
                for page in batched(companies, Batch.SIZE):
                    staging.add(self._db, page)
                return self._land(lookups, refreshed_at)
        kinds: dict[int, Kind] = {}
        with self._write():
            db = self._db
            if lookups is not None:
                self._replace_lookups(*lookups)
            companies = list(companies)  # a few changes: look up only those companies
            held = self._held(c.id for c in companies)
            same = Sameness()
            batch = Batch(db)
            for company in companies:
                row = company_row(company)
                before = held.get(company.id)
                if before is None:
                    kinds[company.id] = "added"
                elif not same(before, row):
                    was_deleted, now_deleted = before[6], row[8]
                    kinds[company.id] = "deleted" if now_deleted and not was_deleted else "changed"
                elif before[7] == row[9]:
                    continue  # the same company, the same stamp: nothing to write
                batch.add(row, type_ids(company), replacing=before is not None)
            batch.flush()
            self._note_pending(kinds)
            if refreshed_at is not None:
                self._set("refreshed_at", refreshed_at)
        return ChangeSet.of(kinds)

    # A full read streamed from the PSA: `begin_full_read`, `stage` each page as it
    # arrives, then `land_full_read` once the paging has proven the list complete.

    def begin_full_read(self) -> None:
        """Start staging a full read (whatever an earlier, failed one staged is dropped)."""
        with self._write():
            staging.begin(self._db)

    def stage(self, companies: Sequence[AnyCompany]) -> None:
        """Stage one page of the full read (not yet part of the cache)."""
        with self._write():
            staging.add(self._db, companies)

    def land_full_read(
        self,
        *,
        lookups: tuple[Sequence[CompanyStatus], Sequence[CompanyType]] | None = None,
        refreshed_at: str | None = None,
    ) -> ChangeSet:
        """The staged read, proven complete, becomes the cache (one transaction, as
        `apply(..., complete=True)`); returns what it changed."""
        with self._write():
            return self._land(lookups, refreshed_at)

    def _land(
        self,
        lookups: tuple[Sequence[CompanyStatus], Sequence[CompanyType]] | None,
        refreshed_at: str | None,
    ) -> ChangeSet:
        if lookups is not None:
            self._replace_lookups(*lookups)
        kinds = staging.land(self._db)
        self._note_pending(kinds)
        self._set("complete", "1")
        if refreshed_at is not None:
            self._set("refreshed_at", refreshed_at)
        return ChangeSet.of(kinds)

    def _held(self, ids: Iterable[int]) -> dict[int, tuple[object, ...]]:
        held: dict[int, tuple[object, ...]] = {}
        for chunk in chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            found = self._db.execute(f"SELECT {HELD} FROM companies WHERE id IN ({marks})", chunk)
            held.update((row[0], row[1:]) for row in found)
        return held

    def _note_pending(self, kinds: dict[int, Kind]) -> None:
        """Fold these changes into what the next `sync` reports."""
        db = self._db
        db.executemany(
            "INSERT INTO pending VALUES (?, ?, ?) "
            "ON CONFLICT (company_id) DO UPDATE SET last = excluded.last",
            [(cid, kind, kind) for cid, kind in kinds.items()],
        )

    def take_pending(self) -> ChangeSet:
        """Everything changed since the last call (the last `sync`), and start anew."""
        with self._write():
            rows = self._db.execute("SELECT company_id, first, last FROM pending").fetchall()
            self._db.execute("DELETE FROM pending")
        kinds: dict[int, Kind] = {}
        for cid, first, last in rows:
            kind = net_kind(first, last)
            if kind is not None:
                kinds[cid] = kind
        return ChangeSet.of(kinds)

"""The cache file itself: where it lives, its schema, and opening it private and checked.

A file is used only when it is a readable cache of this format and of this tenant;
anything else raises `CacheUnusable`, and `CompanyCache.open` deletes and rebuilds it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
from pathlib import Path

import platformdirs

from tui.core.state import tenant_key

CACHE_DIR_ENV = "PSAMAP_CACHE_DIR"
#: Bumped whenever the schema or the meaning of a column changes: older files are rebuilt.
FORMAT = "2"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE statuses (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
                       inactive INTEGER NOT NULL, is_default INTEGER NOT NULL);
CREATE TABLE types (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
                    vendor INTEGER NOT NULL, is_default INTEGER NOT NULL);
CREATE TABLE companies (id INTEGER PRIMARY KEY, identifier TEXT NOT NULL, name TEXT NOT NULL,
                        status_id INTEGER, status_name TEXT, types TEXT NOT NULL,
                        website TEXT, phone TEXT, deleted INTEGER NOT NULL, updated INTEGER,
                        city TEXT, state TEXT, zip TEXT);
CREATE TABLE company_types (company_id INTEGER NOT NULL, type_id INTEGER NOT NULL,
                            PRIMARY KEY (company_id, type_id)) WITHOUT ROWID;
CREATE INDEX company_types_by_type ON company_types (type_id, company_id);
CREATE INDEX companies_by_status ON companies (status_id);
CREATE TABLE pending (company_id INTEGER PRIMARY KEY, first TEXT NOT NULL, last TEXT NOT NULL);
"""


class CacheUnusable(Exception):
    """The file is not a cache psamap can trust (corrupt, another format, another tenant)."""


#: SQLite's primary result codes for a file that is damaged, not merely unwritable.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def damaged(error: BaseException) -> bool:
    """Whether `error` says the file itself is damaged (a malformed page found while
    reading, not a full disk or a lock): such a file is rebuilt, never used again."""
    code = getattr(error, "sqlite_errorcode", None)
    return (
        isinstance(error, sqlite3.DatabaseError)
        and code is not None
        and (code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB))
    )


def cache_dir() -> Path:
    """Where caches live: `$PSAMAP_CACHE_DIR`, else the platform's user cache dir + `companies`."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override)
    return platformdirs.user_cache_path("psamap") / "companies"


def cache_path(site: str, company_id: str, folder: Path | None = None) -> Path:
    """The tenant's cache file: a readable company id plus a hash of the whole tenant key."""
    key = tenant_key(site, company_id)
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    readable = re.sub(r"[^a-z0-9]+", "-", company_id.casefold()).strip("-")[:32] or "tenant"
    return (folder or cache_dir()) / f"{readable}-{digest}.sqlite3"


def connect(path: Path, key: str) -> sqlite3.Connection:
    """The tenant's cache file, open (created 0600 with its schema when new); raises
    `CacheUnusable` when it is not a readable cache of this format and tenant `key`."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    new = not path.exists()
    if new:  # created private before SQLite opens it; its -wal and -shm inherit the mode
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    except sqlite3.Error as exc:
        raise CacheUnusable(f"could not be opened ({exc})") from None
    try:
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        if new or not _tables(db):
            db.execute("BEGIN IMMEDIATE")
            _create(db)
            set_meta(db, "format", FORMAT)
            set_meta(db, "tenant", key)
            db.execute("COMMIT")
        _check(db, key)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise CacheUnusable(f"was unreadable ({exc})") from None
    except CacheUnusable:
        db.close()
        raise
    return db


def get_meta(db: sqlite3.Connection, key: str) -> str | None:
    """One value of the `meta` table (the refresh bookkeeping), None when unset."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def set_meta(db: sqlite3.Connection, key: str, value: str | None) -> None:
    """Set (or, with None, delete) one value of the `meta` table."""
    if value is None:
        db.execute("DELETE FROM meta WHERE key = ?", (key,))
    else:
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _tables(db: sqlite3.Connection) -> set[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {name for (name,) in rows}


def _check(db: sqlite3.Connection, key: str) -> None:
    if _tables(db) < {"meta", "statuses", "types", "companies", "company_types", "pending"}:
        raise CacheUnusable("is missing tables")
    found = get_meta(db, "format")
    if found != FORMAT:
        raise CacheUnusable(f"has format {found or 'unknown'}, this psamap writes {FORMAT}")
    if get_meta(db, "tenant") != key:
        raise CacheUnusable("belongs to another tenant")


def _create(db: sqlite3.Connection) -> None:
    """The schema, statement by statement (executescript would commit our transaction)."""
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def remove(path: Path) -> None:
    """Delete a cache file and its journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()

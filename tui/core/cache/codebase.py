"""The tenant's codebase, kept in its cache file so a new process need not ask companyinfo.

Every CLI run used to begin with `/login/companyinfo/{company}` just to learn the URL
segment (`v2025_1/`) of the tenant's API: one round trip per run for an answer that
changes only when the tenant is upgraded. The cache file (per site and company id) keeps
what companyinfo last said; the client treats it like a discovered codebase, so a 404 or
"Cannot route" still looks it up afresh and the new answer is kept.

Reading it never creates a cache file (`--status Nonexistent` must leave none behind) and
never fails: an absent, unreadable or foreign file, or a value that is not a codebase,
just means "ask companyinfo", as before.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tui.core.cache.cache_file import FORMAT, cache_path
from tui.core.cache.store import CompanyCache
from tui.core.state import tenant_key

#: What a codebase looks like (`v2025_1/`, `v4_6_release/`): one plain path segment.
_CODEBASE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}/$")
META_KEY = "codebase"


def plausible(codebase: str | None) -> bool:
    """Whether a kept value is one URL segment a PSA could have named (never `../`)."""
    return codebase is not None and _CODEBASE.fullmatch(codebase) is not None


def remembered_codebase(site: str, company_id: str, folder: Path | None = None) -> str | None:
    """The codebase the tenant's cache holds, read-only; None when there is none to trust."""
    path = cache_path(site, company_id, folder)
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN (?, ?, ?)",
                               ("format", "tenant", META_KEY)).fetchall())  # fmt: skip
    except sqlite3.Error:
        return None
    finally:
        db.close()
    if meta.get("format") != FORMAT or meta.get("tenant") != tenant_key(site, company_id):
        return None
    found = meta.get(META_KEY)
    return found if plausible(found) else None


def kept_codebase(cache: CompanyCache) -> str | None:
    """The codebase an open cache holds, when plausible (blocking: call it off the loop);
    None, never an error, when the file cannot be read."""
    try:
        found = cache.codebase()
    except (sqlite3.Error, OSError):
        return None
    return found if plausible(found) else None

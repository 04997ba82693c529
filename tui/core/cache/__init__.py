"""The per-tenant company cache: a local SQLite copy of a tenant, refreshed incrementally."""

from tui.core.cache.cache_file import CACHE_DIR_ENV, cache_dir
from tui.core.cache.changes import ChangeSet
from tui.core.cache.refresh import RefreshResult, refresh
from tui.core.cache.source import CompanySource
from tui.core.cache.store import CompanyCache

__all__ = [
    "CACHE_DIR_ENV",
    "ChangeSet",
    "CompanyCache",
    "CompanySource",
    "RefreshResult",
    "cache_dir",
    "refresh",
]

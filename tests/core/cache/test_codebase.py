"""The codebase kept in the cache: read without creating a file, trusted only when plausible."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.core.cache.helpers import client_for
from tui.core.cache import CompanyCache, CompanySource
from tui.core.cache.cache_file import cache_path
from tui.core.cache.codebase import plausible, remembered_codebase
from tui.psa.filter import CompanyFilter
from tui.sandbox import DEMO_SITE, Sandbox, make_tenant


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox([make_tenant("acme", 50, seed=6)])


def test_nothing_remembered_creates_no_file(tmp_path: Path) -> None:
    assert remembered_codebase(DEMO_SITE, "acme", tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_a_kept_codebase_is_read_back_for_its_own_tenant_only(tmp_path: Path) -> None:
    with CompanyCache.open(DEMO_SITE, "acme", tmp_path) as cache:
        assert cache.codebase() is None
        cache.remember_codebase("v2025_1/")
    assert remembered_codebase(DEMO_SITE, "acme", tmp_path) == "v2025_1/"
    assert remembered_codebase("http://127.0.0.2:1", "acme", tmp_path) is None
    assert remembered_codebase(DEMO_SITE, "other", tmp_path) is None


@pytest.mark.parametrize("value", ["../../login/", "v2025_1", "v 1/", "/", "", "a/b/"])
def test_an_implausible_value_is_never_used(tmp_path: Path, value: str) -> None:
    assert not plausible(value)
    with CompanyCache.open(DEMO_SITE, "acme", tmp_path) as cache:
        cache.remember_codebase(value)
    assert remembered_codebase(DEMO_SITE, "acme", tmp_path) is None


def test_a_corrupt_or_foreign_file_is_no_codebase(tmp_path: Path) -> None:
    path = cache_path(DEMO_SITE, "acme", tmp_path)
    path.write_bytes(b"not a database at all" * 100)
    assert remembered_codebase(DEMO_SITE, "acme", tmp_path) is None
    path.unlink()
    with CompanyCache.open(DEMO_SITE, "acme", tmp_path) as cache:
        cache.remember_codebase("v2025_1/")
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '1' WHERE key = 'format'")
    db.commit()
    db.close()
    assert remembered_codebase(DEMO_SITE, "acme", tmp_path) is None


async def test_the_source_keeps_what_companyinfo_said_when_it_closes(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    async with client_for(sandbox) as client:
        source = CompanySource(client, cache)
        await source.companies(CompanyFilter())
        source.close()
    assert remembered_codebase(DEMO_SITE, "acme", tmp_path) == "v2025_1/"

    async with client_for(sandbox) as client:  # the next process
        client.assume_codebase(remembered_codebase(DEMO_SITE, "acme", tmp_path))
        source = CompanySource(client, CompanyCache.open(DEMO_SITE, "acme", tmp_path))
        before = sandbox.stats.requests
        await source.companies(CompanyFilter())
        source.close()
        assert client.discovered_codebase is None
    assert sandbox.stats.requests - before == 3  # statuses, types, newest: no companyinfo

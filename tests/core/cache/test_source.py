"""`CompanySource`: a cache that cannot be stored never fails a command; answers stay exact."""

from __future__ import annotations

import gc
import sqlite3
import warnings
from pathlib import Path

import pytest

from tests.core.cache.helpers import client_for, damage_pages, view
from tui.core.cache import CompanyCache, CompanySource
from tui.core.cache.refresh import refresh
from tui.psa.filter import CompanyFilter
from tui.sandbox import DEMO_SITE, Sandbox, make_tenant

FLT = CompanyFilter.of([1], [])


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox([make_tenant("acme", 300, seed=6)])


async def test_an_unopenable_cache_reads_the_psa(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def opener() -> CompanyCache | None:
        from tui.core.cache.source import open_cache

        return open_cache(DEMO_SITE, "acme", lambda _m: None)

    monkeypatch.setenv("PSAMAP_CACHE_DIR", "/proc/psamap-cannot-be-here")
    async with client_for(sandbox) as client:
        source = CompanySource(client, opener=opener)
        got = await source.companies(FLT)
        assert source.cache is None
        assert view(got) == view(await client.companies(FLT))


async def test_a_cache_that_fails_mid_write_is_dropped_and_the_psa_answers(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)

    def disk_full(*_a: object, **_k: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    # A first fill writes each page as it arrives (`stage`); later refreshes `apply`.
    monkeypatch.setattr(cache, "stage", disk_full)
    monkeypatch.setattr(cache, "apply", disk_full)
    async with client_for(sandbox) as client:
        source = CompanySource(client, cache)
        got = await source.companies(FLT)
        assert (source.cache, source.refreshed) == (None, None)
        assert view(got) == view(await client.companies(FLT))


async def test_a_cache_damaged_mid_file_is_rebuilt_with_a_notice_and_answers_exactly(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    async with client_for(sandbox) as client:
        await refresh(cache, client)
    cache.close()
    damage_pages(cache.path)
    damaged = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    assert damaged.notice is None  # its header is whole: the damage shows when read
    told: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with client_for(sandbox) as client:
            source = CompanySource(client, damaged, on_notice=told.append)
            got = await source.companies(FLT)
            assert view(got) == view(await client.companies(FLT))
        gc.collect()  # a coroutine left unawaited says so when it is collected
    assert [str(w.message) for w in caught if w.category is RuntimeWarning] == []
    assert len(told) == 1 and told[0].startswith(f"company cache {cache.path} was damaged (")
    assert told[0].endswith("); rebuilt it from the PSA")
    rebuilt = source.cache
    assert rebuilt is not None and rebuilt is not damaged and rebuilt.complete
    source.close()
    with sqlite3.connect(cache.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    assert again.notice is None and again.total() == len(sandbox.tenants["acme"].rows)

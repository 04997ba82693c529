"""`CompanySource`: a cache that cannot be stored never fails a command; answers stay exact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.core.cache.helpers import client_for, view
from tui.core.cache import CompanyCache, CompanySource
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

"""The cache file: private, credential-free, crash-safe, rebuilt with a notice when unusable."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from tests.core.cache.helpers import client_for
from tui.core.cache import CompanyCache, refresh
from tui.core.cache.cache_file import cache_path
from tui.psa.filter import CompanyFilter
from tui.psa.models import Company, Reference
from tui.sandbox import DEMO_CLIENT_ID, DEMO_PRIVATE_KEY, DEMO_SITE, Sandbox, make_tenant


def company(cid: int, name: str = "Acme Ltd", *, status: int = 1, deleted: bool = False) -> Company:
    return Company(
        id=cid,
        identifier=f"Acme{cid}",
        name=name,
        status=Reference(id=status, name="Active"),
        types=(Reference(id=5, name="Client"),),
        deleted_flag=deleted,
        last_updated="2026-11-30T10:00:00Z",
    )


@pytest.fixture
async def filled(tmp_path: Path) -> CompanyCache:
    sandbox = Sandbox([make_tenant("acme", 200, seed=2)])
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    async with client_for(sandbox) as client:
        await refresh(cache, client)
    return cache


async def test_cache_files_are_private_and_hold_no_credential(filled: CompanyCache) -> None:
    filled.close()
    files = [p for p in filled.path.parent.iterdir() if p.name.startswith(filled.path.name)]
    assert filled.path in files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        raw = path.read_bytes()
        for secret in (DEMO_PRIVATE_KEY, DEMO_CLIENT_ID):
            assert secret.encode() not in raw


def test_tenants_get_separate_files_by_site_and_company(tmp_path: Path) -> None:
    paths = {
        cache_path("na.myconnectwise.net", "contoso", tmp_path),
        cache_path("eu.myconnectwise.net", "contoso", tmp_path),
        cache_path("na.myconnectwise.net", "fabrikam", tmp_path),
    }
    assert len(paths) == 3
    assert cache_path("NA.myconnectwise.net", "Contoso", tmp_path) in paths


async def test_a_corrupt_file_is_rebuilt_with_a_notice(filled: CompanyCache) -> None:
    filled.close()
    filled.path.write_bytes(b"this is not a database" * 100)
    reopened = CompanyCache.open(DEMO_SITE, "acme", filled.path.parent)
    assert reopened.notice is not None and "rebuilt" in reopened.notice
    assert str(filled.path) in reopened.notice
    assert (reopened.total(), reopened.watermark()) == (0, None)  # read whole next time


async def test_a_file_of_another_format_is_rebuilt_not_trusted(filled: CompanyCache) -> None:
    with sqlite3.connect(filled.path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    filled.close()
    reopened = CompanyCache.open(DEMO_SITE, "acme", filled.path.parent)
    assert reopened.notice is not None and "format 0" in reopened.notice
    assert reopened.total() == 0


def test_a_fresh_cache_has_no_notice_and_no_watermark(tmp_path: Path) -> None:
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    assert (cache.notice, cache.watermark(), cache.complete) == (None, None, False)


def test_a_failed_write_leaves_the_previous_refresh_whole(tmp_path: Path) -> None:
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    cache.apply([company(1), company(2)], complete=True)

    def exploding():
        yield company(1, "Changed Name Ltd")
        yield company(3)
        raise RuntimeError("connection lost mid-refresh")

    with pytest.raises(RuntimeError):
        cache.apply(exploding(), complete=True)
    assert [(c.id, c.name) for c in cache.companies(CompanyFilter())] == [
        (1, "Acme Ltd"),
        (2, "Acme Ltd"),
    ]


def test_pending_changes_net_out_until_the_next_sync(tmp_path: Path) -> None:
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    cache.apply([company(1), company(2), company(3)], complete=True)
    assert cache.take_pending().added == [1, 2, 3]
    cache.apply([company(1, "Renamed Ltd"), company(4)], complete=False)
    cache.apply([company(4, "Renamed Too"), company(5)], complete=False)
    cache.apply([company(2, deleted=True), company(5, deleted=True)], complete=False)
    pending = cache.take_pending()
    # 4 added then changed: added; 5 added then deleted: nothing; 2 deleted
    assert pending.to_json() == {"added": [4], "changed": [1], "deleted": [2]}
    assert len(cache.take_pending()) == 0


def test_a_restamped_but_unchanged_company_is_not_a_change(tmp_path: Path) -> None:
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    cache.apply([company(1)], complete=True)
    cache.take_pending()
    again = company(1).model_copy(update={"last_updated": "2026-12-01T00:00:00Z"})
    assert len(cache.apply([again], complete=False)) == 0


def test_a_staged_full_read_is_not_the_cache_until_it_lands(tmp_path: Path) -> None:
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    cache.apply([company(1), company(2), company(3, "Gone Soon Ltd")], complete=True)
    cache.take_pending()
    cache.begin_full_read()
    cache.stage([company(1, "Renamed Ltd"), company(2)])
    cache.stage([company(4), company(2, deleted=True)])  # a later read of 2 wins
    assert [c.name for c in cache.companies(CompanyFilter())] == ["Acme Ltd"] * 2 + [
        "Gone Soon Ltd"
    ]
    changes = cache.land_full_read(refreshed_at="2026-12-01T00:00:00Z")

    assert changes.to_json() == {"added": [4], "changed": [1], "deleted": [2, 3]}
    held = cache.companies(CompanyFilter(include_deleted=True))
    assert [(c.id, c.name, c.deleted_flag) for c in held] == [
        (1, "Renamed Ltd", False),
        (2, "Acme Ltd", True),
        (4, "Acme Ltd", False),
    ]
    assert cache.count(CompanyFilter.of([], [5])) == 2  # the type links moved with the rows
    assert (cache.complete, cache.refreshed_at()) == (True, "2026-12-01T00:00:00Z")


def test_a_full_read_that_fails_midway_leaves_nothing_staged_for_the_next(
    tmp_path: Path,
) -> None:
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    cache.apply([company(1)], complete=True)
    cache.begin_full_read()
    cache.stage([company(7)])  # the read then fails: never landed
    cache.begin_full_read()
    cache.stage([company(1), company(2)])
    assert cache.land_full_read().to_json() == {"added": [2], "changed": [], "deleted": []}
    assert [c.id for c in cache.companies(CompanyFilter())] == [1, 2]


def test_a_staged_company_whose_types_changed_between_reads_keeps_the_later_ones(
    tmp_path: Path,
) -> None:
    cache = CompanyCache.open(DEMO_SITE, "acme", tmp_path)
    cache.begin_full_read()
    cache.stage([company(1)])
    cache.stage([company(1).model_copy(update={"types": (Reference(id=9, name="Prospect"),)})])
    cache.land_full_read()
    assert cache.count(CompanyFilter.of([], [5])) == 0
    assert [c.id for c in cache.companies(CompanyFilter.of([], [9]))] == [1]

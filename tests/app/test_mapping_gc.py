"""The mapping screen's load flow owns the GC policy: paused while companies load and rank."""

from __future__ import annotations

import gc
from pathlib import Path

import httpx

from tests.support.filter_fixtures import HandlerTransport, tenant_config
from tests.support.mapping_fixtures import MappingWorld, open_mapping


async def test_companies_load_with_the_collector_paused_and_it_is_back_afterwards(
    tmp_path: Path,
):
    world = MappingWorld.build(tmp_path)
    app = world.app()
    inner = world.sandbox.transport()
    seen: list[bool] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/company/companies"):
            seen.append(gc.isenabled())
        return await inner.handle_async_request(request)

    assert gc.isenabled()
    async with app.run_test(size=(80, 24)) as pilot:
        client = tenant_config(world.tenant).client(transport=HandlerTransport(handler))
        screen = await open_mapping(pilot, world.screen(app, client=client))
        assert screen.session is not None
        assert seen and not any(seen)
        assert gc.isenabled()


async def test_the_panes_rows_are_frozen_with_the_load_so_no_collection_scans_them(
    tmp_path: Path,
):
    # Filling the panes makes lists of every row; made after the collector came back on,
    # every young collection traversed them (~2 ms of the event loop each at 50,000 rows)
    # as the panes were first shown. Filled inside the pause, they are frozen with the rest.
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (_, screen):
        assert screen.session is not None
        rows = [screen.records_table.visible_keys, screen.companies_table.visible_keys]
        assert all(len(r) > 0 for r in rows)
        scanned = {id(o) for o in gc.get_objects()}  # every generation but the frozen one
        assert [id(r) in scanned for r in rows] == [False, False]
        assert gc.isenabled()

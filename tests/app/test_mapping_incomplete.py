"""A company list the PSA cannot prove complete is a banner on the mapping screen, naming
the listed and the counted numbers; it is never shown as the tenant's companies."""

from __future__ import annotations

from pathlib import Path

from tests.support.mapping_fixtures import MappingWorld, open_failing
from tests.support.pilot import screen_text
from tui.sandbox import Quirks


async def test_a_row_counted_but_never_listed_is_a_banner_not_a_short_list(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    hidden = world.companies[len(world.companies) // 2].id
    world.sandbox.quirks = Quirks(unlisted_ids=frozenset({hidden}))
    n = len(world.companies)
    app = world.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failing(pilot, world.screen(app))
        text = " ".join(screen_text(pilot).split())
        assert "Incomplete answer" in text
        assert f"listed {n - 1:,} companies but counts {n:,}" in text
        assert "tenant 'acme'" in text
    assert not world.mapping_path.exists()


async def test_a_capped_server_still_maps_every_company(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    world.sandbox.quirks = Quirks(page_size_cap=20, explicit_nulls=True)
    async with world.opened(size=(120, 40)) as (_, screen):
        assert not screen.failed and screen.session is not None
        assert len(screen.session.companies) == len(world.companies)

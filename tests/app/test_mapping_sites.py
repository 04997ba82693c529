"""The company preview's sites: asked for only when the cursor rests on one company, once
per company, never at load; a PSA that does not answer costs only the sites line."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support.filter_fixtures import tenant_config
from tests.support.mapping_fixtures import MappingWorld, open_mapping, read_toml
from tests.support.pilot import screen_lines, settle
from tui.app.app import PsamapApp
from tui.app.screens import mapping_sites
from tui.app.screens.mapping import MappingScreen
from tui.sandbox.data.sites import company_sites


class Recording(httpx.AsyncBaseTransport):
    """The sandbox's transport, noting each path asked for; sites can be made to fail."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, sites_fail: bool = False) -> None:
        self.inner = inner
        self.sites_fail = sites_fail
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        if self.sites_fail and request.url.path.endswith("/sites"):
            return httpx.Response(403, json={"code": "Forbidden", "message": "no sites for you"})
        return await self.inner.handle_async_request(request)

    def sites_asked(self) -> list[int]:
        return [int(p.split("/")[-2]) for p in self.paths if p.endswith("/sites")]


def screen_with(world: MappingWorld, app: PsamapApp, transport: Recording) -> MappingScreen:
    client = tenant_config(world.tenant).client(transport=transport)
    return world.screen(app, client=client)


def detail(pilot_app: PsamapApp) -> str:
    return "\n".join(screen_lines(pilot_app)[-5:-1])


@pytest.fixture(autouse=True)
def keys_come_within_one_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's presses must come within one rest of each other, as a person's do: on a
    loaded machine they were once 0.25 s apart, and a company passed by was asked for."""
    monkeypatch.setattr(mapping_sites, "SETTLE_SECONDS", 1.0)


async def test_the_preview_names_the_companys_sites_asked_for_once_the_cursor_rests(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    transport = Recording(world.sandbox.transport())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mapping(pilot, screen_with(world, app, transport))
        assert transport.sites_asked() == []  # never at load
        companies = screen.companies_table
        await pilot.press("tab", "down", "down", "down", "down", "down")
        resting = companies.cursor_key
        assert resting is not None
        await settle(pilot)
        assert transport.sites_asked() == [resting]  # the cursor passed four others by
        row = world.tenant.find_row(resting)
        assert row is not None
        expected = company_sites(world.tenant.builder, row, "")  # what the PSA holds
        shown = detail(app)
        assert "sites: " in shown
        for site in expected:
            assert f"{site['name']} ({site['city']})" in shown
        await pilot.press("up")
        await settle(pilot)
        await pilot.press("down")  # back on it: known already, not asked again
        await settle(pilot)
        assert transport.sites_asked().count(resting) == 1
        assert f"{expected[0]['name']} ({expected[0]['city']})" in detail(app)


async def test_sites_the_psa_will_not_give_show_as_unavailable_never_a_crash(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    transport = Recording(world.sandbox.transport(), sites_fail=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mapping(pilot, screen_with(world, app, transport))
        record_id = screen.records_table.cursor_key
        await pilot.press("tab", "down")
        await settle(pilot)
        psa_id = screen.companies_table.cursor_key
        assert psa_id is not None and transport.sites_asked() == [psa_id]
        assert "sites: unavailable" in detail(app)
        session = screen.session
        assert session is not None
        company = session.company_by_id[psa_id]
        assert f"#{company.id} {company.name}" in detail(app)
        await pilot.press("l", "s")  # the screen still works: link to the previewed company
        await settle(pilot)
        assert read_toml(world.mapping_path)["mappings"][record_id]["psa_id"] == psa_id

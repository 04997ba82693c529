"""SVG snapshots of the tenant picker and the filter screen at 80x24 and 120x40.

Deterministic: fixed theme, fixed sandbox data (seeded tenants), no cursor in an input,
every worker finished before the picture. Regenerate deliberately after a Textual upgrade:
`pytest tests/app/test_snapshots_filter.py --snapshot-update`.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.support.filter_fixtures import (
    INACTIVE,
    make_app,
    open_tenant,
    small_tenant,
    tenant_config,
)
from tests.support.pilot import settle
from tui.app.app import PsamapApp

SIZES = [(80, 24), (120, 40)]


def picker_app() -> PsamapApp:
    acme = small_tenant("acme")
    globex = small_tenant("globex", status_names={INACTIVE: "Foo [/] Bar"})
    locked = small_tenant("locked", public_key="SomeOtherKey1234")
    configs = [
        tenant_config(acme, label="Acme Corp [prod]"),
        tenant_config(globex, label="Globex"),
        tenant_config(locked, label="Locked Inc"),
    ]
    return make_app(acme, globex, locked, configs=configs)


async def open_globex(pilot: Pilot) -> None:
    await open_tenant(pilot, "globex")


async def open_globex_and_toggle(pilot: Pilot) -> None:
    await open_tenant(pilot, "globex")
    await pilot.press("down", "space", "tab", "n", "space")  # tick Foo [/] Bar; only Client
    await settle(pilot)


async def open_locked(pilot: Pilot) -> None:
    await open_tenant(pilot, "locked")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tenant_picker(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(picker_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_filter_screen(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(picker_app(), terminal_size=size, run_before=open_globex)


def test_filter_screen_after_toggles(snap_compare) -> None:
    assert snap_compare(picker_app(), terminal_size=(80, 24), run_before=open_globex_and_toggle)


def test_filter_screen_refused_credentials(snap_compare) -> None:
    assert snap_compare(picker_app(), terminal_size=(80, 24), run_before=open_locked)

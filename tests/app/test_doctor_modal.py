"""The tenant picker's `d`: the connection check (`psamap doctor`) on a tenant that failed
to open, shown in a modal, without leaving the TUI and without showing a secret."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.support.filter_fixtures import make_app, open_tenant, small_tenant, tenant_config
from tests.support.pilot import screen_text, settle
from tui.app.app import PsamapApp
from tui.app.screens.doctor import DoctorScreen
from tui.app.screens.tenants import TenantsScreen
from tui.sandbox import DEMO_CLIENT_ID, DEMO_PRIVATE_KEY


def locked_app() -> PsamapApp:
    acme = small_tenant("acme")
    locked = small_tenant("locked", public_key="SomeOtherKey1234")
    configs = [tenant_config(acme, label="Acme Corp"), tenant_config(locked, label="Locked Inc")]
    return make_app(acme, locked, configs=configs)


async def fail_to_open_locked(pilot: Pilot) -> None:
    """Open the tenant whose keys are refused, then go back to the picker on it."""
    await open_tenant(pilot, "locked")
    await pilot.press("escape")
    await settle(pilot)


async def check_locked(pilot: Pilot) -> None:
    await fail_to_open_locked(pilot)
    await pilot.press("d")
    await settle(pilot)


async def test_d_on_a_tenant_that_failed_runs_the_check_and_names_the_failing_step() -> None:
    async with locked_app().run_test(size=(100, 30)) as pilot:
        await fail_to_open_locked(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, TenantsScreen)
        assert picker.highlighted_tenant is not None
        assert picker.highlighted_tenant.name == "locked"
        text = screen_text(pilot)
        assert "d: check connection" in text and "d Check connection" in text

        await pilot.press("d")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, DoctorScreen) and modal.checkup is not None
        assert [s.name for s in modal.checkup.failed()][:1] == ["auth"]
        text = screen_text(pilot)
        assert "Connection check: locked" in text
        assert "✗ FAIL auth" in text and "check public_key and private_key" in text
        assert "✓ OK   companyinfo" in text
        assert DEMO_PRIVATE_KEY not in text and DEMO_CLIENT_ID not in text

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TenantsScreen)


async def test_d_on_a_tenant_that_did_not_fail_still_types_into_the_search() -> None:
    async with locked_app().run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, TenantsScreen)
        assert "Check connection" not in screen_text(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TenantsScreen)
        assert picker.search_box.value == "d"


async def test_the_check_can_run_again_once_the_problem_is_fixed() -> None:
    async with locked_app().run_test(size=(100, 30)) as pilot:
        await check_locked(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, DoctorScreen) and modal.checkup is not None
        assert not modal.checkup.ok
        await pilot.press("r")
        await settle(pilot)
        assert modal.checkup is not None and modal.checkup.failed()[0].name == "auth"


def test_doctor_modal_snapshot(snap_compare) -> None:
    assert snap_compare(locked_app(), terminal_size=(80, 24), run_before=check_locked)
